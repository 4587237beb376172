package org.eventbank.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventbank.kit.auth.TestTokens.EC;
import static org.eventbank.kit.auth.TestTokens.RSA;
import static org.eventbank.kit.auth.TestTokens.SUBJECT;
import static org.eventbank.kit.auth.TestTokens.bearer;
import static org.eventbank.kit.auth.TestTokens.claims;
import static org.eventbank.kit.auth.TestTokens.header;
import static org.eventbank.kit.auth.TestTokens.sign;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens real providers send are accepted, and say who calls, through which client, with which scopes. */
class TokenAcceptanceTest {

    @TempDir
    static Path dir;
    private static URI jwks;

    @BeforeAll
    static void publishTheProvidersKeys() {
        jwks = TestTokens.writeJwks(dir.resolve("jwks.json"), RSA, EC).toUri();
    }

    private final TokenVerifier verifier = TokenVerifier.fromSettings(TestTokens.settings(jwks));

    @Test
    void shouldAcceptAnAccessTokenTypedAtJwt() throws Exception {
        Caller caller = verifier.authenticate(bearer(sign(header(RSA).type(new JOSEObjectType("at+jwt")).build(),
                claims().build(), RSA)));

        assertThat(caller).isEqualTo(new Caller(SUBJECT, Optional.of("mobile-app"), Set.of(Scope.ACCOUNTS_READ)));
    }

    @Test
    void shouldAcceptAnAccessTokenTypedApplicationAtJwt() throws Exception {
        assertThat(verifier.authenticate(bearer(sign(header(RSA).type(new JOSEObjectType("application/at+jwt")).build(),
                claims().build(), RSA))).ownerReference()).isEqualTo(SUBJECT);
    }

    @Test
    void shouldAcceptATokenTypedJwt() throws Exception {
        assertThat(verifier.authenticate(bearer(sign(header(RSA).type(JOSEObjectType.JWT).build(), claims().build(), RSA)))
                .ownerReference()).isEqualTo(SUBJECT);
    }

    @Test
    void shouldAcceptATokenWithoutTyp() throws Exception {
        assertThat(verifier.authenticate(bearer(sign(header(RSA).type(null).build(), claims().build(), RSA)))
                .ownerReference()).isEqualTo(SUBJECT);
    }

    @Test
    void shouldAcceptAnEs256TokenOnP256() throws Exception {
        Caller caller = verifier.authenticate(bearer(sign(EC, claims().subject("ec-owner").build())));

        assertThat(caller.ownerReference()).isEqualTo("ec-owner");
        assertThat(caller.scopes()).containsExactly(Scope.ACCOUNTS_READ);
    }

    @Test
    void shouldAcceptAnRs256Token() throws Exception {
        assertThat(verifier.authenticate(bearer(sign(RSA, claims().subject("rsa-owner").build()))).ownerReference())
                .isEqualTo("rsa-owner");
    }

    @Test
    void shouldAcceptTheBearerSchemeInAnyCase() throws Exception {
        assertThat(verifier.authenticate(Optional.of("bearer " + TestTokens.token())).ownerReference()).isEqualTo(SUBJECT);
        assertThat(verifier.authenticate(Optional.of("BEARER " + TestTokens.token())).ownerReference()).isEqualTo(SUBJECT);
    }

    @Test
    void shouldAcceptAnOwnerReferenceOfExactly200Characters() throws Exception {
        String longest = "o".repeat(Caller.OWNER_REFERENCE_LENGTH_MAX);

        assertThat(verifier.authenticate(bearer(sign(RSA, claims().subject(longest).build()))).ownerReference())
                .isEqualTo(longest);
    }

    @Test
    void shouldReadScopesFromTheSpaceSeparatedScopeClaim() throws Exception {
        assertThat(scopesOf(claims().claim("scope", "accounts:read accounts:write bank:teller bank:auditor")))
                .containsExactlyInAnyOrder(Scope.values());
    }

    @Test
    void shouldReadScopesFromAnScpArray() throws Exception {
        assertThat(scopesOf(claims().claim("scope", null).claim("scp", List.of("accounts:write", "bank:auditor"))))
                .containsExactlyInAnyOrder(Scope.ACCOUNTS_WRITE, Scope.AUDITOR);
    }

    @Test
    void shouldReadScopesFromAnScpStringAsEntraIdSendsIt() throws Exception {
        assertThat(scopesOf(claims().claim("scope", null).claim("scp", "bank:teller accounts:read")))
                .containsExactlyInAnyOrder(Scope.TELLER, Scope.ACCOUNTS_READ);
    }

    @Test
    void shouldIgnoreScopesTheBankDoesNotKnow() throws Exception {
        assertThat(scopesOf(claims().claim("scope", "openid profile  accounts:read BANK:TELLER bank:teller:all")))
                .containsExactly(Scope.ACCOUNTS_READ);
        assertThat(scopesOf(claims().claim("scope", null).claim("scp", List.of("email", "offline_access"))))
                .isEmpty();
    }

    @Test
    void shouldAcceptATokenWithoutAnyScope() throws Exception {
        Caller caller = verifier.authenticate(bearer(sign(RSA, claims().claim("scope", null).build())));

        assertThat(caller.scopes()).isEmpty();
        assertThat(caller.readsSomething()).isFalse();
    }

    @Test
    void shouldTakeTheClientFromClientIdBeforeAzp() throws Exception {
        assertThat(clientOf(claims().claim("client_id", "web-bank").claim("azp", "other"))).hasValue("web-bank");
    }

    @Test
    void shouldTakeTheClientFromAzpWhenThereIsNoClientId() throws Exception {
        assertThat(clientOf(claims().claim("client_id", null).claim("azp", "web-bank"))).hasValue("web-bank");
        assertThat(clientOf(claims().claim("client_id", " ").claim("azp", "web-bank"))).hasValue("web-bank");
    }

    @Test
    void shouldHaveNoClientWhenTheTokenNamesNone() throws Exception {
        assertThat(clientOf(claims().claim("client_id", null))).isEmpty();
    }

    @Test
    void shouldTakeTheOwnerFromTheConfiguredOwnerClaim() throws Exception {
        AuthSettings defaults = TestTokens.settings(jwks);
        TokenVerifier byCustomerRef = TokenVerifier.fromSettings(new AuthSettings(jwks, defaults.issuer(),
                defaults.audience(), "customer_ref", defaults.clockSkew(), defaults.jwksCacheTtl(),
                defaults.jwksRefetchMinInterval(), false));

        Caller caller = byCustomerRef.authenticate(bearer(sign(RSA, claims().subject("idp-user-1")
                .claim("customer_ref", "CUST-0042").build())));

        assertThat(caller.ownerReference()).isEqualTo("CUST-0042");
        assertThatThrownBy(() -> byCustomerRef.authenticate(bearer(sign(RSA, claims().build()))))
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining("customer_ref");
        assertThatThrownBy(() -> byCustomerRef.authenticate(bearer(sign(RSA, claims().claim("customer_ref", 42).build()))))
                .isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("'customer_ref' claim is not an owner reference");
    }

    private Set<Scope> scopesOf(JWTClaimsSet.Builder claims) throws TokenRejectedException {
        return verifier.authenticate(bearer(sign(RSA, claims.build()))).scopes();
    }

    private Optional<String> clientOf(JWTClaimsSet.Builder claims) throws TokenRejectedException {
        return verifier.authenticate(bearer(sign(RSA, claims.build()))).clientId();
    }
}

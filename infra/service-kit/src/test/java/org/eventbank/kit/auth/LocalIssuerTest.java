package org.eventbank.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local bank's issuer: its key pair in the data folder, and tokens a dev-mode service accepts. */
class LocalIssuerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void shouldCreateThePrivateKeyReadableByItsOwnerOnly() throws Exception {
        LocalIssuer.openOrCreate(dataDir);

        Path keyFile = dataDir.resolve("auth/signing-key.jwk");
        assertThat(keyFile).isRegularFile().isEqualTo(LocalIssuer.signingKeyFile(dataDir));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(JWK.parse(Files.readString(keyFile)).isPrivate()).isTrue();
    }

    @Test
    void shouldPublishOnlyThePublicKeyInTheJwks() throws Exception {
        LocalIssuer issuer = LocalIssuer.openOrCreate(dataDir);

        Path jwksFile = dataDir.resolve("auth/jwks.json");
        assertThat(jwksFile).isRegularFile().isEqualTo(LocalIssuer.jwksFile(dataDir));
        JsonNode keys = JSON.readTree(Files.readString(jwksFile)).path("keys");
        assertThat(keys).hasSize(1);
        JsonNode key = keys.get(0);
        assertThat(key.path("kty").asText()).isEqualTo("RSA");
        assertThat(key.path("use").asText()).isEqualTo("sig");
        assertThat(key.path("alg").asText()).isEqualTo("RS256");
        assertThat(key.path("kid").asText()).startsWith("local-");
        assertThat(key.has("n")).isTrue();
        assertThat(key.has("e")).isTrue();
        for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi", "oth")) {
            assertThat(key.has(privatePart)).as("private member " + privatePart).isFalse();
        }
        assertThat(JWKSet.load(jwksFile.toFile()).getKeys()).singleElement()
                .satisfies(published -> assertThat(published.isPrivate()).isFalse());
        assertThat(issuer.publicKeys().toString()).isEqualTo(JWKSet.load(jwksFile.toFile()).toString());
        assertThat(dataDir.resolve("auth/jwks.json.tmp")).doesNotExist();
    }

    @Test
    void shouldKeepTheSameKeyWhenOpenedOrCreatedAgain() throws Exception {
        LocalIssuer first = LocalIssuer.openOrCreate(dataDir);
        String privateKey = Files.readString(LocalIssuer.signingKeyFile(dataDir));

        LocalIssuer second = LocalIssuer.openOrCreate(dataDir);

        assertThat(Files.readString(LocalIssuer.signingKeyFile(dataDir))).isEqualTo(privateKey);
        assertThat(second.publicKeys().toString()).isEqualTo(first.publicKeys().toString());
        assertThat(LocalIssuer.open(dataDir).publicKeys().toString()).isEqualTo(first.publicKeys().toString());
        String minted = first.mint("owner-1", List.of("accounts:read"), Duration.ofMinutes(1));
        assertThat(TokenVerifier.fromSettings(AuthSettings.localIssuer(dataDir)).authenticate(TestTokens.bearer(minted))
                .ownerReference()).isEqualTo("owner-1");
    }

    @Test
    void shouldRebuildAMissingJwksFromThePrivateKey() throws Exception {
        LocalIssuer issuer = LocalIssuer.openOrCreate(dataDir);
        Files.delete(LocalIssuer.jwksFile(dataDir));

        LocalIssuer.openOrCreate(dataDir);

        assertThat(JWKSet.load(LocalIssuer.jwksFile(dataDir).toFile()).toString()).isEqualTo(issuer.publicKeys().toString());
    }

    @Test
    void shouldFailToOpenAnEmptyFolderNamingTheKeyFile() {
        assertThatThrownBy(() -> LocalIssuer.open(dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dataDir.resolve("auth").resolve("signing-key.jwk").toString())
                .hasMessageContaining("./bank up");
        assertThat(dataDir.resolve("auth")).doesNotExist();
    }

    @Test
    void shouldMintAnAccessTokenADevModeServiceAccepts() throws Exception {
        LocalIssuer issuer = LocalIssuer.openOrCreate(dataDir);
        Instant before = Instant.now().minusSeconds(1);

        String token = issuer.mint("owner-42", List.of("accounts:read", "bank:teller", "openid"), Duration.ofMinutes(15));

        Caller caller = TokenVerifier.fromSettings(AuthSettings.localIssuer(dataDir)).authenticate(TestTokens.bearer(token));
        assertThat(caller).isEqualTo(new Caller("owner-42", Optional.of(LocalIssuer.CLIENT_ID),
                Set.of(Scope.ACCOUNTS_READ, Scope.TELLER)));

        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(issuer.publicKeys().getKeys().get(0).getKeyID());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(LocalIssuer.ISSUER);
        assertThat(claims.getAudience()).containsExactly(LocalIssuer.AUDIENCE);
        assertThat(claims.getSubject()).isEqualTo("owner-42");
        assertThat(claims.getClaim("client_id")).isEqualTo("bank-cli");
        assertThat(claims.getClaim("scope")).isEqualTo("accounts:read bank:teller openid");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime().toInstant()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shouldNotBeAcceptedByAServiceOutsideDevMode() throws Exception {
        LocalIssuer issuer = LocalIssuer.openOrCreate(dataDir);
        String token = issuer.mint("owner-42", List.of("bank:auditor"), Duration.ofMinutes(5));
        AuthSettings defaults = TestTokens.settings(LocalIssuer.jwksFile(dataDir).toUri());
        AuthSettings otherProvider = new AuthSettings(defaults.jwksUri(), TestTokens.ISSUER, LocalIssuer.AUDIENCE, "sub",
                defaults.clockSkew(), defaults.jwksCacheTtl(), defaults.jwksRefetchMinInterval(), false);

        assertThatThrownBy(() -> TokenVerifier.fromSettings(otherProvider).authenticate(TestTokens.bearer(token)))
                .isInstanceOf(TokenRejectedException.class).hasMessageContaining("another issuer (iss)");
        assertThatThrownBy(() -> new AuthSettings(otherProvider.jwksUri(), LocalIssuer.ISSUER, LocalIssuer.AUDIENCE, "sub",
                otherProvider.clockSkew(), otherProvider.jwksCacheTtl(), otherProvider.jwksRefetchMinInterval(), false))
                .hasMessageContaining("BANK_AUTH_DEV=true");
    }

    @Test
    void shouldListEveryScopeTheBankKnows() {
        assertThat(LocalIssuer.allScopes()).isEqualTo("accounts:read accounts:write bank:teller bank:auditor");
    }
}

package org.eventbank.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventbank.kit.auth.TestTokens.EC;
import static org.eventbank.kit.auth.TestTokens.RSA;
import static org.eventbank.kit.auth.TestTokens.bearer;
import static org.eventbank.kit.auth.TestTokens.claims;
import static org.eventbank.kit.auth.TestTokens.header;
import static org.eventbank.kit.auth.TestTokens.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.PlainJWT;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.eventbank.kit.http.Problems;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a request fails to authenticate is 401: straight through {@link TokenVerifier#authenticate} and over HTTP
 * through {@link BearerAuth}, as an {@code unauthorized} problem with RFC 6750's challenge. Each refused token is
 * valid but for the one thing the test names, so the refusal can only come from checking that thing.
 */
class TokenRefusalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_NOT_IN_JWKS = "no key of the bank's JWKS matches";
    private static final String NAMES_ITS_OWN_KEY = "names its own key";

    @TempDir
    static Path dir;
    private static URI jwks;

    @BeforeAll
    static void publishTheProvidersKeys() {
        jwks = TestTokens.writeJwks(dir.resolve("jwks.json"), RSA, EC).toUri();
    }

    private final TokenVerifier verifier = TokenVerifier.fromSettings(TestTokens.settings(jwks));

    @Test
    void shouldChallengeWithoutAnErrorCodeWhenNoTokenIsSent() {
        assertThatThrownBy(() -> verifier.authenticate(Optional.empty()))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.tokenPresent()).isFalse())
                .hasMessageContaining("needs an access token");
        assertThatThrownBy(() -> verifier.authenticate(Optional.of("  ")))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.tokenPresent()).isFalse());

        JavalinTest.test(app(), (server, client) -> {
            HttpResponse<String> response = get(client.getOrigin(), Optional.empty());

            assertUnauthorized(response, "needs an access token");
            assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"eventbank\"");
        });
    }

    @Test
    void shouldRefuseAnotherSchemeThanBearer() {
        assertRefused(Optional.of("Basic " + java.util.Base64.getEncoder().encodeToString("teller:secret".getBytes(
                StandardCharsets.UTF_8))), "must be 'Bearer <token>'");
    }

    @Test
    void shouldRefuseABearerTokenThatIsNotAJwt() {
        assertRefused(bearer("not-a-jwt"), "not a JWT");
    }

    @Test
    void shouldRefuseAnOverlongAuthorizationHeaderWithoutParsingIt() {
        // direct only: over HTTP, Jetty answers a header this long itself (431, see EdgeKitTest)
        assertThatThrownBy(() -> verifier.authenticate(bearer("a".repeat(16_384))))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.tokenPresent()).isTrue())
                .hasMessageContaining("longer than 16384 characters");
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        Instant now = Instant.now();
        assertRefused(bearer(sign(RSA, claims().issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(5)))).build())), "it has expired");
    }

    @Test
    void shouldRefuseATokenNotValidYetBeyondTheClockSkew() {
        assertRefused(bearer(sign(RSA, claims().notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(2))))
                .build())), "not valid yet");
    }

    @Test
    void shouldRefuseATokenSignedByAnotherKeyUnderTheSameKid() {
        assertRefused(bearer(sign(TestTokens.RSA_IMPOSTOR, claims().build())), "signature is not valid");
    }

    @Test
    void shouldRefuseATokenWhoseKidIsNotInTheJwks() {
        assertRefused(bearer(sign(TestTokens.RSA_NEXT, claims().build())), KEY_NOT_IN_JWKS);
    }

    @Test
    void shouldRefuseATokenOfAnotherIssuer() {
        assertRefused(bearer(sign(RSA, claims().issuer("https://idp.example.test/realms/other").build())),
                "another issuer (iss)");
    }

    @Test
    void shouldRefuseATokenForAnotherAudience() {
        assertRefused(bearer(sign(RSA, claims().audience(List.of("other-api", "account")).build())),
                "not meant for this API (aud)");
    }

    @Test
    void shouldRefuseATokenWithoutExp() {
        assertRefused(bearer(sign(RSA, claims().expirationTime(null).build())), "missing required claims: [exp]");
    }

    @Test
    void shouldRefuseAnUnsecuredAlgNoneToken() {
        String unsecured = new PlainJWT(claims().build()).serialize();
        assertThat(unsecured).startsWith(Base64URL.encode("{\"alg\":\"none\"}").toString() + ".").endsWith(".");

        assertRefused(bearer(unsecured), "not signed");
    }

    @Test
    void shouldRefuseAnHs256TokenSignedWithASharedSecret() {
        byte[] secret = "a shared secret of at least 256 bits, which HS256 needs".getBytes(StandardCharsets.UTF_8);
        assertRefused(bearer(TestTokens.hmac(hs256(RSA.getKeyID()), claims().build(), secret)), "signed with HS256");
    }

    @Test
    void shouldRefuseAnHs256TokenKeyedWithTheRsaPublicKeyBytes() throws JOSEException {
        // the classic confusion: the attacker knows the public key and uses its bytes as the HMAC secret
        byte[] publicKey = RSA.toRSAPublicKey().getEncoded();
        assertRefused(bearer(TestTokens.hmac(hs256(RSA.getKeyID()), claims().build(), publicKey)), "signed with HS256");
    }

    @Test
    void shouldRefuseAnEncryptedToken() throws JOSEException {
        EncryptedJWT encrypted = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM),
                claims().build());
        encrypted.encrypt(new RSAEncrypter(RSA));

        assertRefused(bearer(encrypted.serialize()), "not signed (or is encrypted)");
    }

    @Test
    void shouldRefuseAValidlySignedTokenWithAJkuHeader() {
        assertRefused(bearer(sign(header(RSA).jwkURL(URI.create("https://attacker.example/jwks.json")).build(),
                claims().build(), RSA)), NAMES_ITS_OWN_KEY);
    }

    @Test
    void shouldRefuseAValidlySignedTokenWithAnX5uHeader() {
        assertRefused(bearer(sign(header(RSA).x509CertURL(URI.create("https://attacker.example/cert.pem")).build(),
                claims().build(), RSA)), NAMES_ITS_OWN_KEY);
    }

    @Test
    void shouldRefuseAValidlySignedTokenWithAnEmbeddedJwkHeader() {
        assertRefused(bearer(sign(header(RSA).jwk(RSA.toPublicJWK()).build(), claims().build(), RSA)), NAMES_ITS_OWN_KEY);
    }

    @Test
    void shouldRefuseATypOtherThanAnAccessTokenOrJwt() {
        assertRefused(bearer(sign(header(RSA).type(new JOSEObjectType("dpop+jwt")).build(), claims().build(), RSA)),
                "typ header is none of at+jwt, application/at+jwt and JWT");
    }

    @Test
    void shouldRefuseATokenWithoutTheOwnerClaim() {
        assertRefused(bearer(sign(RSA, claims().subject(null).build())), "missing required claims: [sub]");
    }

    @Test
    void shouldRefuseAnOwnerClaimThatIsANumber() {
        // Nimbus turns a numeric sub into the string "42" when it parses the claims; the bank wants a string
        assertRefused(bearer(sign(RSA, claims().claim("sub", 42).build())), "'sub' claim is not an owner reference");
    }

    @Test
    void shouldRefuseAnOwnerClaimThatIsAnArray() {
        assertRefused(bearer(sign(RSA, claims().claim("sub", List.of("owner-7")).build())), "sub claim");
    }

    @Test
    void shouldRefuseAnOwnerClaimLongerThan200Characters() {
        assertRefused(bearer(sign(RSA, claims().subject("o".repeat(201)).build())), "'sub' claim is not an owner reference");
    }

    @Test
    void shouldRefuseABlankOwnerClaim() {
        assertRefused(bearer(sign(RSA, claims().subject("   ").build())), "'sub' claim is not an owner reference");
    }

    @Test
    void shouldRefuseAnRs256TokenWhoseKidNamesAnEcKey() {
        // signed by an RSA key under the kid of the JWKS's EC key: the JWKS has no RSA key of that kid
        assertRefused(bearer(sign(TestTokens.withKid(TestTokens.RSA_NEXT, EC.getKeyID()), claims().build())),
                KEY_NOT_IN_JWKS);
    }

    @Test
    void shouldRefuseAnEs256TokenWhoseKidNamesAnRsaKey() {
        assertRefused(bearer(sign(TestTokens.withKid(TestTokens.ec("other"), RSA.getKeyID()), claims().build())),
                KEY_NOT_IN_JWKS);
    }

    @Test
    void shouldAcceptATokenExpiredTenSecondsAgoWithinTheDefaultSkew() throws Exception {
        Instant now = Instant.now();
        String token = sign(RSA, claims().issueTime(Date.from(now.minus(Duration.ofMinutes(5))))
                .expirationTime(Date.from(now.minusSeconds(10))).build());
        String notYet = sign(RSA, claims().notBeforeTime(Date.from(now.plusSeconds(10))).build());

        assertThat(verifier.authenticate(bearer(token)).ownerReference()).isEqualTo(TestTokens.SUBJECT);
        assertThat(verifier.authenticate(bearer(notYet)).ownerReference()).isEqualTo(TestTokens.SUBJECT);
        JavalinTest.test(app(), (server, client) -> {
            HttpResponse<String> response = get(client.getOrigin(), bearer(token));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(TestTokens.SUBJECT);
        });
    }

    @Test
    void shouldRefuseATokenExpiredTenSecondsAgoWithoutSkew() {
        AuthSettings defaults = TestTokens.settings(jwks);
        TokenVerifier strict = TokenVerifier.fromSettings(new AuthSettings(jwks, defaults.issuer(), defaults.audience(),
                defaults.ownerClaim(), Duration.ZERO, defaults.jwksCacheTtl(), defaults.jwksRefetchMinInterval(), false));
        String token = sign(RSA, claims().expirationTime(Date.from(Instant.now().minusSeconds(10))).build());

        assertThatThrownBy(() -> strict.authenticate(bearer(token))).isInstanceOf(TokenRejectedException.class)
                .hasMessageContaining("it has expired");
    }

    private static JWSHeader hs256(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).type(new JOSEObjectType("at+jwt")).build();
    }

    /** Refused straight by the verifier (a token was present, the reason given) and over HTTP as a 401 problem. */
    private void assertRefused(Optional<String> authorization, String reason) {
        assertThatThrownBy(() -> verifier.authenticate(authorization))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.tokenPresent()).isTrue())
                .hasMessageContaining(reason);

        JavalinTest.test(app(), (server, client) -> {
            HttpResponse<String> response = get(client.getOrigin(), authorization);

            assertUnauthorized(response, reason);
            assertThat(response.headers().allValues("WWW-Authenticate")).singleElement().asString()
                    .startsWith("Bearer realm=\"eventbank\", error=\"invalid_token\", error_description=\"")
                    .contains(reason.replace('"', ' '));
        });
    }

    private static void assertUnauthorized(HttpResponse<String> response, String reason) throws Exception {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(Problems.CONTENT_TYPE));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("/problems/unauthorized");
        assertThat(body.path("status").asInt()).isEqualTo(401);
        assertThat(body.path("detail").asText()).contains(reason);
        assertThat(body.path("instance").asText()).isEqualTo("/me");
    }

    /** A service with one guarded route answering the caller's owner reference. */
    private Javalin app() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            BearerAuth.install(config, verifier);
            config.routes.get("/me", ctx -> ctx.result(BearerAuth.caller(ctx).ownerReference()));
            Problems.install(config);
        });
    }

    private static HttpResponse<String> get(String origin, Optional<String> authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + "/me")).GET();
        authorization.ifPresent(value -> request.header("Authorization", value));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

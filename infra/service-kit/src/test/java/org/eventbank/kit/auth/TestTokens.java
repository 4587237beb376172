package org.eventbank.kit.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Keys and tokens for the auth tests, minted with Nimbus directly: an identity provider that is not the local one
 * ({@link #ISSUER}, {@link #AUDIENCE}), whose JWKS holds {@link #RSA} and {@link #EC}. Keys are made once per test
 * run (RSA generation is the slow part).
 */
final class TestTokens {

    static final String ISSUER = "https://idp.example.test/realms/bank";
    static final String AUDIENCE = "eventbank-api";
    static final String SUBJECT = "owner-7";

    /** In the JWKS, kid {@code rsa-1}. */
    static final RSAKey RSA = rsa("rsa-1");
    /** In the JWKS, kid {@code ec-1}, P-256. */
    static final ECKey EC = ec("ec-1");
    /** The next key of a rotation, kid {@code rsa-2}; in the JWKS only where a test puts it. */
    static final RSAKey RSA_NEXT = rsa("rsa-2");
    /** Not in the JWKS, but with the same kid as {@link #RSA}: a forger's key. */
    static final RSAKey RSA_IMPOSTOR = withKid(RSA_NEXT, RSA.getKeyID());

    private TestTokens() {
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same key material under another kid. */
    static RSAKey withKid(RSAKey key, String kid) {
        return new RSAKey.Builder(key).keyID(kid).build();
    }

    static ECKey withKid(ECKey key, String kid) {
        return new ECKey.Builder(key).keyID(kid).build();
    }

    static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Settings for {@link #ISSUER} and {@link #AUDIENCE} with the keys at {@code jwks}, every other setting default. */
    static AuthSettings settings(URI jwks) {
        return settings(jwks, AuthSettings.DEFAULT_JWKS_CACHE_TTL, AuthSettings.DEFAULT_JWKS_REFETCH_MIN_INTERVAL);
    }

    static AuthSettings settings(URI jwks, Duration cacheTtl, Duration refetchMinInterval) {
        return new AuthSettings(jwks, ISSUER, AUDIENCE, AuthSettings.DEFAULT_OWNER_CLAIM, AuthSettings.DEFAULT_CLOCK_SKEW,
                cacheTtl, refetchMinInterval, false);
    }

    /** Claims every accepted token has: iss, aud, sub, exp in five minutes, iat, a client and a scope. */
    static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(SUBJECT)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", "mobile-app")
                .claim("scope", "accounts:read");
    }

    /** The header of an RFC 9068 access token signed by {@code key}: its algorithm, its kid and typ at+jwt. */
    static JWSHeader.Builder header(JWK key) {
        JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        return new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(new JOSEObjectType("at+jwt"));
    }

    /** A valid access token: {@link #claims()} signed by {@link #RSA}. */
    static String token() {
        return sign(RSA, claims().build());
    }

    /** {@code claims} signed by {@code key} under {@link #header(JWK)}. */
    static String sign(JWK key, JWTClaimsSet claims) {
        return sign(header(key).build(), claims, key);
    }

    /** {@code claims} under {@code header}, signed by {@code key} (RSA, EC) with the header's algorithm. */
    static String sign(JWSHeader header, JWTClaimsSet claims, JWK key) {
        try {
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            return sign(header, claims, signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code claims} under {@code header}, HMAC-signed with {@code secret} (at least 32 bytes). */
    static String hmac(JWSHeader header, JWTClaimsSet claims, byte[] secret) {
        try {
            return sign(header, claims, new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static Optional<String> bearer(String token) {
        return Optional.of("Bearer " + token);
    }

    /** The JWKS document of the public halves of {@code keys}. */
    static String jwks(JWK... keys) {
        return new JWKSet(Arrays.stream(keys).map(JWK::toPublicJWK).toList()).toString();
    }

    /** Writes the JWKS of {@code keys} to {@code file} atomically (a reader never sees half a file). */
    static Path writeJwks(Path file, JWK... keys) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, jwks(keys), StandardCharsets.UTF_8);
            return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

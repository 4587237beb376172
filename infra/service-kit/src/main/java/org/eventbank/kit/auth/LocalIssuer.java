package org.eventbank.kit.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The local bank's own token issuer, for {@code ./bank up}, {@code ./bank token}, the bench and tests: an RS256 key
 * pair kept in the data folder ({@code auth/signing-key.jwk}, readable by its owner only, and the public
 * {@code auth/jwks.json} the services read), and access tokens signed with it (RFC 9068: {@code typ at+jwt},
 * {@code iss}, {@code aud}, {@code sub}, {@code client_id}, {@code scope}, {@code iat}, {@code exp}, {@code jti}).
 * Its issuer is accepted only by services started with {@code BANK_AUTH_DEV=true} ({@link AuthSettings}).
 */
public final class LocalIssuer {

    /** The issuer name of every local bank; a service refuses it unless started in dev mode. */
    public static final String ISSUER = "urn:eventbank:local-dev-issuer";
    public static final String AUDIENCE = "eventbank";
    /** The {@code client_id} of tokens minted here. */
    public static final String CLIENT_ID = "bank-cli";
    static final String AUTH_DIR = "auth";
    static final String SIGNING_KEY_FILE = "signing-key.jwk";
    static final String JWKS_FILE = "jwks.json";
    private static final int RSA_KEY_BITS = 2048;

    private final RSAKey signingKey;
    private final RSASSASigner signer;

    private LocalIssuer(RSAKey signingKey) {
        this.signingKey = signingKey;
        try {
            this.signer = new RSASSASigner(signingKey);
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable local signing key", e);
        }
    }

    public static Path jwksFile(Path dataDir) {
        return dataDir.resolve(AUTH_DIR).resolve(JWKS_FILE);
    }

    public static Path signingKeyFile(Path dataDir) {
        return dataDir.resolve(AUTH_DIR).resolve(SIGNING_KEY_FILE);
    }

    /**
     * The issuer of the data folder {@code dataDir}: its key pair, made on first use (the private key file created
     * readable and writable by its owner only, before anything is written to it).
     */
    public static LocalIssuer openOrCreate(Path dataDir) {
        Path keyFile = signingKeyFile(dataDir);
        try {
            if (!Files.exists(keyFile)) {
                Files.createDirectories(keyFile.getParent());
                RSAKey key = new RSAKeyGenerator(RSA_KEY_BITS).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .keyID("local-" + UUID.randomUUID()).generate();
                SecretFiles.writeOwnerOnly(keyFile, key.toJSONString());
            }
            LocalIssuer issuer = open(dataDir);
            // Always rewritten from the private key, so the public set never drifts from it.
            writeAtomically(jwksFile(dataDir), new JWKSet(issuer.signingKey.toPublicJWK()).toString());
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local signing key in " + keyFile.getParent(), e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    /** The issuer of a data folder whose key pair exists already; fails, naming the file, when it does not. */
    public static LocalIssuer open(Path dataDir) {
        Path keyFile = signingKeyFile(dataDir);
        if (!Files.isRegularFile(keyFile)) {
            throw new IllegalStateException("no local signing key at " + keyFile + ": start the bank once with ./bank up"
                    + " (it makes the key), or pass the data folder it uses (--data-dir, BANK_DATA_DIR)");
        }
        try {
            return new LocalIssuer(RSAKey.parse(Files.readString(keyFile, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + keyFile, e);
        } catch (ParseException e) {
            throw new IllegalStateException(keyFile + " is not an RSA JWK: " + e.getMessage(), e);
        }
    }

    /** The public half of the signing key, as a JWKS. */
    public JWKSet publicKeys() {
        return new JWKSet(signingKey.toPublicJWK());
    }

    /** A signed access token for {@code subject} with these scopes, valid from now for {@code ttl}. */
    public String mint(String subject, Collection<String> scopes, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .claim("client_id", CLIENT_ID)
                .claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
                .keyID(signingKey.getKeyID()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    /** Every scope the bank knows, space-separated: what {@code ./bank token} grants without {@code --scope}. */
    public static String allScopes() {
        return java.util.Arrays.stream(Scope.values()).map(Scope::value).collect(Collectors.joining(" "));
    }

    /**
     * Writes a new file readable by its owner only: first a temporary file created with those permissions, then moved
     * into place, so a crash half-way never leaves an empty key file behind.
     */
    private static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

package org.eventbank.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eventbank.kit.auth.AuthSettings;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.auth.TokenVerifier;

/**
 * Real tokens for the tests: one local issuer (an RSA key pair in a temporary folder, as {@code ./bank up} makes) signs
 * them, and the services verify them against its JWKS file, exactly as in a local run. Tokens are cached per subject
 * and scopes: signing is the slow part.
 */
public final class TestTokens {

    public static final Path DIR = temporaryFolder();
    public static final LocalIssuer ISSUER = LocalIssuer.openOrCreate(DIR);
    /** The teller-and-auditor token of {@code ./bank token} without flags: subject dev, every scope. */
    public static final String DEV = "dev";

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private TestTokens() {
    }

    public static AuthSettings settings() {
        return AuthSettings.localIssuer(DIR);
    }

    public static TokenVerifier verifier() {
        return TokenVerifier.fromSettings(settings());
    }

    /** {@code Bearer <token>} for {@code subject} with these scopes (space-separated). */
    public static String bearer(String subject, String scopes) {
        return CACHE.computeIfAbsent(subject + "|" + scopes, key -> "Bearer " + ISSUER.mint(subject,
                scopes.isBlank() ? List.of() : List.of(scopes.split(" ")), Duration.ofHours(2)));
    }

    /** Every scope: a teller and auditor, like {@code ./bank token}. */
    public static String dev() {
        return bearer(DEV, LocalIssuer.allScopes());
    }

    /** A customer who reads and writes their own accounts. */
    public static String customer(String subject) {
        return bearer(subject, "accounts:read accounts:write");
    }

    private static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("bank-test-issuer");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.eventbank.ledger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.eventbank.kit.auth.AuthSettings;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.auth.Scope;
import org.eventbank.kit.auth.TokenVerifier;

/**
 * Real tokens for tests, no mocks: the local issuer's key pair in a data folder ({@link LocalIssuer}, RS256), the
 * settings and verifier a projector under test is given, and {@code Authorization} header values for the callers
 * the tests need.
 */
public final class TestTokens {

    /** Long enough for the slowest integration test; expiry itself is the kit's to test. */
    private static final Duration TTL = Duration.ofHours(1);

    private final Path dataDir;
    private final LocalIssuer issuer;

    private TestTokens(Path dataDir) {
        this.dataDir = dataDir;
        this.issuer = LocalIssuer.openOrCreate(dataDir);
    }

    /** The issuer of this data folder (its key pair made on first use). */
    public static TestTokens in(Path dataDir) {
        return new TestTokens(dataDir);
    }

    /** The issuer's data folder: a projector in another JVM trusts it with {@code BANK_AUTH_DEV=true} and {@code BANK_DATA_DIR}. */
    public Path dataDir() {
        return dataDir;
    }

    /** What a projector verifying these tokens is configured with. */
    public AuthSettings settings() {
        return AuthSettings.localIssuer(dataDir);
    }

    public TokenVerifier verifier() {
        return TokenVerifier.fromSettings(settings());
    }

    /** {@code Authorization} header value: a token for {@code subject} (the owner claim) with these scopes. */
    public String bearer(String subject, Scope... scopes) {
        return "Bearer " + issuer.mint(subject, Arrays.stream(scopes).map(Scope::value).toList(), TTL);
    }

    /** A customer who reads the accounts whose owner is {@code owner}: {@code accounts:read}. */
    public String customer(String owner) {
        return bearer(owner, Scope.ACCOUNTS_READ);
    }

    /** An auditor: {@code bank:auditor}, reads every account, the totals and the metrics. */
    public String auditor() {
        return bearer("auditor-1", Scope.AUDITOR);
    }
}

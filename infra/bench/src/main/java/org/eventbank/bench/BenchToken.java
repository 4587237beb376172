package org.eventbank.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.eventbank.kit.auth.LocalIssuer;

/**
 * The bench's own bearer token for the services of a local bank ({@code ./bank up}, or service jars started with
 * {@code BANK_AUTH_DEV=true} on its data folder): minted, like {@code ./bank token}, with the signing key in the data
 * folder ({@code --data-dir}, {@code BANK_DATA_DIR}), for the subject {@value #SUBJECT} with {@code bank:teller} (to
 * open and move money on the run's accounts) and {@code bank:auditor} (to read them back). Every HTTP request of the
 * bench sends {@link #get()}: the account-service's commands and the projector's visibility probes.
 *
 * <p>It is valid for the planned run plus {@link #MARGIN}, and minted again, once, whenever less than
 * {@link #RENEW_BEFORE} of it is left (a {@code --commands} run has no planned length), so no request of a run goes
 * out with an expired token. Minting is one RS256 signature, done once per token, not per request: the bench measures
 * the services' cost of verifying a token, not its own cost of making one.
 */
final class BenchToken implements Supplier<String> {

    static final String SUBJECT = "bank-bench";
    static final List<String> SCOPES = List.of("bank:teller", "bank:auditor");
    static final Duration MARGIN = Duration.ofHours(1);
    static final Duration RENEW_BEFORE = Duration.ofMinutes(10);

    private final LocalIssuer issuer;
    private final Duration ttl;
    private final Clock clock;
    private volatile String authorization;
    private volatile Instant expires;

    BenchToken(LocalIssuer issuer, Duration ttl, Clock clock) {
        this.issuer = issuer;
        this.ttl = ttl;
        this.clock = clock;
        renew();
    }

    /**
     * A token for a run of {@code plannedRun}, signed with the key of the bank whose data folder is {@code dataDir}.
     *
     * @throws IllegalArgumentException naming the flag and what to do, when the data folder holds no signing key
     */
    static BenchToken forRun(Path dataDir, Duration plannedRun) {
        LocalIssuer issuer;
        try {
            issuer = LocalIssuer.open(dataDir);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("the bench calls the services over HTTP, which needs a token it mints with"
                    + " the local bank's signing key: " + e.getMessage() + ". (--mode core with --visibility-sample-every 0"
                    + " makes no HTTP call and needs none.)", e);
        }
        return new BenchToken(issuer, plannedRun.plus(MARGIN), Clock.systemUTC());
    }

    /** The {@code Authorization} header value: {@code Bearer <token>}. */
    @Override
    public String get() {
        if (Duration.between(clock.instant(), expires).compareTo(RENEW_BEFORE) < 0) {
            synchronized (this) {
                if (Duration.between(clock.instant(), expires).compareTo(RENEW_BEFORE) < 0) {
                    renew();
                }
            }
        }
        return authorization;
    }

    /** When the current token expires. */
    Instant expires() {
        return expires;
    }

    private void renew() {
        Instant now = clock.instant();
        authorization = "Bearer " + issuer.mint(SUBJECT, SCOPES, ttl);
        expires = now.plus(ttl);
    }
}

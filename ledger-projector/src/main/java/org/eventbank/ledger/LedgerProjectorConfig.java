package org.eventbank.ledger;

import java.nio.file.Path;
import java.time.Duration;
import org.eventbank.config.Env;
import org.eventbank.config.SettingException;
import org.eventbank.kit.auth.AuthSettings;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.streams.StreamsSettings;

/**
 * Every setting of the ledger projector, read once at start-up from environment variables (through
 * {@link Env}: a blank value means the default; a value that does not parse or fit stops the start,
 * naming the variable).
 *
 * @param cluster    the Kafka cluster and topics: {@link ClusterSettings}. {@code BANK_PARTITIONS} must equal the
 *                   account-service's: it is the partition count of every bank topic
 * @param streams    the projector's common Streams settings: {@link StreamsSettings}, with {@code BANK_APPLICATION_ID}
 *                   default {@code bank-ledger-projector} and {@code BANK_STATE_DIR} default
 *                   {@code ./data/ledger-projector}
 * @param projection the projector's own settings: {@link Projection}
 * @param http       the query edge: {@link Http}
 * @param finality   the bounds that decide when an asOf instant is final: {@link Finality}
 * @param auth       how bearer tokens are verified: {@link AuthSettings}, the same variables as account-service's
 */
public record LedgerProjectorConfig(ClusterSettings cluster, StreamsSettings streams, Projection projection, Http http,
                                    Finality finality, AuthSettings auth) {

    public static final String DEFAULT_APPLICATION_ID = "bank-ledger-projector";
    public static final Path DEFAULT_STATE_DIR = Path.of("./data/ledger-projector");

    /**
     * @param standbyReplicas {@code BANK_STANDBY_REPLICAS}, default 0: warm copies of each store on other instances,
     *                        which shorten fail-over (queries are still answered only by the active owner)
     * @param rebuild         {@code BANK_REBUILD}, {@code true} or {@code false}, default false (or the {@code --rebuild}
     *                        flag): refold every store from the start of the ledger; readiness stays red (and queries
     *                        answer 503) until the fold has reached the ledger's end offsets read at start; see
     *                        docs/operations.md
     */
    public record Projection(int standbyReplicas, boolean rebuild) {

        public Projection {
            SettingException.require(standbyReplicas >= 0, "BANK_STANDBY_REPLICAS", "at least 0", standbyReplicas);
        }

        static Projection fromEnvironment(Env env) {
            return new Projection(env.integer("BANK_STANDBY_REPLICAS", 0, 0, Integer.MAX_VALUE), env.flag("BANK_REBUILD", false));
        }
    }

    /**
     * @param port                {@code BANK_HTTP_PORT}, default 8081; 0 picks a free port (tests)
     * @param advertisedHost      {@code BANK_ADVERTISED_HOST}, default {@code localhost}: the host other instances use to
     *                            reach this one; {@code application.server} is this host and the bound HTTP port
     * @param minVersionWaitMsMax {@code BANK_MIN_VERSION_WAIT_MS_MAX}, default 5000: the longest a {@code minVersion}
     *                            query waits before answering 504 min-version-timeout
     * @param forwardTimeoutMs    {@code BANK_FORWARD_TIMEOUT_MS}, default 2000, at least 1: timeout of a query forwarded to
     *                            the instance that owns the key (added to the minVersion wait when one is asked for)
     * @param minVersionWaitersMax {@code BANK_MIN_VERSION_WAITERS_MAX}, default 1000, at least 1: how many {@code minVersion}
     *                            queries may wait at once on this instance; one more answers 503 not-ready with
     *                            Retry-After at once (waits hold no server thread; the gauge
     *                            {@code ledger_projector_min_version_waiters} counts them)
     * @param minVersionAheadMax  {@code BANK_MIN_VERSION_AHEAD_MAX}, default 1000, at least 1: how far above the account's
     *                            current version (as the caller may see it; 0 for an account it cannot see or that does not
     *                            exist yet) a {@code minVersion} may ask; beyond, 400 malformed-request at once
     */
    public record Http(int port, String advertisedHost, long minVersionWaitMsMax, long forwardTimeoutMs, int minVersionWaitersMax,
                       long minVersionAheadMax) {

        public static final int DEFAULT_MIN_VERSION_WAITERS_MAX = 1000;
        public static final long DEFAULT_MIN_VERSION_AHEAD_MAX = 1000;

        public static final int DEFAULT_PORT = 8081;

        public Http {
            SettingException.require(port >= 0 && port <= 65_535, "BANK_HTTP_PORT", "a port from 0 to 65535", port);
            SettingException.require(advertisedHost != null && !advertisedHost.isBlank(), "BANK_ADVERTISED_HOST", "a host name",
                    advertisedHost);
            SettingException.require(minVersionWaitMsMax >= 0, "BANK_MIN_VERSION_WAIT_MS_MAX", "at least 0", minVersionWaitMsMax);
            SettingException.require(forwardTimeoutMs >= 1, "BANK_FORWARD_TIMEOUT_MS", "at least 1", forwardTimeoutMs);
            SettingException.require(minVersionWaitersMax >= 1, "BANK_MIN_VERSION_WAITERS_MAX", "at least 1", minVersionWaitersMax);
            SettingException.require(minVersionAheadMax >= 1, "BANK_MIN_VERSION_AHEAD_MAX", "at least 1", minVersionAheadMax);
        }

        static Http fromEnvironment(Env env) {
            return new Http(
                    env.integer("BANK_HTTP_PORT", DEFAULT_PORT, 0, 65_535),
                    env.text("BANK_ADVERTISED_HOST", "localhost"),
                    env.number("BANK_MIN_VERSION_WAIT_MS_MAX", 5000, 0, Long.MAX_VALUE),
                    env.number("BANK_FORWARD_TIMEOUT_MS", 2000, 1, Long.MAX_VALUE),
                    env.integer("BANK_MIN_VERSION_WAITERS_MAX", DEFAULT_MIN_VERSION_WAITERS_MAX, 1, Integer.MAX_VALUE),
                    env.number("BANK_MIN_VERSION_AHEAD_MAX", DEFAULT_MIN_VERSION_AHEAD_MAX, 1, Long.MAX_VALUE));
        }

        public Http withPort(int newPort) {
            return new Http(newPort, advertisedHost, minVersionWaitMsMax, forwardTimeoutMs, minVersionWaitersMax, minVersionAheadMax);
        }

        public Http withAdvertisedHost(String host) {
            return new Http(port, host, minVersionWaitMsMax, forwardTimeoutMs, minVersionWaitersMax, minVersionAheadMax);
        }

        public Duration minVersionWaitMax() {
            return Duration.ofMillis(minVersionWaitMsMax);
        }

        public Duration forwardTimeout() {
            return Duration.ofMillis(forwardTimeoutMs);
        }
    }

    /**
     * When the projector vouches for an instant (docs/decisions/0013-final-asof.md). An event's transaction ends
     * (commits or aborts) at most {@code commitWindowMs} after its occurredAt, and every clock of the bank is within
     * {@code clockSkewMsMax} of every other; so once the projector has folded everything below the last stable
     * offset it read at its instant W, no event with occurredAt at or before W - commitWindow - clockSkew can still
     * appear. asOf answers only instants at or before that; later ones get 503 not-ready with Retry-After.
     *
     * @param commitWindowMs {@code BANK_ASOF_COMMIT_WINDOW_MS}, default 15000, at least 1: the longest time from an
     *                       event's occurredAt to the end of its transaction. account-service's
     *                       {@code BANK_TRANSACTION_TIMEOUT_MS} (default 5000) plus the brokers'
     *                       {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}: a broker aborts a
     *                       timed-out transaction only at its next sweep, and a commit sent before that sweep still
     *                       succeeds. The default counts Kafka's own 10000 for the sweep, so it holds on brokers that keep
     *                       it; on the bank's brokers (1000, docs/operations.md) 6000 would do. Must not be set below that
     *                       sum
     * @param clockSkewMsMax {@code BANK_CLOCK_SKEW_MS_MAX}, default 2000, at least 0: how far any two clocks of the bank
     *                       (account-service and projector instances) may be apart. NTP keeps them within
     *                       milliseconds; beyond this, a final answer can change, and the projector counts and logs each
     *                       event that proves it (ledger_projector_asof_late_events_total)
     * @param refreshMs      {@code BANK_ASOF_REFRESH_MS}, default 1000, at least 10: how often the projector reads the
     *                       last stable offsets and its committed offsets (two Admin requests) to move finality on
     */
    public record Finality(long commitWindowMs, long clockSkewMsMax, long refreshMs) {

        public Finality {
            SettingException.require(commitWindowMs >= 1, "BANK_ASOF_COMMIT_WINDOW_MS", "at least 1", commitWindowMs);
            SettingException.require(clockSkewMsMax >= 0, "BANK_CLOCK_SKEW_MS_MAX", "at least 0", clockSkewMsMax);
            SettingException.require(refreshMs >= 10, "BANK_ASOF_REFRESH_MS", "at least 10", refreshMs);
        }

        static Finality fromEnvironment(Env env) {
            return new Finality(
                    env.number("BANK_ASOF_COMMIT_WINDOW_MS", 15_000, 1, Long.MAX_VALUE / 4),
                    env.number("BANK_CLOCK_SKEW_MS_MAX", 2_000, 0, Long.MAX_VALUE / 4),
                    env.number("BANK_ASOF_REFRESH_MS", 1_000, 10, Long.MAX_VALUE / 4));
        }

        /** How far behind the clock of a sample the instants it makes final lie: commit window plus clock skew. */
        public Duration bounds() {
            return Duration.ofMillis(commitWindowMs + clockSkewMsMax);
        }

        public Duration refresh() {
            return Duration.ofMillis(refreshMs);
        }
    }

    public static LedgerProjectorConfig fromEnvironment(Env env) {
        return new LedgerProjectorConfig(
                ClusterSettings.fromEnvironment(env),
                StreamsSettings.fromEnvironment(env, DEFAULT_APPLICATION_ID, DEFAULT_STATE_DIR),
                Projection.fromEnvironment(env),
                Http.fromEnvironment(env),
                Finality.fromEnvironment(env),
                AuthSettings.fromEnvironment(env));
    }

    public LedgerProjectorConfig withCluster(ClusterSettings newCluster) {
        return new LedgerProjectorConfig(newCluster, streams, projection, http, finality, auth);
    }

    public LedgerProjectorConfig withStreams(StreamsSettings newStreams) {
        return new LedgerProjectorConfig(cluster, newStreams, projection, http, finality, auth);
    }

    public LedgerProjectorConfig withHttp(Http newHttp) {
        return new LedgerProjectorConfig(cluster, streams, projection, newHttp, finality, auth);
    }

    public LedgerProjectorConfig withFinality(Finality newFinality) {
        return new LedgerProjectorConfig(cluster, streams, projection, http, newFinality, auth);
    }

    public LedgerProjectorConfig withAuth(AuthSettings newAuth) {
        return new LedgerProjectorConfig(cluster, streams, projection, http, finality, newAuth);
    }

    public LedgerProjectorConfig withHttpPort(int port) {
        return withHttp(http.withPort(port));
    }

    public LedgerProjectorConfig withRebuild(boolean rebuildStores) {
        return new LedgerProjectorConfig(cluster, streams, new Projection(projection.standbyReplicas(), rebuildStores), http, finality, auth);
    }
}

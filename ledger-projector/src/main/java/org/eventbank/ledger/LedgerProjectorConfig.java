package org.eventbank.ledger;

import java.nio.file.Path;
import java.time.Duration;
import org.eventbank.config.Env;
import org.eventbank.config.SettingException;
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
 */
public record LedgerProjectorConfig(ClusterSettings cluster, StreamsSettings streams, Projection projection, Http http) {

    public static final String DEFAULT_APPLICATION_ID = "bank-ledger-projector";
    public static final Path DEFAULT_STATE_DIR = Path.of("./data/ledger-projector");

    /**
     * @param standbyReplicas {@code BANK_STANDBY_REPLICAS}, default 0: warm copies of each store on other instances,
     *                        which shorten fail-over (queries are still answered only by the active owner)
     * @param rebuild         {@code BANK_REBUILD}, {@code true} or {@code false}, default false (or the {@code --rebuild}
     *                        flag): refold every store from the start of the ledger; see docs/operations.md
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
     */
    public record Http(int port, String advertisedHost, long minVersionWaitMsMax, long forwardTimeoutMs) {

        public static final int DEFAULT_PORT = 8081;

        public Http {
            SettingException.require(port >= 0 && port <= 65_535, "BANK_HTTP_PORT", "a port from 0 to 65535", port);
            SettingException.require(advertisedHost != null && !advertisedHost.isBlank(), "BANK_ADVERTISED_HOST", "a host name",
                    advertisedHost);
            SettingException.require(minVersionWaitMsMax >= 0, "BANK_MIN_VERSION_WAIT_MS_MAX", "at least 0", minVersionWaitMsMax);
            SettingException.require(forwardTimeoutMs >= 1, "BANK_FORWARD_TIMEOUT_MS", "at least 1", forwardTimeoutMs);
        }

        static Http fromEnvironment(Env env) {
            return new Http(
                    env.integer("BANK_HTTP_PORT", DEFAULT_PORT, 0, 65_535),
                    env.text("BANK_ADVERTISED_HOST", "localhost"),
                    env.number("BANK_MIN_VERSION_WAIT_MS_MAX", 5000, 0, Long.MAX_VALUE),
                    env.number("BANK_FORWARD_TIMEOUT_MS", 2000, 1, Long.MAX_VALUE));
        }

        public Http withPort(int newPort) {
            return new Http(newPort, advertisedHost, minVersionWaitMsMax, forwardTimeoutMs);
        }

        public Http withAdvertisedHost(String host) {
            return new Http(port, host, minVersionWaitMsMax, forwardTimeoutMs);
        }

        public Duration minVersionWaitMax() {
            return Duration.ofMillis(minVersionWaitMsMax);
        }

        public Duration forwardTimeout() {
            return Duration.ofMillis(forwardTimeoutMs);
        }
    }

    public static LedgerProjectorConfig fromEnvironment(Env env) {
        return new LedgerProjectorConfig(
                ClusterSettings.fromEnvironment(env),
                StreamsSettings.fromEnvironment(env, DEFAULT_APPLICATION_ID, DEFAULT_STATE_DIR),
                Projection.fromEnvironment(env),
                Http.fromEnvironment(env));
    }

    public LedgerProjectorConfig withCluster(ClusterSettings newCluster) {
        return new LedgerProjectorConfig(newCluster, streams, projection, http);
    }

    public LedgerProjectorConfig withStreams(StreamsSettings newStreams) {
        return new LedgerProjectorConfig(cluster, newStreams, projection, http);
    }

    public LedgerProjectorConfig withHttp(Http newHttp) {
        return new LedgerProjectorConfig(cluster, streams, projection, newHttp);
    }

    public LedgerProjectorConfig withHttpPort(int port) {
        return withHttp(http.withPort(port));
    }

    public LedgerProjectorConfig withRebuild(boolean rebuildStores) {
        return new LedgerProjectorConfig(cluster, streams, new Projection(projection.standbyReplicas(), rebuildStores), http);
    }
}

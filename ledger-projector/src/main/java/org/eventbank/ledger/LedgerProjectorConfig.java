package org.eventbank.ledger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.eventbank.schemas.topics.TopicSettings;
import org.eventbank.streams.memory.RocksDbMemoryBudget;

/**
 * Every setting of the ledger projector, read once at start-up from environment variables.
 *
 * @param bootstrapServers   {@code BANK_BOOTSTRAP_SERVERS}, default {@code localhost:9092}: the Kafka cluster
 * @param topics             {@code BANK_TOPIC_PREFIX} (default {@code bank.}), {@code BANK_PARTITIONS} (default 6, must
 *                           equal the account-service's: it is the partition count of every bank topic) and
 *                           {@code BANK_REPLICATION_FACTOR} (default 1, a single local broker; 3 in production; also
 *                           used for the Streams changelog topics)
 * @param httpPort           {@code BANK_HTTP_PORT}, default 8081; 0 picks a free port (tests)
 * @param advertisedHost     {@code BANK_ADVERTISED_HOST}, default {@code localhost}: the host other instances use to
 *                           reach this one; {@code application.server} is this host and the bound HTTP port
 * @param stateDir           {@code BANK_STATE_DIR}, default {@code ./data/ledger-projector}: RocksDB stores; kept
 *                           across restarts so a restart restores locally instead of replaying the changelog
 * @param applicationId      {@code BANK_APPLICATION_ID}, default {@code bank-ledger-projector}: the Streams
 *                           application id, consumer group and prefix of the changelog topics
 * @param standbyReplicas    {@code BANK_STANDBY_REPLICAS}, default 0: warm copies of each store on other instances,
 *                           which shorten fail-over (queries are still answered only by the active owner)
 * @param commitIntervalMs   {@code BANK_COMMIT_INTERVAL_MS}, default 100: how often a transaction commits; bounds how
 *                           stale {@code bank.account-balances} is, and how much is redone after a crash
 * @param minVersionWaitMsMax {@code BANK_MIN_VERSION_WAIT_MS_MAX}, default 5000: the longest a {@code minVersion}
 *                           query waits before answering 504 min-version-timeout
 * @param forwardTimeoutMs   {@code BANK_FORWARD_TIMEOUT_MS}, default 2000: timeout of a query forwarded to the
 *                           instance that owns the key (added to the minVersion wait when one is asked for)
 * @param serdesClass        {@code BANK_SERDES_CLASS}, default blank (Avro single-object encoding): a
 *                           {@code BankSerdes} implementation to use instead
 * @param rebuild            {@code BANK_REBUILD}, default false (or the {@code --rebuild} flag): refold every store
 *                           from the start of the ledger; see docs/operations.md
 * @param rocksDbMemoryBytes {@code BANK_ROCKSDB_MEMORY_BYTES}, default 134217728 (128 MiB), at least 16 MiB: the
 *                           off-heap memory every RocksDB store of this JVM shares (block cache, index and filter
 *                           blocks, and half of it for memtables); see {@code BoundedRocksDbMemory}. With both
 *                           services in one JVM ({@code ./bank up}) the first to start sets it for both
 * @param stateCacheBytes    {@code BANK_STATE_CACHE_BYTES}, default 10485760 (10 MiB, the Streams default), at least
 *                           0: the on-heap Streams record cache in front of the stores
 *                           ({@code statestore.cache.max.bytes}), shared by the stream threads; 0 turns it off
 */
public record LedgerProjectorConfig(
        String bootstrapServers,
        TopicSettings topics,
        int httpPort,
        String advertisedHost,
        Path stateDir,
        String applicationId,
        int standbyReplicas,
        long commitIntervalMs,
        long minVersionWaitMsMax,
        long forwardTimeoutMs,
        String serdesClass,
        boolean rebuild,
        long rocksDbMemoryBytes,
        long stateCacheBytes) {

    public static final String DEFAULT_APPLICATION_ID = "bank-ledger-projector";
    public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = RocksDbMemoryBudget.DEFAULT_TOTAL_BYTES;
    public static final long MIN_ROCKSDB_MEMORY_BYTES = 16L * 1024 * 1024;
    public static final long DEFAULT_STATE_CACHE_BYTES = 10L * 1024 * 1024;

    public LedgerProjectorConfig {
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("BANK_HTTP_PORT must be 0-65535, not " + httpPort);
        }
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("BANK_STANDBY_REPLICAS must not be negative, not " + standbyReplicas);
        }
        if (commitIntervalMs < 1 || minVersionWaitMsMax < 0 || forwardTimeoutMs < 1) {
            throw new IllegalArgumentException("commit interval and forward timeout must be positive, minVersion wait not negative");
        }
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("BANK_APPLICATION_ID must be letters, digits, '.', '_' or '-', not " + applicationId);
        }
        if (rocksDbMemoryBytes < MIN_ROCKSDB_MEMORY_BYTES) {
            throw new IllegalArgumentException("BANK_ROCKSDB_MEMORY_BYTES must be at least " + MIN_ROCKSDB_MEMORY_BYTES
                    + " (16 MiB), not " + rocksDbMemoryBytes);
        }
        if (stateCacheBytes < 0) {
            throw new IllegalArgumentException("BANK_STATE_CACHE_BYTES must not be negative, not " + stateCacheBytes);
        }
    }

    public static LedgerProjectorConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static LedgerProjectorConfig fromEnvironment(Map<String, String> env) {
        return new LedgerProjectorConfig(
                env.getOrDefault("BANK_BOOTSTRAP_SERVERS", "localhost:9092"),
                TopicSettings.fromEnvironment(env),
                intOf(env, "BANK_HTTP_PORT", 8081),
                env.getOrDefault("BANK_ADVERTISED_HOST", "localhost"),
                Path.of(env.getOrDefault("BANK_STATE_DIR", "./data/ledger-projector")),
                env.getOrDefault("BANK_APPLICATION_ID", DEFAULT_APPLICATION_ID),
                intOf(env, "BANK_STANDBY_REPLICAS", 0),
                longOf(env, "BANK_COMMIT_INTERVAL_MS", 100),
                longOf(env, "BANK_MIN_VERSION_WAIT_MS_MAX", 5000),
                longOf(env, "BANK_FORWARD_TIMEOUT_MS", 2000),
                env.getOrDefault("BANK_SERDES_CLASS", ""),
                Boolean.parseBoolean(env.getOrDefault("BANK_REBUILD", "false")),
                longOf(env, "BANK_ROCKSDB_MEMORY_BYTES", DEFAULT_ROCKSDB_MEMORY_BYTES),
                longOf(env, "BANK_STATE_CACHE_BYTES", DEFAULT_STATE_CACHE_BYTES));
    }

    public Duration minVersionWaitMax() {
        return Duration.ofMillis(minVersionWaitMsMax);
    }

    public LedgerProjectorConfig withHttpPort(int port) {
        return new LedgerProjectorConfig(bootstrapServers, topics, port, advertisedHost, stateDir, applicationId,
                standbyReplicas, commitIntervalMs, minVersionWaitMsMax, forwardTimeoutMs, serdesClass, rebuild,
                rocksDbMemoryBytes, stateCacheBytes);
    }

    public LedgerProjectorConfig withRebuild(boolean rebuildStores) {
        return new LedgerProjectorConfig(bootstrapServers, topics, httpPort, advertisedHost, stateDir, applicationId,
                standbyReplicas, commitIntervalMs, minVersionWaitMsMax, forwardTimeoutMs, serdesClass, rebuildStores,
                rocksDbMemoryBytes, stateCacheBytes);
    }

    private static int intOf(Map<String, String> env, String name, int defaultValue) {
        long value = longOf(env, name, defaultValue);
        // A cast would wrap 4294975377 into port 8081; refuse what does not fit instead.
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be a whole number that fits an int, not " + value);
        }
        return (int) value;
    }

    private static long longOf(Map<String, String> env, String name, long defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
        }
    }
}

package org.eventbank.kit.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.eventbank.config.Env;
import org.eventbank.config.SettingException;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.schemas.topics.Topic;

/**
 * The Kafka Streams settings both services have, read once at start-up; each service adds its own.
 *
 * @param applicationId      {@code BANK_APPLICATION_ID}, default the service's own ({@code bank-account-service},
 *                           {@code bank-ledger-projector}): the Streams application id, shared by every instance of
 *                           the service; consumer group and prefix of the changelog topics
 * @param stateDir           {@code BANK_STATE_DIR}, default {@code ./data/<service>}: the RocksDB stores, kept across
 *                           restarts so a restart restores locally; two instances on one machine need two directories
 * @param commitIntervalMs   {@code BANK_COMMIT_INTERVAL_MS}, default 100: the exactly-once commit interval. Output is
 *                           visible to read_committed readers only after the commit, so it bounds every latency
 * @param rocksDbMemoryBytes {@code BANK_ROCKSDB_MEMORY_BYTES}, default 134217728 (128 MiB), at least 16 MiB: the
 *                           off-heap memory every RocksDB store of this JVM shares (block cache, index and filter
 *                           blocks, and half of it for memtables); see {@link BoundedRocksDbMemory}. With both
 *                           services in one JVM ({@code ./bank up}) the first to start sets it for both
 * @param stateCacheBytes    {@code BANK_STATE_CACHE_BYTES}, default 10485760 (10 MiB, the Streams default), at least 0:
 *                           the on-heap Streams record cache in front of the stores ({@code statestore.cache.max.bytes});
 *                           0 turns it off
 * @param transactionTimeoutMs {@code BANK_TRANSACTION_TIMEOUT_MS}, default 5000, more than the commit interval: the
 *                           exactly-once producers' {@code transaction.timeout.ms}. A crashed instance's open transaction
 *                           holds back every read_committed reader of its partitions (the other instances restoring its
 *                           stores, the projector, the command results) until a broker aborts it: this long after it
 *                           began, at the brokers' next abort sweep
 *                           ({@code transaction.abort.timed.out.transaction.cleanup.interval.ms}, which the bank's brokers
 *                           run every 1000 ms: docs/operations.md). Kafka Streams' own default is 10000
 * @param sessionTimeoutMs   {@code BANK_SESSION_TIMEOUT_MS}, default 6000 (the brokers' {@code group.min.session.timeout.ms},
 *                           the lowest they accept by default): how long after a crash the group notices and moves the
 *                           instance's partitions to the others; heartbeats go every third of it, and at least every second.
 *                           Kafka's own default is 45000. A graceful stop leaves the group at once either way
 */
public record StreamsSettings(String applicationId, Path stateDir, long commitIntervalMs, long rocksDbMemoryBytes,
                              long stateCacheBytes, int transactionTimeoutMs, int sessionTimeoutMs) {

    public static final long DEFAULT_COMMIT_INTERVAL_MS = 100;
    public static final long MIN_ROCKSDB_MEMORY_BYTES = 16L * 1024 * 1024;
    public static final long DEFAULT_STATE_CACHE_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_TRANSACTION_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 6_000;
    /**
     * Heartbeats go every third of the session timeout, and at least this often: a member learns that the group
     * rebalances (a peer's session expired) only from its next heartbeat's answer, so this adds to every fail-over.
     */
    static final int HEARTBEAT_INTERVAL_MS_MAX = 1_000;
    static final String APPLICATION_ID_PATTERN = "[A-Za-z0-9._-]+";
    static final String APPLICATION_ID_FORM = "letters, digits, '.', '_' or '-'";

    public StreamsSettings {
        SettingException.require(applicationId != null && applicationId.matches(APPLICATION_ID_PATTERN), "BANK_APPLICATION_ID",
                APPLICATION_ID_FORM, applicationId);
        SettingException.require(commitIntervalMs >= 1, "BANK_COMMIT_INTERVAL_MS", "at least 1", commitIntervalMs);
        SettingException.require(rocksDbMemoryBytes >= MIN_ROCKSDB_MEMORY_BYTES, "BANK_ROCKSDB_MEMORY_BYTES",
                "at least " + MIN_ROCKSDB_MEMORY_BYTES + " (16 MiB)", rocksDbMemoryBytes);
        SettingException.require(stateCacheBytes >= 0, "BANK_STATE_CACHE_BYTES", "at least 0", stateCacheBytes);
        SettingException.require(transactionTimeoutMs > commitIntervalMs, "BANK_TRANSACTION_TIMEOUT_MS",
                "more than BANK_COMMIT_INTERVAL_MS (" + commitIntervalMs + "): a transaction stays open a commit interval",
                transactionTimeoutMs);
        SettingException.require(sessionTimeoutMs >= 3, "BANK_SESSION_TIMEOUT_MS", "at least 3", sessionTimeoutMs);
    }

    public static StreamsSettings fromEnvironment(Env env, String defaultApplicationId, Path defaultStateDir) {
        return new StreamsSettings(
                env.matching("BANK_APPLICATION_ID", defaultApplicationId, APPLICATION_ID_PATTERN, APPLICATION_ID_FORM),
                env.path("BANK_STATE_DIR", defaultStateDir),
                env.number("BANK_COMMIT_INTERVAL_MS", DEFAULT_COMMIT_INTERVAL_MS, 1, Long.MAX_VALUE),
                env.number("BANK_ROCKSDB_MEMORY_BYTES", RocksDbMemoryBudget.DEFAULT_TOTAL_BYTES, MIN_ROCKSDB_MEMORY_BYTES, Long.MAX_VALUE),
                env.number("BANK_STATE_CACHE_BYTES", DEFAULT_STATE_CACHE_BYTES, 0, Long.MAX_VALUE),
                env.integer("BANK_TRANSACTION_TIMEOUT_MS", DEFAULT_TRANSACTION_TIMEOUT_MS, 1, Integer.MAX_VALUE),
                env.integer("BANK_SESSION_TIMEOUT_MS", DEFAULT_SESSION_TIMEOUT_MS, 3, Integer.MAX_VALUE));
    }

    public StreamsSettings withApplicationId(String id) {
        return new StreamsSettings(id, stateDir, commitIntervalMs, rocksDbMemoryBytes, stateCacheBytes, transactionTimeoutMs,
                sessionTimeoutMs);
    }

    public StreamsSettings withStateDir(Path dir) {
        return new StreamsSettings(applicationId, dir, commitIntervalMs, rocksDbMemoryBytes, stateCacheBytes, transactionTimeoutMs,
                sessionTimeoutMs);
    }

    public Duration transactionTimeout() {
        return Duration.ofMillis(transactionTimeoutMs);
    }

    /**
     * The Streams properties both services run with: exactly_once_v2, read_committed, {@code acks=all} and
     * idempotence (explicit even where exactly-once implies them), a failed record stops the client rather than
     * being skipped, the commit interval, the replication and {@code min.insync.replicas} (min(2, RF)) of the internal
     * topics, the bounded memory, and the transaction and session timeouts (heartbeats every third of the session, at
     * least every second).
     */
    public Properties baseProperties(KafkaConnection connection, short replicationFactor) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // bootstrap servers and the principal, for every client Streams makes (consumers, producers, admin, restore)
        props.putAll(connection.clientConfig());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicationFactor);
        // Streams gives every internal topic it creates (changelogs, repartition topics) the topic.-prefixed configs:
        // the same min(2, RF) as the bank's topics, or a changelog would acknowledge a write only its leader has.
        // Internal topics created before this setting are raised in place by the topic bootstrap (ClusterSettings.prepare).
        props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                Integer.toString(Topic.minInsyncReplicas(replicationFactor)));
        // unknown data stops, never skips: money is never silently dropped
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class.getName());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), true);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        // memory: one bounded RocksDB cache for every store of the JVM, and an explicit on-heap record cache
        BoundedRocksDbMemory.configure(props, rocksDbMemoryBytes);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, stateCacheBytes);
        // fail-over: how long a crashed instance's transaction and its partitions stay held (docs/operations.md)
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), transactionTimeoutMs);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), sessionTimeoutMs);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                Math.min(HEARTBEAT_INTERVAL_MS_MAX, sessionTimeoutMs / 3));
        return props;
    }
}

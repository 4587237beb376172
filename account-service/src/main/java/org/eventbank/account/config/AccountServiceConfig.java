package org.eventbank.account.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eventbank.schemas.topics.TopicSettings;
import org.eventbank.streams.memory.RocksDbMemoryBudget;

/**
 * Settings of one account-service instance, read once at start-up from environment variables.
 *
 * @param bootstrapServers      {@code BANK_BOOTSTRAP_SERVERS}, default {@code localhost:9092}: the Kafka cluster
 * @param topicPrefix           {@code BANK_TOPIC_PREFIX}, default {@code bank.}: prepended to every topic name
 * @param partitions            {@code BANK_PARTITIONS}, default 6: partitions of the bank topics, set once (an
 *                              account's partition must never change)
 * @param replicationFactor     {@code BANK_REPLICATION_FACTOR}, default 1: replicas of the bank topics and of the
 *                              Streams internal topics (changelogs); 3 in production
 * @param httpPort              {@code BANK_HTTP_PORT}, default 8080; 0 picks a free port (tests)
 * @param instanceId            {@code BANK_INSTANCE_ID}, default a random id per process start: the {@code replyTo}
 *                              written on commands, naming the instance that waits for the result
 * @param stateDir              {@code BANK_STATE_DIR}, default {@code ./data/account-service}: the Streams state
 *                              directory; two instances on one machine need two directories
 * @param applicationId         {@code BANK_APPLICATION_ID}, default {@code bank-account-service}: the Streams
 *                              application id, shared by every instance of the service
 * @param idempotencyRetention  {@code BANK_IDEMPOTENCY_RETENTION}, ISO-8601 duration, default {@code PT24H}: how long
 *                              an Idempotency-Key is remembered per account
 * @param requestTimeoutMs      {@code BANK_REQUEST_TIMEOUT_MS}, default 10000: how long an HTTP request waits for its
 *                              command's result before answering 503 outcome-unknown
 * @param pendingRequestsMax    {@code BANK_PENDING_REQUESTS_MAX}, default 10000: the most requests one instance lets
 *                              wait for results at once; beyond it, 503 not-ready
 * @param commitIntervalMs      {@code BANK_COMMIT_INTERVAL_MS}, default 100: the exactly-once commit interval; a
 *                              result is only visible to read_committed readers after the commit, so this bounds
 *                              the latency of every command
 * @param serdesClass           {@code BANK_SERDES_CLASS}, default blank = Avro single-object encoding: a
 *                              {@code BankSerdes} implementation to use instead
 * @param transactionTimeoutMs  {@code BANK_TRANSACTION_TIMEOUT_MS}, default 10000 (the Streams exactly-once
 *                              default): how long a crashed instance's open transaction holds back read_committed
 *                              readers before the broker aborts it
 * @param sessionTimeoutMs      {@code BANK_SESSION_TIMEOUT_MS}, default 45000 (the Kafka default): how long after a
 *                              crash the group notices and moves the instance's partitions
 * @param requestBodyBytesMax   {@code BANK_REQUEST_BODY_BYTES_MAX}, default 16384: larger bodies get 413
 * @param rocksDbMemoryBytes    {@code BANK_ROCKSDB_MEMORY_BYTES}, default 134217728 (128 MiB), at least 16 MiB: the
 *                              off-heap memory every RocksDB store of this JVM shares (block cache, index and filter
 *                              blocks, and half of it for memtables); see {@code BoundedRocksDbMemory}. With
 *                              both services in one JVM ({@code ./bank up}) the first to start sets it for both
 * @param stateCacheBytes       {@code BANK_STATE_CACHE_BYTES}, default 10485760 (10 MiB, the Streams default), at
 *                              least 0: the on-heap Streams record cache in front of the stores
 *                              ({@code statestore.cache.max.bytes}), shared by the stream threads; 0 turns it off
 * @param commandLingerMs       {@code BANK_COMMAND_LINGER_MS}, default 5, at least 0: how long the command producer
 *                              waits to put more commands into one produce request. Each command still waits for a
 *                              commit (100 ms by default), so 5 ms adds little, and at 2,000 commands/s one request
 *                              per command was the broker's largest cost; 0 sends each at once
 */
public record AccountServiceConfig(
        String bootstrapServers,
        String topicPrefix,
        int partitions,
        short replicationFactor,
        int httpPort,
        String instanceId,
        Path stateDir,
        String applicationId,
        Duration idempotencyRetention,
        long requestTimeoutMs,
        int pendingRequestsMax,
        long commitIntervalMs,
        String serdesClass,
        int transactionTimeoutMs,
        int sessionTimeoutMs,
        int requestBodyBytesMax,
        long rocksDbMemoryBytes,
        long stateCacheBytes,
        int commandLingerMs) {

    public static final long MIN_ROCKSDB_MEMORY_BYTES = 16L * 1024 * 1024;

    public AccountServiceConfig {
        require(partitions >= 1, "BANK_PARTITIONS must be at least 1");
        require(replicationFactor >= 1, "BANK_REPLICATION_FACTOR must be at least 1");
        require(httpPort >= 0 && httpPort <= 65535, "BANK_HTTP_PORT must be 0-65535");
        require(!instanceId.isBlank(), "BANK_INSTANCE_ID must not be blank");
        require(!applicationId.isBlank(), "BANK_APPLICATION_ID must not be blank");
        require(!idempotencyRetention.isNegative() && !idempotencyRetention.isZero(), "BANK_IDEMPOTENCY_RETENTION must be positive");
        require(requestTimeoutMs > 0, "BANK_REQUEST_TIMEOUT_MS must be positive");
        require(pendingRequestsMax > 0, "BANK_PENDING_REQUESTS_MAX must be positive");
        require(commitIntervalMs > 0, "BANK_COMMIT_INTERVAL_MS must be positive");
        require(transactionTimeoutMs > 0, "BANK_TRANSACTION_TIMEOUT_MS must be positive");
        require(sessionTimeoutMs > 0, "BANK_SESSION_TIMEOUT_MS must be positive");
        require(requestBodyBytesMax > 0, "BANK_REQUEST_BODY_BYTES_MAX must be positive");
        require(rocksDbMemoryBytes >= MIN_ROCKSDB_MEMORY_BYTES,
                "BANK_ROCKSDB_MEMORY_BYTES must be at least " + MIN_ROCKSDB_MEMORY_BYTES + " (16 MiB), not " + rocksDbMemoryBytes);
        require(stateCacheBytes >= 0, "BANK_STATE_CACHE_BYTES must not be negative");
        require(commandLingerMs >= 0, "BANK_COMMAND_LINGER_MS must not be negative");
    }

    public static AccountServiceConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static AccountServiceConfig fromEnvironment(Map<String, String> env) {
        Function<String, String> get = name -> {
            String value = env.get(name);
            return value == null ? null : value.trim();
        };
        return new AccountServiceConfig(
                text(get, "BANK_BOOTSTRAP_SERVERS", "localhost:9092"),
                text(get, "BANK_TOPIC_PREFIX", TopicSettings.DEFAULT_PREFIX),
                intNumber(get, "BANK_PARTITIONS", TopicSettings.DEFAULT_PARTITIONS),
                (short) bounded(get, "BANK_REPLICATION_FACTOR", TopicSettings.DEFAULT_REPLICATION_FACTOR, Short.MAX_VALUE),
                intNumber(get, "BANK_HTTP_PORT", 8080),
                text(get, "BANK_INSTANCE_ID", "account-service-" + UUID.randomUUID()),
                Path.of(text(get, "BANK_STATE_DIR", "./data/account-service")),
                text(get, "BANK_APPLICATION_ID", "bank-account-service"),
                duration(get, "BANK_IDEMPOTENCY_RETENTION", Duration.ofHours(24)),
                number(get, "BANK_REQUEST_TIMEOUT_MS", 10_000),
                intNumber(get, "BANK_PENDING_REQUESTS_MAX", 10_000),
                number(get, "BANK_COMMIT_INTERVAL_MS", 100),
                env.getOrDefault("BANK_SERDES_CLASS", "").trim(),
                intNumber(get, "BANK_TRANSACTION_TIMEOUT_MS", 10_000),
                intNumber(get, "BANK_SESSION_TIMEOUT_MS", 45_000),
                intNumber(get, "BANK_REQUEST_BODY_BYTES_MAX", 16 * 1024),
                number(get, "BANK_ROCKSDB_MEMORY_BYTES", RocksDbMemoryBudget.DEFAULT_TOTAL_BYTES),
                number(get, "BANK_STATE_CACHE_BYTES", 10L * 1024 * 1024),
                intNumber(get, "BANK_COMMAND_LINGER_MS", 5));
    }

    public TopicSettings topicSettings() {
        return new TopicSettings(topicPrefix, partitions, replicationFactor);
    }

    public AccountServiceConfig withHttpPort(int port) {
        return new AccountServiceConfig(bootstrapServers, topicPrefix, partitions, replicationFactor, port, instanceId,
                stateDir, applicationId, idempotencyRetention, requestTimeoutMs, pendingRequestsMax, commitIntervalMs,
                serdesClass, transactionTimeoutMs, sessionTimeoutMs, requestBodyBytesMax, rocksDbMemoryBytes, stateCacheBytes,
                commandLingerMs);
    }

    private static String text(Function<String, String> get, String name, String defaultValue) {
        String value = get.apply(name);
        return value == null || value.isEmpty() ? defaultValue : value;
    }

    private static int intNumber(Function<String, String> get, String name, int defaultValue) {
        return (int) bounded(get, name, defaultValue, Integer.MAX_VALUE);
    }

    /** A cast would wrap 4294975376 into port 8080; refuse what does not fit instead. */
    private static long bounded(Function<String, String> get, String name, long defaultValue, long max) {
        long value = number(get, name, defaultValue);
        if (value < -max - 1 || value > max) {
            throw new IllegalArgumentException(name + " must be a whole number from " + (-max - 1) + " to " + max + ", not " + value);
        }
        return value;
    }

    private static long number(Function<String, String> get, String name, long defaultValue) {
        String value = get.apply(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
        }
    }

    private static Duration duration(Function<String, String> get, String name, Duration defaultValue) {
        String value = get.apply(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as PT24H, not '" + value + "'", e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

package org.eventbank.account;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.eventbank.config.Env;
import org.eventbank.config.SettingException;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.streams.StreamsSettings;

/**
 * Every setting of one account-service instance, read once at start-up from environment variables
 * (through {@link Env}: a blank value means the default; a value that does not parse or fit stops the
 * start, naming the variable).
 *
 * @param cluster   the Kafka cluster and topics: {@link ClusterSettings}
 * @param streams   the command processor's common Streams settings: {@link StreamsSettings}, with
 *                  {@code BANK_APPLICATION_ID} default {@code bank-account-service} and {@code BANK_STATE_DIR}
 *                  default {@code ./data/account-service}
 * @param processor the command processor's own settings: {@link Processor}
 * @param http      the REST edge and the wait for results: {@link Http}
 */
public record AccountServiceConfig(ClusterSettings cluster, StreamsSettings streams, Processor processor, Http http) {

    public static final String DEFAULT_APPLICATION_ID = "bank-account-service";
    public static final Path DEFAULT_STATE_DIR = Path.of("./data/account-service");

    /**
     * @param idempotencyRetention {@code BANK_IDEMPOTENCY_RETENTION}, ISO-8601 duration, default {@code PT24H}: how long
     *                             an Idempotency-Key is remembered per account
     * @param transactionTimeoutMs {@code BANK_TRANSACTION_TIMEOUT_MS}, default 10000 (the Streams exactly-once default):
     *                             how long a crashed instance's open transaction holds back read_committed readers
     *                             before the broker aborts it
     * @param sessionTimeoutMs     {@code BANK_SESSION_TIMEOUT_MS}, default 45000 (the Kafka default): how long after a
     *                             crash the group notices and moves the instance's partitions
     */
    public record Processor(Duration idempotencyRetention, int transactionTimeoutMs, int sessionTimeoutMs) {

        public static final int DEFAULT_SESSION_TIMEOUT_MS = 45_000;

        public Processor {
            SettingException.require(!idempotencyRetention.isNegative() && !idempotencyRetention.isZero(),
                    "BANK_IDEMPOTENCY_RETENTION", "a positive ISO-8601 duration such as PT24H", idempotencyRetention);
            SettingException.require(transactionTimeoutMs >= 1, "BANK_TRANSACTION_TIMEOUT_MS", "at least 1", transactionTimeoutMs);
            SettingException.require(sessionTimeoutMs >= 1, "BANK_SESSION_TIMEOUT_MS", "at least 1", sessionTimeoutMs);
        }

        static Processor fromEnvironment(Env env) {
            return new Processor(
                    env.duration("BANK_IDEMPOTENCY_RETENTION", Duration.ofHours(24)),
                    env.integer("BANK_TRANSACTION_TIMEOUT_MS", 10_000, 1, Integer.MAX_VALUE),
                    env.integer("BANK_SESSION_TIMEOUT_MS", DEFAULT_SESSION_TIMEOUT_MS, 1, Integer.MAX_VALUE));
        }

        public Processor withSessionTimeoutMs(int timeoutMs) {
            return new Processor(idempotencyRetention, transactionTimeoutMs, timeoutMs);
        }
    }

    /**
     * @param port                {@code BANK_HTTP_PORT}, default 8080; 0 picks a free port (tests)
     * @param instanceId          {@code BANK_INSTANCE_ID}, default a random id per process start: the {@code replyTo}
     *                            written on commands, naming the instance that waits for the result
     * @param requestBodyBytesMax {@code BANK_REQUEST_BODY_BYTES_MAX}, default 16384: larger bodies get 413
     * @param requestTimeoutMs    {@code BANK_REQUEST_TIMEOUT_MS}, default 10000: how long an HTTP request waits for its
     *                            command's result before answering 503 outcome-unknown
     * @param pendingRequestsMax  {@code BANK_PENDING_REQUESTS_MAX}, default 10000: the most requests one instance lets
     *                            wait for results at once; beyond it, 503 not-ready
     * @param commandLingerMs     {@code BANK_COMMAND_LINGER_MS}, default 5, at least 0: how long the command producer
     *                            waits to put more commands into one produce request. Each command still waits for a
     *                            commit (100 ms by default), so 5 ms adds little, and at 2,000 commands/s one request
     *                            per command was the broker's largest cost; 0 sends each at once
     */
    public record Http(int port, String instanceId, int requestBodyBytesMax, long requestTimeoutMs, int pendingRequestsMax,
                       int commandLingerMs) {

        public static final int DEFAULT_PORT = 8080;
        public static final int DEFAULT_COMMAND_LINGER_MS = 5;

        public Http {
            SettingException.require(port >= 0 && port <= 65_535, "BANK_HTTP_PORT", "a port from 0 to 65535", port);
            SettingException.require(instanceId != null && !instanceId.isBlank(), "BANK_INSTANCE_ID", "not blank", instanceId);
            SettingException.require(requestBodyBytesMax >= 1, "BANK_REQUEST_BODY_BYTES_MAX", "at least 1", requestBodyBytesMax);
            SettingException.require(requestTimeoutMs >= 1, "BANK_REQUEST_TIMEOUT_MS", "at least 1", requestTimeoutMs);
            SettingException.require(pendingRequestsMax >= 1, "BANK_PENDING_REQUESTS_MAX", "at least 1", pendingRequestsMax);
            SettingException.require(commandLingerMs >= 0, "BANK_COMMAND_LINGER_MS", "at least 0", commandLingerMs);
        }

        static Http fromEnvironment(Env env) {
            return new Http(
                    env.integer("BANK_HTTP_PORT", DEFAULT_PORT, 0, 65_535),
                    env.text("BANK_INSTANCE_ID", "account-service-" + UUID.randomUUID()),
                    env.integer("BANK_REQUEST_BODY_BYTES_MAX", 16 * 1024, 1, Integer.MAX_VALUE),
                    env.number("BANK_REQUEST_TIMEOUT_MS", 10_000, 1, Long.MAX_VALUE),
                    env.integer("BANK_PENDING_REQUESTS_MAX", 10_000, 1, Integer.MAX_VALUE),
                    env.integer("BANK_COMMAND_LINGER_MS", DEFAULT_COMMAND_LINGER_MS, 0, Integer.MAX_VALUE));
        }

        public Http withPort(int newPort) {
            return new Http(newPort, instanceId, requestBodyBytesMax, requestTimeoutMs, pendingRequestsMax, commandLingerMs);
        }
    }

    public static AccountServiceConfig fromEnvironment(Env env) {
        return new AccountServiceConfig(
                ClusterSettings.fromEnvironment(env),
                StreamsSettings.fromEnvironment(env, DEFAULT_APPLICATION_ID, DEFAULT_STATE_DIR),
                Processor.fromEnvironment(env),
                Http.fromEnvironment(env));
    }

    public AccountServiceConfig withCluster(ClusterSettings newCluster) {
        return new AccountServiceConfig(newCluster, streams, processor, http);
    }

    public AccountServiceConfig withStreams(StreamsSettings newStreams) {
        return new AccountServiceConfig(cluster, newStreams, processor, http);
    }

    public AccountServiceConfig withProcessor(Processor newProcessor) {
        return new AccountServiceConfig(cluster, streams, newProcessor, http);
    }

    public AccountServiceConfig withHttp(Http newHttp) {
        return new AccountServiceConfig(cluster, streams, processor, newHttp);
    }

    public AccountServiceConfig withHttpPort(int port) {
        return withHttp(http.withPort(port));
    }
}

package org.eventbank.account;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.eventbank.account.kafka.CommandGroupGuard.NewGroupStart;
import org.eventbank.config.Env;
import org.eventbank.config.SettingException;
import org.eventbank.kit.auth.AuthSettings;
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
 * @param auth      how bearer tokens are verified: {@link AuthSettings} ({@code BANK_JWKS_URI}, {@code BANK_TOKEN_ISSUER},
 *                  {@code BANK_TOKEN_AUDIENCE}, {@code BANK_OWNER_CLAIM}, ...; {@code BANK_AUTH_DEV})
 */
public record AccountServiceConfig(ClusterSettings cluster, StreamsSettings streams, Processor processor, Http http,
                                   AuthSettings auth) {

    public static final String DEFAULT_APPLICATION_ID = "bank-account-service";
    public static final Path DEFAULT_STATE_DIR = Path.of("./data/account-service");

    /** The settings that bound each other (decision 0014): deadline over request timeout and skew, retention over both. */
    public AccountServiceConfig {
        long deadlineMinMs = http.requestTimeoutMs() + processor.clockSkewMsMax();
        SettingException.require(http.commandDeadlineMs() >= deadlineMinMs, "BANK_COMMAND_DEADLINE_MS",
                "at least BANK_REQUEST_TIMEOUT_MS + BANK_CLOCK_SKEW_MS_MAX (" + deadlineMinMs + ")", http.commandDeadlineMs());
        Duration retentionMin = http.commandDeadline().plus(processor.clockSkewMax());
        SettingException.require(processor.idempotencyRetention().compareTo(retentionMin) > 0, "BANK_IDEMPOTENCY_RETENTION",
                "longer than BANK_COMMAND_DEADLINE_MS + BANK_CLOCK_SKEW_MS_MAX (" + retentionMin + ")",
                processor.idempotencyRetention());
    }

    /**
     * @param idempotencyRetention {@code BANK_IDEMPOTENCY_RETENTION}, ISO-8601 duration, default {@code PT24H}: how long
     *                             an Idempotency-Key is remembered per account, counted from the {@code issuedAt} of
     *                             the first command decided with it; a retry issued inside it never applies twice. Must
     *                             be longer than the command deadline plus the allowed clock skew (decision 0014)
     * @param clockSkewMsMax       {@code BANK_CLOCK_SKEW_MS_MAX}, default 2000, at least 0: how far apart the clocks of
     *                             any two instances of the bank may be (the ledger-projector reads the same variable). A command is never decided later than its {@code notAfter}
     *                             plus this, measured on the issuing instance's clock. A command stamped more than this
     *                             ahead of the deciding processor's clock shows a processor running behind, and is refused
     *                             as expired rather than decided late (decision 0014)
     * @param commandGroupInit     {@code BANK_COMMAND_GROUP_INIT}, {@code empty-ledger} (default) or {@code commands-end}:
     *                             where the command processor's consumer group starts on a partition that has no
     *                             committed offset. By default only where that partition of the ledger is empty (at the
     *                             end of the commands topic), otherwise it refuses to start; {@code commands-end} is the
     *                             explicit init step after lost offsets: start at the end of the commands topic there too.
     *                             Either way the processor refuses to decide with empty stores on a ledger with events
     *                             (decision 0014, docs/operations.md)
     */
    public record Processor(Duration idempotencyRetention, int clockSkewMsMax, NewGroupStart commandGroupInit) {

        /** The same figure and variable as the ledger-projector's (decision 0013): one bound for every clock of the bank. */
        public static final int DEFAULT_CLOCK_SKEW_MS_MAX = 2_000;

        public Processor {
            SettingException.require(!idempotencyRetention.isNegative() && !idempotencyRetention.isZero(),
                    "BANK_IDEMPOTENCY_RETENTION", "a positive ISO-8601 duration such as PT24H", idempotencyRetention);
            SettingException.require(clockSkewMsMax >= 0, "BANK_CLOCK_SKEW_MS_MAX", "at least 0", clockSkewMsMax);
            SettingException.require(commandGroupInit != null, "BANK_COMMAND_GROUP_INIT", "empty-ledger or commands-end",
                    commandGroupInit);
        }

        static Processor fromEnvironment(Env env) {
            return new Processor(
                    env.duration("BANK_IDEMPOTENCY_RETENTION", Duration.ofHours(24)),
                    env.integer("BANK_CLOCK_SKEW_MS_MAX", DEFAULT_CLOCK_SKEW_MS_MAX, 0, Integer.MAX_VALUE),
                    env.matching("BANK_COMMAND_GROUP_INIT", "empty-ledger", "empty-ledger|commands-end",
                            "empty-ledger or commands-end").equals("commands-end")
                            ? NewGroupStart.COMMANDS_END : NewGroupStart.EMPTY_LEDGER_ONLY);
        }

        public Duration clockSkewMax() {
            return Duration.ofMillis(clockSkewMsMax);
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
     * @param commandDeadlineMs   {@code BANK_COMMAND_DEADLINE_MS}, default {@code BANK_REQUEST_TIMEOUT_MS} +
     *                            {@code BANK_CLOCK_SKEW_MS_MAX} (10000 + 2000 = 12000):
     *                            each command's {@code notAfter} is its {@code issuedAt} plus this, and the single writer
     *                            never decides it later (decision 0014). A little over the request timeout, so a client
     *                            that got 503 outcome-unknown knows the outcome is sealed soon after; at least the
     *                            request timeout plus {@code BANK_CLOCK_SKEW_MS_MAX}, so clock skew alone never expires a
     *                            command decided while its request still waits; at most 1800000 (30 minutes), so a
     *                            command's outcome can be looked up within the results' one-hour retention
     * @param commandLookupsMax   {@code BANK_COMMAND_LOOKUPS_MAX}, default 4: {@code GET /accounts/{id}/commands/{commandId}}
     *                            lookups one instance runs at once (each reads the results topic with its own consumer);
     *                            beyond, 503 not-ready
     * @param commandLookupTimeoutMs {@code BANK_COMMAND_LOOKUP_TIMEOUT_MS}, default 5000: the longest one lookup may read;
     *                            beyond, 503 not-ready
     */
    public record Http(int port, String instanceId, int requestBodyBytesMax, long requestTimeoutMs, int pendingRequestsMax,
                       int commandLingerMs, long commandDeadlineMs, int commandLookupsMax, long commandLookupTimeoutMs) {

        public static final int DEFAULT_PORT = 8080;
        public static final int DEFAULT_COMMAND_LINGER_MS = 5;
        /** Half the results' retention: a command's outcome stays learnable for the other half. */
        public static final long COMMAND_DEADLINE_MS_MAX = 1_800_000;

        public Http {
            SettingException.require(port >= 0 && port <= 65_535, "BANK_HTTP_PORT", "a port from 0 to 65535", port);
            SettingException.require(instanceId != null && !instanceId.isBlank(), "BANK_INSTANCE_ID", "not blank", instanceId);
            SettingException.require(requestBodyBytesMax >= 1, "BANK_REQUEST_BODY_BYTES_MAX", "at least 1", requestBodyBytesMax);
            SettingException.require(requestTimeoutMs >= 1, "BANK_REQUEST_TIMEOUT_MS", "at least 1", requestTimeoutMs);
            SettingException.require(pendingRequestsMax >= 1, "BANK_PENDING_REQUESTS_MAX", "at least 1", pendingRequestsMax);
            SettingException.require(commandLingerMs >= 0, "BANK_COMMAND_LINGER_MS", "at least 0", commandLingerMs);
            SettingException.require(commandDeadlineMs >= 1 && commandDeadlineMs <= COMMAND_DEADLINE_MS_MAX,
                    "BANK_COMMAND_DEADLINE_MS", "1 to " + COMMAND_DEADLINE_MS_MAX, commandDeadlineMs);
            SettingException.require(commandLookupsMax >= 1, "BANK_COMMAND_LOOKUPS_MAX", "at least 1", commandLookupsMax);
            SettingException.require(commandLookupTimeoutMs >= 1 && commandLookupTimeoutMs <= Integer.MAX_VALUE,
                    "BANK_COMMAND_LOOKUP_TIMEOUT_MS", "1 to " + Integer.MAX_VALUE, commandLookupTimeoutMs);
        }

        /** @param clockSkewMsMax the allowed clock skew: the default deadline is the request timeout plus it */
        static Http fromEnvironment(Env env, long clockSkewMsMax) {
            // Far below Long.MAX_VALUE, so the deadline derived from it cannot overflow (about 3 years).
            long requestTimeoutMs = env.number("BANK_REQUEST_TIMEOUT_MS", 10_000, 1, 100_000_000_000L);
            return new Http(
                    env.integer("BANK_HTTP_PORT", DEFAULT_PORT, 0, 65_535),
                    env.text("BANK_INSTANCE_ID", "account-service-" + UUID.randomUUID()),
                    env.integer("BANK_REQUEST_BODY_BYTES_MAX", 16 * 1024, 1, Integer.MAX_VALUE),
                    requestTimeoutMs,
                    env.integer("BANK_PENDING_REQUESTS_MAX", 10_000, 1, Integer.MAX_VALUE),
                    env.integer("BANK_COMMAND_LINGER_MS", DEFAULT_COMMAND_LINGER_MS, 0, Integer.MAX_VALUE),
                    env.number("BANK_COMMAND_DEADLINE_MS", requestTimeoutMs + clockSkewMsMax, 1,
                            COMMAND_DEADLINE_MS_MAX),
                    env.integer("BANK_COMMAND_LOOKUPS_MAX", 4, 1, Integer.MAX_VALUE),
                    env.number("BANK_COMMAND_LOOKUP_TIMEOUT_MS", 5_000, 1, Integer.MAX_VALUE));
        }

        public Http withPort(int newPort) {
            return new Http(newPort, instanceId, requestBodyBytesMax, requestTimeoutMs, pendingRequestsMax, commandLingerMs,
                    commandDeadlineMs, commandLookupsMax, commandLookupTimeoutMs);
        }

        public Duration commandDeadline() {
            return Duration.ofMillis(commandDeadlineMs);
        }
    }

    public static AccountServiceConfig fromEnvironment(Env env) {
        Processor processor = Processor.fromEnvironment(env);
        return new AccountServiceConfig(
                ClusterSettings.fromEnvironment(env),
                StreamsSettings.fromEnvironment(env, DEFAULT_APPLICATION_ID, DEFAULT_STATE_DIR),
                processor,
                Http.fromEnvironment(env, processor.clockSkewMsMax()),
                AuthSettings.fromEnvironment(env));
    }

    public AccountServiceConfig withCluster(ClusterSettings newCluster) {
        return new AccountServiceConfig(newCluster, streams, processor, http, auth);
    }

    public AccountServiceConfig withStreams(StreamsSettings newStreams) {
        return new AccountServiceConfig(cluster, newStreams, processor, http, auth);
    }

    public AccountServiceConfig withHttp(Http newHttp) {
        return new AccountServiceConfig(cluster, streams, processor, newHttp, auth);
    }

    public AccountServiceConfig withAuth(AuthSettings newAuth) {
        return new AccountServiceConfig(cluster, streams, processor, http, newAuth);
    }

    public AccountServiceConfig withHttpPort(int port) {
        return withHttp(http.withPort(port));
    }
}

package org.eventbank.platform.tail;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.eventbank.config.Env;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.kafka.LocalKafkaCredentials;
import org.eventbank.platform.launch.LaunchOptions;
import org.eventbank.schemas.topics.TopicSettings;

/**
 * What {@code ./bank tail} reads and from where, from flags first, then environment variables.
 *
 * @param connection       {@code --bootstrap-servers}, else {@code BANK_BOOTSTRAP_SERVERS}, else
 *                         {@code localhost:<BANK_KAFKA_PORT>} with {@code BANK_KAFKA_PORT} defaulting to 9092:
 *                         the broker {@code ./bank up} starts. Who the tail is there: with
 *                         {@code BANK_KAFKA_SECURITY_PROTOCOL} set, the principal the {@code BANK_KAFKA_*} settings
 *                         name, as a service reads them (a locked compose stack: {@code SASL_SSL} with
 *                         {@code BANK_KAFKA_SSL_TRUSTSTORE}); else, when the data folder ({@code --data-dir}, else
 *                         {@code BANK_DATA_DIR}, default {@code ./data}) was made by {@code ./bank up --locked}, its
 *                         admin with the password kept there; else nobody, PLAINTEXT
 * @param topicPrefix      {@code --topic-prefix}, else {@code BANK_TOPIC_PREFIX}, default {@code bank.}
 * @param fromEnd          {@code --from-end}: print only events written from now on; default: the whole ledger
 *                         from the beginning
 * @param untilEnd         {@code --until-end}: exit once every event committed when the tail started has been
 *                         printed, instead of following new ones (for scripts and tests)
 */
public record TailOptions(KafkaConnection connection, String topicPrefix, boolean fromEnd, boolean untilEnd) {

    public static final String USAGE = """
            usage: bank tail [--from-end] [--until-end] [--bootstrap-servers HOST:PORT] [--topic-prefix PREFIX] [--data-dir DIR]
              prints every event of <prefix>account-events, read_committed, one line each
              --from-end            only events written from now on (default: from the beginning)
              --until-end           exit after the events committed so far (default: follow until Ctrl-C)
              --bootstrap-servers   default $BANK_BOOTSTRAP_SERVERS, else localhost:$BANK_KAFKA_PORT (9092)
              --topic-prefix        default $BANK_TOPIC_PREFIX, else bank.
              --data-dir            a locked bank's data folder: the tail connects as its admin (env BANK_DATA_DIR,
                                    default ./data; a folder made without --locked: PLAINTEXT)
              Another locked cluster: set BANK_KAFKA_SECURITY_PROTOCOL, BANK_KAFKA_USERNAME, BANK_KAFKA_PASSWORD
              (and BANK_KAFKA_SSL_TRUSTSTORE with SASL_SSL), as for a service.""";

    public TailOptions {
        Objects.requireNonNull(connection, "connection");
        if (!TopicSettings.isValidPrefix(topicPrefix)) {
            throw new IllegalArgumentException("--topic-prefix must be " + TopicSettings.PREFIX_FORM + ", not '" + topicPrefix + "'");
        }
    }

    /** A tail of an unlocked broker, PLAINTEXT. */
    public TailOptions(String bootstrapServers, String topicPrefix, boolean fromEnd, boolean untilEnd) {
        this(plaintext(bootstrapServers), topicPrefix, fromEnd, untilEnd);
    }

    public String bootstrapServers() {
        return connection.bootstrapServers();
    }

    /** Reads the flags, falling back to the environment. */
    public static TailOptions parse(List<String> args, Env env) {
        String bootstrapServers = env.text("BANK_BOOTSTRAP_SERVERS",
                "localhost:" + env.integer("BANK_KAFKA_PORT", LaunchOptions.DEFAULT_KAFKA_PORT, 1, 65_535));
        String topicPrefix = TopicSettings.fromEnvironment(env).prefix();
        boolean fromEnd = false;
        boolean untilEnd = false;
        String dataDir = env.text("BANK_DATA_DIR", LaunchOptions.DEFAULT_DATA_DIR);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--from-end" -> fromEnd = true;
                case "--until-end" -> untilEnd = true;
                case "--bootstrap-servers" -> bootstrapServers = valueOf(args, ++i, arg);
                case "--topic-prefix" -> topicPrefix = valueOf(args, ++i, arg);
                case "--data-dir" -> dataDir = valueOf(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        String servers = plaintext(bootstrapServers).bootstrapServers().trim();
        // a principal named in the environment (another cluster: the compose stacks), else the local bank's admin
        KafkaConnection connection = env.isSet("BANK_KAFKA_SECURITY_PROTOCOL")
                ? KafkaConnection.fromEnvironment(env).withBootstrapServers(servers)
                : LocalKafkaCredentials.toolConnection(servers, Path.of(dataDir));
        return new TailOptions(connection, topicPrefix, fromEnd, untilEnd);
    }

    /** A blank value is refused naming the flag, not the service setting KafkaConnection would name. */
    private static KafkaConnection plaintext(String bootstrapServers) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be blank");
        }
        return KafkaConnection.plaintext(bootstrapServers);
    }

    private static String valueOf(List<String> args, int index, String flag) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(index);
    }
}

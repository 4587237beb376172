package org.eventbank.platform.tail;

import java.util.List;
import org.eventbank.config.Env;
import org.eventbank.platform.launch.LaunchOptions;
import org.eventbank.schemas.topics.TopicSettings;

/**
 * What {@code ./bank tail} reads and from where, from flags first, then environment variables.
 *
 * @param bootstrapServers {@code --bootstrap-servers}, else {@code BANK_BOOTSTRAP_SERVERS}, else
 *                         {@code localhost:<BANK_KAFKA_PORT>} with {@code BANK_KAFKA_PORT} defaulting to 9092:
 *                         the broker {@code ./bank up} starts
 * @param topicPrefix      {@code --topic-prefix}, else {@code BANK_TOPIC_PREFIX}, default {@code bank.}
 * @param fromEnd          {@code --from-end}: print only events written from now on; default: the whole ledger
 *                         from the beginning
 * @param untilEnd         {@code --until-end}: exit once every event committed when the tail started has been
 *                         printed, instead of following new ones (for scripts and tests)
 */
public record TailOptions(String bootstrapServers, String topicPrefix, boolean fromEnd, boolean untilEnd) {

    public static final String USAGE = """
            usage: bank tail [--from-end] [--until-end] [--bootstrap-servers HOST:PORT] [--topic-prefix PREFIX]
              prints every event of <prefix>account-events, read_committed, one line each
              --from-end            only events written from now on (default: from the beginning)
              --until-end           exit after the events committed so far (default: follow until Ctrl-C)
              --bootstrap-servers   default $BANK_BOOTSTRAP_SERVERS, else localhost:$BANK_KAFKA_PORT (9092)
              --topic-prefix        default $BANK_TOPIC_PREFIX, else bank.""";

    public TailOptions {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be blank");
        }
        if (!TopicSettings.isValidPrefix(topicPrefix)) {
            throw new IllegalArgumentException("--topic-prefix must be " + TopicSettings.PREFIX_FORM + ", not '" + topicPrefix + "'");
        }
    }

    /** Reads the flags, falling back to the environment. */
    public static TailOptions parse(List<String> args, Env env) {
        String bootstrapServers = env.text("BANK_BOOTSTRAP_SERVERS",
                "localhost:" + env.integer("BANK_KAFKA_PORT", LaunchOptions.DEFAULT_KAFKA_PORT, 1, 65_535));
        String topicPrefix = TopicSettings.fromEnvironment(env).prefix();
        boolean fromEnd = false;
        boolean untilEnd = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--from-end" -> fromEnd = true;
                case "--until-end" -> untilEnd = true;
                case "--bootstrap-servers" -> bootstrapServers = valueOf(args, ++i, arg);
                case "--topic-prefix" -> topicPrefix = valueOf(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new TailOptions(bootstrapServers.trim(), topicPrefix, fromEnd, untilEnd);
    }

    private static String valueOf(List<String> args, int index, String flag) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(index);
    }
}

package org.eventbank.schemas.topics;

import org.eventbank.config.Env;
import org.eventbank.config.SettingException;

/**
 * How the bank's topics are laid out on a cluster, read once at start-up.
 *
 * @param prefix            {@code BANK_TOPIC_PREFIX}, default {@code bank.}: prepended to every topic name, so
 *                          several banks (or test runs) can share a cluster. Letters, digits, '.', '_' or '-'. A blank
 *                          value means the default, as for every setting, so there is no empty prefix
 * @param partitions        {@code BANK_PARTITIONS}, default 6: partitions of the commands, events, balances and
 *                          results topics. Set once: an account's partition must never change, since a moved key
 *                          would get a second writer, so the bootstrap refuses a topic with another count
 * @param replicationFactor {@code BANK_REPLICATION_FACTOR}, default 1 (a single local broker), 3 in production:
 *                          replicas of each topic, and of the Streams changelogs and repartition topics. Each of them
 *                          gets {@code min.insync.replicas} = min(2, this) ({@link Topic#minInsyncReplicas}). Below 3
 *                          only on a single-broker cluster: the topic bootstrap refuses it on a cluster of more brokers
 */
public record TopicSettings(String prefix, int partitions, short replicationFactor) {

    public static final String DEFAULT_PREFIX = "bank.";
    public static final int DEFAULT_PARTITIONS = 6;
    public static final short DEFAULT_REPLICATION_FACTOR = 1;
    static final String PREFIX_PATTERN = "[A-Za-z0-9._-]+";
    /** What a topic prefix may be, in the words every refusal uses (a flag's or a variable's). */
    public static final String PREFIX_FORM = "letters, digits, '.', '_' or '-'";

    public TopicSettings {
        SettingException.require(isValidPrefix(prefix), "BANK_TOPIC_PREFIX", PREFIX_FORM, prefix);
        SettingException.require(partitions >= 1, "BANK_PARTITIONS", "at least 1", partitions);
        SettingException.require(replicationFactor >= 1, "BANK_REPLICATION_FACTOR", "at least 1", replicationFactor);
    }

    /** Reads {@code BANK_TOPIC_PREFIX}, {@code BANK_PARTITIONS} and {@code BANK_REPLICATION_FACTOR}. */
    public static TopicSettings fromEnvironment(Env env) {
        return new TopicSettings(
                env.matching("BANK_TOPIC_PREFIX", DEFAULT_PREFIX, PREFIX_PATTERN, PREFIX_FORM),
                env.integer("BANK_PARTITIONS", DEFAULT_PARTITIONS, 1, Integer.MAX_VALUE),
                // read as a short: a cast would wrap 65537 into a replication factor of 1
                (short) env.integer("BANK_REPLICATION_FACTOR", DEFAULT_REPLICATION_FACTOR, 1, Short.MAX_VALUE));
    }

    /** The prefix rule, for a flag that sets the prefix without the rest of the layout ({@code --topic-prefix}). */
    public static boolean isValidPrefix(String prefix) {
        return prefix != null && prefix.matches(PREFIX_PATTERN);
    }

    public static TopicSettings defaults() {
        return new TopicSettings(DEFAULT_PREFIX, DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR);
    }

    public TopicSettings withPrefix(String newPrefix) {
        return new TopicSettings(newPrefix, partitions, replicationFactor);
    }
}

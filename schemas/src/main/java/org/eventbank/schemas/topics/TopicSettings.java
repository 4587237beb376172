package org.eventbank.schemas.topics;

import java.util.Map;

/**
 * How the bank's topics are laid out on a cluster, read once at start-up.
 *
 * @param prefix            prepended to every topic name; default {@code bank.}, so several banks
 *                          (or test runs) can share a cluster
 * @param partitions        partitions of the commands, events, balances and results topics; default
 *                          6. Set once: an account's partition must never change, since a moved key
 *                          would get a second writer, so the bootstrap refuses a topic with another count
 * @param replicationFactor replicas of each topic; default 1 (a single local broker), 3 in production
 */
public record TopicSettings(String prefix, int partitions, short replicationFactor) {

    public static final String DEFAULT_PREFIX = "bank.";
    public static final int DEFAULT_PARTITIONS = 6;
    public static final short DEFAULT_REPLICATION_FACTOR = 1;

    public TopicSettings {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("topic prefix must be letters, digits, '.', '_' or '-', not '" + prefix + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, not " + replicationFactor);
        }
    }

    /**
     * Reads {@code BANK_TOPIC_PREFIX}, {@code BANK_PARTITIONS} and {@code BANK_REPLICATION_FACTOR},
     * each falling back to its default when unset or blank.
     */
    public static TopicSettings fromEnvironment(Map<String, String> env) {
        return new TopicSettings(
                env.getOrDefault("BANK_TOPIC_PREFIX", DEFAULT_PREFIX),
                parse(env, "BANK_PARTITIONS", DEFAULT_PARTITIONS),
                replicationFactor(parse(env, "BANK_REPLICATION_FACTOR", DEFAULT_REPLICATION_FACTOR)));
    }

    /** A cast would wrap 65537 into a replication factor of 1; refuse it instead. */
    private static short replicationFactor(int value) {
        if (value > Short.MAX_VALUE) {
            throw new IllegalArgumentException("BANK_REPLICATION_FACTOR must be at most " + Short.MAX_VALUE + ", not " + value);
        }
        return (short) value;
    }

    private static int parse(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
        }
    }

    public static TopicSettings defaults() {
        return new TopicSettings(DEFAULT_PREFIX, DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR);
    }

    public TopicSettings withPrefix(String newPrefix) {
        return new TopicSettings(newPrefix, partitions, replicationFactor);
    }
}

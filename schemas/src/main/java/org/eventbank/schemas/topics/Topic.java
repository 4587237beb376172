package org.eventbank.schemas.topics;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the bank: its name, how its keys and values are encoded, how many partitions and
 * replicas it has and the topic configs it must carry. Code takes a Topic, never a bare name, so the serdes
 * cannot be paired with the wrong topic.
 *
 * <p>Every topic carries {@code min.insync.replicas} = {@link #minInsyncReplicas min(2, replicationFactor)}: the
 * constructor adds it, so no definition can forget it, and refuses a definition that names another value.
 */
public record Topic<K, V>(
        String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, short replicationFactor, Map<String, String> configs) {

    /**
     * The {@code min.insync.replicas} of every topic with at least this many replicas. With the production
     * replication factor of 3, an {@code acks=all} write is acknowledged only once two brokers have it, so losing
     * any one broker loses no acknowledged write, and one broker may be down (a rolling restart) while writes go on.
     * 3 would stop every write while any one broker is down. Kafka's default, 1, acknowledges a write only the
     * leader has: losing that broker's disk loses it.
     */
    public static final int MIN_INSYNC_REPLICAS = 2;

    public Topic {
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, not " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one replica, not " + replicationFactor);
        }
        String minInsync = Integer.toString(minInsyncReplicas(replicationFactor));
        String named = configs.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        if (named != null && !named.equals(minInsync)) {
            throw new IllegalArgumentException("topic " + name + ": " + TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG + " is min("
                    + MIN_INSYNC_REPLICAS + ", replication factor) = " + minInsync + " on every bank topic, not " + named);
        }
        Map<String, String> withMinInsync = new HashMap<>(configs);
        withMinInsync.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync);
        configs = Map.copyOf(withMinInsync);
    }

    /**
     * The bank's {@code min.insync.replicas} for a topic with this many replicas: min(2, replicationFactor). One place
     * for the rule: the bank's topics, the Streams internal topics and the bootstrap's in-place raise all use it.
     */
    public static int minInsyncReplicas(int replicationFactor) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("a topic needs at least one replica, not " + replicationFactor);
        }
        return Math.min(MIN_INSYNC_REPLICAS, replicationFactor);
    }

    @Override
    public String toString() {
        return name;
    }
}

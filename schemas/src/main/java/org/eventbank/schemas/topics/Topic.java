package org.eventbank.schemas.topics;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the bank: its name, how its keys and values are encoded, how many partitions and
 * replicas it has and the topic configs it must carry. Code takes a Topic, never a bare name, so the serdes
 * cannot be paired with the wrong topic.
 */
public record Topic<K, V>(
        String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, short replicationFactor, Map<String, String> configs) {

    public Topic {
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, not " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one replica, not " + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }

    @Override
    public String toString() {
        return name;
    }
}

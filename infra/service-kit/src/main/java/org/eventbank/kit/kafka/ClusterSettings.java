package org.eventbank.kit.kafka;

import org.eventbank.config.Env;
import org.eventbank.config.SettingException;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;

/**
 * Which Kafka cluster and topics a service works on, read once at start-up; the same variables for
 * every service, so they cannot disagree about the topics.
 *
 * @param bootstrapServers {@code BANK_BOOTSTRAP_SERVERS}, default {@code localhost:9092}: the Kafka cluster
 * @param topics           {@code BANK_TOPIC_PREFIX}, {@code BANK_PARTITIONS}, {@code BANK_REPLICATION_FACTOR}: see
 *                         {@link TopicSettings}
 * @param serdesClass      {@code BANK_SERDES_CLASS}, default blank = Avro single-object encoding: the class name of a
 *                         {@link BankSerdes} implementation to use instead (a registry-backed one, for example)
 */
public record ClusterSettings(String bootstrapServers, TopicSettings topics, String serdesClass) {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    public ClusterSettings {
        SettingException.require(bootstrapServers != null && !bootstrapServers.isBlank(), "BANK_BOOTSTRAP_SERVERS",
                "host:port[,host:port...]", bootstrapServers);
    }

    public static ClusterSettings fromEnvironment(Env env) {
        return new ClusterSettings(env.text("BANK_BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP_SERVERS),
                TopicSettings.fromEnvironment(env), env.text("BANK_SERDES_CLASS", ""));
    }

    public ClusterSettings withBootstrapServers(String servers) {
        return new ClusterSettings(servers, topics, serdesClass);
    }

    public BankSerdes serdes() {
        return BankSerdes.fromClassName(serdesClass);
    }

    public BankTopics bankTopics() {
        return BankTopics.of(topics, serdes());
    }
}

package org.eventbank.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

  private static final Path DIR = Path.of("target", "broker-properties-test");

  @Test
  void configuresACombinedSingleNodeThatSupportsTransactions() {
    Map<String, String> props = BrokerProperties.of(BrokerSettings.persistent(DIR, 9092), 9092, 9093, DIR.resolve("logs"));

    assertThat(props).containsEntry("process.roles", "broker,controller")
        .containsEntry("node.id", "1")
        .containsEntry("listeners", "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093")
        .containsEntry("advertised.listeners", "PLAINTEXT://localhost:9092")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("auto.create.topics.enable", "false");
    // Kafka itself must accept the whole set, not just our expectations of it.
    KafkaConfig config = new KafkaConfig(props, false);
    assertThat(config.logDirs()).containsExactly(DIR.resolve("logs").toAbsolutePath().toString());
  }

  @Test
  void appliesOverridesLast() {
    BrokerSettings settings = BrokerSettings.persistent(DIR, 9092)
        .withOverride("transaction.max.timeout.ms", "10000")
        .withOverride("num.partitions", "1");

    Map<String, String> props = BrokerProperties.of(settings, 9092, 9093, DIR);

    assertThat(props).containsEntry("transaction.max.timeout.ms", "10000").containsEntry("num.partitions", "1");
  }
}

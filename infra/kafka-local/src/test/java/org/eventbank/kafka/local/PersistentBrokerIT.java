package org.eventbank.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentBrokerIT {

  @Test
  void keepsTopicsAndRecordsAcrossARestart(@TempDir Path dataDir) throws Exception {
    BrokerSettings settings = BrokerSettings.persistent(dataDir, 0);
    String topic;
    String clusterId;
    try (KafkaBroker first = KafkaBroker.start(settings)) {
      clusterId = first.clusterId();
      topic = KafkaSmoke.createTopic(first.bootstrapServers(), "persistent");
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(KafkaSmoke.producerConfig(first.bootstrapServers()))) {
        producer.send(new ProducerRecord<>(topic, "key", "survives a restart")).get();
      }
    }
    assertThat(dataDir).isNotEmptyDirectory();

    try (KafkaBroker second = KafkaBroker.start(settings)) {
      assertThat(second.clusterId()).isEqualTo(clusterId);
      assertThat(KafkaSmoke.readCommitted(second.bootstrapServers(), topic, 1))
          .containsExactly("survives a restart");
    }
  }

  @Test
  void closeIsIdempotentAndDeletesTemporaryData() {
    KafkaBroker broker = KafkaBroker.start(BrokerSettings.temporary());
    broker.close();
    broker.close();
    assertThat(broker.dataDir()).doesNotExist();
  }
}

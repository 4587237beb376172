package org.eventbank.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionIT {

  private static KafkaBroker fromBeforeAll;
  private final KafkaBroker kafka;

  KafkaBrokerExtensionIT(KafkaBroker kafka) {
    this.kafka = kafka;
  }

  @BeforeAll
  static void rememberBroker(KafkaBroker broker) {
    fromBeforeAll = broker;
  }

  @Test
  void injectsOneSharedBrokerEverywhere(KafkaBroker fromMethod) {
    assertThat(fromMethod)
        .isSameAs(kafka)
        .isSameAs(fromBeforeAll)
        .isSameAs(KafkaBrokerExtension.sharedBroker());
    assertThat(kafka.bootstrapServers()).matches("localhost:\\d+");
    assertThat(kafka.dataDir()).isDirectory();
  }

  @Test
  void describesTheSingleNodeCluster() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      assertThat(admin.describeCluster().nodes().get()).singleElement()
          .satisfies(node -> assertThat(node.id()).isEqualTo(1));
      assertThat(admin.describeCluster().clusterId().get()).isEqualTo(kafka.clusterId());
    }
  }

  @Test
  void producesAndConsumes() throws Exception {
    KafkaSmoke.produceAndConsume(kafka.bootstrapServers());
  }

  @Test
  void readCommittedConsumersSeeOnlyCommittedTransactions() throws Exception {
    String topic = KafkaSmoke.createTopic(kafka.bootstrapServers(), "transactions");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(KafkaSmoke.transactionalProducerConfig(kafka.bootstrapServers()))) {
      producer.initTransactions();
      sendInTransaction(producer, topic, "committed", true);
      sendInTransaction(producer, topic, "aborted", false);
      // Reading this marker proves the consumer got past the aborted transaction.
      sendInTransaction(producer, topic, "committed-after-abort", true);
    }

    assertThat(KafkaSmoke.readCommitted(kafka.bootstrapServers(), topic, 2))
        .isEqualTo(List.of("committed", "committed-after-abort"));
  }

  private static void sendInTransaction(
      KafkaProducer<String, String> producer, String topic, String value, boolean commit) {
    producer.beginTransaction();
    producer.send(new ProducerRecord<>(topic, "account-1", value));
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.flush();
      producer.abortTransaction();
    }
  }
}

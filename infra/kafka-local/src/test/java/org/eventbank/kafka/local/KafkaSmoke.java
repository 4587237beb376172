package org.eventbank.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client-side helpers shared by the broker tests, so every broker flavour gets the same checks. */
final class KafkaSmoke {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private KafkaSmoke() {}

  /** Creates a topic, writes one record and reads it back through a read_committed consumer group. */
  static void produceAndConsume(String bootstrapServers) throws Exception {
    String topic = createTopic(bootstrapServers, "smoke");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrapServers))) {
      producer.send(new ProducerRecord<>(topic, "key", "hello")).get();
    }
    assertThat(readCommitted(bootstrapServers, topic, 1)).containsExactly("hello");
  }

  /** Creates a single-partition topic with a unique name starting with {@code prefix}. */
  static String createTopic(String bootstrapServers, String prefix) throws ExecutionException, InterruptedException {
    String topic = prefix + "-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    return topic;
  }

  static Map<String, Object> producerConfig(String bootstrapServers) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.ACKS_CONFIG, "all");
  }

  static Map<String, Object> transactionalProducerConfig(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>(producerConfig(bootstrapServers));
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kafka-local-test-" + UUID.randomUUID());
    return config;
  }

  /**
   * Reads values from the start of {@code topic} as a new consumer group with
   * {@code isolation.level=read_committed}, until {@code expected} values arrived or time ran out.
   */
  static List<String> readCommitted(String bootstrapServers, String topic, int expected) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "kafka-local-test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> values = new ArrayList<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }
}

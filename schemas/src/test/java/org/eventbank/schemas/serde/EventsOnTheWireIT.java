package org.eventbank.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.schemas.SampleRecords;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.Topic;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a consumer in another team sees: every event type on one topic, read with a plain
 * {@code read_committed} consumer as raw bytes, told apart by the fingerprint in the header.
 */
@ExtendWith(KafkaBrokerExtension.class)
class EventsOnTheWireIT {

    @Test
    void shouldCarryEveryEventTypeOnOneTopicByteForByteAndHideAbortedTransactions(KafkaBroker broker) throws Exception {
        BankSerdes serdes = BankSerdes.singleObject();
        BankTopics topics = BankTopics.of(TopicSettings.defaults().withPrefix("t" + UUID.randomUUID() + "."), serdes);
        Topic<String, SpecificRecord> events = topics.events();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            // the topic as defined in the contract; the bootstrap that checks existing topics lives in the service kit
            admin.createTopics(List.of(new NewTopic(events.name(), events.partitions(), events.replicationFactor())
                    .configs(events.configs()))).all().get(30, TimeUnit.SECONDS);
        }

        List<byte[]> committed = new ArrayList<>();
        try (var producer = new KafkaProducer<>(producerConfig(broker), events.keySerde().serializer(), events.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (SpecificRecord event : SampleRecords.events()) {
                producer.send(new ProducerRecord<>(events.name(), "acc-1", event));
                committed.add(events.valueSerde().serializer().serialize(events.name(), event));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(events.name(), "acc-1", SampleRecords.withdrawn()));
            producer.flush();
            producer.abortTransaction();
        }

        int eventTypes = SampleRecords.events().size();
        List<ConsumerRecord<String, byte[]>> read = readAll(broker, events.name(), eventTypes, "read_committed");
        // The aborted record is in the log: only isolation hides it.
        assertThat(readAll(broker, events.name(), eventTypes + 1, "read_uncommitted")).hasSize(eventTypes + 1);

        assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(committed);
        assertThat(read).extracting(record -> typeByFingerprint(record.value()))
                .containsExactly("AccountOpened", "Deposited", "Withdrawn", "AccountClosed", "TransferDebited", "TransferCredited",
                        "TransferReversed");
        assertThat(read).extracting(record -> events.valueSerde().deserializer().deserialize(events.name(), record.value()))
                .containsExactlyElementsOf(SampleRecords.events());
    }

    private static String typeByFingerprint(byte[] value) {
        long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return SchemaCatalog.builtIn().byFingerprint(fingerprint).orElseThrow().getName();
    }

    private static Map<String, Object> producerConfig(KafkaBroker broker) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "events-on-the-wire-" + UUID.randomUUID(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    /** Reads until {@code expected} records arrived and then one more poll, so a leaked aborted record would show. */
    private static List<ConsumerRecord<String, byte[]>> readAll(KafkaBroker broker, String topic, int expected, String isolation) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (records.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }
}

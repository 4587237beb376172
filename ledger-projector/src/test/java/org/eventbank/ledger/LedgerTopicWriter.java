package org.eventbank.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.topics.TopicBootstrap;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.kafka.EventMapper;
import org.eventbank.schemas.topics.BankTopics;

/**
 * Writes events straight to the events topic, as the command side would but with any timestamps
 * (the command side cannot backdate): a transactional, idempotent producer with the schemas serde,
 * record timestamp = occurredAt.
 */
final class LedgerTopicWriter implements AutoCloseable {

    static final int TRANSACTION_SIZE_MAX = 5_000;

    private final KafkaProducer<String, SpecificRecord> producer;
    private final BankTopics topics;

    LedgerTopicWriter(String bootstrapServers, BankTopics topics) {
        this(KafkaConnection.plaintext(bootstrapServers), topics);
    }

    /** A writer connecting as {@code connection}'s principal (on a broker that authenticates). */
    LedgerTopicWriter(KafkaConnection connection, BankTopics topics) {
        // the topic bootstrap, the step before any service starts: the projector only checks the topics
        TopicBootstrap.ensure(connection, topics.all(), Duration.ofSeconds(30));
        Map<String, Object> config = connection.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ledger-writer-" + UUID.randomUUID());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(config, topics.events().keySerde().serializer(), topics.events().valueSerde().serializer());
        this.producer.initTransactions();
        this.topics = topics;
    }

    void write(List<LedgerEvent> events) {
        for (int start = 0; start < events.size(); start += TRANSACTION_SIZE_MAX) {
            producer.beginTransaction();
            send(events.subList(start, Math.min(events.size(), start + TRANSACTION_SIZE_MAX)));
            producer.commitTransaction();
        }
    }

    /**
     * Sends these events in a transaction that stays open until {@link OpenTransaction#commit()}: what readers
     * see of a writer between its decision and its commit (the records are in the log, read_committed readers
     * stop before them). Closing it without a commit aborts it.
     */
    OpenTransaction begin(List<LedgerEvent> events) {
        producer.beginTransaction();
        send(events);
        producer.flush();
        return new OpenTransaction();
    }

    /** These events in a transaction that is aborted: records and an abort marker in the log, nothing for readers. */
    void writeAborted(List<LedgerEvent> events) {
        producer.beginTransaction();
        send(events);
        producer.flush();
        producer.abortTransaction();
    }

    /** A transaction of this writer that is still open. */
    final class OpenTransaction implements AutoCloseable {

        private boolean ended;

        void commit() {
            producer.commitTransaction();
            ended = true;
        }

        @Override
        public void close() {
            if (!ended) {
                producer.abortTransaction();
                ended = true;
            }
        }
    }

    private void send(List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            producer.send(new ProducerRecord<>(topics.events().name(), null, event.occurredAt().toEpochMilli(),
                    event.accountId(), EventMapper.toAvro(event, "cmd-" + event.eventId())));
        }
    }

    /** The partition the default partitioner gives this key on a topic of {@code partitions} partitions. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The first key {@code prefix0}, {@code prefix1}, ... that lands on {@code partition}. */
    static String keyOnPartition(String prefix, int partition, int partitions) {
        for (int i = 0; ; i++) {
            if (partitionOf(prefix + i, partitions) == partition) {
                return prefix + i;
            }
        }
    }

    /** Bytes that are no event at all, committed like any other record. */
    static void writeGarbage(String bootstrapServers, String topic, String key) {
        writeRaw(bootstrapServers, topic, key, java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 1}));
    }

    /** These bytes as one record's value, committed like any other record. */
    static void writeRaw(String bootstrapServers, String topic, String key, java.nio.ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, key, bytes));
            raw.flush();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}

package org.eventbank.account.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.kafka.AvroMapper;
import org.eventbank.schemas.topics.Topic;

/** Reads a whole topic (the events, or the results) as a plain read_committed consumer would, decoding with the schemas serde. */
final class LedgerReader {

    private LedgerReader() {
    }

    /** Every committed event up to the current last stable offset of each partition. */
    static List<AccountEvent> readAll(String bootstrapServers, Topic<String, SpecificRecord> events) {
        return readValues(bootstrapServers, events).stream().map(AvroMapper::fromAvro).collect(Collectors.toList());
    }

    /** Every committed value of {@code topic} up to the current last stable offset of each partition. */
    static <V> List<V> readValues(String bootstrapServers, Topic<String, V> topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledger-reader-" + UUID.randomUUID());
        try (var consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<V> read = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("topic " + topic.name() + " not read to its end within 60 s");
                }
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(record.value());
                }
            }
            return read;
        }
    }

    static List<AccountEvent> of(List<AccountEvent> events, String accountId) {
        return events.stream().filter(e -> e.accountId().equals(accountId)).collect(Collectors.toList());
    }
}

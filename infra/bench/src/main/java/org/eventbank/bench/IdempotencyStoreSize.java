package org.eventbank.bench;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.account.kafka.CommandProcessorTopology;
import org.eventbank.kit.kafka.CommittedReads;

/**
 * How many entries the command processor's idempotency store holds, counted exactly from its changelog
 * ({@code <application id>-idempotency-changelog}, read_committed, from the start): the keys whose last record is a
 * value, not a tombstone. Read from Kafka rather than asked of the service, so it counts the same for any release of
 * the account-service (before and after the purge was changed, decision 0014). Keys are held as 64-bit FNV-1a hashes,
 * about 50 bytes each on the heap: a few million keys take a few hundred MB.
 */
final class IdempotencyStoreSize {

    private static final Duration POLL = Duration.ofMillis(200);

    private IdempotencyStoreSize() {
    }

    static String changelog(String applicationId) {
        return applicationId + "-" + CommandProcessorTopology.IDEMPOTENCY_STORE + "-changelog";
    }

    /** The live entries, or empty when the changelog does not exist (no keyed command was ever remembered). */
    static OptionalLong count(KafkaConnection connection, String applicationId, Duration timeout) {
        String topic = changelog(applicationId);
        Properties props = CommittedReads.consumerProperties(connection, "bench-idempotency-count-" + UUID.randomUUID());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return OptionalLong.empty();
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Set<Long> live = new HashSet<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " not read to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    long key = fnv1a64(record.key());
                    if (record.value() == null) {
                        live.remove(key);
                    } else {
                        live.add(key);
                    }
                }
            }
            return OptionalLong.of(live.size());
        }
    }

    static long fnv1a64(byte[] bytes) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}

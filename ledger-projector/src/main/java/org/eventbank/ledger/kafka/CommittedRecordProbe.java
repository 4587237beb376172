package org.eventbank.ledger.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.kafka.CommittedReads;

/**
 * Finds the first committed record of a ledger partition in an offset range, reading read_committed with a
 * consumer of its own (assigned, no group, nothing decoded). Offsets are not records: a transaction's commit or
 * abort marker takes an offset, and so does every record of an aborted transaction. The fold never sees them, so
 * its committed offset can stay below the last stable offset of a partition that has nothing more to fold: a task
 * that has folded nothing since it started (a partition holding only an aborted transaction, a restart whose last
 * commit came before the marker) never commits there. This probe tells "nothing committed in between" from "records
 * still to fold", so such a partition counts as caught up instead of stalling finality and the rebuild's readiness.
 *
 * <p>Used from one thread only (a consumer is not thread-safe). The ledger below a last stable offset never
 * changes, so the answer for a range is remembered (the last range per partition: a bounded map).
 */
final class CommittedRecordProbe implements AutoCloseable {

    /** The longest one probe reads before it gives up (and the range counts as not caught up). */
    static final Duration PROBE_TIMEOUT_MAX = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(50);

    private record Range(long from, long upTo) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Map<Integer, Map.Entry<Range, Long>> lastAnswer = new HashMap<>();

    CommittedRecordProbe(Consumer<byte[], byte[]> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
    }

    /** A probe reading {@code topic} on the cluster {@code connection} reaches. */
    static CommittedRecordProbe create(KafkaConnection connection, String clientId, String topic) {
        Properties config = CommittedReads.consumerProperties(connection, clientId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // only the first record matters: keep what one probe fetches small
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024);
        return new CommittedRecordProbe(new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()), topic);
    }

    /**
     * The offset of the first committed record of {@code partition} at or after {@code from} and below {@code upTo},
     * {@code upTo} when there is none (only markers and aborted records in between), or empty when that could not be
     * read within {@link #PROBE_TIMEOUT_MAX}. {@code upTo} must not be above the partition's last stable offset.
     */
    OptionalLong firstCommittedRecord(int partition, long from, long upTo) {
        if (from >= upTo) {
            return OptionalLong.of(upTo);
        }
        Range range = new Range(from, upTo);
        Map.Entry<Range, Long> remembered = lastAnswer.get(partition);
        if (remembered != null && remembered.getKey().equals(range)) {
            return OptionalLong.of(remembered.getValue());
        }
        TopicPartition topicPartition = new TopicPartition(topic, partition);
        consumer.assign(List.of(topicPartition));
        consumer.seek(topicPartition, from);
        long deadline = System.nanoTime() + PROBE_TIMEOUT_MAX.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(topicPartition)) {
                return remember(partition, range, Math.min(record.offset(), upTo));
            }
            // the consumer moves past markers and aborted records without returning anything
            if (consumer.position(topicPartition) >= upTo) {
                return remember(partition, range, upTo);
            }
        }
        return OptionalLong.empty();
    }

    private OptionalLong remember(int partition, Range range, long answer) {
        lastAnswer.put(partition, Map.entry(range, answer));
        return OptionalLong.of(answer);
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
    }
}

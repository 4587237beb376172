package org.eventbank.account.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.schemas.topics.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the transfer instructions the command processor has passed. The topic keeps records forever by time
 * ({@code retention.ms=-1}: an instruction carries money and must not expire before it is processed), so without this
 * it would grow by every transfer's instructions for good. Every {@link #INTERVAL} it reads the processor group's
 * committed offsets on the instruction partitions (committed with the transactions that acted on them, exactly once)
 * and deletes the records below them, as Kafka Streams does for its own repartition topics. Every instance runs it;
 * deleting below an offset twice is harmless. A failed run is logged and tried again at the next.
 */
public final class InstructionPurge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstructionPurge.class);

    /** How often the processed instructions are deleted: a minute of transfers stays on disk at most, a few MB. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final String groupId;
    private final List<TopicPartition> partitions;
    private final ScheduledExecutorService scheduler;
    private final Map<TopicPartition, Long> deletedBelow = new HashMap<>();

    private InstructionPurge(Admin admin, String groupId, List<TopicPartition> partitions) {
        this.admin = admin;
        this.groupId = groupId;
        this.partitions = partitions;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "transfer-instruction-purge");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts purging {@code instructions} below the committed offsets of the processor's group {@code groupId}. */
    public static InstructionPurge start(KafkaConnection connection, Topic<String, ?> instructions, String groupId) {
        Map<String, Object> config = connection.clientConfig();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        Admin admin = Admin.create(config);
        List<TopicPartition> partitions = IntStream.range(0, instructions.partitions())
                .mapToObj(p -> new TopicPartition(instructions.name(), p)).toList();
        InstructionPurge purge = new InstructionPurge(admin, groupId, partitions);
        purge.scheduler.scheduleWithFixedDelay(purge::purgeOnce, INTERVAL.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return purge;
    }

    /** One run: deletes below each partition's committed offset that moved since the last run; returns how many partitions. */
    int purgeOnce() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            Map.of(groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)))
                    .partitionsToOffsetAndMetadata(groupId).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, RecordsToDelete> toDelete = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null && offset.offset() > deletedBelow.getOrDefault(partition, 0L)) {
                    toDelete.put(partition, RecordsToDelete.beforeOffset(offset.offset()));
                }
            });
            if (toDelete.isEmpty()) {
                return 0;
            }
            admin.deleteRecords(toDelete).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            toDelete.forEach((partition, records) -> deletedBelow.put(partition, records.beforeOffset()));
            log.debug("deleted processed transfer instructions below {}", toDelete);
            return toDelete.size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            log.warn("could not delete processed transfer instructions of group {} (tried again in {} s): {}", groupId,
                    INTERVAL.toSeconds(), e.toString());
            return 0;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}

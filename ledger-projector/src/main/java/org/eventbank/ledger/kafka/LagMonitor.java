package org.eventbank.ledger.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How far the projector is behind the ledger, per partition of the events topic, the figure an
 * operator pages on. Every {@link #REFRESH} it asks the cluster for the last stable offset
 * (read_committed end) of each partition and the application's committed offset:
 * <ul>
 *   <li>{@code ledger_projector_lag_records{partition}} = end - committed: records not yet folded
 *       (and committed). A partition whose last write was a transaction can show 1 while idle until
 *       the next commit: the commit marker takes an offset. Page on a value that stays above a
 *       threshold, not on 1.
 *   <li>{@code ledger_projector_lag_seconds{partition}} = 0 when lag_records is at most 1, else now
 *       minus the timestamp (occurredAt) of the last record this instance folded from the partition;
 *       NaN for partitions this instance has not folded since start.
 * </ul>
 * The committed offsets are the group's, so the lag keeps growing, visibly, after the projector has
 * stopped on a bad record, which is exactly when someone must be paged.
 */
public final class LagMonitor implements AutoCloseable {

    static final Duration REFRESH = Duration.ofSeconds(5);
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);

    private final Admin admin;
    private final String groupId;
    private final String topic;
    private final int partitions;
    private final ProjectionProgress progress;
    private final Map<Integer, Long> lagRecords = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-projector-lag-monitor");
        thread.setDaemon(true);
        return thread;
    });

    public LagMonitor(Admin admin, String groupId, String topic, int partitions, ProjectionProgress progress, MeterRegistry registry) {
        this.admin = admin;
        this.groupId = groupId;
        this.topic = topic;
        this.partitions = partitions;
        this.progress = progress;
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            Gauge.builder("ledger.projector.lag.records", () -> lagRecords.getOrDefault(partition, -1L).doubleValue())
                    .description("Ledger records not yet folded and committed by the projector (-1: unknown yet)")
                    .tag("partition", Integer.toString(partition)).register(registry);
            Gauge.builder("ledger.projector.lag.seconds", () -> lagSeconds(partition))
                    .description("Now minus the occurredAt of the last record folded, while records are waiting; 0 when caught up")
                    .tag("partition", Integer.toString(partition)).register(registry);
        }
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    private double lagSeconds(int partition) {
        Long records = lagRecords.get(partition);
        if (records != null && records <= 1) {
            return 0;
        }
        ProjectionProgress.Position last = progress.lastByPartition().get(partition);
        if (last == null) {
            return Double.NaN;
        }
        return Math.max(0, System.currentTimeMillis() - last.timestampMs()) / 1000.0;
    }

    private void refresh() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (var end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                long position = offset == null ? 0 : offset.offset();
                lagRecords.put(end.getKey().partition(), Math.max(0, end.getValue().offset() - position));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Cannot refresh the projector's lag: {}", e.toString());
        }
    }

    /** The last lag figures, by partition (tests and logs). */
    public Map<Integer, Long> lagRecords() {
        return Map.copyOf(lagRecords);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

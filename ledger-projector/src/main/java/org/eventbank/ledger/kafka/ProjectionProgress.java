package org.eventbank.ledger.kafka;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What this instance's fold has processed: per partition of the events topic the last offset and
 * record timestamp, a count of records since start, and why the fold stopped if it did. Read by the
 * metrics (lag in seconds), by readiness, and by tests that prove a restart resumes instead of
 * starting over. It also holds, per partition, the instant up to which answers are final (moved on by
 * {@link FinalityTracker}, read by asOf queries and checked by the fold) and the count of events that
 * arrived for an instant already final; and which partitions are folded here now ({@link #folding}), the
 * only ones whose stores queries may read. Thread-safe: stream threads write, HTTP threads read.
 */
public final class ProjectionProgress {

    /** The last record folded from one partition. */
    public record Position(long offset, long timestampMs) {
    }

    private final Map<Integer, Position> lastByPartition = new ConcurrentHashMap<>();
    private final AtomicLong recordsProcessed = new AtomicLong();
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private final Map<Integer, Instant> finalUpTo = new ConcurrentHashMap<>();
    private final AtomicLong lateEvents = new AtomicLong();
    private final LivePartitions folding = new LivePartitions();
    private final LivePartitions transferViews = new LivePartitions();

    /**
     * The partitions whose task of one view (the fold of the accounts, or the transfer view) runs on this instance now,
     * active and with its stores restored: Kafka Streams initializes a task's processor only once its stores are
     * restored, and closes it before the task is suspended, closed, or turned into a standby. Through a rebalance these
     * partitions keep answering; a partition being restored or kept as a standby copy is never among them, so an answer
     * from these stores is never a stale copy.
     */
    public static final class LivePartitions {

        private final Set<Integer> partitions = ConcurrentHashMap.newKeySet();

        /** The processor of the partition's task was initialized here. */
        void started(int partition) {
            partitions.add(partition);
        }

        /** The processor of the partition's task was closed here. */
        void stopped(int partition) {
            partitions.remove(partition);
        }

        public boolean contains(int partition) {
            return partitions.contains(partition);
        }

        /** The partitions now, sorted. */
        public List<Integer> now() {
            return partitions.stream().sorted().toList();
        }
    }

    /** The partitions of the ledger folded here now: the only ones whose account stores queries may read. */
    public LivePartitions folding() {
        return folding;
    }

    /** The partitions of the transferIds whose transfer view runs here now. */
    public LivePartitions transferViews() {
        return transferViews;
    }

    void processed(int partition, long offset, long timestampMs) {
        lastByPartition.put(partition, new Position(offset, timestampMs));
        recordsProcessed.incrementAndGet();
    }

    /** The fold met a record it must not skip; the first reason is kept (later ones follow from it). */
    void stopped(String reason) {
        stopReason.compareAndSet(null, reason);
    }

    /** Why the fold stopped, if it did: shown by /health/ready beside the client's state, so no one has to search the log. */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason.get());
    }

    public Map<Integer, Position> lastByPartition() {
        return Map.copyOf(lastByPartition);
    }

    /** Records folded by this instance since it started (not restored from a changelog). */
    public long recordsProcessed() {
        return recordsProcessed.get();
    }

    /** Moves the partition's final instant on to {@code instant}; never back (a clock stepped back changes nothing). */
    void finalUpTo(int partition, Instant instant) {
        finalUpTo.merge(partition, instant, (old, proposed) -> proposed.isAfter(old) ? proposed : old);
    }

    /** The instant up to which the partition's answers are final, if any is vouched for yet. */
    public Optional<Instant> finalUpTo(int partition) {
        return Optional.ofNullable(finalUpTo.get(partition));
    }

    /** An event was folded with an occurredAt its partition had already been declared final for; returns the count. */
    long lateEvent() {
        return lateEvents.incrementAndGet();
    }

    /** Events folded for an instant that was already final: each one means an earlier asOf answer was wrong. */
    public long lateEvents() {
        return lateEvents.get();
    }
}

package org.eventbank.ledger.kafka;

import java.time.Instant;
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
 * arrived for an instant already final; and which partitions are folded here now ({@link #foldingPartitions}), the
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
    private final Set<Integer> folding = ConcurrentHashMap.newKeySet();
    private final Set<Integer> transferViews = ConcurrentHashMap.newKeySet();

    /** The fold of the partition starts here: its task is active and its stores restored, from now until {@link #foldStopped}. */
    void foldStarted(int partition) {
        folding.add(partition);
    }

    /** The fold of the partition stops here: its task is suspended, closed or moved. */
    void foldStopped(int partition) {
        folding.remove(partition);
    }

    /**
     * The partitions of the ledger folded by an active task of this instance now, with their stores restored: Kafka
     * Streams initializes the fold only once a task's stores are restored, and closes it before the task is suspended,
     * closed, or turned into a standby. Through a rebalance these partitions keep answering; a partition being restored
     * or kept as a standby copy is never among them, so an answer from these stores is never a stale copy.
     */
    public Set<Integer> foldingPartitions() {
        return Set.copyOf(folding);
    }

    /** The transfer view of the partition (of the transferIds) starts here, as {@link #foldStarted} for the accounts. */
    void transferViewStarted(int partition) {
        transferViews.add(partition);
    }

    void transferViewStopped(int partition) {
        transferViews.remove(partition);
    }

    /** The partitions of the transferIds whose view an active, restored task of this instance keeps now. */
    public Set<Integer> transferViewPartitions() {
        return Set.copyOf(transferViews);
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

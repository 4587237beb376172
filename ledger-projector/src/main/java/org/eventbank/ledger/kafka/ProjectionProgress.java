package org.eventbank.ledger.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What this instance's fold has processed: per partition of the events topic the last offset and
 * record timestamp, a count of records since start, and why the fold stopped if it did. Read by the
 * metrics (lag in seconds), by readiness, and by tests that prove a restart resumes instead of
 * starting over. Thread-safe: stream threads write, HTTP threads read.
 */
public final class ProjectionProgress {

    /** The last record folded from one partition. */
    public record Position(long offset, long timestampMs) {
    }

    private final Map<Integer, Position> lastByPartition = new ConcurrentHashMap<>();
    private final AtomicLong recordsProcessed = new AtomicLong();
    private final AtomicReference<String> stopReason = new AtomicReference<>();

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
}

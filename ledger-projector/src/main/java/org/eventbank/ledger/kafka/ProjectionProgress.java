package org.eventbank.ledger.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this instance's fold has processed: per partition of the events topic the last offset and
 * record timestamp, and a count of records since start. Read by the metrics (lag in seconds) and by
 * tests that prove a restart resumes instead of starting over. Thread-safe: stream threads write,
 * HTTP threads read.
 */
public final class ProjectionProgress {

    /** The last record folded from one partition. */
    public record Position(long offset, long timestampMs) {
    }

    private final Map<Integer, Position> lastByPartition = new ConcurrentHashMap<>();
    private final AtomicLong recordsProcessed = new AtomicLong();

    void processed(int partition, long offset, long timestampMs) {
        lastByPartition.put(partition, new Position(offset, timestampMs));
        recordsProcessed.incrementAndGet();
    }

    public Map<Integer, Position> lastByPartition() {
        return Map.copyOf(lastByPartition);
    }

    /** Records folded by this instance since it started (not restored from a changelog). */
    public long recordsProcessed() {
        return recordsProcessed.get();
    }
}

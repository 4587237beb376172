package org.eventbank.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size log-linear histogram of latencies in microseconds: bounded memory (a few thousand
 * counters) whatever the number of samples, safe to record into from many threads.
 *
 * <p>Values below {@value #SUB_BUCKETS} µs have a bucket each; above, every power of two is split
 * into {@value #SUB_BUCKETS} equal buckets, so a percentile is reported within 1/{@value #SUB_BUCKETS}
 * (about 1.6%) of the true sample, always rounded <em>up</em> (a latency figure should not flatter),
 * and never above the largest value recorded. Values from {@value #MAX_MICROS} µs (about 19 hours)
 * on share the last bucket. A shortcut for HdrHistogram, which this module does not depend on.
 */
public final class LatencyHistogram {

    static final int SUB_BUCKET_BITS = 6;
    static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** Highest power of two covered: 2^36 µs. */
    static final int MAGNITUDES = 36 - SUB_BUCKET_BITS + 1;
    static final long MAX_MICROS = 1L << 36;
    private static final int BUCKETS = SUB_BUCKETS * (MAGNITUDES + 1);

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong sumMicros = new AtomicLong();
    private final AtomicLong maxMicros = new AtomicLong();

    /** Records one latency given in nanoseconds; negative values count as zero. */
    public void recordNanos(long nanos) {
        recordMicros(Math.max(0, nanos) / 1_000);
    }

    public void recordMicros(long micros) {
        long value = Math.max(0, micros);
        counts.incrementAndGet(bucketOf(value));
        total.incrementAndGet();
        sumMicros.addAndGet(value);
        maxMicros.accumulateAndGet(value, Math::max);
    }

    public long count() {
        return total.get();
    }

    public long maxMicros() {
        return maxMicros.get();
    }

    public double meanMicros() {
        long n = total.get();
        return n == 0 ? 0 : (double) sumMicros.get() / n;
    }

    /**
     * The smallest recorded value v (to bucket precision) such that at least {@code quantile} of the
     * samples are at most v; 0 when empty.
     *
     * @param quantile from 0 to 1, for example 0.99
     */
    public long percentileMicros(double quantile) {
        if (quantile < 0 || quantile > 1) {
            throw new IllegalArgumentException("quantile must be within 0..1, not " + quantile);
        }
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * n));
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts.get(bucket);
            if (seen >= rank) {
                return Math.min(highestValueIn(bucket), maxMicros.get());
            }
        }
        return maxMicros.get();
    }

    /** A summary in milliseconds, for reports. */
    public LatencySummary summary() {
        return new LatencySummary(count(), meanMicros() / 1000.0, percentileMicros(0.50) / 1000.0,
                percentileMicros(0.95) / 1000.0, percentileMicros(0.99) / 1000.0, percentileMicros(0.999) / 1000.0,
                maxMicros() / 1000.0);
    }

    static int bucketOf(long micros) {
        if (micros < SUB_BUCKETS) {
            return (int) micros;
        }
        if (micros >= MAX_MICROS) {
            return BUCKETS - 1;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(micros); // >= SUB_BUCKET_BITS
        int shift = magnitude - SUB_BUCKET_BITS;
        int sub = (int) (micros >>> shift) - SUB_BUCKETS; // 0..SUB_BUCKETS-1
        return (shift + 1) * SUB_BUCKETS + sub;
    }

    static long highestValueIn(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        if (bucket == BUCKETS - 1) {
            return Long.MAX_VALUE;
        }
        int shift = bucket / SUB_BUCKETS - 1;
        long sub = bucket % SUB_BUCKETS;
        long lowest = (SUB_BUCKETS + sub) << shift;
        return lowest + (1L << shift) - 1;
    }

    /**
     * Latency figures in milliseconds.
     *
     * @param count  samples
     * @param meanMs arithmetic mean
     */
    public record LatencySummary(long count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double p999Ms,
                                 double maxMs) {
    }
}

package org.eventbank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void shouldReportZeroForAnEmptyHistogram() {
        LatencyHistogram histogram = new LatencyHistogram();

        assertThat(histogram.count()).isZero();
        assertThat(histogram.percentileMicros(0.99)).isZero();
        assertThat(histogram.summary().maxMs()).isZero();
    }

    @Test
    void shouldReportSmallValuesExactly() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int micros = 1; micros <= 50; micros++) {
            histogram.recordMicros(micros);
        }

        assertThat(histogram.percentileMicros(0.5)).isEqualTo(25);
        assertThat(histogram.percentileMicros(0.98)).isEqualTo(49);
        assertThat(histogram.percentileMicros(1.0)).isEqualTo(50);
        assertThat(histogram.meanMicros()).isEqualTo(25.5);
    }

    @Test
    void shouldMatchExactPercentilesWithinOnePointSixPercentAndNeverBelowThem() {
        SplittableRandom random = new SplittableRandom(7);
        long[] samples = IntStream.range(0, 100_000)
                // latencies from 50 µs to about 2 s, log-uniform like real ones
                .mapToLong(i -> (long) Math.exp(Math.log(50) + random.nextDouble() * (Math.log(2_000_000) - Math.log(50))))
                .toArray();
        LatencyHistogram histogram = new LatencyHistogram();
        Arrays.stream(samples).forEach(histogram::recordMicros);
        long[] sorted = samples.clone();
        Arrays.sort(sorted);

        for (double quantile : new double[] {0.5, 0.95, 0.99, 0.999}) {
            long exact = sorted[(int) Math.ceil(quantile * sorted.length) - 1];
            long reported = histogram.percentileMicros(quantile);
            assertThat(reported).as("p%s", quantile * 100).isGreaterThanOrEqualTo(exact);
            assertThat((double) reported).as("p%s", quantile * 100).isCloseTo(exact, within(exact / 64.0 + 1));
        }
        assertThat(histogram.maxMicros()).isEqualTo(sorted[sorted.length - 1]);
        assertThat(histogram.percentileMicros(1.0)).isEqualTo(sorted[sorted.length - 1]);
    }

    @Test
    void shouldNeverReportAPercentileAboveTheLargestValueRecorded() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordMicros(1_000_001);

        assertThat(histogram.percentileMicros(0.5)).isEqualTo(1_000_001);
    }

    @Test
    void shouldKeepPercentilesInOrder() {
        LatencyHistogram histogram = new LatencyHistogram();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            histogram.recordNanos(random.nextLong(1, 5_000_000_000L));
        }
        LatencyHistogram.LatencySummary summary = histogram.summary();

        assertThat(summary.p50Ms()).isLessThanOrEqualTo(summary.p95Ms());
        assertThat(summary.p95Ms()).isLessThanOrEqualTo(summary.p99Ms());
        assertThat(summary.p99Ms()).isLessThanOrEqualTo(summary.p999Ms());
        assertThat(summary.p999Ms()).isLessThanOrEqualTo(summary.maxMs());
    }

    @Test
    void shouldPutEveryValueInABucketWhoseRangeHoldsIt() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            long value = random.nextLong(LatencyHistogram.MAX_MICROS);
            int bucket = LatencyHistogram.bucketOf(value);
            assertThat(LatencyHistogram.highestValueIn(bucket)).isGreaterThanOrEqualTo(value);
            if (bucket > 0) {
                assertThat(LatencyHistogram.highestValueIn(bucket - 1)).isLessThan(value);
            }
        }
    }

    @Test
    void shouldCountNegativeAndHugeValuesWithoutFailing() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordNanos(-5);
        histogram.recordMicros(Long.MAX_VALUE / 2);

        assertThat(histogram.count()).isEqualTo(2);
        assertThat(histogram.percentileMicros(0.5)).isZero();
        assertThat(histogram.percentileMicros(1.0)).isEqualTo(Long.MAX_VALUE / 2);
    }

    @Test
    void shouldRefuseAQuantileOutsideZeroToOne() {
        assertThatThrownBy(() -> new LatencyHistogram().percentileMicros(99))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..1");
    }
}

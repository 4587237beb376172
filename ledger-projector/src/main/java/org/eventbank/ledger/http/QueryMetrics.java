package org.eventbank.ledger.http;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The query latency histogram ({@code ledger_projector_query_seconds}, tagged by query kind). */
public final class QueryMetrics {

    private final MeterRegistry registry;

    public QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String query, long startNanos) {
        Timer.builder("ledger.projector.query")
                .description("Time to answer a query, forwarding included")
                .tag("query", query)
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}

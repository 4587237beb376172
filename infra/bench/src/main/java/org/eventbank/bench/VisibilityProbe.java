package org.eventbank.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Measures end-to-end visibility: from the moment a command was acknowledged to the moment the ledger
 * projector shows its version, by asking {@code GET /accounts/{id}/balance?minVersion=N} right after the
 * acknowledgement (the projector answers once it has folded version N). The figure includes one HTTP
 * round trip and the projector's 10 ms polling of its store. At most {@value #PROBES_IN_FLIGHT_MAX} probes
 * run at once; a sample arriving while all are busy is dropped and counted, never queued (a queued probe
 * would measure the queue).
 */
final class VisibilityProbe implements AutoCloseable {

    static final int PROBES_IN_FLIGHT_MAX = 16;

    private final URI ledgerUrl;
    private final Supplier<String> authorization;
    private final Workload workload;
    private final HttpClient http;
    private final ThreadPoolExecutor probes;
    private final LatencyHistogram lag = new LatencyHistogram();
    private final LongAdder dropped = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Duration timeout;

    /** @param authorization the {@code Authorization} header of each probe ({@link BenchToken}: an auditor reads any account) */
    VisibilityProbe(URI ledgerUrl, Workload workload, Duration timeout, Supplier<String> authorization) {
        this.authorization = authorization;
        this.ledgerUrl = ledgerUrl;
        this.workload = workload;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        this.probes = new ThreadPoolExecutor(PROBES_IN_FLIGHT_MAX, PROBES_IN_FLIGHT_MAX, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "bench-visibility-probe");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Probes the visibility of {@code version} of an account, acknowledged at {@code acknowledgedNanos}. */
    void sample(int accountIndex, long version, long acknowledgedNanos) {
        try {
            probes.execute(() -> probe(accountIndex, version, acknowledgedNanos));
        } catch (RejectedExecutionException e) {
            dropped.increment();
        }
    }

    private void probe(int accountIndex, long version, long acknowledgedNanos) {
        URI uri = ledgerUrl.resolve("/accounts/" + workload.accountId(accountIndex) + "/balance?minVersion=" + version);
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Authorization", authorization.get()).GET().build(), HttpResponse.BodyHandlers.discarding());
            long now = System.nanoTime();
            if (response.statusCode() == 200) {
                lag.recordNanos(now - acknowledgedNanos);
            } else {
                error("http-" + response.statusCode());
            }
        } catch (IOException e) {
            error("io-error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void error(String code) {
        errors.computeIfAbsent(code, key -> new LongAdder()).increment();
    }

    LatencyHistogram lag() {
        return lag;
    }

    long dropped() {
        return dropped.sum();
    }

    Map<String, Long> errors() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((code, count) -> copy.put(code, count.sum()));
        return copy;
    }

    /** Waits, bounded, for the probes under way. */
    @Override
    public void close() {
        probes.shutdown();
        try {
            probes.awaitTermination(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probes.shutdownNow();
    }
}

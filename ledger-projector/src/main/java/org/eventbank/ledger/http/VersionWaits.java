package org.eventbank.ledger.http;

import java.time.Duration;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code minVersion} queries waiting for their version (issue 16). No server thread waits: each waiter is a read
 * function and a future, and one thread ({@value #THREAD_NAME}) calls every waiter's read every {@value #POLL_MS} ms,
 * completing its future with the value read once it satisfies the waiter, or with the last value read at its deadline
 * (the handler then answers 404 or 504), or exceptionally with what the read threw (a store not available here now:
 * 503 not-ready).
 *
 * <p>At most {@code waitersMax} ({@code BANK_MIN_VERSION_WAITERS_MAX}) wait at once; one more is refused at once with
 * 503 not-ready and Retry-After, never queued. The gauge {@code ledger.projector.min.version.waiters} counts those
 * waiting now. Close it (with the projector) to stop the thread: waiters still waiting then get 503 not-ready.
 */
public final class VersionWaits implements AutoCloseable {

    /** How often every waiter's read is called again. */
    static final long POLL_MS = 20;
    /** The name of the one thread that polls. */
    static final String THREAD_NAME = "min-version-waits";
    static final String WAITERS_GAUGE = "ledger.projector.min.version.waiters";

    private static final Logger log = LoggerFactory.getLogger(VersionWaits.class);

    private final int waitersMax;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Queue<Waiter<?>> waiters = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService poller;
    private volatile boolean closed;

    /**
     * @param waitersMax at most this many wait at once ({@code BANK_MIN_VERSION_WAITERS_MAX}), at least 1
     * @param registry   where the waiters gauge is registered
     */
    public VersionWaits(int waitersMax, MeterRegistry registry) {
        if (waitersMax < 1) {
            throw new IllegalArgumentException("waitersMax must be at least 1, not " + waitersMax);
        }
        this.waitersMax = waitersMax;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder(WAITERS_GAUGE, waiting, AtomicInteger::get)
                .description("minVersion queries waiting for their version now (at most BANK_MIN_VERSION_WAITERS_MAX)")
                .register(registry);
        poller.scheduleWithFixedDelay(this::pollAll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits, at most {@code bound}, for {@code read} to give a value {@code reached} accepts.
     *
     * @return completed with the first value read that is reached, or with the last value read at the deadline, or
     *         exceptionally with what a read threw
     * @throws org.eventbank.kit.http.ProblemException 503 not-ready, at once, when {@code waitersMax} wait already or
     *                                                 when closed
     */
    <T> CompletableFuture<T> await(Supplier<T> read, Predicate<? super T> reached, Duration bound) {
        if (closed) {
            throw LedgerProjectorProblems.notReady("the ledger projector is stopping: it takes no more minVersion waits");
        }
        if (waiting.incrementAndGet() > waitersMax) {
            waiting.decrementAndGet();
            throw LedgerProjectorProblems.notReady("too many minVersion queries are waiting: " + waitersMax
                    + " (BANK_MIN_VERSION_WAITERS_MAX) wait on this instance already; retry later");
        }
        Waiter<T> waiter = new Waiter<>(read, reached, System.nanoTime() + bound.toNanos());
        waiters.add(waiter);
        if (closed) {
            // closed while this one was added: close may have drained the queue before it
            finish(waiter);
            waiter.future.completeExceptionally(stopping());
        }
        return waiter.future;
    }

    /** How many wait now. */
    int waiting() {
        return waiting.get();
    }

    int waitersMax() {
        return waitersMax;
    }

    private void pollAll() {
        for (Iterator<Waiter<?>> it = waiters.iterator(); it.hasNext(); ) {
            Waiter<?> waiter = it.next();
            try {
                if (waiter.poll()) {
                    it.remove();
                    waiting.decrementAndGet();
                }
            } catch (Throwable e) {
                // never let one waiter stop the polling of the others; poll() itself completes on a failed read
                log.error("a minVersion waiter failed", e);
                if (waiters.remove(waiter)) {
                    waiting.decrementAndGet();
                }
                waiter.future.completeExceptionally(e);
            }
        }
    }

    private void finish(Waiter<?> waiter) {
        if (waiters.remove(waiter)) {
            waiting.decrementAndGet();
        }
    }

    private static RuntimeException stopping() {
        return LedgerProjectorProblems.notReady("the ledger projector is stopping");
    }

    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
        try {
            poller.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Waiter<?> waiter;
        while ((waiter = waiters.poll()) != null) {
            waiting.decrementAndGet();
            waiter.future.completeExceptionally(stopping());
        }
    }

    private static final class Waiter<T> {

        private final Supplier<T> read;
        private final Predicate<? super T> reached;
        private final long deadlineNanos;
        private final CompletableFuture<T> future = new CompletableFuture<>();

        Waiter(Supplier<T> read, Predicate<? super T> reached, long deadlineNanos) {
            this.read = read;
            this.reached = reached;
            this.deadlineNanos = deadlineNanos;
        }

        /** Reads once; true when the waiter is done (its future completed). */
        boolean poll() {
            T value;
            try {
                value = read.get();
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
                return true;
            }
            if (reached.test(value) || System.nanoTime() - deadlineNanos >= 0) {
                future.complete(value);
                return true;
            }
            return false;
        }
    }
}

package org.eventbank.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one phase of load: the driver's issuer threads each take the next command from a {@link Plan}
 * (waiting for its scheduled time at a fixed rate) and submit it, until the plan ends; then it waits,
 * bounded, for every command in flight to end.
 */
final class LoadRunner {

    /** One command to send, with when it was due (0 in open-throttle mode) and whether it is measured. */
    record Ticket(Workload.Command command, long scheduledNanos, boolean measured) {
    }

    /** Where the commands of a phase come from; called concurrently by the issuer threads. */
    interface Plan {
        /** The next command for this issuer, or null when the phase is over. */
        Ticket next(int issuer);
    }

    /** Told of every completed command, on whichever thread completed it. */
    interface Listener {
        void completed(Ticket ticket, Completion completion);
    }

    private LoadRunner() {
    }

    /**
     * @return false when commands were still in flight after {@code drainTimeout}
     */
    static boolean run(CommandDriver driver, Plan plan, Listener listener, Duration drainTimeout) throws InterruptedException {
        AtomicLong inFlight = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> issuers = new ArrayList<>();
        for (int i = 0; i < driver.issuerThreads(); i++) {
            int issuer = i;
            Thread thread = new Thread(() -> issue(driver, plan, listener, issuer, inFlight, failure), "bench-client-" + i);
            thread.setDaemon(true);
            issuers.add(thread);
            thread.start();
        }
        for (Thread thread : issuers) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a bench client failed: " + failure.get(), failure.get());
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return inFlight.get() == 0;
    }

    private static void issue(CommandDriver driver, Plan plan, Listener listener, int issuer, AtomicLong inFlight,
                              AtomicReference<Throwable> failure) {
        try {
            for (Ticket ticket = plan.next(issuer); ticket != null && failure.get() == null; ticket = plan.next(issuer)) {
                waitUntil(ticket.scheduledNanos());
                inFlight.incrementAndGet();
                Ticket sent = ticket;
                driver.submit(ticket.command(), completion -> {
                    try {
                        listener.completed(sent, completion);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
    }

    private static void waitUntil(long scheduledNanos) {
        if (scheduledNanos == 0) {
            return;
        }
        for (long wait = scheduledNanos - System.nanoTime(); wait > 0; wait = scheduledNanos - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Opens every account of the workload once, spread over the issuers. */
    static Plan openAccounts(Workload workload) {
        AtomicInteger next = new AtomicInteger();
        return issuer -> {
            int index = next.getAndIncrement();
            return index < workload.accounts() ? new Ticket(workload.open(index), 0, true) : null;
        };
    }

    /**
     * The money-command mix: warm-up first (not measured), then the measured phase, which ends after
     * {@code measuredCommands} commands when that is positive, else at {@code measureEndNanos}. With a
     * positive {@code ratePerSecond}, command n is due at {@code startNanos + n / rate}.
     */
    static final class MixPlan implements Plan {
        private final Workload.Mix[] mixes;
        private final long startNanos;
        private final long measureStartNanos;
        private final long measureEndNanos;
        private final long measuredCommands;
        private final long intervalNanos;
        private final AtomicLong tickets = new AtomicLong();
        private final AtomicLong measuredIssued = new AtomicLong();

        MixPlan(Workload workload, int issuers, long startNanos, long measureStartNanos, long measureEndNanos,
                long measuredCommands, double ratePerSecond) {
            this.mixes = new Workload.Mix[issuers];
            for (int i = 0; i < issuers; i++) {
                mixes[i] = workload.mix(i);
            }
            this.startNanos = startNanos;
            this.measureStartNanos = measureStartNanos;
            this.measureEndNanos = measureEndNanos;
            this.measuredCommands = measuredCommands;
            this.intervalNanos = ratePerSecond > 0 ? Math.max(1, Math.round(1e9 / ratePerSecond)) : 0;
        }

        @Override
        public Ticket next(int issuer) {
            long scheduled = intervalNanos > 0 ? startNanos + tickets.getAndIncrement() * intervalNanos : 0;
            long at = scheduled > 0 ? scheduled : System.nanoTime();
            boolean measured = at >= measureStartNanos;
            if (measuredCommands > 0) {
                if (measured && measuredIssued.incrementAndGet() > measuredCommands) {
                    return null;
                }
            } else if (at >= measureEndNanos) {
                return null;
            }
            // each issuer owns its generator: Mix is not thread-safe
            return new Ticket(mixes[issuer].next(), scheduled, measured);
        }
    }
}

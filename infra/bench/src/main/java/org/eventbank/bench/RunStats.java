package org.eventbank.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of one run, safe to update from every client thread: the measured phase's totals, and the
 * current reporting window (swapped out by the reporter). Transfers are counted apart from the commands on one
 * account: completed, reversed, refused by the payer's writer, pending at the answer (a 202, or no final result
 * within the request timeout in core mode) and errors, with their own latency to the final answer (pending ones are
 * not in it: their answer is not final). Memory is bounded: counters and three fixed-size histograms.
 */
final class RunStats {

    /** One reporting window's counts; replaced as a whole when the window closes. */
    static final class Window {
        final long startNanos;
        final LongAdder accepted = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder transfers = new LongAdder();
        final LatencyHistogram latency = new LatencyHistogram();

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final Map<String, LongAdder> rejectedByCode = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();
    private final LatencyHistogram acknowledgement = new LatencyHistogram();
    private final LongAdder transfersCompleted = new LongAdder();
    private final LongAdder transfersReversed = new LongAdder();
    private final LongAdder transfersPending = new LongAdder();
    private final Map<String, LongAdder> transfersRefusedByCode = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> transferErrorsByCode = new ConcurrentHashMap<>();
    private final LatencyHistogram transferLatency = new LatencyHistogram();
    private final AtomicLong lastMeasuredCompletionNanos = new AtomicLong();
    private final AtomicReference<Window> window;

    RunStats(long startNanos) {
        window = new AtomicReference<>(new Window(startNanos));
    }

    /**
     * Records one completed command.
     *
     * @param latencyNanos from the command's start (scheduled or sent) to its end
     * @param measured     whether it belongs to the measured phase (else only the window sees it)
     */
    void record(Completion completion, long latencyNanos, boolean measured, long nowNanos) {
        record(completion, latencyNanos, measured, nowNanos, false);
    }

    /** @param transfer whether the command was a transfer, counted apart */
    void record(Completion completion, long latencyNanos, boolean measured, long nowNanos, boolean transfer) {
        if (transfer) {
            recordTransfer(completion, latencyNanos, measured, nowNanos);
            return;
        }
        Window current = window.get();
        switch (completion.answer()) {
            case ACCEPTED:
                current.accepted.increment();
                break;
            case REJECTED:
                current.rejected.increment();
                break;
            default:
                current.errors.increment();
        }
        if (completion.acknowledged()) {
            current.latency.recordNanos(latencyNanos);
        }
        if (!measured) {
            return;
        }
        switch (completion.answer()) {
            case ACCEPTED:
                accepted.increment();
                break;
            case REJECTED:
                rejected.increment();
                rejectedByCode.computeIfAbsent(completion.code(), code -> new LongAdder()).increment();
                break;
            default:
                errorsByCode.computeIfAbsent(completion.code(), code -> new LongAdder()).increment();
        }
        if (completion.acknowledged()) {
            acknowledgement.recordNanos(latencyNanos);
        }
        lastMeasuredCompletionNanos.accumulateAndGet(nowNanos, Math::max);
    }

    private void recordTransfer(Completion completion, long latencyNanos, boolean measured, long nowNanos) {
        window.get().transfers.increment();
        if (!measured) {
            return;
        }
        Completion.TransferLegs legs = completion.transfer();
        boolean finalAnswer = true;
        if (legs != null) {
            switch (legs.stage()) {
                case COMPLETED:
                    transfersCompleted.increment();
                    break;
                case REVERSED:
                    transfersReversed.increment();
                    break;
                default:
                    transfersPending.increment();
                    finalAnswer = false;
            }
        } else if (completion.answer() == Completion.Answer.REJECTED) {
            transfersRefusedByCode.computeIfAbsent(completion.code(), code -> new LongAdder()).increment();
        } else {
            transferErrorsByCode.computeIfAbsent(completion.code(), code -> new LongAdder()).increment();
            finalAnswer = false;
        }
        if (finalAnswer) {
            transferLatency.recordNanos(latencyNanos);
        }
        lastMeasuredCompletionNanos.accumulateAndGet(nowNanos, Math::max);
    }

    long transfersCompleted() {
        return transfersCompleted.sum();
    }

    long transfersReversed() {
        return transfersReversed.sum();
    }

    long transfersPending() {
        return transfersPending.sum();
    }

    Map<String, Long> transfersRefusedByCode() {
        return snapshot(transfersRefusedByCode);
    }

    Map<String, Long> transferErrorsByCode() {
        return snapshot(transferErrorsByCode);
    }

    LatencyHistogram transferLatency() {
        return transferLatency;
    }

    /** Closes the current window and opens the next. */
    Window rollWindow(long nowNanos) {
        return window.getAndSet(new Window(nowNanos));
    }

    long accepted() {
        return accepted.sum();
    }

    long rejected() {
        return rejected.sum();
    }

    long errors() {
        return errorsByCode.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> rejectedByCode() {
        return snapshot(rejectedByCode);
    }

    Map<String, Long> errorsByCode() {
        return snapshot(errorsByCode);
    }

    LatencyHistogram acknowledgement() {
        return acknowledgement;
    }

    long lastMeasuredCompletionNanos() {
        return lastMeasuredCompletionNanos.get();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((code, count) -> copy.put(code, count.sum()));
        return copy;
    }
}

package org.eventbank.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one bench run measured, as written to the JSON file. Rates are per second of the measured
 * phase; latencies are in milliseconds.
 *
 * @param commandsPerSecond       accepted plus rejected commands per second (every answered command)
 * @param closedLoopBound         clients divided by the mean acknowledgement latency: the most a closed loop of
 *                                this many clients can reach; when the measured rate is near it, the bench's
 *                                client count, not the bank, set the figure
 * @param appends                 records the broker appended per command in the measured phase
 * @param rawAppend               the broker's raw append rate, measured after the load in the same run (null
 *                                when skipped)
 * @param ratioToRawAppends       commandsPerSecond divided by the raw append rate: the figure to compare across
 *                                machines (0 when the probe was skipped)
 * @param ceilingCommandsPerSecond raw appends per second divided by appends per command
 * @param idempotencyStore        the processor's idempotency store before and after, when the run sent keys (null
 *                                otherwise)
 * @param transfers               the transfers of the mix, counted apart from the commands on one account (which
 *                                every other figure above is about, except appends, ratio and ceiling, which count a
 *                                transfer as one command); null when the mix had none
 */
public record BenchReport(
        String runId,
        String mode,
        Settings settings,
        Machine machine,
        OpenPhase open,
        double measuredSeconds,
        long accepted,
        long rejected,
        long errors,
        Map<String, Long> rejectedByCode,
        Map<String, Long> errorsByCode,
        double acceptedPerSecond,
        double rejectedPerSecond,
        double commandsPerSecond,
        double closedLoopBound,
        LatencyHistogram.LatencySummary acknowledgementLatency,
        Visibility visibility,
        BrokerAppends.Summary appends,
        RawAppendProbe.Result rawAppend,
        double ratioToRawAppends,
        double ceilingCommandsPerSecond,
        List<WindowLine> windows,
        LedgerAudit.Result selfCheck,
        IdempotencyStore idempotencyStore,
        Transfers transfers) {

    /**
     * The transfers of the measured phase ({@code --mix transfers=N%}). A transfer is answered when its final
     * answer comes: completed (201, or the ACCEPTED result), reversed (422 transfer-reversed, or TRANSFER_REVERSED) or
     * refused by the payer's writer (any other rejection: insufficient-funds, ...); pending ones (202, or in core mode
     * no final result within the request timeout) were debited but not settled at the answer, and the self-check
     * waits for their settlement.
     *
     * @param percent             the share of transfers in the mix
     * @param answeredPerSecond   completed + reversed + refused per second
     * @param latency             from the start (scheduled or sent) to the final answer, completed, reversed and refused
     * @param unsettledAfterRun   transfers the ledger showed debited and not settled when the load ended
     * @param settleSeconds       how long the bench waited for them to settle before its self-check
     */
    public record Transfers(int percent, long completed, long reversed, long refused, Map<String, Long> refusedByCode,
                            long pendingAtAnswer, long errors, Map<String, Long> errorsByCode, double answeredPerSecond,
                            double completedPerSecond, double reversedPerSecond, double refusedPerSecond,
                            double pendingPerSecond, LatencyHistogram.LatencySummary latency, long unsettledAfterRun,
                            double settleSeconds) {
    }

    /**
     * Live entries of the command processor's idempotency store, counted from its changelog; -1 where it did not
     * exist yet.
     *
     * @param afterRun    once every command of the run was answered
     * @param afterSettle {@code settleSeconds} later (-1 when not counted again)
     */
    public record IdempotencyStore(String changelog, long before, long afterRun, int settleSeconds, long afterSettle) {
    }

    /** The flags the run used. */
    public record Settings(int accounts, int clients, int durationSeconds, long commands, int warmupSeconds,
                           double ratePerSecond, String bootstrapServers, String accountUrl, String ledgerUrl,
                           String topicPrefix, int visibilitySampleEvery, long seed, int partitions, int transferPercent) {
    }

    /**
     * Where it ran; the load averages say how quiet the machine was.
     *
     * @param benchJvmCpuCores CPU time of the bench's JVM over the measured phase divided by its length: the
     *                         processors the load generator itself took from the bank (the services too, when they
     *                         run in the same JVM, as in the smoke test); -1 where the JVM cannot tell
     */
    public record Machine(String javaVersion, String javaVendor, int availableProcessors, double loadAverageAtStart,
                          double loadAverageAtEnd, double benchJvmCpuCores) {
    }

    /** The accounts opened before the mix. */
    public record OpenPhase(long opened, long failed, Map<String, Long> failedByCode, double seconds) {
    }

    /**
     * End-to-end visibility lag, from the acknowledgement to the projector showing that version.
     *
     * @param dropped samples skipped because every probe was busy
     */
    public record Visibility(int sampleEvery, LatencyHistogram.LatencySummary lag, long dropped, Map<String, Long> errors) {
    }

    /** One progress line; its latencies are of the commands on one account, transfers/s counts every transfer answer. */
    public record WindowLine(double atSeconds, String phase, double acceptedPerSecond, double rejectedPerSecond,
                             long errors, double p50Ms, double p99Ms, double transfersPerSecond) {
    }
}

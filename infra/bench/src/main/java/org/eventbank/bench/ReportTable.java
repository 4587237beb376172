package org.eventbank.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** Prints a {@link BenchReport} as the final table, with units on every line. */
final class ReportTable {

    private final PrintStream out;

    ReportTable(PrintStream out) {
        this.out = out;
    }

    void print(BenchReport report) {
        LatencyHistogram.LatencySummary ack = report.acknowledgementLatency();
        line("run", report.runId() + " (" + report.mode() + ", " + report.settings().clients() + " clients, "
                + (report.settings().ratePerSecond() > 0 ? fmt("%.0f commands/s fixed rate", report.settings().ratePerSecond())
                : "open throttle") + ")");
        line("machine", fmt("%d processors, Java %s, load average %.2f at start, %.2f at end; the bench's JVM used %.2f"
                        + " processors while measuring", report.machine().availableProcessors(), report.machine().javaVersion(),
                report.machine().loadAverageAtStart(), report.machine().loadAverageAtEnd(), report.machine().benchJvmCpuCores()));
        line("measured", fmt("%.1f s: %d accepted, %d rejected, %d errors", report.measuredSeconds(), report.accepted(),
                report.rejected(), report.errors()));
        line("accepted", fmt("%.0f commands/s", report.acceptedPerSecond()));
        line("rejected", fmt("%.0f commands/s %s", report.rejectedPerSecond(), report.rejectedByCode()));
        if (report.errors() > 0) {
            line("errors", report.errorsByCode().toString());
        }
        line("all answered", fmt("%.0f commands/s (closed-loop bound of %d clients at this latency: %.0f/s)",
                report.commandsPerSecond(), report.settings().clients(), report.closedLoopBound()));
        line("ack latency", latency(ack));
        BenchReport.Transfers transfers = report.transfers();
        if (transfers != null) {
            line("transfers", fmt("%.0f transfers/s answered (%d%% of the mix): %.0f/s completed, %.0f/s reversed,"
                            + " %.0f/s refused %s", transfers.answeredPerSecond(), transfers.percent(),
                    transfers.completedPerSecond(), transfers.reversedPerSecond(), transfers.refusedPerSecond(),
                    transfers.refusedByCode()));
            line("", fmt("  %d completed, %d reversed, %d refused; %d pending at the answer (%.0f/s), %d errors%s",
                    transfers.completed(), transfers.reversed(), transfers.refused(), transfers.pendingAtAnswer(),
                    transfers.pendingPerSecond(), transfers.errors(),
                    transfers.errors() == 0 ? "" : " " + transfers.errorsByCode()));
            line("transfer latency", latency(transfers.latency()) + " to the final answer");
            line("", fmt("  %d transfers in flight when the load ended, settled in %.1f s", transfers.unsettledAfterRun(),
                    transfers.settleSeconds()));
        }
        BenchReport.Visibility visibility = report.visibility();
        if (visibility.sampleEvery() > 0) {
            line("visibility lag", fmt("p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples, 1 in %d accepted; %d dropped%s)",
                    visibility.lag().p50Ms(), visibility.lag().p99Ms(), visibility.lag().maxMs(), visibility.lag().count(),
                    visibility.sampleEvery(), visibility.dropped(),
                    visibility.errors().isEmpty() ? "" : ", errors " + visibility.errors()));
        } else {
            line("visibility lag", "not measured (--visibility-sample-every 0)");
        }
        BrokerAppends.Summary appends = report.appends();
        line("broker appends", fmt("%.2f records per command (%d over %d commands); bookkeeping topics %.3f per command",
                appends.perCommand(), appends.dataAppends(), appends.commands(), appends.bookkeepingPerCommand()));
        for (Map.Entry<String, Long> topic : appends.appendsByTopic().entrySet()) {
            line("", fmt("  %-60s %8.3f per command", topic.getKey(),
                    appends.commands() == 0 ? 0 : (double) topic.getValue() / appends.commands()));
        }
        RawAppendProbe.Result raw = report.rawAppend();
        if (raw != null) {
            line("raw appends", fmt("%.0f records/s, %.1f MB/s (%d-byte records, %.1f s, idempotent, acks=all)",
                    raw.recordsPerSecond(), raw.megabytesPerSecond(), raw.recordBytes(), raw.seconds()));
            line("ratio", fmt("%.5f commands per raw append (commands/s / raw appends/s)", report.ratioToRawAppends()));
            line("ceiling", fmt("%.0f commands/s (raw appends/s / appends per command)", report.ceilingCommandsPerSecond()));
        } else {
            line("raw appends", "not measured (skipped with --raw-append-seconds 0, or the probe failed: see above)");
        }
        BenchReport.IdempotencyStore store = report.idempotencyStore();
        if (store != null) {
            line("idempotency", fmt("%d entries before, %d after the run%s (%s; -1: no changelog yet)", store.before(),
                    store.afterRun(), store.afterSettle() < 0 ? "" : fmt(", %d %d s later", store.afterSettle(),
                            store.settleSeconds()), store.changelog()));
        }
        LedgerAudit.Result check = report.selfCheck();
        line("self-check", (check.passed() ? "PASSED" : "FAILED") + fmt(": %d events read, %d acknowledged, %d rejected,"
                        + " %d unknown outcome, %d events of unanswered commands, %d problems", check.eventsRead(),
                check.acknowledged(), check.rejected(), check.unknownOutcome(), check.unattributedEvents(), check.problemCount()));
        for (LedgerAudit.Money money : check.money()) {
            if (money.transfersDebited() > 0) {
                line("", fmt("  %s: balances %d + in flight %d %s deposits %d - withdrawals %d (transfers: %d debited,"
                                + " %d credited, %d reversed)", money.currency(), money.balancesMinor(), money.inFlightMinor(),
                        money.conserved() ? "=" : "!=", money.depositsMinor(), money.withdrawalsMinor(),
                        money.transfersDebited(), money.transfersCredited(), money.transfersReversed()));
            }
        }
        check.problems().forEach(problem -> line("", "  " + problem));
    }

    static String latency(LatencyHistogram.LatencySummary summary) {
        return fmt("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms, avg %.1f ms (%d samples)",
                summary.p50Ms(), summary.p95Ms(), summary.p99Ms(), summary.p999Ms(), summary.maxMs(), summary.meanMs(),
                summary.count());
    }

    private void line(String label, String text) {
        out.printf("%-16s %s%n", label, text);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

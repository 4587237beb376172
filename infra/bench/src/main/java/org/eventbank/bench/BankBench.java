package org.eventbank.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.eventbank.kit.topics.ContractVersionBook;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;

/**
 * The bank's benchmark: drives a running platform and says how fast it is, next to the broker's own limit
 * measured in the same run.
 *
 * <ol>
 *   <li>Opens {@code --accounts} new accounts ({@code bench-<runId>-<n>}), {@code --clients} at a time.
 *   <li>Sends the mix, 60% deposits and 40% withdrawals of random amounts over random accounts, from
 *       {@code --clients} concurrent clients (open throttle, or {@code --rate}), first a warm-up, then the
 *       measured phase; prints a line per {@code --report-every} window. With {@code --mix transfers=N%}, N% of
 *       them are transfers between two distinct random accounts, counted apart.
 *   <li>Counts the records the broker appended per measured command (every topic, changelogs included).
 *   <li>Measures the broker's raw append rate for records of a command's size ({@link RawAppendProbe}).
 *   <li>With transfers, waits (at most {@link #TRANSFER_SETTLE_TIMEOUT}) until the ledger shows every debited transfer
 *       credited or reversed.
 *   <li>Checks the ledger against what it was told ({@link LedgerAudit}), transfers and conservation of money
 *       included: a mismatch fails the run.
 *   <li>Prints the table and writes the JSON report ({@code --out}).
 * </ol>
 * Modes: {@code http} goes through the account-service's REST endpoint ({@code POST /accounts},
 * {@code /accounts/{id}/deposits}, {@code /withdrawals}, {@code /transfers}); {@code core} produces to
 * {@code <prefix>account-commands} and reads {@code <prefix>command-results}, measuring the command
 * processor alone. Reads {@code <prefix>account-events} for the self-check, and the projector's
 * {@code GET /accounts/{id}/balance?minVersion=N} for visibility. Every HTTP request carries the bench's own bearer
 * token ({@link BenchToken}, minted with the local bank's key from {@code --data-dir}); core mode authenticates to
 * Kafka only, and with {@code --visibility-sample-every 0} needs no token. Run it with {@code ./bank bench --help},
 * or {@code java -cp <platform classpath> org.eventbank.bench.BankBench --mode core ...}.
 * Exit status: 0 passed, 1 could not run, 2 the self-check failed.
 */
public final class BankBench {

    static final Duration DRAIN_TIMEOUT_EXTRA = Duration.ofSeconds(10);
    static final Duration AUDIT_TIMEOUT = Duration.ofMinutes(5);
    /**
     * How long the self-check waits for the run's transfers to settle once the load has ended: a credit takes an
     * instruction record and a transaction on the payee's partition, well under a second on a healthy bank, so a
     * minute is a stall, which the self-check then reports as transfers still in flight.
     */
    static final Duration TRANSFER_SETTLE_TIMEOUT = Duration.ofSeconds(60);
    /** Contract version of the commands family that has the Transfer payload. */
    static final int TRANSFER_COMMANDS_VERSION = 3;

    private final BenchOptions options;
    private final PrintStream out;

    public BankBench(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchReport report;
        try {
            report = new BankBench(BenchOptions.parse(args), System.out).run();
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            System.err.println("bench: could not run: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        System.exit(report.selfCheck().passed() ? 0 : 2);
    }

    /** Runs the whole benchmark and writes the JSON report; the self-check's verdict is in the report. */
    public BenchReport run() throws InterruptedException, IOException {
        String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Workload workload = new Workload(runId, options.accounts(), options.seed(), options.amountMinorMax(),
                options.transferPercent());
        double loadAtStart = loadAverage();
        // first: without a key there is nothing to run, and that should not take a broker timeout to find out
        BenchToken token = options.callsServicesOverHttp() ? BenchToken.forRun(options.dataDir(), plannedRun()) : null;
        try (Admin admin = Admin.create(options.connection().clientConfig())) {
            BankTopics topics = topicsAsDeployed(admin);
            out.printf("bench %s: mode %s, %d accounts, %d clients, %s, warm-up %d s, %s; %d processors, load %.2f%n",
                    runId, options.mode().label(), options.accounts(), options.clients(),
                    options.fixedRate() ? String.format("%.0f commands/s", options.ratePerSecond()) : "open throttle",
                    options.warmupSeconds(),
                    options.countsCommands() ? options.commands() + " measured commands" : options.durationSeconds() + " s measured",
                    Runtime.getRuntime().availableProcessors(), loadAtStart);
            if (options.transfers()) {
                out.printf("mix: %d%% transfers between two random accounts, the rest %d%% deposits / %d%% withdrawals%n",
                        options.transferPercent(), Workload.DEPOSIT_PERCENT, 100 - Workload.DEPOSIT_PERCENT);
            }
            if (options.mode() == BenchMode.CORE) {
                out.printf("core mode: commands produced with linger.ms=%d, the account-service gateway's default batching%n",
                        CoreCommandDriver.COMMAND_LINGER_MS);
            }
            if (token != null) {
                out.printf("HTTP requests carry a bearer token for %s (%s), signed with the key in %s, valid until %s%n",
                        BenchToken.SUBJECT, String.join(" ", BenchToken.SCOPES), options.dataDir().resolve("auth"), token.expires());
            }
            try (LedgerEventsReader ledger = new LedgerEventsReader(options.connection(), topics.events(), runId);
                 CommandDriver driver = driver(workload, topics, runId, token)) {
                CommandLog log = new CommandLog();
                long storeBefore = options.idempotencyKeys() ? idempotencyStoreSize("before the run") : -1;
                BenchReport.OpenPhase open = openAccounts(driver, workload, log);
                Measured measured = runMix(driver, workload, log, new BrokerAppends(admin), token);
                BenchReport.IdempotencyStore store = options.idempotencyKeys() ? idempotencyStore(storeBefore) : null;
                RawAppendProbe.Result raw = rawAppends(admin, topics, workload);
                LedgerAudit audit = new LedgerAudit(workload.accounts(), log.entries(), log.unknownWithoutId());
                ledger.readInto(workload, audit, AUDIT_TIMEOUT);
                Settling settling = settleTransfers(ledger, workload, audit);
                LedgerAudit.Result check = audit.finish();
                BenchReport report = report(runId, topics, open, measured, raw, check, loadAtStart, store, settling);
                new ReportTable(out).print(report);
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(options.out().toFile(), report);
                out.println("report written to " + options.out().toAbsolutePath());
                return report;
            }
        }
    }

    /** How the wait for the run's transfers to settle went. */
    private record Settling(long unsettledAfterRun, double seconds) {
    }

    /**
     * Reads on until the ledger shows every transfer the run debited credited or reversed, at most
     * {@link #TRANSFER_SETTLE_TIMEOUT}: a 202, or a transfer still in flight when the load stopped, settles later.
     * What is still unsettled then, the self-check reports.
     */
    private Settling settleTransfers(LedgerEventsReader ledger, Workload workload, LedgerAudit audit)
            throws InterruptedException {
        long unsettled = audit.transfersUnsettled();
        if (!options.transfers()) {
            return new Settling(unsettled, 0);
        }
        long start = System.nanoTime();
        long deadline = start + TRANSFER_SETTLE_TIMEOUT.toNanos();
        if (unsettled > 0) {
            out.printf("waiting up to %d s for %d transfers in flight to settle ...%n", TRANSFER_SETTLE_TIMEOUT.toSeconds(),
                    unsettled);
        }
        long left = unsettled;
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            ledger.readInto(workload, audit, AUDIT_TIMEOUT);
            left = audit.transfersUnsettled();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (unsettled > 0) {
            out.printf("%d transfers settled in %.1f s%s%n", unsettled - left, seconds,
                    left == 0 ? "" : ", " + left + " still in flight (the self-check fails)");
        }
        return new Settling(unsettled, seconds);
    }

    private BankTopics topicsAsDeployed(Admin admin) throws InterruptedException {
        BankTopics named = BankTopics.of(TopicSettings.defaults().withPrefix(options.topicPrefix()), BankSerdes.singleObject());
        try {
            TopicDescription commands = admin.describeTopics(List.of(named.commands().name())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(named.commands().name());
            short replicas = (short) commands.partitions().get(0).replicas().size();
            TopicSettings deployed = new TopicSettings(options.topicPrefix(), commands.partitions().size(), replicas);
            // core mode writes commands in the version the account-service writes them: the newest on the ledger's book
            int newestKnown = Family.COMMANDS.newestVersion(SchemaCatalog.builtIn());
            int commandsVersion = ContractVersionBook.read(options.connection(), named.contractVersions(), Duration.ofSeconds(30))
                    .newest(Family.COMMANDS).map(recorded -> Math.min(recorded, newestKnown)).orElse(newestKnown);
            if (options.transfers() && commandsVersion < TRANSFER_COMMANDS_VERSION) {
                // both modes: core could not even write the command, and the account-service answers 501 not-enabled
                throw new IllegalArgumentException("--mix transfers=" + options.transferPercent() + "% needs the ledger's"
                        + " contract at v" + TRANSFER_COMMANDS_VERSION + " (decision 0016), but its book has commands at v"
                        + commandsVersion + " (this bench knows up to v" + newestKnown + "); promote the ledger"
                        + " (BANK_EVENT_SCHEMA_VERSION=3) or run without transfers");
            }
            return BankTopics.of(deployed, BankSerdes.singleObject(SchemaCatalog.builtIn(),
                    WriterVersions.pinned(Map.of(Family.COMMANDS, commandsVersion)), Map.of()));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot find the topic " + named.commands().name() + " on "
                    + options.connection() + ": is the bank running, with topic prefix '" + options.topicPrefix()
                    + "'? A bank started --locked needs its data folder (--data-dir). (" + e + ")", e);
        }
    }

    /** How long the run is meant to take, where that is known beforehand: what the bench's token must outlast. */
    private Duration plannedRun() {
        return Duration.ofSeconds(options.warmupSeconds() + options.durationSeconds() + options.idempotencySettleSeconds()
                + options.rawAppendSeconds()).plus(AUDIT_TIMEOUT);
    }

    private CommandDriver driver(Workload workload, BankTopics topics, String runId, BenchToken token) {
        Duration timeout = Duration.ofMillis(options.requestTimeoutMs());
        IdempotencyKeys keys = options.idempotencyKeys() ? IdempotencyKeys.forRun(runId) : IdempotencyKeys.none();
        if (options.mode() == BenchMode.HTTP) {
            return new HttpCommandDriver(workload, options.accountUrl(), options.clients(), timeout, keys, token);
        }
        return new CoreCommandDriver(workload, topics, options.connection(), "bench-" + runId,
                options.clients(), timeout, keys);
    }

    private BenchReport.OpenPhase openAccounts(CommandDriver driver, Workload workload, CommandLog log)
            throws InterruptedException {
        LongAdder opened = new LongAdder();
        Map<String, LongAdder> failed = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        boolean drained = LoadRunner.run(driver, LoadRunner.openAccounts(workload), (ticket, completion) -> {
            log.record(ticket.command(), completion);
            if (completion.answer() == Completion.Answer.ACCEPTED) {
                opened.increment();
            } else {
                failed.computeIfAbsent(completion.code(), code -> new LongAdder()).increment();
            }
        }, drainTimeout());
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> failures = counts(failed);
        long failedCount = failures.values().stream().mapToLong(Long::longValue).sum();
        out.printf("opened %d accounts in %.1f s (%.0f/s)%s%s%n", opened.sum(), seconds, opened.sum() / seconds,
                failedCount == 0 ? "" : ", " + failedCount + " failed " + failures,
                drained ? "" : ", some still without an answer");
        return new BenchReport.OpenPhase(opened.sum(), failedCount, failures, seconds);
    }

    /** What the mix phase measured. */
    private record Measured(RunStats stats, double seconds, double benchJvmCpuCores, BrokerAppends.Summary appends,
                            BenchReport.Visibility visibility, List<BenchReport.WindowLine> windows) {
    }

    private Measured runMix(CommandDriver driver, Workload workload, CommandLog log, BrokerAppends broker, BenchToken token)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureStart = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
        long measureEnd = measureStart + TimeUnit.SECONDS.toNanos(options.durationSeconds());
        RunStats stats = new RunStats(start);
        LoadRunner.MixPlan plan = new LoadRunner.MixPlan(workload, driver.issuerThreads(), start, measureStart, measureEnd,
                options.commands(), options.ratePerSecond());
        AtomicLong acceptedMeasured = new AtomicLong();
        List<BenchReport.WindowLine> windows = new CopyOnWriteArrayList<>();
        // replaced at the end of the warm-up; kept only if the run ends before that
        AtomicReference<Map<String, Long>> before = new AtomicReference<>(broker.snapshot());
        AtomicReference<RuntimeException> snapshotFailure = new AtomicReference<>();
        AtomicLong cpuAtMeasureStart = new AtomicLong(processCpuNanos());
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-reporter");
            thread.setDaemon(true);
            return thread;
        });
        // the appends count starts where the measured phase does
        clock.schedule(() -> {
            try {
                before.set(broker.snapshot());
                cpuAtMeasureStart.set(processCpuNanos());
            } catch (RuntimeException e) {
                snapshotFailure.set(e);
            }
        }, options.warmupSeconds(), TimeUnit.SECONDS);
        clock.scheduleAtFixedRate(() -> windows.add(reportWindow(stats, start, measureStart)),
                options.reportEverySeconds(), options.reportEverySeconds(), TimeUnit.SECONDS);

        VisibilityProbe visibility = options.visibilitySampleEvery() > 0
                ? new VisibilityProbe(options.ledgerUrl(), workload, Duration.ofMillis(options.requestTimeoutMs()), token) : null;
        boolean drained;
        try {
            drained = LoadRunner.run(driver, plan, (ticket, completion) -> {
                long now = System.nanoTime();
                long from = ticket.scheduledNanos() > 0 ? ticket.scheduledNanos() : completion.sentNanos();
                boolean transfer = ticket.command().transfer();
                stats.record(completion, now - from, ticket.measured(), now, transfer);
                log.record(ticket.command(), completion);
                // a transfer's version is of two accounts: the probe follows the commands on one
                if (visibility != null && !transfer && ticket.measured() && completion.answer() == Completion.Answer.ACCEPTED
                        && acceptedMeasured.incrementAndGet() % options.visibilitySampleEvery() == 0) {
                    visibility.sample(ticket.command().accountIndex(), completion.version(), now);
                }
            }, drainTimeout());
        } finally {
            clock.shutdownNow();
            if (visibility != null) {
                visibility.close();
            }
        }
        windows.add(reportWindow(stats, start, measureStart));
        if (!drained) {
            out.println("warning: some commands were still without an answer after the drain timeout");
        }
        if (snapshotFailure.get() != null) {
            throw snapshotFailure.get();
        }
        double seconds = Math.max(1e-3, (Math.max(stats.lastMeasuredCompletionNanos(), measureStart) - measureStart) / 1e9);
        long cpuNow = processCpuNanos();
        double benchCpuCores = cpuNow < 0 || cpuAtMeasureStart.get() < 0 ? -1 : (cpuNow - cpuAtMeasureStart.get()) / 1e9 / seconds;
        // every command on the commands topic, a transfer as one
        long commands = stats.accepted() + stats.rejected() + stats.errors() + transfersSent(stats);
        BrokerAppends.Summary appends = BrokerAppends.Summary.of(before.get(),
                broker.settled(Duration.ofMillis(500), Duration.ofSeconds(20)), commands);
        BenchReport.Visibility visible = visibility == null
                ? new BenchReport.Visibility(0, new LatencyHistogram().summary(), 0, Map.of())
                : new BenchReport.Visibility(options.visibilitySampleEvery(), visibility.lag().summary(), visibility.dropped(),
                visibility.errors());
        return new Measured(stats, seconds, benchCpuCores, appends, visible, List.copyOf(windows));
    }

    private BenchReport.WindowLine reportWindow(RunStats stats, long start, long measureStart) {
        long now = System.nanoTime();
        RunStats.Window window = stats.rollWindow(now);
        double seconds = Math.max(1e-3, (now - window.startNanos) / 1e9);
        String phase = window.startNanos < measureStart ? "warm-up" : "measure";
        BenchReport.WindowLine line = new BenchReport.WindowLine((now - start) / 1e9, phase,
                window.accepted.sum() / seconds, window.rejected.sum() / seconds, window.errors.sum(),
                window.latency.percentileMicros(0.5) / 1000.0, window.latency.percentileMicros(0.99) / 1000.0,
                window.transfers.sum() / seconds);
        out.printf("[%6.1f s] %-7s accepted %8.0f/s  rejected %7.0f/s  errors %5d  p50 %7.1f ms  p99 %7.1f ms%s%n",
                line.atSeconds(), line.phase(), line.acceptedPerSecond(), line.rejectedPerSecond(), line.errors(),
                line.p50Ms(), line.p99Ms(), options.transfers() ? String.format("  transfers %7.0f/s", line.transfersPerSecond()) : "");
        return line;
    }

    private RawAppendProbe.Result rawAppends(Admin admin, BankTopics topics, Workload workload) throws InterruptedException {
        if (options.rawAppendSeconds() == 0) {
            return null;
        }
        int recordBytes = CommandRecords.averageRecordBytes(workload, topics.commands().valueSerde().serializer(),
                topics.commands().name());
        String scratch = options.topicPrefix() + "bench-raw-append-" + workload.runId();
        out.printf("raw append probe: %d s of %d-byte records to %s ...%n", options.rawAppendSeconds(), recordBytes, scratch);
        try {
            return RawAppendProbe.run(admin, options.connection(), scratch, topics.commands().partitions(),
                    topics.commands().replicationFactor(), recordBytes, Duration.ofSeconds(options.rawAppendSeconds()));
        } catch (RuntimeException e) {
            // the load figures still stand; the report says the yardstick is missing
            out.println("warning: the raw append probe failed, so there is no ratio or ceiling: " + e.getMessage());
            return null;
        }
    }

    private BenchReport report(String runId, BankTopics topics, BenchReport.OpenPhase open, Measured measured,
                               RawAppendProbe.Result raw, LedgerAudit.Result check, double loadAtStart,
                               BenchReport.IdempotencyStore store, Settling settling) {
        RunStats stats = measured.stats();
        double seconds = measured.seconds();
        double acceptedPerSecond = stats.accepted() / seconds;
        double rejectedPerSecond = stats.rejected() / seconds;
        double commandsPerSecond = acceptedPerSecond + rejectedPerSecond;
        LatencyHistogram.LatencySummary latency = stats.acknowledgement().summary();
        double closedLoopBound = latency.meanMs() > 0 ? options.clients() / (latency.meanMs() / 1000.0) : 0;
        BenchReport.Transfers transfers = options.transfers() ? transfers(stats, seconds, settling) : null;
        // a transfer is one command on the commands topic: the yardstick counts it (none without transfers)
        double onTheTopicPerSecond = commandsPerSecond + (transfers == null ? 0
                : transfers.answeredPerSecond() + transfers.pendingPerSecond());
        double ratio = raw == null || raw.recordsPerSecond() == 0 ? 0 : onTheTopicPerSecond / raw.recordsPerSecond();
        double ceiling = raw == null || measured.appends().perCommand() == 0 ? 0
                : raw.recordsPerSecond() / measured.appends().perCommand();
        BenchReport.Settings settings = new BenchReport.Settings(options.accounts(), options.clients(),
                options.durationSeconds(), options.commands(), options.warmupSeconds(), options.ratePerSecond(),
                options.bootstrapServers(), options.accountUrl().toString(), options.ledgerUrl().toString(),
                options.topicPrefix(), options.visibilitySampleEvery(), options.seed(), topics.commands().partitions(),
                options.transferPercent());
        BenchReport.Machine machine = new BenchReport.Machine(System.getProperty("java.version"),
                System.getProperty("java.vendor"), Runtime.getRuntime().availableProcessors(), loadAtStart, loadAverage(),
                measured.benchJvmCpuCores());
        return new BenchReport(runId, options.mode().label(), settings, machine, open, seconds, stats.accepted(),
                stats.rejected(), stats.errors(), stats.rejectedByCode(), stats.errorsByCode(), acceptedPerSecond,
                rejectedPerSecond, commandsPerSecond, closedLoopBound, latency, measured.visibility(), measured.appends(),
                raw, ratio, ceiling, measured.windows(), check, store, transfers);
    }

    private static long transfersSent(RunStats stats) {
        return stats.transfersCompleted() + stats.transfersReversed() + stats.transfersPending()
                + stats.transfersRefusedByCode().values().stream().mapToLong(Long::longValue).sum()
                + stats.transferErrorsByCode().values().stream().mapToLong(Long::longValue).sum();
    }

    private BenchReport.Transfers transfers(RunStats stats, double seconds, Settling settling) {
        Map<String, Long> refusedByCode = stats.transfersRefusedByCode();
        Map<String, Long> errorsByCode = stats.transferErrorsByCode();
        long refused = refusedByCode.values().stream().mapToLong(Long::longValue).sum();
        long errors = errorsByCode.values().stream().mapToLong(Long::longValue).sum();
        long completed = stats.transfersCompleted();
        long reversed = stats.transfersReversed();
        return new BenchReport.Transfers(options.transferPercent(), completed, reversed, refused, refusedByCode,
                stats.transfersPending(), errors, errorsByCode, (completed + reversed + refused) / seconds,
                completed / seconds, reversed / seconds, refused / seconds, stats.transfersPending() / seconds,
                stats.transferLatency().summary(), settling.unsettledAfterRun(), settling.seconds());
    }

    /** The store after the run, and again after the settle time, each counted from its changelog. */
    private BenchReport.IdempotencyStore idempotencyStore(long before) throws InterruptedException {
        long afterRun = idempotencyStoreSize("after the run");
        long afterSettle = -1;
        if (options.idempotencySettleSeconds() > 0) {
            out.printf("waiting %d s for the idempotency store's purge ...%n", options.idempotencySettleSeconds());
            Thread.sleep(TimeUnit.SECONDS.toMillis(options.idempotencySettleSeconds()));
            afterSettle = idempotencyStoreSize(options.idempotencySettleSeconds() + " s after the run");
        }
        return new BenchReport.IdempotencyStore(IdempotencyStoreSize.changelog(options.accountApplicationId()), before,
                afterRun, options.idempotencySettleSeconds(), afterSettle);
    }

    private long idempotencyStoreSize(String when) {
        long start = System.nanoTime();
        long size = IdempotencyStoreSize.count(options.connection(), options.accountApplicationId(), AUDIT_TIMEOUT)
                .orElse(-1);
        out.printf("idempotency store %s: %s (counted from %s in %.1f s)%n", when,
                size < 0 ? "no changelog yet" : size + " entries", IdempotencyStoreSize.changelog(options.accountApplicationId()),
                (System.nanoTime() - start) / 1e9);
        return size;
    }

    private Duration drainTimeout() {
        return Duration.ofMillis(options.requestTimeoutMs()).plus(DRAIN_TIMEOUT_EXTRA);
    }

    private static Map<String, Long> counts(Map<String, LongAdder> adders) {
        Map<String, Long> copy = new TreeMap<>();
        adders.forEach((code, count) -> copy.put(code, count.sum()));
        return copy;
    }

    /** CPU time this JVM has used, or -1 where the platform cannot tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}

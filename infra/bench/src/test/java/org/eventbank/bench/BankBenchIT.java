package org.eventbank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eventbank.account.AccountService;
import org.eventbank.account.AccountServiceConfig;
import org.eventbank.config.Env;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.topics.TopicBootstrap;
import org.eventbank.ledger.LedgerProjector;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short smoke run of the bench, in both modes, against a real broker with the account-service and the
 * ledger projector running in this JVM (accepting the tokens of a local issuer, whose key the bench mints its own
 * token with): the self-check must pass and the figures must be plausible. The
 * figures themselves mean nothing here (a few seconds on a busy build machine); they come from full runs.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BankBenchIT {

    private static String prefix;
    private static String bootstrapServers;
    private static AccountService accounts;
    private static LedgerProjector ledger;
    /** The local bank's data folder: the signing key the services trust and the bench mints its token with. */
    private static Path dataDir;

    @BeforeAll
    static void startTheBank(KafkaBroker broker) throws Exception {
        bootstrapServers = broker.bootstrapServers();
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Map<String, String> env = new HashMap<>();
        env.put("BANK_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("BANK_TOPIC_PREFIX", prefix);
        env.put("BANK_HTTP_PORT", "0");
        // as services started by hand next to ./bank up --kafka-only: they accept the local issuer's tokens
        dataDir = Files.createTempDirectory("bench-it-data");
        LocalIssuer.openOrCreate(dataDir);
        env.put("BANK_AUTH_DEV", "true");
        env.put("BANK_DATA_DIR", dataDir.toString());
        Map<String, String> accountEnv = new HashMap<>(env);
        accountEnv.put("BANK_APPLICATION_ID", prefix + "accounts");
        accountEnv.put("BANK_STATE_DIR", Files.createTempDirectory("bench-it-accounts").toString());
        Map<String, String> ledgerEnv = new HashMap<>(env);
        ledgerEnv.put("BANK_APPLICATION_ID", prefix + "ledger");
        ledgerEnv.put("BANK_STATE_DIR", Files.createTempDirectory("bench-it-ledger").toString());
        AccountServiceConfig accountConfig = AccountServiceConfig.fromEnvironment(Env.of(accountEnv));
        // the topic bootstrap, the step before the services (they only check the topics)
        TopicBootstrap.ensure(accountConfig.cluster().connection(), accountConfig.cluster().bankTopics().all(), Duration.ofSeconds(30));
        accounts = AccountService.start(accountConfig);
        ledger = LedgerProjector.start(LedgerProjectorConfig.fromEnvironment(Env.of(ledgerEnv)));
        awaitFor(60_000, () -> accounts.isReady() && ledger.ready());
    }

    @AfterAll
    static void stopTheBank() {
        if (ledger != null) {
            ledger.close();
        }
        if (accounts != null) {
            accounts.close();
        }
    }

    @Test
    void shouldPassItsSelfCheckAndReportPlausibleFiguresThroughTheRestEndpoint(@TempDir Path dir) throws Exception {
        Run run = bench(dir, "http");

        assertPlausible(run);
        assertThat(run.report().visibility().lag().count()).as("visibility samples").isPositive();
        assertThat(run.report().visibility().lag().p50Ms()).isLessThanOrEqualTo(run.report().visibility().lag().p99Ms());
    }

    @Test
    void shouldPassItsSelfCheckAndReportPlausibleFiguresThroughTheCommandTopic(@TempDir Path dir) throws Exception {
        Run run = bench(dir, "core");

        assertPlausible(run);
    }

    @Test
    void shouldCheckEveryTransferAndConservationOfMoneyThroughTheRestEndpoint(@TempDir Path dir) throws Exception {
        assertTransfersChecked(bench(dir, "http", "--mix", "transfers=40%"));
    }

    @Test
    void shouldCheckEveryTransferAndConservationOfMoneyThroughTheCommandTopic(@TempDir Path dir) throws Exception {
        assertTransfersChecked(bench(dir, "core", "--mix", "transfers=40%"));
    }

    private static void assertTransfersChecked(Run run) {
        BenchReport report = run.report();
        assertThat(report.selfCheck().passed()).as("self-check: %s", report.selfCheck().problems()).isTrue();
        BenchReport.Transfers transfers = report.transfers();
        assertThat(transfers).isNotNull();
        assertThat(transfers.percent()).isEqualTo(40);
        assertThat(transfers.completed()).as("completed transfers").isPositive();
        assertThat(transfers.errors()).as("transfer errors %s", transfers.errorsByCode()).isZero();
        assertThat(transfers.answeredPerSecond()).isPositive();
        assertThat(transfers.latency().count()).isEqualTo(transfers.completed() + transfers.reversed() + transfers.refused());
        // the single-account figures leave the transfers out
        assertThat(report.acknowledgementLatency().count()).isEqualTo(report.accepted() + report.rejected());
        assertThat(report.selfCheck().transfers()).isGreaterThanOrEqualTo(transfers.completed() + transfers.reversed());
        assertThat(report.selfCheck().money()).singleElement().satisfies(money -> {
            assertThat(money.currency()).isEqualTo(Workload.CURRENCY);
            assertThat(money.inFlightMinor()).isZero();
            assertThat(money.conserved()).isTrue();
            assertThat(money.transfersDebited()).isEqualTo(money.transfersCredited() + money.transfersReversed());
        });
        assertThat(run.json().path("transfers").path("completed").asLong()).isEqualTo(transfers.completed());
        assertThat(run.printed()).contains("transfers/s answered", "transfer latency", "balances", "PASSED");
    }

    private record Run(BenchReport report, JsonNode json, String printed) {
    }

    private static Run bench(Path dir, String mode, String... extraFlags) throws Exception {
        Path out = dir.resolve("bench-" + mode + ".json");
        List<String> flags = new ArrayList<>(List.of("--mode", mode, "--accounts", "50", "--clients", "4",
                "--duration", "3", "--warmup", "1", "--report-every", "1", "--raw-append-seconds", "2",
                "--visibility-sample-every", "5", "--bootstrap-servers", bootstrapServers,
                "--account-url", "http://localhost:" + accounts.httpPort(),
                "--ledger-url", "http://localhost:" + ledger.httpPort(),
                "--topic-prefix", prefix, "--out", out.toString(), "--data-dir", dataDir.toString()));
        flags.addAll(List.of(extraFlags));
        BenchOptions options = BenchOptions.parse(flags);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        // shown as it runs, and kept for the assertions
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                printed.write(b);
                System.out.write(b);
            }
        };
        BenchReport report = new BankBench(options, new PrintStream(both, true, StandardCharsets.UTF_8)).run();
        return new Run(report, new ObjectMapper().readTree(out.toFile()), printed.toString(StandardCharsets.UTF_8));
    }

    private static void assertPlausible(Run run) {
        BenchReport report = run.report();
        assertThat(report.selfCheck().passed()).as("self-check: %s", report.selfCheck().problems()).isTrue();
        assertThat(report.open().opened()).isEqualTo(50);
        assertThat(report.accepted()).isPositive();
        assertThat(report.acceptedPerSecond()).isPositive();
        assertThat(report.errors()).as("errors %s", report.errorsByCode()).isZero();
        // every acknowledged command of the run, the 50 openings included, was matched to its one event
        assertThat(report.selfCheck().acknowledged()).isGreaterThanOrEqualTo(50 + report.accepted());
        assertThat(report.selfCheck().eventsRead()).isEqualTo(report.selfCheck().acknowledged());

        LatencyHistogram.LatencySummary latency = report.acknowledgementLatency();
        assertThat(latency.count()).isEqualTo(report.accepted() + report.rejected());
        assertThat(latency.p50Ms()).isPositive().isLessThanOrEqualTo(latency.p99Ms());
        assertThat(latency.p99Ms()).isLessThanOrEqualTo(latency.maxMs());

        // at least the command, its event and its result, each in a topic of the bank
        assertThat(report.appends().perCommand()).isGreaterThan(1);
        assertThat(report.appends().appendsByTopic()).containsKeys(prefix + "account-commands", prefix + "account-events",
                prefix + "command-results");
        assertThat(report.rawAppend().recordsPerSecond()).isPositive();
        assertThat(report.ratioToRawAppends()).isPositive().isLessThan(1);
        assertThat(report.ceilingCommandsPerSecond()).isPositive();
        assertThat(report.windows()).isNotEmpty();
        assertThat(report.machine().benchJvmCpuCores()).as("CPU of this JVM (bench and bank)").isPositive();

        assertThat(run.json().path("selfCheck").path("passed").asBoolean()).isTrue();
        assertThat(run.json().path("accepted").asLong()).isEqualTo(report.accepted());
        assertThat(run.printed()).contains("self-check", "PASSED", "ack latency", "raw appends", "ceiling",
                "HTTP requests carry a bearer token for bank-bench (bank:teller bank:auditor)");
    }

    private static void awaitFor(long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the bank did not become ready within " + timeoutMs + " ms");
            }
            Thread.sleep(100);
        }
        // a freshly started Streams client may rebalance once more; give it a moment while staying ready
        Thread.sleep(1_500);
        if (!condition.getAsBoolean()) {
            awaitFor(timeoutMs, condition);
        }
    }

}

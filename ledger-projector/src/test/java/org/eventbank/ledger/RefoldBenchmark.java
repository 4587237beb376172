package org.eventbank.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.eventbank.kafka.local.BrokerSettings;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.ledger.LedgerFixtures.AccountHistory;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;

/**
 * Not a test: a benchmark run by hand. On a private local broker it writes {@code events} events
 * ({@code accounts} accounts), then measures (1) a full refold from the ledger by a fresh projector,
 * (2) a restore from the changelogs by an instance with an empty state dir, (3) a restart on its own
 * state dir, and (4) p50/p99 of balance and asOf queries on one instance (all local).
 *
 * <pre>
 *   java -cp target/test-classes:target/classes:$(cat cp.txt) org.eventbank.ledger.RefoldBenchmark 1000000 10000
 * </pre>
 */
public final class RefoldBenchmark {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private RefoldBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int perAccount = events / accounts;
        Path work = Files.createTempDirectory("refold-benchmark");
        try (KafkaBroker broker = KafkaBroker.start(BrokerSettings.temporary())) {
            String bootstrap = broker.bootstrapServers();
            String prefix = "bench" + UUID.randomUUID().toString().substring(0, 6) + ".";
            BankTopics topics = BankTopics.of(new TopicSettings(prefix, 6, (short) 1), BankSerdes.singleObject());
            String applicationId = "bench-projector-" + UUID.randomUUID();
            Map<String, CurrencyTotals> expected = new TreeMap<>();
            Random random = new Random(1);

            long writeStart = System.nanoTime();
            try (LedgerTopicWriter writer = new LedgerTopicWriter(bootstrap, topics)) {
                List<LedgerEvent> batch = new ArrayList<>();
                for (int a = 0; a < accounts; a++) {
                    AccountHistory account = new AccountHistory("bench-" + a, a % 2 == 0 ? "EUR" : "USD", T0.plusSeconds(a));
                    while (account.events().size() < perAccount) {
                        account.randomMove(random, 60_000);
                    }
                    for (LedgerEvent event : account.events()) {
                        expected.merge(event.currency(), CurrencyTotals.evolve(CurrencyTotals.ZERO, event), CurrencyTotals::plus);
                    }
                    batch.addAll(account.events());
                    if (batch.size() >= LedgerTopicWriter.TRANSACTION_SIZE_MAX) {
                        writer.write(batch);
                        batch.clear();
                    }
                }
                writer.write(batch);
            }
            long total = (long) accounts * perAccount;
            System.out.printf("BENCH wrote %d events (%d accounts) in %d ms%n", total, accounts, ms(writeStart));

            LedgerProjectorConfig first = ProjectorTestConfigs.config(bootstrap, prefix, 6, work.resolve("first"), applicationId, 5000);
            long refoldStart = System.nanoTime();
            try (LedgerProjector projector = LedgerProjector.start(first)) {
                awaitTotals(projector, expected);
                System.out.printf("BENCH full refold of %d events: %d ms (%d records processed)%n", total, ms(refoldStart), projector.recordsProcessed());
            }

            LedgerProjectorConfig empty = ProjectorTestConfigs.config(bootstrap, prefix, 6, work.resolve("empty"), applicationId, 5000);
            long restoreStart = System.nanoTime();
            try (LedgerProjector projector = LedgerProjector.start(empty)) {
                awaitTotals(projector, expected);
                System.out.printf("BENCH restore from changelogs into an empty state dir: %d ms (%d records processed)%n",
                        ms(restoreStart), projector.recordsProcessed());
            }

            long restartStart = System.nanoTime();
            try (LedgerProjector projector = LedgerProjector.start(empty)) {
                awaitTotals(projector, expected);
                System.out.printf("BENCH restart on its own state dir: %d ms (%d records processed)%n", ms(restartStart), projector.recordsProcessed());
                // asOf answers once its instants are final: the first refresh after the start confirms them
                long finalDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (IntStream.range(0, 6).anyMatch(p -> projector.finalUpTo(p).isEmpty()) && System.nanoTime() < finalDeadline) {
                    Thread.sleep(50);
                }
                measureLatency(projector, accounts, perAccount);
            }
        }
    }

    private static void awaitTotals(LedgerProjector projector, Map<String, CurrencyTotals> expected) throws InterruptedException {
        ProjectorClient client = new ProjectorClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            ProjectorClient.Answer answer = client.get(projector.httpPort(), "/totals");
            if (answer.status() == 200 && currencies(answer.body()).equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("projector did not catch up within 30 minutes");
    }

    private static Map<String, CurrencyTotals> currencies(JsonNode totals) {
        Map<String, CurrencyTotals> result = new TreeMap<>();
        totals.get("currencies").fields().forEachRemaining(field -> result.put(field.getKey(), new CurrencyTotals(
                field.getValue().get("accounts").bigIntegerValue(), field.getValue().get("balanceSum").bigIntegerValue(),
                field.getValue().get("depositVolume").bigIntegerValue(), field.getValue().get("withdrawalVolume").bigIntegerValue())));
        return result;
    }

    private static void measureLatency(LedgerProjector projector, int accounts, int perAccount) {
        ProjectorClient client = new ProjectorClient();
        Random random = new Random(2);
        int samples = 5_000;
        long[] balance = new long[samples];
        long[] asOf = new long[samples];
        for (int i = 0; i < samples + 500; i++) {
            String accountId = "bench-" + random.nextInt(accounts);
            long start = System.nanoTime();
            int status = client.get(projector.httpPort(), "/accounts/" + accountId + "/balance").status();
            long balanceNanos = System.nanoTime() - start;
            Instant instant = T0.plusSeconds(random.nextInt(accounts)).plusMillis(random.nextInt(perAccount * 30_000));
            start = System.nanoTime();
            int asOfStatus = client.get(projector.httpPort(), "/accounts/" + accountId + "/balance?asOf=" + instant).status();
            long asOfNanos = System.nanoTime() - start;
            if (status != 200 || (asOfStatus != 200 && asOfStatus != 404)) {
                throw new IllegalStateException("unexpected status " + status + "/" + asOfStatus);
            }
            if (i >= 500) {
                balance[i - 500] = balanceNanos;
                asOf[i - 500] = asOfNanos;
            }
        }
        System.out.printf("BENCH latency balance, one instance, all local (%d-event accounts): %s%n", perAccount, percentiles(balance));
        System.out.printf("BENCH latency asOf, one instance, all local (%d-event accounts): %s%n", perAccount, percentiles(asOf));
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", sorted.length, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}

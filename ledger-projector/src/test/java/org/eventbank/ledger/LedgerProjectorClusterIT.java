package org.eventbank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.ledger.LedgerFixtures.AccountHistory;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two projector instances (same application id, own state dirs and ports) over a real broker:
 * every account answered identically by both and equal to a fold of the topic, totals, time travel
 * over REST, read-your-writes with minVersion, transfers read through either instance, and the query latencies.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerProjectorClusterIT {

    private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");
    private static final int ACCOUNTS = 1_000;
    private static final int PARTITIONS = 6;
    private static final long MIN_VERSION_WAIT_MS = 1_500;
    /** Each instance also keeps a warm copy of the other's stores; queries must still come from the active owner only. */
    private static final int STANDBY_REPLICAS = 1;
    private static final String TIME_TRAVELLER = "time-traveller";

    private String bootstrapServers;
    private BankTopics topics;
    private LedgerProjector first;
    private LedgerProjector second;
    private LedgerTopicWriter writer;
    private List<LedgerEvent> timeTravellerEvents;
    private final ProjectorClient client = new ProjectorClient();

    @BeforeAll
    void startTwoInstancesAndWriteTheLedger(KafkaBroker broker, @TempDir Path stateDirs) {
        bootstrapServers = broker.bootstrapServers();
        String prefix = ProjectorTestConfigs.uniquePrefix();
        String applicationId = "ledger-projector-it-" + UUID.randomUUID();
        topics = BankTopics.of(new TopicSettings(prefix, PARTITIONS, (short) 1), BankSerdes.singleObject());
        writer = new LedgerTopicWriter(bootstrapServers, topics);
        first = LedgerProjector.start(ProjectorTestConfigs.config(bootstrapServers, prefix, PARTITIONS, stateDirs.resolve("first"),
                applicationId, MIN_VERSION_WAIT_MS, STANDBY_REPLICAS));
        second = LedgerProjector.start(ProjectorTestConfigs.config(bootstrapServers, prefix, PARTITIONS, stateDirs.resolve("second"),
                applicationId, MIN_VERSION_WAIT_MS, STANDBY_REPLICAS));
        await().atMost(Duration.ofSeconds(90)).until(() -> first.ready() && second.ready()
                && client.get(first.httpPort(), "/totals").status() == 200);

        Random random = new Random(5);
        List<LedgerEvent> ledger = new ArrayList<>();
        String[] currencies = {"EUR", "USD", "JPY"};
        for (int i = 0; i < ACCOUNTS; i++) {
            AccountHistory account = new AccountHistory("acc-" + i, currencies[i % currencies.length], T0.plusSeconds(i));
            int moves = random.nextInt(8);
            for (int m = 0; m < moves; m++) {
                account.randomMove(random, 60_000);
            }
            ledger.addAll(account.events());
        }
        AccountHistory traveller = new AccountHistory(TIME_TRAVELLER, "EUR", T0);
        while (traveller.events().size() < 5_000) {
            traveller.randomMove(random, random.nextInt(20) == 0 ? 86_400_000 : 3);
        }
        timeTravellerEvents = traveller.events();
        ledger.addAll(timeTravellerEvents);
        writer.write(ledger);
        awaitCaughtUp();
    }

    @AfterAll
    void stopInstances() {
        writer.close();
        CompletableFuture.allOf(CompletableFuture.runAsync(first::close), CompletableFuture.runAsync(second::close)).join();
    }

    private void awaitCaughtUp() {
        Map<String, CurrencyTotals> expected = TopicFold.totals(TopicFold.readAll(bootstrapServers, topics));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            ProjectorClient.Answer totals = client.get(first.httpPort(), "/totals");
            assertThat(totals.status()).isEqualTo(200);
            assertThat(currencies(totals.body())).isEqualTo(expected);
        });
    }

    private static Map<String, CurrencyTotals> currencies(JsonNode totals) {
        Map<String, CurrencyTotals> result = new java.util.TreeMap<>();
        totals.get("currencies").fields().forEachRemaining(field -> result.put(field.getKey(), new CurrencyTotals(
                field.getValue().get("accounts").bigIntegerValue(), field.getValue().get("balanceSum").bigIntegerValue(),
                field.getValue().get("depositVolume").bigIntegerValue(), field.getValue().get("withdrawalVolume").bigIntegerValue(),
                field.getValue().get("closedAccounts").bigIntegerValue(), field.getValue().get("inFlight").bigIntegerValue())));
        return result;
    }

    /**
     * Contract v3: a transfer's store is partitioned by transferId through the repartition topic, so only one instance
     * holds it; both answer it alike, so the other forwarded it, with the caller's token. The payer's and the payee's
     * owners read it, a stranger gets what an unknown transfer gets, and the totals count what is still in flight.
     */
    @Test
    void aTransferIsReadAlikeThroughBothInstancesByTheOwnersOfItsAccounts() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String completed = UUID.randomUUID().toString();
        String pending = UUID.randomUUID().toString();
        AccountHistory payer = new AccountHistory("payer-" + suffix, "EUR", T0).deposit(1_000, T0.plusSeconds(1))
                .transferOut(completed, "payee-" + suffix, 300, T0.plusSeconds(2), "rent")
                .transferOut(pending, "payee-" + suffix, 50, T0.plusSeconds(3), null);
        AccountHistory payee = new AccountHistory("payee-" + suffix, "EUR", T0).transferIn(completed, payer.events().get(0).accountId(), 3,
                300, T0.plusSeconds(4));
        List<LedgerEvent> ledger = new ArrayList<>(payer.events());
        ledger.addAll(payee.events());
        writer.write(ledger);
        String payersOwner = ProjectorTestConfigs.TOKENS.customer("owner-payer-" + suffix);
        String payeesOwner = ProjectorTestConfigs.TOKENS.customer("owner-payee-" + suffix);
        // both legs of each transfer folded: the credit, and the debits (which may reach the transfers store later)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode seen = client.get(first.httpPort(), "/transfers/" + completed, ProjectorTestConfigs.TOKENS.auditor(), Map.of()).body();
            assertThat(seen.path("status").asText()).isEqualTo("completed");
            assertThat(seen.path("events").size()).isEqualTo(2);
            assertThat(client.get(first.httpPort(), "/transfers/" + pending, payersOwner, Map.of()).status()).isEqualTo(200);
        });

        JsonNode fromFirst = client.get(first.httpPort(), "/transfers/" + completed, payersOwner, Map.of()).body();
        assertThat(fromFirst.get("fromAccountId").asText()).isEqualTo("payer-" + suffix);
        assertThat(fromFirst.get("toAccountId").asText()).isEqualTo("payee-" + suffix);
        assertThat(fromFirst.get("amount").asLong()).isEqualTo(300);
        assertThat(fromFirst.get("events")).hasSize(2);
        String mallory = ProjectorTestConfigs.TOKENS.customer("mallory");
        String unknown = UUID.randomUUID().toString();
        for (LedgerProjector asked : List.of(first, second)) {
            assertThat(client.get(asked.httpPort(), "/transfers/" + completed, payersOwner, Map.of()).body()).isEqualTo(fromFirst);
            assertThat(client.get(asked.httpPort(), "/transfers/" + completed, payeesOwner, Map.of()).body()).isEqualTo(fromFirst);
            ProjectorClient.Answer pendingToPayer = client.get(asked.httpPort(), "/transfers/" + pending, payersOwner, Map.of());
            assertThat(pendingToPayer.status()).isEqualTo(200);
            assertThat(pendingToPayer.body().get("status").asText()).isEqualTo("pending");
            assertThat(client.get(asked.httpPort(), "/transfers/" + pending, payeesOwner, Map.of()).status()).isEqualTo(404);

            ProjectorClient.Answer stranger = client.get(asked.httpPort(), "/transfers/" + completed, mallory, Map.of());
            ProjectorClient.Answer nobody = client.get(asked.httpPort(), "/transfers/" + unknown, mallory, Map.of());
            assertThat(stranger.status()).isEqualTo(404).isEqualTo(nobody.status());
            assertThat(stranger.body().toString().replace(completed, "ID")).isEqualTo(nobody.body().toString().replace(unknown, "ID"));
        }
        assertThat(client.get(second.httpPort(), "/totals").body().get("currencies").get("EUR").get("inFlight").asLong())
                .as("the pending transfer's 50 (and nothing else in flight)").isEqualTo(50);
    }

    @Test
    void bothInstancesOwnPartitionsSoQueriesAreReallyForwarded() {
        JsonNode firstShare = client.get(first.httpPort(), "/internal/totals").body();
        JsonNode secondShare = client.get(second.httpPort(), "/internal/totals").body();

        assertThat(firstShare.get("partitions")).isNotEmpty();
        assertThat(secondShare.get("partitions")).isNotEmpty();
        assertThat(firstShare.get("partitions").size() + secondShare.get("partitions").size()).isEqualTo(PARTITIONS);
    }

    /**
     * Identity across instances (issue 14): a query sent to the instance that does not own the account is forwarded
     * with the caller's token, and the owning instance authenticates it again and decides whether the caller may read
     * the account; a request that says it was forwarded still needs its token.
     */
    @Test
    void aForwardedQueryCarriesTheCallersTokenAndTheOwningInstanceDecides() {
        String accountId = "acc-7";
        int partition = LedgerTopicWriter.partitionOf(accountId, PARTITIONS);
        boolean firstOwns = false;
        for (JsonNode owned : client.get(first.httpPort(), "/internal/totals").body().get("partitions")) {
            firstOwns |= owned.asInt() == partition;
        }
        int owner = (firstOwns ? first : second).httpPort();
        int notOwner = (firstOwns ? second : first).httpPort();
        // an account that does not exist, on the same partition: its queries take the same way
        String unknownId = LedgerTopicWriter.keyOnPartition("nobody-", partition, PARTITIONS);
        String ownersToken = ProjectorTestConfigs.TOKENS.customer(LedgerFixtures.opened(accountId, "EUR", T0).owner());
        String mallory = ProjectorTestConfigs.TOKENS.customer("mallory");
        List<String> queries = List.of("/balance", "/balance?asOf=" + T0.plusSeconds(60), "/balance?minVersion=1", "/events");

        for (String query : queries) {
            ProjectorClient.Answer own = client.get(notOwner, "/accounts/" + accountId + query, ownersToken, Map.of());
            assertThat(own.status()).as("%s forwarded with the owner's token: %s", query, own.body()).isEqualTo(200);
            assertThat(own.body()).as(query).isEqualTo(client.get(owner, "/accounts/" + accountId + query, ownersToken, Map.of()).body());

            ProjectorClient.Answer another = client.get(notOwner, "/accounts/" + accountId + query, mallory, Map.of());
            ProjectorClient.Answer unknown = client.get(notOwner, "/accounts/" + unknownId + query, mallory, Map.of());
            assertThat(another.status()).as(query).isEqualTo(404);
            assertThat(another.body().toString().replace(accountId, "ID")).as(query)
                    .isEqualTo(unknown.body().toString().replace(unknownId, "ID"));

            assertThat(client.get(notOwner, "/accounts/" + accountId + query, null, Map.of()).status()).as(query).isEqualTo(401);
        }

        // what a forwarding instance sends, without a token: the owner authenticates it like any request
        Map<String, String> forwarded = Map.of("Bank-Forwarded-By", "localhost:" + notOwner);
        ProjectorClient.Answer noToken = client.get(owner, "/accounts/" + accountId + "/balance", null, forwarded);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.body().get("type").asText()).isEqualTo("/problems/unauthorized");
        assertThat(noToken.wwwAuthenticate()).startsWith("Bearer");
        assertThat(client.get(owner, "/accounts/" + accountId + "/balance", mallory, forwarded).status()).isEqualTo(404);
        assertThat(client.get(owner, "/accounts/" + accountId + "/balance", ownersToken, forwarded).status()).isEqualTo(200);
        // authenticated before it is routed: not the 503 of a forwarded request that reached a non-owner
        assertThat(client.get(notOwner, "/accounts/" + accountId + "/balance", null, forwarded).status()).isEqualTo(401);
    }

    /** The totals are the auditor's: every instance asks every other with the caller's token, and each checks it. */
    @Test
    void totalsAcrossInstancesAreForAuditorsOnly() {
        String customer = ProjectorTestConfigs.TOKENS.customer("owner-acc-1");
        for (LedgerProjector asked : List.of(first, second)) {
            assertThat(client.get(asked.httpPort(), "/totals", customer, Map.of()).status()).isEqualTo(403);
            assertThat(client.get(asked.httpPort(), "/internal/totals", customer, Map.of()).status()).isEqualTo(403);
            assertThat(client.get(asked.httpPort(), "/totals", null, Map.of()).status()).isEqualTo(401);
            assertThat(client.get(asked.httpPort(), "/metrics", customer, Map.of()).status()).isEqualTo(403);
            ProjectorClient.Answer totals = client.get(asked.httpPort(), "/totals", ProjectorTestConfigs.TOKENS.auditor(), Map.of());
            assertThat(totals.status()).isEqualTo(200);
            assertThat(currencies(totals.body())).isEqualTo(TopicFold.totals(TopicFold.readAll(bootstrapServers, topics)));
        }
    }

    @Test
    void bothInstancesAnswerEveryAccountLikeAFoldOfTheTopic() {
        Map<String, BalanceView> expected = TopicFold.balances(TopicFold.readAll(bootstrapServers, topics));
        assertThat(expected).hasSizeGreaterThanOrEqualTo(ACCOUNTS);

        for (int i = 0; i < ACCOUNTS; i++) {
            String accountId = "acc-" + i;
            BalanceView view = expected.get(accountId);
            ProjectorClient.Answer fromFirst = client.get(first.httpPort(), "/accounts/" + accountId + "/balance");
            ProjectorClient.Answer fromSecond = client.get(second.httpPort(), "/accounts/" + accountId + "/balance");

            assertThat(fromFirst.status()).as(accountId).isEqualTo(200);
            assertThat(fromFirst.body()).as(accountId).isEqualTo(fromSecond.body());
            assertThat(fromFirst.body().get("balance").asLong()).as(accountId).isEqualTo(view.balanceMinor());
            assertThat(fromFirst.body().get("version").asLong()).as(accountId).isEqualTo(view.version());
            assertThat(fromFirst.body().get("currency").asText()).as(accountId).isEqualTo(view.currency());
            assertThat(fromFirst.body().get("updatedAt").asText()).as(accountId).isEqualTo(view.updatedAt().toString());
        }
    }

    @Test
    void bothInstancesGiveTheSameTotalsAsABruteForceFold() {
        Map<String, CurrencyTotals> expected = TopicFold.totals(TopicFold.readAll(bootstrapServers, topics));

        Map<String, CurrencyTotals> fromFirst = currencies(client.get(first.httpPort(), "/totals").body());
        Map<String, CurrencyTotals> fromSecond = currencies(client.get(second.httpPort(), "/totals").body());

        assertThat(fromFirst).isEqualTo(expected).isEqualTo(fromSecond);
        assertThat(fromFirst.values().stream().map(CurrencyTotals::accounts).reduce(BigInteger.ZERO, BigInteger::add))
                .isEqualTo(BigInteger.valueOf(expected.values().stream().mapToLong(t -> t.accounts().longValue()).sum()));
    }

    @Test
    void asOfOverRestEqualsABruteForceFoldAtRandomInstants() {
        Random random = new Random(11);
        List<Instant> instants = new ArrayList<>(List.of(T0.minusMillis(1), T0, timeTravellerEvents.get(timeTravellerEvents.size() - 1).occurredAt()));
        for (int i = 0; i < 100; i++) {
            instants.add(timeTravellerEvents.get(random.nextInt(timeTravellerEvents.size())).occurredAt());
        }
        long span = timeTravellerEvents.get(timeTravellerEvents.size() - 1).occurredAt().toEpochMilli() - T0.toEpochMilli();
        for (int i = 0; i < 120; i++) {
            instants.add(T0.minusMillis(span / 10).plusMillis((long) (random.nextDouble() * span * 1.2)));
        }

        int beforeOpening = 0;
        for (int i = 0; i < instants.size(); i++) {
            Instant instant = instants.get(i);
            int port = i % 2 == 0 ? first.httpPort() : second.httpPort();
            ProjectorClient.Answer answer = client.get(port, "/accounts/" + TIME_TRAVELLER + "/balance?asOf=" + instant);
            Optional<BalanceView> expected = bruteForce(instant);
            if (expected.isEmpty()) {
                beforeOpening++;
                assertThat(answer.status()).as("as of %s", instant).isEqualTo(404);
                assertThat(answer.body().get("type").asText()).isEqualTo("/problems/account-not-found");
            } else {
                assertThat(answer.status()).as("as of %s", instant).isEqualTo(200);
                assertThat(answer.body().get("balance").asLong()).as("as of %s", instant).isEqualTo(expected.get().balanceMinor());
                assertThat(answer.body().get("version").asLong()).as("as of %s", instant).isEqualTo(expected.get().version());
            }
        }
        assertThat(instants).hasSizeGreaterThanOrEqualTo(200);
        assertThat(beforeOpening).isPositive();
    }

    private Optional<BalanceView> bruteForce(Instant instant) {
        BalanceView view = BalanceView.INITIAL;
        for (LedgerEvent event : timeTravellerEvents) {
            if (event.occurredAt().isAfter(instant)) {
                break;
            }
            view = BalanceView.evolve(view, event);
        }
        return view.isOpened() ? Optional.of(view) : Optional.empty();
    }

    @Test
    void minVersionWaitsForAVersionWrittenAMomentLaterAndTimesOutForOneNeverWritten() throws Exception {
        String accountId = "ryw-" + UUID.randomUUID().toString().substring(0, 8);
        AccountHistory account = new AccountHistory(accountId, "EUR", Instant.now());
        account.deposit(10, Instant.now());
        List<LedgerEvent> events = account.events();

        for (LedgerProjector asked : List.of(first, second)) {
            CompletableFuture<ProjectorClient.Answer> waiting = CompletableFuture.supplyAsync(
                    () -> client.get(asked.httpPort(), "/accounts/" + accountId + "/balance?minVersion=2"));
            TimeUnit.MILLISECONDS.sleep(300);
            if (asked == first) {
                writer.write(events);
            }
            ProjectorClient.Answer answer = waiting.get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().get("version").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(answer.body().get("balance").asLong()).isEqualTo(10);
        }

        for (LedgerProjector asked : List.of(first, second)) {
            long start = System.nanoTime();
            ProjectorClient.Answer timeout = client.get(asked.httpPort(), "/accounts/" + accountId + "/balance?minVersion=3");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(timeout.status()).isEqualTo(504);
            assertThat(timeout.body().get("type").asText()).isEqualTo("/problems/min-version-timeout");
            assertThat(waitedMs).isGreaterThanOrEqualTo(MIN_VERSION_WAIT_MS);
        }
    }

    @Test
    void statementsAreIdenticalFromBothInstances() {
        JsonNode fromFirst = client.get(first.httpPort(), "/accounts/" + TIME_TRAVELLER + "/events?fromVersion=4990&limit=1000").body();
        JsonNode fromSecond = client.get(second.httpPort(), "/accounts/" + TIME_TRAVELLER + "/events?fromVersion=4990&limit=1000").body();

        assertThat(fromFirst).isEqualTo(fromSecond);
        assertThat(fromFirst.get("events")).hasSize(11);
        assertThat(fromFirst.get("events").get(10).get("balanceAfter").asLong())
                .isEqualTo(timeTravellerEvents.get(timeTravellerEvents.size() - 1).balanceAfterMinor());
    }

    /**
     * Not a timed assertion: prints p50/p99 of balance and asOf queries on the idle local broker, for the
     * report. Every sampled answer is checked too: a fast wrong answer is no answer.
     */
    @Test
    void measureQueryLatency() {
        Map<String, BalanceView> written = TopicFold.balances(TopicFold.readAll(bootstrapServers, topics));
        Random random = new Random(3);
        int samples = 2_000;
        long[] balance = new long[samples];
        long[] asOf = new long[samples];
        long span = timeTravellerEvents.get(timeTravellerEvents.size() - 1).occurredAt().toEpochMilli() - T0.toEpochMilli();
        for (int i = 0; i < samples; i++) {
            String accountId = "acc-" + random.nextInt(ACCOUNTS);
            long start = System.nanoTime();
            ProjectorClient.Answer current = client.get(first.httpPort(), "/accounts/" + accountId + "/balance");
            balance[i] = System.nanoTime() - start;
            assertBalance(current, written.get(accountId), accountId);

            Instant instant = T0.plusMillis((long) (random.nextDouble() * span));
            start = System.nanoTime();
            ProjectorClient.Answer past = client.get(first.httpPort(), "/accounts/" + TIME_TRAVELLER + "/balance?asOf=" + instant);
            asOf[i] = System.nanoTime() - start;
            BalanceView expected = bruteForce(instant).orElseThrow(() -> new AssertionError("sampled an instant before the opening"));
            assertBalance(past, expected, TIME_TRAVELLER + " as of " + instant);
            assertThat(past.body().get("asOf").asText()).as("as of %s", instant).isEqualTo(instant.toString());
        }
        System.out.printf("LATENCY balance (any account, ~half forwarded): %s%n", percentiles(balance));
        System.out.printf("LATENCY asOf (5,000-event account, binary search): %s%n", percentiles(asOf));
    }

    /** The answer is 200 with the balance, version, currency and updatedAt of the fold. */
    private static void assertBalance(ProjectorClient.Answer answer, BalanceView expected, String what) {
        assertThat(answer.status()).as(what).isEqualTo(200);
        assertThat(answer.body().get("balance").asLong()).as("balance of %s", what).isEqualTo(expected.balanceMinor());
        assertThat(answer.body().get("version").asLong()).as("version of %s", what).isEqualTo(expected.version());
        assertThat(answer.body().get("currency").asText()).as("currency of %s", what).isEqualTo(expected.currency());
        assertThat(answer.body().get("updatedAt").asText()).as("updatedAt of %s", what).isEqualTo(expected.updatedAt().toString());
    }

    static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", sorted.length, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}

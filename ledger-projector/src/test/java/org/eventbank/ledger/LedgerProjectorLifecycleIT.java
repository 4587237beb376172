package org.eventbank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.ByteBuffer;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.schemas.avro.AccountClosed;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.WriterVersions;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.ledger.LedgerFixtures.AccountHistory;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.kafka.LedgerProjectorTopology;
import org.eventbank.ledger.kafka.StoreCodecs;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * One projector over a real broker: restart resumes, rebuild refolds to the same answers (closed accounts
 * included), bad data stops it.
 */
@ExtendWith(KafkaBrokerExtension.class)
class LedgerProjectorLifecycleIT {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final int PARTITIONS = 3;

    @TempDir
    Path stateDir;

    private final ProjectorClient client = new ProjectorClient();

    /** Every account whose number ends in {@value #CLOSED_SUFFIX} is emptied and closed after its moves. */
    private static final int CLOSED_SUFFIX = 3;

    private static List<LedgerEvent> ledger(String prefix, int accounts, int movesMax, Random random) {
        List<LedgerEvent> events = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            AccountHistory account = new AccountHistory(prefix + i, i % 2 == 0 ? "EUR" : "CHF", T0.plusSeconds(i));
            for (int m = random.nextInt(movesMax); m > 0; m--) {
                account.randomMove(random, 10_000);
            }
            if (i % 10 == CLOSED_SUFFIX) {
                if (account.balance() > 0) {
                    account.withdraw(account.balance(), account.last());
                }
                account.close(account.last());
            }
            events.addAll(account.events());
        }
        return events;
    }

    private void awaitTotals(LedgerProjector projector, String bootstrapServers, BankTopics topics) {
        Map<String, CurrencyTotals> expected = TopicFold.totals(TopicFold.readAll(bootstrapServers, topics));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertTotals(client.get(projector.httpPort(), "/totals"), expected));
    }

    private static void assertTotals(ProjectorClient.Answer totals, Map<String, CurrencyTotals> expected) {
        assertThat(totals.status()).isEqualTo(200);
        JsonNode currencies = totals.body().get("currencies");
        assertThat(currencies.size()).isEqualTo(expected.size());
        for (var entry : expected.entrySet()) {
            assertThat(currencies.get(entry.getKey()).get("depositVolume").bigIntegerValue()).isEqualTo(entry.getValue().depositVolume());
            assertThat(currencies.get(entry.getKey()).get("withdrawalVolume").bigIntegerValue()).isEqualTo(entry.getValue().withdrawalVolume());
            assertThat(currencies.get(entry.getKey()).get("accounts").bigIntegerValue()).isEqualTo(entry.getValue().accounts());
            assertThat(currencies.get(entry.getKey()).get("closedAccounts").bigIntegerValue()).isEqualTo(entry.getValue().closedAccounts());
        }
    }

    /** A transfer completed before the first stop, and one pending then and reversed while the projector was stopped. */
    private static final String TRANSFER_COMPLETED = "6d7e8f9a-0b1c-3d2e-8f3a-4b5c6d7e8f9a";
    private static final String TRANSFER_REVERSED = "7e8f9a0b-1c2d-3e3f-9a4b-5c6d7e8f9a0b";

    /**
     * Everything a user can ask about these accounts and the two transfers, as the projector answers it (asOf once it is
     * final; each transfer once both its events are folded: the transfers store trails the account stores by a hop).
     */
    private List<JsonNode> answers(LedgerProjector projector, List<String> accountIds) {
        awaitFinal(projector, T0.plusSeconds(300));
        List<JsonNode> answers = new ArrayList<>();
        for (String transferId : List.of(TRANSFER_COMPLETED, TRANSFER_REVERSED)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(client.get(projector.httpPort(), "/transfers/" + transferId).body().path("events").size()).isEqualTo(2));
            answers.add(client.get(projector.httpPort(), "/transfers/" + transferId).body());
        }
        for (String accountId : accountIds) {
            answers.add(client.get(projector.httpPort(), "/accounts/" + accountId + "/balance").body());
            answers.add(client.get(projector.httpPort(), "/accounts/" + accountId + "/balance?asOf=" + T0.plusSeconds(300)).body());
            answers.add(client.get(projector.httpPort(), "/accounts/" + accountId + "/events?limit=1000").body());
        }
        answers.add(client.get(projector.httpPort(), "/totals").body());
        return answers;
    }

    @Test
    void restartResumesFromCommittedOffsetsAndRebuildRefoldsToTheSameAnswers(KafkaBroker broker) {
        String bootstrapServers = broker.bootstrapServers();
        String prefix = ProjectorTestConfigs.uniquePrefix();
        BankTopics topics = BankTopics.of(new TopicSettings(prefix, PARTITIONS, (short) 1), BankSerdes.singleObject());
        LedgerProjectorConfig config = ProjectorTestConfigs.config(bootstrapServers, prefix, PARTITIONS, stateDir,
                "ledger-lifecycle-" + UUID.randomUUID(), 2000);
        Random random = new Random(17);
        List<LedgerEvent> before = ledger("before-", 200, 10, random);
        List<LedgerEvent> whileStopped = ledger("after-", 100, 10, random);
        // contract v3: the transfers store is restored across the restart, updated by what came while stopped, and refolded
        AccountHistory payer = new AccountHistory("xfer-payer", "EUR", T0).deposit(1_000, T0.plusSeconds(1))
                .transferOut(TRANSFER_COMPLETED, "xfer-payee", 300, T0.plusSeconds(2), "rent")
                .transferOut(TRANSFER_REVERSED, "xfer-payee", 20, T0.plusSeconds(3), null);
        before.addAll(payer.events());
        before.addAll(new AccountHistory("xfer-payee", "EUR", T0).transferIn(TRANSFER_COMPLETED, "xfer-payer", 3, 300, T0.plusSeconds(4))
                .events());
        whileStopped.addAll(payer.transferBack(TRANSFER_REVERSED, "xfer-payee", 4, 20,
                org.eventbank.ledger.domain.TransferReversalReason.PAYEE_CLOSED, T0.plusSeconds(5)).events().subList(4, 5));
        List<String> accountIds = new ArrayList<>();
        before.stream().map(LedgerEvent::accountId).distinct().forEach(accountIds::add);
        whileStopped.stream().map(LedgerEvent::accountId).distinct().forEach(accountIds::add);

        try (LedgerTopicWriter writer = new LedgerTopicWriter(bootstrapServers, topics)) {
            writer.write(before);
            try (LedgerProjector projector = LedgerProjector.start(config)) {
                awaitTotals(projector, bootstrapServers, topics);
                assertThat(projector.recordsProcessed()).isEqualTo(before.size());
            }

            writer.write(whileStopped);
            List<JsonNode> afterRestart;
            long restartStart = System.nanoTime();
            try (LedgerProjector restarted = LedgerProjector.start(config)) {
                awaitTotals(restarted, bootstrapServers, topics);
                System.out.printf("RESTART caught up on %d new events in %d ms%n", whileStopped.size(), (System.nanoTime() - restartStart) / 1_000_000);
                // resumed, not refolded: only the events written while it was stopped were processed
                assertThat(restarted.recordsProcessed()).isEqualTo(whileStopped.size());
                assertThat(client.text(restarted.httpPort(), "/metrics"))
                        .contains("ledger_projector_records_processed_total " + whileStopped.size() + ".0")
                        .contains("jvm_memory_used_bytes", "process_cpu_usage", "kafka_stream_", "jetty_threads_busy",
                                "jetty_connections_current");
                // the metrics are the auditor's
                assertThat(client.get(restarted.httpPort(), "/metrics", ProjectorTestConfigs.TOKENS.customer("before-1"), Map.of()).status())
                        .isEqualTo(403);
                // every account was folded by this build: each one's owner is known
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.text(restarted.httpPort(), "/metrics"))
                        .contains("ledger_projector_accounts_owner_unknown 0.0"));
                // caught up: no partition is behind (1 at most: a transaction's commit marker), and no lag in seconds
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    Map<String, Double> lag = gauges(client.text(restarted.httpPort(), "/metrics"), "ledger_projector_lag_records");
                    assertThat(lag).hasSize(PARTITIONS).allSatisfy((partition, records) -> assertThat(records).isBetween(0.0, 1.0));
                    assertThat(gauges(client.text(restarted.httpPort(), "/metrics"), "ledger_projector_lag_seconds"))
                            .hasSize(PARTITIONS).allSatisfy((partition, seconds) -> assertThat(seconds).isZero());
                });
                afterRestart = answers(restarted, accountIds);
                assertThat(afterRestart.get(1).get("status").asText()).as("pending before the stop, reversed while stopped")
                        .isEqualTo("reversed");
                // a closed account still answers, from state restored across the restart (store format 2)
                ProjectorClient.Answer closed = client.get(restarted.httpPort(), "/accounts/before-" + CLOSED_SUFFIX + "/balance");
                assertThat(closed.status()).isEqualTo(200);
                assertThat(closed.body().get("status").asText()).isEqualTo("closed");
            }

            long rebuildStart = System.nanoTime();
            try (LedgerProjector rebuilt = LedgerProjector.start(config.withRebuild(true))) {
                awaitTotals(rebuilt, bootstrapServers, topics);
                System.out.printf("REBUILD refolded %d events in %d ms%n", before.size() + whileStopped.size(), (System.nanoTime() - rebuildStart) / 1_000_000);
                // a refold from offset 0 of the ledger, not a changelog restore
                assertThat(rebuilt.recordsProcessed()).isEqualTo(before.size() + whileStopped.size());
                assertThat(answers(rebuilt, accountIds)).isEqualTo(afterRestart);
            }
        }
        assertThat(stateDir.resolve(config.streams().applicationId())).exists();
    }

    /**
     * A writer that has decided a deposit but not committed it yet must not let asOf answer for that instant: the
     * answer would change once the commit lands. The instant is answered once it is final, and then with the
     * deposit. A partition that has only ever seen an aborted transaction (nothing to fold, so nothing committed)
     * must not hold its accounts' instants back for ever.
     */
    @Test
    void asOfAnswersOnlyFinalInstantsAndAnIdlePartitionDoesNotHoldThemBack(KafkaBroker broker) throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        String prefix = ProjectorTestConfigs.uniquePrefix();
        BankTopics topics = BankTopics.of(new TopicSettings(prefix, PARTITIONS, (short) 1), BankSerdes.singleObject());
        LedgerProjectorConfig config = ProjectorTestConfigs.config(bootstrapServers, prefix, PARTITIONS, stateDir,
                "ledger-asof-" + UUID.randomUUID(), 2000);
        String accountId = LedgerTopicWriter.keyOnPartition("final-", 0, PARTITIONS);
        String idleAccountId = LedgerTopicWriter.keyOnPartition("idle-", PARTITIONS - 1, PARTITIONS);

        try (LedgerTopicWriter writer = new LedgerTopicWriter(bootstrapServers, topics);
             LedgerProjector projector = LedgerProjector.start(config)) {
            AccountHistory account = new AccountHistory(accountId, "EUR", Instant.now());
            writer.write(account.events());
            await().atMost(Duration.ofSeconds(60)).until(() -> client.get(projector.httpPort(), "/accounts/" + accountId + "/balance").status() == 200);

            // the single writer decided a deposit at its clock's instant; its transaction is not committed yet
            Instant decided = Instant.now();
            List<LedgerEvent> deposit = account.deposit(700, decided).events().subList(1, 2);
            String asOfDecided = "/accounts/" + accountId + "/balance?asOf=" + decided;
            try (LedgerTopicWriter.OpenTransaction pending = writer.begin(deposit)) {
                ProjectorClient.Answer early = client.get(projector.httpPort(), asOfDecided);
                assertThat(early.status()).as("asOf an instant a pending transaction can still land in: %s", early.body()).isEqualTo(503);
                assertThat(early.body().get("type").asText()).isEqualTo("/problems/not-ready");
                assertThat(Integer.parseInt(early.retryAfter())).isBetween(1, 3);
                Thread.sleep(300);
                pending.commit();
            }

            // answered once final, and then with the deposit: never first without it
            ProjectorClient.Answer answer = awaitNot503(projector, asOfDecided);
            System.out.printf("ASOF an instant was answered %d ms after it (commit window %d ms + skew %d ms, refresh %d ms)%n",
                    Duration.between(decided, Instant.now()).toMillis(), config.finality().commitWindowMs(),
                    config.finality().clockSkewMsMax(), config.finality().refreshMs());
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().get("version").asLong()).isEqualTo(2);
            assertThat(answer.body().get("balance").asLong()).isEqualTo(700);
            assertThat(client.get(projector.httpPort(), asOfDecided).body()).isEqualTo(answer.body());

            // an idle partition: an aborted transaction and nothing else, so the fold never commits an offset there
            writer.writeAborted(new AccountHistory(idleAccountId, "EUR", Instant.now()).events());
            Instant afterTheAbort = Instant.now();
            ProjectorClient.Answer idle = awaitNot503(projector, "/accounts/" + idleAccountId + "/balance?asOf=" + afterTheAbort);
            assertThat(idle.status()).isEqualTo(404);
            assertThat(idle.body().get("type").asText()).isEqualTo("/problems/account-not-found");
        }
    }

    /** Waits until every partition is final at or after {@code instant}, as the projector says in-process. */
    static void awaitFinal(LedgerProjector projector, Instant instant) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> IntStream.range(0, PARTITIONS)
                .allMatch(partition -> projector.finalUpTo(partition).filter(upTo -> !upTo.isBefore(instant)).isPresent()));
    }

    /** Polls until the answer is not 503 (at most 30 s); every 200 seen on the way must equal the last answer. */
    private ProjectorClient.Answer awaitNot503(LedgerProjector projector, String pathAndQuery) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ProjectorClient.Answer answer = client.get(projector.httpPort(), pathAndQuery);
        while (answer.status() == 503 && System.nanoTime() < deadline) {
            assertThat(answer.retryAfter()).isNotNull();
            Thread.sleep(50);
            answer = client.get(projector.httpPort(), pathAndQuery);
        }
        assertThat(answer.status()).as("%s never stopped answering 503: %s", pathAndQuery, answer.body()).isNotEqualTo(503);
        return answer;
    }

    /**
     * Right after a rebuild the stores are empty and grow back; a green readiness in that time would send traffic to
     * balances that are wrong. The first time readiness says 200, every answer already equals a fold of the ledger as
     * it was at the start, although one partition holds only an aborted transaction (nothing to fold there).
     */
    @Test
    void afterARebuildReadinessStaysRedUntilTheLedgerSeenAtStartIsFolded(KafkaBroker broker) throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        String prefix = ProjectorTestConfigs.uniquePrefix();
        BankTopics topics = BankTopics.of(new TopicSettings(prefix, PARTITIONS, (short) 1), BankSerdes.singleObject());
        LedgerProjectorConfig config = ProjectorTestConfigs.config(bootstrapServers, prefix, PARTITIONS, stateDir,
                "ledger-rebuild-ready-" + UUID.randomUUID(), 2000);
        int idlePartition = PARTITIONS - 1;
        List<LedgerEvent> ledger = ledger("refold-", 900, 16, new Random(23)).stream()
                .filter(event -> LedgerTopicWriter.partitionOf(event.accountId(), PARTITIONS) != idlePartition).toList();
        String someAccount = ledger.get(0).accountId();
        Instant instant = T0.plusSeconds(300);

        try (LedgerTopicWriter writer = new LedgerTopicWriter(bootstrapServers, topics)) {
            writer.write(ledger);
            writer.writeAborted(new AccountHistory(LedgerTopicWriter.keyOnPartition("aborted-", idlePartition, PARTITIONS), "EUR", T0)
                    .events());
            List<LedgerEvent> committed = TopicFold.readAll(bootstrapServers, topics);
            assertThat(committed).hasSameSizeAs(ledger);
            Map<String, CurrencyTotals> expectedTotals = TopicFold.totals(committed);
            Optional<BalanceView> expectedAsOf = foldUpTo(committed, someAccount, instant);

            long rebuildStart = System.nanoTime();
            try (LedgerProjector rebuilt = LedgerProjector.start(config.withRebuild(true))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                ProjectorClient.Answer ready = client.get(rebuilt.httpPort(), "/health/ready");
                while (ready.status() != 200 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                    ready = client.get(rebuilt.httpPort(), "/health/ready");
                }
                assertThat(ready.status()).as("readiness after the rebuild: %s", ready.body()).isEqualTo(200);
                System.out.printf("REBUILD ready %d ms after the start, %d events refolded%n", (System.nanoTime() - rebuildStart) / 1_000_000,
                        rebuilt.recordsProcessed());

                assertTotals(client.get(rebuilt.httpPort(), "/totals"), expectedTotals);
                ProjectorClient.Answer asOf = client.get(rebuilt.httpPort(), "/accounts/" + someAccount + "/balance?asOf=" + instant);
                assertThat(asOf.status()).as("%s", asOf.body()).isEqualTo(expectedAsOf.isPresent() ? 200 : 404);
                expectedAsOf.ifPresent(view -> assertThat(asOf.body().get("version").asLong()).isEqualTo(view.version()));
                assertThat(rebuilt.recordsProcessed()).isEqualTo(ledger.size());
            }
        }
    }

    private static Optional<BalanceView> foldUpTo(List<LedgerEvent> ledger, String accountId, Instant instant) {
        BalanceView view = BalanceView.INITIAL;
        for (LedgerEvent event : ledger) {
            if (event.accountId().equals(accountId) && !event.occurredAt().isAfter(instant)) {
                view = BalanceView.evolve(view, event);
            }
        }
        return view.isOpened() ? Optional.of(view) : Optional.empty();
    }

    /**
     * Issue 14 meets a store folded by the release before owners were kept (its balance views in store format 1, no
     * owner): the projector reads it, shows such an account to auditors only (its owner gets the answer of an account
     * that does not exist), and tells the operator, in the log and on /metrics; a rebuild refolds the ledger and learns
     * every owner.
     */
    @Test
    void aStoreFromBeforeOwnersWereKeptIsReadByAuditorsOnlyUntilARebuild(KafkaBroker broker) throws Exception {
        ListAppender<ILoggingEvent> log = captureLog(OWNER_AUDIT);
        String bootstrapServers = broker.bootstrapServers();
        String prefix = ProjectorTestConfigs.uniquePrefix();
        BankTopics topics = BankTopics.of(new TopicSettings(prefix, PARTITIONS, (short) 1), BankSerdes.singleObject());
        LedgerProjectorConfig config = ProjectorTestConfigs.config(bootstrapServers, prefix, PARTITIONS, stateDir,
                "ledger-owners-" + UUID.randomUUID(), 2000);
        List<LedgerEvent> history = new AccountHistory("legacy", "EUR", T0).deposit(500, T0.plusSeconds(1)).events();
        String owner = ProjectorTestConfigs.TOKENS.customer(LedgerFixtures.opened("legacy", "EUR", T0).owner());
        String balance = "/accounts/legacy/balance";

        try (LedgerTopicWriter writer = new LedgerTopicWriter(bootstrapServers, topics)) {
            writer.write(history);
            try (LedgerProjector projector = LedgerProjector.start(config)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> client.get(projector.httpPort(), balance).status() == 200);
                assertThat(client.get(projector.httpPort(), balance, owner, Map.of()).status()).isEqualTo(200);
            }
            // what the earlier release wrote for this account: the same view in format 1, which has no owner
            byte[] legacy = StoreCodecs.balanceView().serializer().serialize("t", new BalanceView(500, "EUR", 2, T0.plusSeconds(1)));
            assertThat(legacy[0]).isEqualTo((byte) 1);
            LedgerTopicWriter.writeRaw(bootstrapServers, config.streams().applicationId() + "-" + LedgerProjectorTopology.BALANCES_STORE
                    + "-changelog", "legacy", ByteBuffer.wrap(legacy));

            try (LedgerProjector restored = LedgerProjector.start(config)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> client.get(restored.httpPort(), balance).status() == 200);
                assertThat(client.get(restored.httpPort(), balance).body().get("balance").asLong()).isEqualTo(500);
                ProjectorClient.Answer toTheOwner = client.get(restored.httpPort(), balance, owner, Map.of());
                assertThat(toTheOwner.status()).isEqualTo(404);
                assertThat(toTheOwner.body().get("detail").asText()).isEqualTo("no account legacy");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.text(restored.httpPort(), "/metrics"))
                        .contains("ledger_projector_accounts_owner_unknown 1.0"));
                assertThat(log.list).anySatisfy(line -> assertThat(line.getFormattedMessage())
                        .contains("1 account(s)", "have no owner", "--rebuild", "BANK_REBUILD=true", "docs/operations.md"));
            }

            try (LedgerProjector rebuilt = LedgerProjector.start(config.withRebuild(true))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> client.get(rebuilt.httpPort(), balance, owner, Map.of()).status() == 200);
                assertThat(client.get(rebuilt.httpPort(), balance, owner, Map.of()).body().get("balance").asLong()).isEqualTo(500);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.text(rebuilt.httpPort(), "/metrics"))
                        .contains("ledger_projector_accounts_owner_unknown 0.0"));
            }
        } finally {
            releaseLog(OWNER_AUDIT, log);
        }
    }

    @Test
    void aVersionGapStopsTheProjectorAndTurnsReadinessRed(KafkaBroker broker) {
        ListAppender<ILoggingEvent> log = captureLog(FOLD);
        String bootstrapServers = broker.bootstrapServers();
        String prefix = ProjectorTestConfigs.uniquePrefix();
        BankTopics topics = BankTopics.of(new TopicSettings(prefix, PARTITIONS, (short) 1), BankSerdes.singleObject());
        LedgerProjectorConfig config = ProjectorTestConfigs.config(bootstrapServers, prefix, PARTITIONS, stateDir,
                "ledger-gap-" + UUID.randomUUID(), 2000);
        List<LedgerEvent> events = new AccountHistory("gappy", "EUR", T0).deposit(5, T0).deposit(6, T0).deposit(7, T0).events();

        try (LedgerTopicWriter writer = new LedgerTopicWriter(bootstrapServers, topics);
             LedgerProjector projector = LedgerProjector.start(config)) {
            writer.write(events.subList(0, 2));
            await().atMost(Duration.ofSeconds(60)).until(() -> client.get(projector.httpPort(), "/accounts/gappy/balance").status() == 200);
            assertThat(client.get(projector.httpPort(), "/health/ready").status()).isEqualTo(200);

            writer.write(events.subList(3, 4));

            await().atMost(Duration.ofSeconds(30)).until(() -> client.get(projector.httpPort(), "/health/ready").status() == 503);
            ProjectorClient.Answer ready = client.get(projector.httpPort(), "/health/ready");
            assertThat(ready.body().get("type").asText()).isEqualTo("/problems/not-ready");
            assertThat(ready.retryAfter()).isNotNull();
            assertThat(client.get(projector.httpPort(), "/health/live").status())
                    .as("live: a restart would stop on the same record, so no orchestrator should loop on it").isEqualTo(200);
            assertThat(client.get(projector.httpPort(), "/accounts/gappy/balance").status()).isEqualTo(503);
            // the stopped projector's lag keeps showing: the gap record (and anything after it) is not folded
            writer.write(new AccountHistory("gappy-neighbour", "EUR", T0).events());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(gauges(client.text(projector.httpPort(), "/metrics"), "ledger_projector_lag_records").values()
                            .stream().mapToDouble(Double::doubleValue).sum()).isGreaterThanOrEqualTo(2.0));
            assertThat(log.list).anySatisfy(line -> assertThat(line.getFormattedMessage())
                    .contains("VERSION_GAP", "gappy", "last folded version 2", "event version 4",
                            "topic " + topics.events().name(), "partition ", "offset "));
        } finally {
            releaseLog(FOLD, log);
        }
    }

    @Test
    void anUndecodableRecordStopsTheProjector(KafkaBroker broker) {
        String bootstrapServers = broker.bootstrapServers();
        String prefix = ProjectorTestConfigs.uniquePrefix();
        BankTopics topics = BankTopics.of(new TopicSettings(prefix, PARTITIONS, (short) 1), BankSerdes.singleObject());
        LedgerProjectorConfig config = ProjectorTestConfigs.config(bootstrapServers, prefix, PARTITIONS, stateDir,
                "ledger-garbage-" + UUID.randomUUID(), 2000);

        try (LedgerTopicWriter writer = new LedgerTopicWriter(bootstrapServers, topics);
             LedgerProjector projector = LedgerProjector.start(config)) {
            writer.write(new AccountHistory("fine", "EUR", T0).events());
            await().atMost(Duration.ofSeconds(60)).until(() -> client.get(projector.httpPort(), "/accounts/fine/balance").status() == 200);

            LedgerTopicWriter.writeGarbage(bootstrapServers, topics.events().name(), "fine");

            await().atMost(Duration.ofSeconds(30)).until(() -> client.get(projector.httpPort(), "/health/ready").status() == 503);
            assertThat(projector.state()).isIn("ERROR", "PENDING_ERROR");
        }
    }

    @Test
    void aReaderOfThePreviousReleaseMeetingAV2EventStopsSayingUpgradeThisReaderFirst(KafkaBroker broker) throws Exception {
        ListAppender<ILoggingEvent> log = captureLog(STOP_ON_UNDECODABLE);
        String bootstrapServers = broker.bootstrapServers();
        String prefix = ProjectorTestConfigs.uniquePrefix();
        BankTopics v1Topics = BankTopics.of(new TopicSettings(prefix, PARTITIONS, (short) 1),
                BankSerdes.singleObject(SchemaCatalog.builtIn(), WriterVersions.pinned(Map.of(Family.EVENTS, 1)), Map.of()));
        LedgerProjectorConfig today = ProjectorTestConfigs.config(bootstrapServers, prefix, PARTITIONS, stateDir,
                "ledger-previous-" + UUID.randomUUID(), 2000);
        // the previous release: its jar's catalog has no v2, and its balances writer wrote v1
        LedgerProjectorConfig previousRelease = new LedgerProjectorConfig(
                new ClusterSettings(today.cluster().connection(), today.cluster().topics(), PreviousReleaseSerdes.class.getName(),
                        WriterVersions.pinned(Map.of(Family.BALANCES, 1))),
                today.streams(), today.projection(), today.http(), today.finality(), today.auth());

        try (LedgerTopicWriter writer = new LedgerTopicWriter(bootstrapServers, v1Topics);
             LedgerProjector projector = LedgerProjector.start(previousRelease)) {
            List<LedgerEvent> history = new AccountHistory("early", "EUR", T0).events();
            writer.write(history);
            await().atMost(Duration.ofSeconds(60)).until(() -> client.get(projector.httpPort(), "/accounts/early/balance").status() == 200);

            // a v2 writer (promoted too early) puts down the new event type
            AccountClosed closed = AccountClosed.newBuilder().setEventId("e-closed").setAccountId("early")
                    .setVersion(history.size() + 1L).setOccurredAt(T0.plusSeconds(60)).setCommandId("c-closed").setCurrency("EUR")
                    .setBalanceAfterMinor(0L).build();
            byte[] bytes = BankSerdes.singleObject().event().serializer().serialize(v1Topics.events().name(), closed);
            LedgerTopicWriter.writeRaw(bootstrapServers, v1Topics.events().name(), "early", ByteBuffer.wrap(bytes));

            await().atMost(Duration.ofSeconds(30)).until(() -> client.get(projector.httpPort(), "/health/ready").status() == 503);
            assertThat(projector.state()).isIn("ERROR", "PENDING_ERROR");
            assertThat(log.list).anySatisfy(line -> assertThat(line.getFormattedMessage())
                    .contains("topic " + v1Topics.events().name(), "partition ", "offset ", "key early",
                            "0x" + java.util.HexFormat.of().toHexDigits(SchemaCatalog.fingerprint(AccountClosed.getClassSchema())),
                            "upgrade this reader first"));
            assertThat(client.get(projector.httpPort(), "/accounts/early/balance").status()).isEqualTo(503);
        } finally {
            releaseLog(STOP_ON_UNDECODABLE, log);
        }
    }

    /** Gauge values by their partition label, from Prometheus text. */
    private static Map<String, Double> gauges(String metrics, String name) {
        Map<String, Double> values = new java.util.TreeMap<>();
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("(?m)^" + name + "\\{partition=\"(\\d+)\"} (\\S+)$").matcher(metrics);
        while (line.find()) {
            values.put(line.group(1), Double.parseDouble(line.group(2)));
        }
        return values;
    }

    private static final String FOLD = "org.eventbank.ledger.kafka.LedgerFoldProcessor";
    private static final String OWNER_AUDIT = "org.eventbank.ledger.kafka.OwnerAudit";
    private static final String STOP_ON_UNDECODABLE = "org.eventbank.kit.streams.StopOnUndecodableRecord";

    private static ListAppender<ILoggingEvent> captureLog(String loggerName) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    private static void releaseLog(String loggerName, ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(loggerName)).detachAppender(appender);
    }

    static {
        // the store names are part of what a rebuild deletes: keep the test honest if they change
        assertThat(List.of(LedgerProjectorTopology.BALANCES_STORE, LedgerProjectorTopology.HISTORY_STORE, LedgerProjectorTopology.TOTALS_STORE,
                LedgerProjectorTopology.TRANSFERS_STORE, LedgerProjectorTopology.TRANSFER_LEGS_TOPIC))
                .doesNotHaveDuplicates();
    }
}

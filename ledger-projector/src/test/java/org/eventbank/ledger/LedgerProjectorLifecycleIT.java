package org.eventbank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

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
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.kafka.LedgerProjectorTopology;
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
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            ProjectorClient.Answer totals = client.get(projector.httpPort(), "/totals");
            assertThat(totals.status()).isEqualTo(200);
            JsonNode currencies = totals.body().get("currencies");
            for (var entry : expected.entrySet()) {
                assertThat(currencies.get(entry.getKey()).get("depositVolume").bigIntegerValue()).isEqualTo(entry.getValue().depositVolume());
                assertThat(currencies.get(entry.getKey()).get("withdrawalVolume").bigIntegerValue()).isEqualTo(entry.getValue().withdrawalVolume());
                assertThat(currencies.get(entry.getKey()).get("accounts").bigIntegerValue()).isEqualTo(entry.getValue().accounts());
                assertThat(currencies.get(entry.getKey()).get("closedAccounts").bigIntegerValue()).isEqualTo(entry.getValue().closedAccounts());
            }
        });
    }

    /** Everything a user can ask about these accounts, as the projector answers it. */
    private List<JsonNode> answers(LedgerProjector projector, List<String> accountIds) {
        List<JsonNode> answers = new ArrayList<>();
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
                        .contains("ledger_projector_records_processed_total " + whileStopped.size() + ".0");
                // caught up: no partition is behind (1 at most: a transaction's commit marker), and no lag in seconds
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    Map<String, Double> lag = gauges(client.text(restarted.httpPort(), "/metrics"), "ledger_projector_lag_records");
                    assertThat(lag).hasSize(PARTITIONS).allSatisfy((partition, records) -> assertThat(records).isBetween(0.0, 1.0));
                    assertThat(gauges(client.text(restarted.httpPort(), "/metrics"), "ledger_projector_lag_seconds"))
                            .hasSize(PARTITIONS).allSatisfy((partition, seconds) -> assertThat(seconds).isZero());
                });
                afterRestart = answers(restarted, accountIds);
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
                new ClusterSettings(bootstrapServers, today.cluster().topics(), PreviousReleaseSerdes.class.getName(),
                        WriterVersions.pinned(Map.of(Family.BALANCES, 1))),
                today.streams(), today.projection(), today.http());

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
        assertThat(List.of(LedgerProjectorTopology.BALANCES_STORE, LedgerProjectorTopology.HISTORY_STORE, LedgerProjectorTopology.TOTALS_STORE))
                .doesNotHaveDuplicates();
    }
}

package org.eventbank.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eventbank.ledger.LedgerFixtures;
import org.eventbank.ledger.LedgerFixtures.AccountHistory;
import org.eventbank.config.Env;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.eventbank.ledger.domain.AccountStatus;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.EventType;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.domain.Initiator;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.domain.TransferReversalReason;
import org.eventbank.ledger.domain.TransferStatus;
import org.eventbank.ledger.domain.TransferView;
import org.eventbank.ledger.query.LedgerQueries;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.topics.BankTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LedgerProjectorTopologyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private final ProjectionProgress progress = new ProjectionProgress();
    private BankTopics topics;
    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> events;
    private TestOutputTopic<String, AccountBalance> balanceTopic;
    private StreamsLedgerQueries.Stores reader;

    @BeforeEach
    void startDriver() {
        startDriver(Map.of("BANK_STATE_DIR", stateDir.toString()));
    }

    /** The shipped topology over the settings an operator would give in the environment. */
    private void startDriver(Map<String, String> environment) {
        Map<String, String> withLocalTokens = new java.util.HashMap<>(environment);
        withLocalTokens.put("BANK_AUTH_DEV", "true");
        LedgerProjectorConfig config = LedgerProjectorConfig.fromEnvironment(Env.of(withLocalTokens));
        topics = config.cluster().bankTopics();
        driver = new TopologyTestDriver(LedgerProjectorTopology.buildTopology(config.cluster(), progress),
                LedgerProjectorTopology.streamsConfig(config.streams(), config.cluster(), 0, "localhost:8081"));
        events = driver.createInputTopic(topics.events().name(), topics.events().keySerde().serializer(), topics.events().valueSerde().serializer());
        balanceTopic = driver.createOutputTopic(topics.balances().name(), topics.balances().keySerde().deserializer(), topics.balances().valueSerde().deserializer());
        KeyValueStore<String, BalanceView> balances = driver.getKeyValueStore(LedgerProjectorTopology.BALANCES_STORE);
        KeyValueStore<Bytes, HistoryEntry> history = driver.getKeyValueStore(LedgerProjectorTopology.HISTORY_STORE);
        KeyValueStore<String, CurrencyTotals> totals = driver.getKeyValueStore(LedgerProjectorTopology.TOTALS_STORE);
        reader = new StreamsLedgerQueries.Stores(balances, history, totals);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void write(List<LedgerEvent> ledger) {
        for (LedgerEvent event : ledger) {
            events.pipeInput(event.accountId(), EventMapper.toAvro(event, "cmd-" + event.version()), event.occurredAt());
        }
    }

    @Test
    void shouldFoldEventsIntoBalanceAndPublishEveryChange() {
        write(new AccountHistory("acc-1", "EUR", T0).deposit(500, T0.plusSeconds(1)).withdraw(200, T0.plusSeconds(2)).events());

        assertThat(reader.balance("acc-1")).contains(new BalanceView(300, "EUR", 3, T0.plusSeconds(2), AccountStatus.OPEN, "owner-acc-1"));
        List<AccountBalance> published = balanceTopic.readValuesToList();
        assertThat(published).extracting(AccountBalance::getVersion).containsExactly(1L, 2L, 3L);
        assertThat(published).extracting(AccountBalance::getBalanceMinor).containsExactly(0L, 500L, 300L);
        assertThat(published.get(2).getUpdatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(balanceTopic.isEmpty()).isTrue();
        assertThat(progress.recordsProcessed()).isEqualTo(3);
    }

    /**
     * An event for an instant its partition was already declared final for is folded (the ledger is right) and
     * counted and logged as late: an earlier asOf answer was wrong, and someone must hear of it.
     */
    @Test
    void shouldFoldAnEventForAnInstantAlreadyFinalAndCountItAsLate() {
        Logger fold = (Logger) LoggerFactory.getLogger(LedgerFoldProcessor.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        fold.addAppender(log);
        try {
            AccountHistory account = new AccountHistory("acc-1", "EUR", T0).deposit(500, T0.plusSeconds(10)).deposit(7, T0.plusSeconds(30));
            write(account.events().subList(0, 1));
            progress.finalUpTo(0, T0.plusSeconds(20));

            write(account.events().subList(1, 3));

            assertThat(reader.balance("acc-1").map(BalanceView::balanceMinor)).contains(507L);
            assertThat(progress.lateEvents()).isEqualTo(1);
            assertThat(log.list).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                    .contains("Late event", "acc-1", "version 2", T0.plusSeconds(10).toString(), "partition 0", "offset 1",
                            "final up to " + T0.plusSeconds(20)));
        } finally {
            fold.detachAppender(log);
        }
    }

    @Test
    void shouldAnswerNothingForAnUnknownAccount() {
        assertThat(reader.balance("nobody")).isEmpty();
        assertThat(reader.asOf("nobody", T0)).isEmpty();
        assertThat(reader.statement("nobody", 1, 10)).isEmpty();
    }

    @Test
    void shouldPageAStatementWithoutMixingAccountsThatSharePrefixes() {
        AccountHistory a = new AccountHistory("a", "EUR", T0);
        AccountHistory ab = new AccountHistory("a.b", "EUR", T0);
        AccountHistory a0 = new AccountHistory("a0", "EUR", T0);
        for (int i = 1; i <= 6; i++) {
            a.deposit(i, T0.plusSeconds(i));
            ab.deposit(100 + i, T0.plusSeconds(i));
            a0.deposit(200 + i, T0.plusSeconds(i));
        }
        write(a0.events());
        write(ab.events());
        write(a.events());

        LedgerQueries.StatementPage first = reader.statement("a", 1, 3).orElseThrow();
        LedgerQueries.StatementPage second = reader.statement("a", first.nextFromVersion(), 3).orElseThrow();
        LedgerQueries.StatementPage last = reader.statement("a", second.nextFromVersion(), 3).orElseThrow();

        assertThat(first.entries()).extracting(HistoryEntry::version).containsExactly(1L, 2L, 3L);
        assertThat(first.entries().get(0).type()).isEqualTo(EventType.ACCOUNT_OPENED);
        assertThat(first.entries().get(1)).isEqualTo(new HistoryEntry(2, T0.plusSeconds(1), EventType.DEPOSITED, 1, 1,
                LedgerFixtures.eventId("a", 2)));
        assertThat(second.entries()).extracting(HistoryEntry::version).containsExactly(4L, 5L, 6L);
        assertThat(last.entries()).extracting(HistoryEntry::version).containsExactly(7L);
        assertThat(last.nextFromVersion()).isNull();
        assertThat(reader.statement("a", 8, 3).orElseThrow().entries()).isEmpty();
    }

    @Test
    void shouldAnswerAsOfAnInstant() {
        write(new AccountHistory("acc-1", "EUR", T0).deposit(500, T0.plusSeconds(10)).deposit(1, T0.plusSeconds(10))
                .withdraw(200, T0.plusSeconds(20)).events());

        assertThat(reader.asOf("acc-1", T0.minusMillis(1))).isEmpty();
        assertThat(reader.asOf("acc-1", T0)).contains(new LedgerQueries.AsOf(0, "EUR", 1, T0, AccountStatus.OPEN));
        assertThat(reader.asOf("acc-1", T0.plusSeconds(10))).contains(new LedgerQueries.AsOf(501, "EUR", 3, T0.plusSeconds(10), AccountStatus.OPEN));
        assertThat(reader.asOf("acc-1", T0.plusSeconds(19))).contains(new LedgerQueries.AsOf(501, "EUR", 3, T0.plusSeconds(10), AccountStatus.OPEN));
        assertThat(reader.asOf("acc-1", T0.plusSeconds(99))).contains(new LedgerQueries.AsOf(301, "EUR", 4, T0.plusSeconds(20), AccountStatus.OPEN));
    }

    @Test
    void shouldKeepTotalsPerCurrency() {
        write(new AccountHistory("e1", "EUR", T0).deposit(500, T0).withdraw(100, T0).events());
        write(new AccountHistory("e2", "EUR", T0).deposit(50, T0).events());
        write(new AccountHistory("u1", "USD", T0).deposit(7, T0).events());

        Map<String, CurrencyTotals> totals = reader.localTotals();

        assertThat(totals).containsOnlyKeys("EUR", "USD");
        assertThat(totals.get("EUR")).isEqualTo(new CurrencyTotals(BigInteger.TWO, BigInteger.valueOf(450), BigInteger.valueOf(550), BigInteger.valueOf(100)));
        assertThat(totals.get("USD")).isEqualTo(new CurrencyTotals(BigInteger.ONE, BigInteger.valueOf(7), BigInteger.valueOf(7), BigInteger.ZERO));
    }

    @Test
    void shouldPublishAClosedAccountWithStatusClosedAndNeverATombstone() {
        write(new AccountHistory("acc-1", "EUR", T0).deposit(500, T0.plusSeconds(1)).withdraw(500, T0.plusSeconds(2))
                .close(T0.plusSeconds(3)).events());

        List<AccountBalance> published = balanceTopic.readValuesToList();
        assertThat(published).hasSize(4).doesNotContainNull();
        assertThat(published).extracting(AccountBalance::getStatus).containsExactly(
                org.eventbank.schemas.avro.AccountStatus.OPEN, org.eventbank.schemas.avro.AccountStatus.OPEN,
                org.eventbank.schemas.avro.AccountStatus.OPEN, org.eventbank.schemas.avro.AccountStatus.CLOSED);
        AccountBalance closed = published.get(3);
        assertThat(closed.getBalanceMinor()).isZero();
        assertThat(closed.getVersion()).isEqualTo(4);
        assertThat(closed.getUpdatedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(balanceTopic.isEmpty()).isTrue();
        assertThat(reader.balance("acc-1")).contains(new BalanceView(0, "EUR", 4, T0.plusSeconds(3), AccountStatus.CLOSED, "owner-acc-1"));
    }

    /**
     * Issue 14: the owner of the opening decides who may read the account, so every later view carries it, and the
     * balances changelog (what another instance restores) holds it in store format 3. The published AccountBalance
     * does not carry it: that contract is fixed.
     */
    @Test
    void shouldKeepTheOwnerOfTheOpeningThroughTheFoldInFormat3() {
        write(new AccountHistory("acc-1", "EUR", T0).deposit(500, T0.plusSeconds(1)).withdraw(500, T0.plusSeconds(2))
                .close(T0.plusSeconds(3)).events());

        assertThat(reader.balance("acc-1")).hasValueSatisfying(view -> assertThat(view.owner()).isEqualTo("owner-acc-1"));
        List<byte[]> changelog = changelogValues(LedgerProjectorTopology.BALANCES_STORE);
        assertThat(changelog).isNotEmpty().allSatisfy(bytes -> assertThat(bytes[0]).isEqualTo(StoreCodecs.FORMAT_V3));
        assertThat(StoreCodecs.balanceView().deserializer().deserialize("t", changelog.get(changelog.size() - 1)))
                .isEqualTo(new BalanceView(0, "EUR", 4, T0.plusSeconds(3), AccountStatus.CLOSED, "owner-acc-1"));
        assertThat(AccountBalance.getClassSchema().getField("owner")).isNull();
    }

    /**
     * A store carried over from a release before owners were kept: its views have none (formats 1 and 2). The fold
     * goes on from them without inventing one, and writes them in the format they came in, which that release reads.
     */
    @Test
    void shouldFoldOnFromAViewWithoutOwnerKeepingItWithoutOwnerInItsOldFormat() {
        KeyValueStore<String, BalanceView> balances = driver.getKeyValueStore(LedgerProjectorTopology.BALANCES_STORE);
        List<LedgerEvent> history = new AccountHistory("acc-1", "EUR", T0).deposit(500, T0.plusSeconds(1)).events();
        // what the earlier release left after folding the opening
        balances.put("acc-1", new BalanceView(0, "EUR", 1, T0));
        driver.getKeyValueStore(LedgerProjectorTopology.HISTORY_STORE).put(HistoryKeys.of("acc-1", 1), HistoryEntry.of(history.get(0)));
        changelogValues(LedgerProjectorTopology.BALANCES_STORE);

        write(history.subList(1, 2));

        assertThat(reader.balance("acc-1")).contains(new BalanceView(500, "EUR", 2, T0.plusSeconds(1), AccountStatus.OPEN, null));
        assertThat(changelogValues(LedgerProjectorTopology.BALANCES_STORE)).isNotEmpty()
                .allSatisfy(bytes -> assertThat(bytes[0]).isEqualTo(StoreCodecs.FORMAT_V1));
    }

    /** The raw values written to a store's changelog since the last call, oldest first. */
    private List<byte[]> changelogValues(String store) {
        Optional<String> topic = driver.producedTopicNames().stream().filter(name -> name.endsWith("-" + store + "-changelog")).findFirst();
        if (topic.isEmpty()) {
            return List.of();
        }
        return driver.createOutputTopic(topic.get(), new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer()).readValuesToList();
    }

    @Test
    void shouldCountOpenAndClosedAccountsPerCurrencyKeepingAccountsAsEveryAccountEverOpened() {
        write(new AccountHistory("e1", "EUR", T0).deposit(500, T0).withdraw(500, T0).close(T0).events());
        write(new AccountHistory("e2", "EUR", T0).deposit(50, T0).events());
        write(new AccountHistory("e3", "EUR", T0).close(T0).events());
        write(new AccountHistory("u1", "USD", T0).deposit(7, T0).events());

        Map<String, CurrencyTotals> totals = reader.localTotals();

        assertThat(totals.get("EUR")).isEqualTo(new CurrencyTotals(BigInteger.valueOf(3), BigInteger.valueOf(50), BigInteger.valueOf(550),
                BigInteger.valueOf(500), BigInteger.TWO));
        assertThat(totals.get("EUR").openAccounts()).isEqualTo(BigInteger.ONE);
        assertThat(totals.get("USD").closedAccounts()).isZero();
        assertThat(totals.get("USD").openAccounts()).isEqualTo(BigInteger.ONE);
    }

    @Test
    void shouldAnswerAsOfBeforeTheCloseAsOpenAndFromTheCloseOnAsClosed() {
        write(new AccountHistory("acc-1", "EUR", T0).deposit(500, T0.plusSeconds(10)).withdraw(500, T0.plusSeconds(20))
                .close(T0.plusSeconds(30)).events());

        assertThat(reader.asOf("acc-1", T0.plusSeconds(15))).contains(new LedgerQueries.AsOf(500, "EUR", 2, T0.plusSeconds(10), AccountStatus.OPEN));
        assertThat(reader.asOf("acc-1", T0.plusSeconds(29))).contains(new LedgerQueries.AsOf(0, "EUR", 3, T0.plusSeconds(20), AccountStatus.OPEN));
        assertThat(reader.asOf("acc-1", T0.plusSeconds(30))).contains(new LedgerQueries.AsOf(0, "EUR", 4, T0.plusSeconds(30), AccountStatus.CLOSED));
        assertThat(reader.asOf("acc-1", T0.plusSeconds(99))).contains(new LedgerQueries.AsOf(0, "EUR", 4, T0.plusSeconds(30), AccountStatus.CLOSED));
    }

    @Test
    void shouldKeepTheCloseWhoAskedAndTheCorrelationInTheStatement() {
        Initiator teller = new Initiator("teller-7", "branch-app");
        write(List.of(
                new LedgerEvent.AccountOpened("acc-1", 1, T0, "EUR", "owner", "e1", teller, null),
                new LedgerEvent.Deposited("acc-1", 2, T0, 5, "EUR", 5, "e2", null, "transfer-9"),
                new LedgerEvent.Withdrawn("acc-1", 3, T0, 5, "EUR", 0, "e3"),
                new LedgerEvent.AccountClosed("acc-1", 4, T0, "EUR", 0, null, "e4", new Initiator("customer-1", null), "close-1")));

        LedgerQueries.StatementPage page = reader.statement("acc-1", 1, 10).orElseThrow();

        assertThat(page.status()).isEqualTo(AccountStatus.CLOSED);
        assertThat(page.entries()).containsExactly(
                new HistoryEntry(1, T0, EventType.ACCOUNT_OPENED, 0, 0, "e1", teller, null),
                new HistoryEntry(2, T0, EventType.DEPOSITED, 5, 5, "e2", null, "transfer-9"),
                new HistoryEntry(3, T0, EventType.WITHDRAWN, 5, 0, "e3", null, null),
                new HistoryEntry(4, T0, EventType.ACCOUNT_CLOSED, 0, 0, "e4", new Initiator("customer-1", null), "close-1"));
        assertThat(reader.statement("acc-1", 1, 3).orElseThrow().status())
                .as("the status is the account's, also on a page that ends before the close").isEqualTo(AccountStatus.CLOSED);
    }

    @Test
    void shouldStopOnAnEventAfterTheClose() {
        AccountHistory account = new AccountHistory("acc-1", "EUR", T0).close(T0.plusSeconds(1));
        write(account.events());
        balanceTopic.readValuesToList();

        assertThatThrownBy(() -> write(List.of(new LedgerEvent.Deposited("acc-1", 3, T0.plusSeconds(2), 5, "EUR", 5, "late"))))
                .isInstanceOf(StreamsException.class)
                .satisfies(e -> assertThat(stackMessages(e)).contains("EVENT_AFTER_CLOSE", "acc-1", "last folded version 2",
                        "event version 3", "offset 2"));
        assertThat(reader.balance("acc-1")).contains(new BalanceView(0, "EUR", 2, T0.plusSeconds(1), AccountStatus.CLOSED, "owner-acc-1"));
        assertThat(balanceTopic.isEmpty()).isTrue();
    }

    /**
     * Balances pinned to v1 (before status existed) meet a close: publishing OPEN would be false and
     * skipping would hide the close, so the fold stops before writing anything, and the reason, as
     * logged and as /health/ready shows it, names the setting to promote.
     */
    @Test
    void shouldStopOnACloseWhileBalancesArePinnedToV1NamingTheSettingAndWritingNothing() {
        driver.close();
        startDriver(Map.of("BANK_STATE_DIR", stateDir.resolve("pinned").toString(), "BANK_BALANCE_SCHEMA_VERSION", "1"));
        AccountHistory account = new AccountHistory("acc-1", "EUR", T0).deposit(500, T0.plusSeconds(1)).withdraw(500, T0.plusSeconds(2))
                .close(T0.plusSeconds(3));
        write(account.events().subList(0, 3));
        assertThat(balanceTopic.readValuesToList()).extracting(AccountBalance::getVersion).containsExactly(1L, 2L, 3L);

        assertThatThrownBy(() -> write(account.events().subList(3, 4)))
                .isInstanceOf(StreamsException.class)
                .satisfies(e -> assertThat(stackMessages(e)).contains("BANK_BALANCE_SCHEMA_VERSION=1", "promote it to 2",
                        "account acc-1 is closed at version 4", "topic " + topics.events().name(), "offset 3"));
        assertThat(new StreamsHandle(progress).readiness().notReadyReason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("BANK_BALANCE_SCHEMA_VERSION=1", "promote it to 2"));
        assertThat(balanceTopic.isEmpty()).isTrue();
        assertThat(reader.balance("acc-1")).contains(new BalanceView(0, "EUR", 3, T0.plusSeconds(2), AccountStatus.OPEN, "owner-acc-1"));
        assertThat(reader.statement("acc-1", 1, 10).orElseThrow().entries()).extracting(HistoryEntry::type).doesNotContain(EventType.ACCOUNT_CLOSED);
        assertThat(reader.localTotals().get("EUR").closedAccounts()).isZero();
    }

    @Test
    void shouldStopOnAVersionGapNamingAccountVersionsAndPosition() {
        List<LedgerEvent> ledger = new AccountHistory("acc-1", "EUR", T0).deposit(5, T0).deposit(6, T0).deposit(7, T0).events();
        write(ledger.subList(0, 2));
        balanceTopic.readValuesToList();

        assertThatThrownBy(() -> write(ledger.subList(3, 4)))
                .isInstanceOf(StreamsException.class)
                .rootCause().hasMessageContaining("VERSION_GAP").hasMessageContaining("acc-1");
        assertThatThrownBy(() -> write(ledger.subList(3, 4)))
                .satisfies(e -> assertThat(stackMessages(e))
                        .contains("last folded version 2", "event version 4", "topic " + topics.events().name(), "partition 0", "offset 3"));
        assertThat(reader.balance("acc-1").map(BalanceView::version)).contains(2L);
        assertThat(balanceTopic.isEmpty()).isTrue();
    }

    @Test
    void shouldStopOnADuplicate() {
        List<LedgerEvent> ledger = new AccountHistory("acc-1", "EUR", T0).deposit(5, T0).events();
        write(ledger);

        assertThatThrownBy(() -> write(ledger.subList(1, 2)))
                .isInstanceOf(StreamsException.class)
                .satisfies(e -> assertThat(stackMessages(e)).contains("DUPLICATE_VERSION", "acc-1"));
        assertThat(reader.balance("acc-1").map(BalanceView::balanceMinor)).contains(5L);
    }

    @Test
    void shouldStopOnAnUndecodableRecord() {
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(topics.events().name(), new StringSerializer(), new ByteArraySerializer());

        assertThatThrownBy(() -> raw.pipeInput("acc-1", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9}))
                .isInstanceOf(StreamsException.class);
        assertThat(reader.balance("acc-1")).isEmpty();
        assertThat(progress.recordsProcessed()).isZero();
    }

    @Test
    void shouldStopOnAnEventWhoseKeyIsAnotherAccount() {
        LedgerEvent opened = LedgerFixtures.opened("acc-1", "EUR", T0);

        assertThatThrownBy(() -> events.pipeInput("acc-2", EventMapper.toAvro(opened, "c"), T0))
                .isInstanceOf(StreamsException.class)
                .satisfies(e -> assertThat(stackMessages(e)).contains("KEY_MISMATCH"));
    }

    /**
     * Time travel: 100,000 events over a spread of timestamps (several per millisecond at times, gaps
     * of hours at others); as-of at random instants, on events and before the opening, equals a
     * brute-force fold up to the instant.
     */
    @Test
    void shouldAnswerAsOfLikeABruteForceFoldOverOneHundredThousandEvents() {
        Random random = new Random(20261123L);
        AccountHistory account = new AccountHistory("time-traveller", "EUR", T0);
        while (account.events().size() < 100_000) {
            account.randomMove(random, random.nextInt(10) == 0 ? 3_600_000 : 2);
        }
        List<LedgerEvent> ledger = account.events();
        write(ledger);

        List<Instant> instants = new ArrayList<>();
        instants.add(T0.minusMillis(1));
        instants.add(T0.minusSeconds(86_400));
        instants.add(T0);
        instants.add(account.last());
        instants.add(account.last().plusSeconds(1));
        for (int i = 0; i < 100; i++) {
            instants.add(ledger.get(random.nextInt(ledger.size())).occurredAt());
        }
        long span = account.last().toEpochMilli() - T0.toEpochMilli();
        for (int i = 0; i < 150; i++) {
            instants.add(T0.plusMillis((long) (random.nextDouble() * span)));
        }

        for (Instant instant : instants) {
            Optional<LedgerQueries.AsOf> expected = bruteForceAsOf(ledger, instant);
            assertThat(reader.asOf("time-traveller", instant)).as("as of %s", instant).isEqualTo(expected);
        }
        assertThat(instants).hasSizeGreaterThanOrEqualTo(200);
        assertThat(reader.balance("time-traveller").map(BalanceView::version)).contains(100_000L);
    }

    static Optional<LedgerQueries.AsOf> bruteForceAsOf(List<LedgerEvent> ledger, Instant instant) {
        BalanceView view = BalanceView.INITIAL;
        for (LedgerEvent event : ledger) {
            if (event.occurredAt().isAfter(instant)) {
                break;
            }
            view = BalanceView.evolve(view, event);
        }
        return view.isOpened()
                ? Optional.of(new LedgerQueries.AsOf(view.balanceMinor(), view.currency(), view.version(), view.updatedAt(), view.status()))
                : Optional.empty();
    }

    // Contract v3: transfers, folded per account and, re-keyed by transferId, per transfer.

    private static final String COMPLETED = "0e1f2a3b-4c5d-3e6f-8a9b-0c1d2e3f4a5b";
    private static final String REVERSED = "1f2a3b4c-5d6e-3f7a-9b0c-1d2e3f4a5b6c";
    private static final String PENDING = "2a3b4c5d-6e7f-3a8b-8c1d-2e3f4a5b6c7d";

    private KeyValueStore<String, TransferView> transfers() {
        return driver.getKeyValueStore(LedgerProjectorTopology.TRANSFERS_STORE);
    }

    /**
     * Given a payer and a payee, when one transfer is debited and credited and another debited and sent back, then the
     * balances, statements and totals fold them like any money event (nothing left in flight, volumes untouched), and the
     * transfers store, fed through the repartition topic, holds each transfer with its status and both owners it knows.
     */
    @Test
    void shouldFoldACompletedAndAReversedTransferAcrossTwoAccounts() {
        AccountHistory payer = new AccountHistory("payer", "EUR", T0).deposit(1000, T0.plusSeconds(1))
                .transferOut(COMPLETED, "payee", 300, T0.plusSeconds(2), "rent");
        AccountHistory payee = new AccountHistory("payee", "EUR", T0).transferIn(COMPLETED, "payer", 3, 300, T0.plusSeconds(3));
        payer.transferOut(REVERSED, "payee", 50, T0.plusSeconds(4), null)
                .transferBack(REVERSED, "payee", 4, 50, TransferReversalReason.PAYEE_CLOSED, T0.plusSeconds(5));
        write(payer.events().subList(0, 3));
        write(payee.events());
        write(payer.events().subList(3, 5));

        assertThat(reader.balance("payer").map(BalanceView::balanceMinor)).contains(700L);
        assertThat(reader.balance("payee").map(BalanceView::balanceMinor)).contains(300L);
        assertThat(balanceTopic.readValuesToList()).extracting(AccountBalance::getAccountId)
                .containsExactly("payer", "payer", "payer", "payee", "payee", "payer", "payer");
        assertThat(balanceTopic.isEmpty()).isTrue();

        assertThat(reader.statement("payer", 3, 10).orElseThrow().entries()).containsExactly(
                new HistoryEntry(3, T0.plusSeconds(2), EventType.TRANSFER_DEBITED, 300, 700, LedgerFixtures.eventId("payer", 3), null,
                        COMPLETED, new HistoryEntry.Transfer("payee", "rent", null)),
                new HistoryEntry(4, T0.plusSeconds(4), EventType.TRANSFER_DEBITED, 50, 650, LedgerFixtures.eventId("payer", 4), null,
                        REVERSED, new HistoryEntry.Transfer("payee", null, null)),
                new HistoryEntry(5, T0.plusSeconds(5), EventType.TRANSFER_REVERSED, 50, 700, LedgerFixtures.eventId("payer", 5), null,
                        REVERSED, new HistoryEntry.Transfer("payee", null, TransferReversalReason.PAYEE_CLOSED)));
        assertThat(reader.statement("payee", 2, 10).orElseThrow().entries()).containsExactly(
                new HistoryEntry(2, T0.plusSeconds(3), EventType.TRANSFER_CREDITED, 300, 300, LedgerFixtures.eventId("payee", 2), null,
                        COMPLETED, new HistoryEntry.Transfer("payer", null, null)));
        assertThat(reader.asOf("payer", T0.plusSeconds(4))).contains(new LedgerQueries.AsOf(650, "EUR", 4, T0.plusSeconds(4), AccountStatus.OPEN));

        CurrencyTotals eur = reader.localTotals().get("EUR");
        assertThat(eur).isEqualTo(new CurrencyTotals(BigInteger.TWO, BigInteger.valueOf(1000), BigInteger.valueOf(1000), BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.ZERO));

        TransferView completed = transfers().get(COMPLETED);
        assertThat(completed.status()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(completed.payerAccountId()).isEqualTo("payer");
        assertThat(completed.payeeAccountId()).isEqualTo("payee");
        assertThat(completed.amountMinor()).isEqualTo(300);
        assertThat(completed.payerOwner()).isEqualTo("owner-payer");
        assertThat(completed.payeeOwner()).isEqualTo("owner-payee");
        assertThat(completed.legs()).extracting(leg -> leg.accountId() + "@" + leg.version()).containsExactly("payer@3", "payee@2");
        TransferView reversed = transfers().get(REVERSED);
        assertThat(reversed.status()).isEqualTo(TransferStatus.REVERSED);
        assertThat(reversed.reason()).isEqualTo(TransferReversalReason.PAYEE_CLOSED);
        assertThat(reversed.payerOwner()).isEqualTo("owner-payer");
        assertThat(reversed.payeeOwner()).isNull();
        assertThat(driver.producedTopicNames()).anySatisfy(topic -> assertThat(topic).endsWith("-transfer-legs-repartition"))
                .anySatisfy(topic -> assertThat(topic).endsWith("-transfers-changelog"));
    }

    /** A debit without its credit yet: the money is in flight, on no balance, and the transfer is pending. */
    @Test
    void shouldKeepAPendingTransfersMoneyInFlight() {
        AccountHistory payer = new AccountHistory("payer", "EUR", T0).deposit(1000, T0).transferOut(PENDING, "payee", 400, T0, null);
        write(payer.events());
        write(new AccountHistory("payee", "EUR", T0).events());

        CurrencyTotals eur = reader.localTotals().get("EUR");
        assertThat(eur.inFlight()).isEqualTo(BigInteger.valueOf(400));
        assertThat(eur.balanceSum()).isEqualTo(BigInteger.valueOf(600));
        assertThat(eur.depositVolume()).isEqualTo(BigInteger.valueOf(1000));
        assertThat(eur.withdrawalVolume()).isZero();
        assertThat(eur.ledgerDifference()).isZero();
        TransferView pending = transfers().get(PENDING);
        assertThat(pending.status()).isEqualTo(TransferStatus.PENDING);
        assertThat(pending.payerOwner()).isEqualTo("owner-payer");
        assertThat(pending.payeeOwner()).isNull();
        assertThat(transfers().get(COMPLETED)).isNull();
    }

    /**
     * The store formats follow the events: format 4 only for a transfer's history entry and for totals while money is in
     * flight; once the transfer settles, the totals are written in format 1 again, as a build before v3 wrote them.
     */
    @Test
    void shouldWriteFormat4OnlyForWhatATransferBrings() {
        AccountHistory payer = new AccountHistory("payer", "EUR", T0).deposit(1000, T0);
        write(payer.events());
        write(new AccountHistory("payee", "EUR", T0).events());
        assertThat(changelogValues(LedgerProjectorTopology.HISTORY_STORE)).allSatisfy(bytes -> assertThat(bytes[0]).isEqualTo(StoreCodecs.FORMAT_V1));
        changelogValues(LedgerProjectorTopology.TOTALS_STORE);

        payer.transferOut(COMPLETED, "payee", 300, T0, null);
        write(List.of(payer.lastEvent()));
        assertThat(changelogValues(LedgerProjectorTopology.HISTORY_STORE)).singleElement()
                .satisfies(bytes -> assertThat(bytes[0]).isEqualTo(StoreCodecs.FORMAT_V4));
        assertThat(changelogValues(LedgerProjectorTopology.TOTALS_STORE)).last()
                .satisfies(bytes -> assertThat(bytes[0]).isEqualTo(StoreCodecs.FORMAT_V4));

        write(new AccountHistory("payee", "EUR", T0).transferIn(COMPLETED, "payer", 3, 300, T0).events().subList(1, 2));
        assertThat(changelogValues(LedgerProjectorTopology.TOTALS_STORE)).last()
                .satisfies(bytes -> assertThat(bytes[0]).isEqualTo(StoreCodecs.FORMAT_V1));
    }

    /** A second settlement of one transfer (here a reversal after its credit) breaks the writer's promise: the projector stops. */
    @Test
    void shouldStopOnASecondSettlementOfATransferNamingIt() {
        AccountHistory payer = new AccountHistory("payer", "EUR", T0).deposit(1000, T0).transferOut(COMPLETED, "payee", 300, T0, null);
        write(payer.events());
        write(new AccountHistory("payee", "EUR", T0).transferIn(COMPLETED, "payer", 3, 300, T0).events());

        payer.transferBack(COMPLETED, "payee", 3, 300, TransferReversalReason.UNKNOWN, T0);
        assertThatThrownBy(() -> write(List.of(payer.lastEvent())))
                .isInstanceOf(StreamsException.class)
                .satisfies(e -> assertThat(stackMessages(e)).contains("TRANSFER_LEG_TWICE", COMPLETED, "transfer-legs-repartition"));
        assertThat(progress.stopReason()).hasValueSatisfying(reason -> assertThat(reason).contains("TRANSFER_LEG_TWICE"));
        assertThat(transfers().get(COMPLETED).status()).isEqualTo(TransferStatus.COMPLETED);
    }

    private static String stackMessages(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}

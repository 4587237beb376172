package org.eventbank.account.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.eventbank.account.AccountServiceConfig;
import org.eventbank.account.app.IdempotencyScope;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountDecider;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.AccountStatus;
import org.eventbank.account.domain.ActingAs;
import org.eventbank.account.domain.Initiator;
import org.eventbank.account.domain.Origin;
import org.eventbank.config.Env;
import org.eventbank.schemas.avro.AccountClosed;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.UndecodableRecordException;
import org.eventbank.schemas.serde.WriterVersions;
import org.eventbank.schemas.topics.BankTopics;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eventbank.kit.streams.StopOnUndecodableRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandProcessorTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration DEADLINE = Duration.ofSeconds(12);
    private static final Duration SKEW = Duration.ofSeconds(1);
    /** As the service runs with every family at v2: deadlines on, EXPIRED on the wire. */
    private static final ProcessorSettings SETTINGS = new ProcessorSettings(RETENTION, DEADLINE, SKEW, true, true);

    private final BankSerdes serdes = BankSerdes.singleObject();
    private final BankTopics topics = BankTopics.defaults();
    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, org.eventbank.schemas.avro.AccountCommand> commands;
    private TestOutputTopic<String, SpecificRecord> events;
    private TestOutputTopic<String, CommandResult> results;

    @BeforeEach
    void startDriver() throws Exception {
        startDriver(serdes, AccountStateSerde.forEventsWriterVersion(2), SETTINGS);
    }

    /** The shipped topology over these serdes, as the wiring builds it for the versions it settled. */
    private void startDriver(BankSerdes topicSerdes, AccountStateSerde accountStates, ProcessorSettings settings)
            throws Exception {
        stateDir = Files.createTempDirectory("command-processor-test");
        Map<String, String> env = Map.of("BANK_STATE_DIR", stateDir.toString(), "BANK_BOOTSTRAP_SERVERS", "unused:9092");
        Properties props = streamsConfig(env);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test-" + UUID.randomUUID());
        startDriver(topicSerdes, accountStates, settings, props);
    }

    private void startDriver(BankSerdes topicSerdes, AccountStateSerde accountStates, ProcessorSettings settings,
                             Properties props) {
        BankTopics topics = BankTopics.of(this.topics.settings(), topicSerdes);
        driver = new TopologyTestDriver(CommandProcessorTopology.buildTopology(topics, topicSerdes, settings, accountStates),
                props, T0);
        commands = driver.createInputTopic(topics.commands().name(), topics.commands().keySerde().serializer(),
                topics.commands().valueSerde().serializer());
        events = driver.createOutputTopic(topics.events().name(), topics.events().keySerde().deserializer(),
                topics.events().valueSerde().deserializer());
        results = driver.createOutputTopic(topics.results().name(), topics.results().keySerde().deserializer(),
                topics.results().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldOpenAnAccountEmittingOneEventAndAnAcceptedResult() {
        String commandId = send(open("acc-1", "EUR"), null, "h1");

        TestRecord<String, SpecificRecord> event = events.readRecord();
        assertThat(event.key()).isEqualTo("acc-1");
        assertThat(event.value()).isInstanceOfSatisfying(AccountOpened.class, opened -> {
            assertThat(opened.getVersion()).isEqualTo(1);
            assertThat(opened.getEventId()).isEqualTo(AccountDecider.eventId("acc-1", 1));
            assertThat(opened.getCommandId()).isEqualTo(commandId);
        });
        assertThat(event.timestamp()).isEqualTo(T0.toEpochMilli());
        CommandResult result = results.readValue();
        assertThat(result.getCommandId()).isEqualTo(commandId);
        assertThat(result.getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.getOwner()).isEqualTo("owner-1");
        assertThat(result.getVersion()).isEqualTo(1L);
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void shouldDepositAndWithdrawWithContiguousVersionsAndBalanceAfter() {
        send(open("acc-1", "EUR"), null, "h1");
        send(deposit("acc-1", 500), null, "h2");
        String withdrawal = send(withdraw("acc-1", 120), null, "h3");

        assertThat(events.readValuesToList()).extracting(this::version).containsExactly(1L, 2L, 3L);
        var outcomes = results.readValuesToList();
        assertThat(outcomes).extracting(CommandResult::getOutcome).containsOnly(Outcome.ACCEPTED);
        CommandResult last = outcomes.get(2);
        assertThat(last.getCommandId()).isEqualTo(withdrawal);
        assertThat(last.getBalanceMinor()).isEqualTo(380L);
        assertThat(last.getEventId()).isEqualTo(AccountDecider.eventId("acc-1", 3));
        assertThat(accountsStore().get("acc-1").balanceMinor()).isEqualTo(380);
    }

    @Test
    void shouldWriteTheEventWithItsOccurredAtAsRecordTimestampNeverGoingBackwards() {
        send(open("acc-1", "EUR"), null, "h1");
        var earlier = new AccountCommand.Deposit(UUID.randomUUID().toString(), "acc-1", OptionalLong.empty(),
                T0.minusSeconds(5), 5, Optional.empty(), Origin.NONE, Optional.empty(), Optional.empty());
        send(earlier, null, "h2");
        events.readRecord();
        TestRecord<String, SpecificRecord> deposit = events.readRecord();
        assertThat(deposit.timestamp()).isEqualTo(T0.toEpochMilli());
        assertThat(((Deposited) deposit.value()).getOccurredAt()).isEqualTo(T0);
    }

    @Test
    void shouldStampTheEventWithTheProcessorsClockWhenItDecidesNotWithTheIssuedAt() {
        send(open("acc-1", "EUR"), null, "h1");
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        // Issued at T0, decided 3 s later: the event occurs when it is decided, not when it was asked for.
        send(deposit("acc-1", 5), null, "h2");
        assertThat(events.readRecord().timestamp()).isEqualTo(T0.toEpochMilli());
        TestRecord<String, SpecificRecord> deposit = events.readRecord();
        assertThat(((Deposited) deposit.value()).getOccurredAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(deposit.timestamp()).isEqualTo(T0.plusSeconds(3).toEpochMilli());
        assertThat(accountsStore().get("acc-1").lastEventAt()).isEqualTo(T0.plusSeconds(3));
        // The result too carries the instant it was decided: lookups find it by time (decision 0014).
        assertThat(results.readRecordsToList()).extracting(TestRecord::timestamp)
                .containsExactly(T0.toEpochMilli(), T0.plusSeconds(3).toEpochMilli());
    }

    @Test
    void shouldRejectWithoutWritingAnyEvent() {
        send(open("acc-1", "EUR"), null, "h1");
        events.readRecord();
        results.readRecord();

        assertThat(outcomeOf(send(withdraw("acc-1", 1), null, "h2"))).isEqualTo(Outcome.INSUFFICIENT_FUNDS);
        assertThat(outcomeOf(send(deposit("acc-2", 1), null, "h3"))).isEqualTo(Outcome.ACCOUNT_NOT_FOUND);
        assertThat(outcomeOf(send(open("acc-1", "EUR"), null, "h4"))).isEqualTo(Outcome.ACCOUNT_EXISTS);
        var wrongCurrency = new AccountCommand.Deposit(UUID.randomUUID().toString(), "acc-1", OptionalLong.empty(), T0, 5,
                Optional.of("USD"), Origin.NONE, Optional.empty(), Optional.empty());
        assertThat(outcomeOf(send(wrongCurrency, null, "h5"))).isEqualTo(Outcome.CURRENCY_MISMATCH);
        var staleVersion = new AccountCommand.Deposit(UUID.randomUUID().toString(), "acc-1", OptionalLong.of(4), T0, 5,
                Optional.empty(), Origin.NONE, Optional.empty(), Optional.empty());
        String conflict = send(staleVersion, null, "h6");
        CommandResult conflictResult = results.readValue();
        assertThat(conflictResult.getCommandId()).isEqualTo(conflict);
        assertThat(conflictResult.getOutcome()).isEqualTo(Outcome.VERSION_CONFLICT);
        assertThat(conflictResult.getVersion()).isEqualTo(1L);

        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
        assertThat(accountsStore().get("acc-1").version()).isEqualTo(1);
    }

    @Test
    void shouldReplayTheStoredResultForTheSameKeyAndBodyUnderTheNewCommandId() {
        send(open("acc-1", "EUR"), null, "h0");
        events.readRecord();
        results.readRecord();
        String first = send(deposit("acc-1", 70), "key-1", "hash-a");
        String retry = send(deposit("acc-1", 70), "key-1", "hash-a");

        assertThat(events.readValuesToList()).hasSize(1);
        CommandResult original = results.readValue();
        CommandResult replayed = results.readValue();
        assertThat(original.getCommandId()).isEqualTo(first);
        assertThat(original.getReplayed()).isFalse();
        assertThat(replayed.getCommandId()).isEqualTo(retry);
        assertThat(replayed.getReplayed()).isTrue();
        assertThat(replayed.getEventId()).isEqualTo(original.getEventId());
        assertThat(replayed.getBalanceMinor()).isEqualTo(70L);
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void shouldReplayAStoredRejectionToo() {
        send(open("acc-1", "EUR"), null, "h0");
        events.readRecord();
        results.readRecord();
        send(withdraw("acc-1", 70), "key-1", "hash-a");
        send(deposit("acc-1", 100), null, "h1");
        String retry = send(withdraw("acc-1", 70), "key-1", "hash-a");

        assertThat(events.readValuesToList()).hasSize(1).allMatch(e -> e instanceof Deposited);
        var answers = results.readValuesToList();
        assertThat(answers.get(2).getCommandId()).isEqualTo(retry);
        assertThat(answers.get(2).getOutcome()).isEqualTo(Outcome.INSUFFICIENT_FUNDS);
        assertThat(answers.get(2).getReplayed()).isTrue();
    }

    @Test
    void shouldRejectAKeyReusedWithAnotherBodyAndKeepTheOriginal() {
        send(open("acc-1", "EUR"), null, "h0");
        send(deposit("acc-1", 70), "key-1", "hash-a");
        assertThat(events.readValuesToList()).hasSize(2);
        results.readValuesToList();

        String other = send(deposit("acc-1", 71), "key-1", "hash-b");
        CommandResult rejected = results.readValue();
        assertThat(rejected.getCommandId()).isEqualTo(other);
        assertThat(rejected.getOutcome()).isEqualTo(Outcome.IDEMPOTENCY_KEY_REUSED);
        assertThat(events.isEmpty()).isTrue();

        send(deposit("acc-1", 70), "key-1", "hash-a");
        assertThat(results.readValue().getReplayed()).isTrue();
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void shouldScopeIdempotencyKeysPerAccount() {
        send(open("acc-1", "EUR"), "same-key", "h1");
        send(open("acc-2", "EUR"), "same-key", "h1");
        assertThat(events.readValuesToList()).hasSize(2);
        assertThat(results.readValuesToList()).extracting(CommandResult::getReplayed).containsExactly(false, false);
    }

    // ---- who may act, and whose key it is (decision 0015) ----

    private static Origin by(String subject) {
        return new Origin(Optional.of(new Initiator(subject, Optional.empty())), Optional.empty());
    }

    private static AccountCommand.OpenAccount openBy(String accountId, String owner, String subject, ActingAs actingAs) {
        return new AccountCommand.OpenAccount(UUID.randomUUID().toString(), accountId, OptionalLong.empty(), T0, owner, "EUR",
                by(subject), Optional.of(actingAs), Optional.empty());
    }

    private static AccountCommand.Deposit depositBy(String accountId, long amountMinor, String subject, ActingAs actingAs) {
        return new AccountCommand.Deposit(UUID.randomUUID().toString(), accountId, OptionalLong.empty(), T0, amountMinor,
                Optional.empty(), by(subject), Optional.of(actingAs), Optional.empty());
    }

    @Test
    void shouldRefuseAnotherCustomerExactlyAsAnUnknownAccountWritingAndRememberingNothing() {
        send(openBy("acc-1", "alice", "alice", ActingAs.CUSTOMER), null, "h0");
        send(depositBy("acc-1", 50, "alice", ActingAs.CUSTOMER), null, "h1");
        results.readValuesToList();
        events.readValuesToList();

        String probe = send(depositBy("acc-1", 5, "mallory", ActingAs.CUSTOMER), "k-1", "h2");
        String unknown = send(depositBy("acc-9", 5, "mallory", ActingAs.CUSTOMER), "k-1", "h2");

        CommandResult refused = resultOf(probe);
        CommandResult notFound = resultOf(unknown);
        assertThat(refused.getOutcome()).isEqualTo(Outcome.ACCOUNT_NOT_FOUND);
        assertThat(refused.getDetail()).isEqualTo("account acc-1 does not exist");
        // Nothing more than an unknown account tells: no version, currency, balance or owner.
        assertThat(java.util.Arrays.asList(refused.getVersion(), refused.getCurrency(), refused.getBalanceMinor(),
                refused.getOwner(), refused.getEventId())).containsOnlyNulls();
        assertThat(CommandResult.newBuilder(refused).setCommandId("x").setDetail("d").setAccountId("a").build())
                .isEqualTo(CommandResult.newBuilder(notFound).setCommandId("x").setDetail("d").setAccountId("a").build());
        assertThat(events.isEmpty()).isTrue();
        assertThat(idempotencyStore().get(IdempotencyScope.of("acc-1", Optional.of("mallory"), "k-1")))
                .as("an authorization refusal is never remembered").isNull();
    }

    @Test
    void shouldCheckWhoAsksBeforeTheKeySoNobodyReplaysAnothersKey() {
        send(openBy("acc-1", "alice", "alice", ActingAs.CUSTOMER), null, "h0");
        send(depositBy("acc-1", 50, "alice", ActingAs.CUSTOMER), "alices-key", "same-body");
        results.readValuesToList();

        String replayAttempt = send(depositBy("acc-1", 50, "mallory", ActingAs.CUSTOMER), "alices-key", "same-body");

        CommandResult result = resultOf(replayAttempt);
        assertThat(result.getOutcome()).isEqualTo(Outcome.ACCOUNT_NOT_FOUND);
        assertThat(result.getReplayed()).isFalse();
        assertThat(result.getBalanceMinor()).isNull();
        assertThat(events.readValuesToList()).extracting(this::version).containsExactly(1L, 2L);
    }

    @Test
    void shouldScopeKeysToTheCallerSoTwoCallersEqualKeysNeverMeet() {
        send(openBy("acc-1", "alice", "alice", ActingAs.CUSTOMER), null, "h0");
        String tellers = send(depositBy("acc-1", 10, "teller-1", ActingAs.TELLER), "k", "teller-body");
        String alices = send(depositBy("acc-1", 20, "alice", ActingAs.CUSTOMER), "k", "alice-body");
        String alicesRetry = send(depositBy("acc-1", 20, "alice", ActingAs.CUSTOMER), "k", "alice-body");

        results.readValue();
        assertThat(resultOf(tellers).getOutcome()).isEqualTo(Outcome.ACCEPTED);
        CommandResult first = resultOf(alices);
        assertThat(first.getOutcome()).as("not IDEMPOTENCY_KEY_REUSED: the teller's key is not hers").isEqualTo(Outcome.ACCEPTED);
        assertThat(first.getVersion()).isEqualTo(3L);
        CommandResult retry = resultOf(alicesRetry);
        assertThat(retry.getReplayed()).isTrue();
        assertThat(retry.getVersion()).isEqualTo(3L);
        assertThat(events.readValuesToList()).extracting(this::version).containsExactly(1L, 2L, 3L);
        assertThat(idempotencyStore().get(IdempotencyScope.of("acc-1", Optional.of("teller-1"), "k"))).isNotNull();
        assertThat(idempotencyStore().get(IdempotencyScope.of("acc-1", Optional.of("alice"), "k"))).isNotNull();
    }

    @Test
    void shouldAnswerARetryThatStraddlesTheUpgradeFromTheEntryOfTheAccountAlone() {
        send(open("acc-1", "EUR"), null, "h0");
        // Written before identity: the command names nobody, its entry is the account's alone.
        String before = send(deposit("acc-1", 70), "k", "body");
        assertThat(idempotencyStore().get("acc-1/k")).isNotNull();

        String retry = send(depositBy("acc-1", 70, "owner-1", ActingAs.CUSTOMER), "k", "body");
        String stranger = send(depositBy("acc-1", 70, "mallory", ActingAs.CUSTOMER), "k", "body");

        results.readValue();
        CommandResult first = resultOf(before);
        CommandResult replay = resultOf(retry);
        assertThat(replay.getReplayed()).isTrue();
        assertThat(replay.getVersion()).isEqualTo(first.getVersion());
        assertThat(resultOf(stranger).getOutcome()).isEqualTo(Outcome.ACCOUNT_NOT_FOUND);
        assertThat(events.readValuesToList()).extracting(this::version).containsExactly(1L, 2L);
    }

    @Test
    void shouldNeverApplyARetryIssuedInsideTheRetentionTwiceAndRunOneIssuedAfterItAsANewAttempt() {
        send(open("acc-1", "EUR"), null, "h0");
        send(deposit("acc-1", 70), "key-1", "hash-a");
        assertThat(idempotencyStore().get("acc-1/key-1")).isNotNull();
        assertThat(results.readValuesToList()).hasSize(2);

        driver.advanceWallClockTime(RETENTION.plusMinutes(2));

        assertThat(idempotencyStore().get("acc-1/key-1")).isNull();
        assertThat(expiryIndexStore().approximateNumEntries()).isZero();
        // Issued inside the retention, decided after it (a long restore): refused, never applied a second time.
        String stuck = send(deposit("acc-1", 70), "key-1", "hash-a");
        assertThat(resultOf(stuck).getOutcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(events.readValuesToList()).extracting(this::version).containsExactly(1L, 2L);
        // Issued after the retention: the documented limit, a new attempt.
        String afterRetention = send(withDeadline(deposit("acc-1", 70), T0.plus(RETENTION).plus(Duration.ofMinutes(2)),
                T0.plus(RETENTION).plus(Duration.ofMinutes(2)).plus(DEADLINE)), "key-1", "hash-a");
        CommandResult fresh = resultOf(afterRetention);
        assertThat(fresh.getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(fresh.getReplayed()).isFalse();
        assertThat(events.readValuesToList()).extracting(this::version).containsExactly(3L);
    }

    @Test
    void shouldCountTheRetentionFromTheFirstIssuedAtNotFromWhenTheRetryIsDecided() {
        send(open("acc-1", "EUR"), null, "h0");
        send(deposit("acc-1", 70), "key-1", "hash-a");
        assertThat(results.readValuesToList()).hasSize(2);
        assertThat(idempotencyStore().get("acc-1/key-1").expiresAt()).isEqualTo(T0.plus(RETENTION));

        driver.advanceWallClockTime(RETENTION.plusSeconds(1));

        // Issued 5 s before the key expires, decided 1 s after: within its own deadline, so only the key protects it.
        Instant insideRetention = T0.plus(RETENTION).minusSeconds(5);
        String retry = send(withDeadline(deposit("acc-1", 70), insideRetention, insideRetention.plus(DEADLINE)), "key-1",
                "hash-a");
        CommandResult replayed = resultOf(retry);
        assertThat(replayed.getReplayed()).isTrue();
        assertThat(replayed.getVersion()).isEqualTo(2L);
        // Issued at the expiry: a new attempt.
        Instant atExpiry = T0.plus(RETENTION);
        String fresh = send(withDeadline(deposit("acc-1", 70), atExpiry, atExpiry.plus(DEADLINE)), "key-1", "hash-a");
        assertThat(resultOf(fresh).getReplayed()).isFalse();
        assertThat(events.readValuesToList()).extracting(this::version).containsExactly(1L, 2L, 3L);
        assertThat(idempotencyStore().get("acc-1/key-1").expiresAt()).isEqualTo(atExpiry.plus(RETENTION));
    }

    @Test
    void shouldKeepAnEntryUntilEveryRetryIssuedBeforeItsExpiryIsDecidedThenDeleteIt() {
        send(deposit("acc-1", 70), "key-1", "hash-a");
        Instant purgeAt = T0.plus(RETENTION).plus(DEADLINE).plus(SKEW);

        driver.advanceWallClockTime(Duration.between(T0, purgeAt).minusSeconds(1));
        assertThat(idempotencyStore().get("acc-1/key-1")).as("a retry issued at the expiry may still be decided").isNotNull();

        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(idempotencyStore().get("acc-1/key-1")).isNull();
        assertThat(expiryIndexStore().approximateNumEntries()).isZero();
    }

    @Test
    void shouldPurgeFasterThanTheOldBoundOfTenThousandAMinute() {
        int keys = 30_000;
        Instant expiresAt = T0.plus(RETENTION);
        Instant purgeAt = expiresAt.plus(DEADLINE).plus(SKEW);
        var result = CommandResults.rejected("c", "acc-1", Outcome.ACCOUNT_NOT_FOUND, "no", AccountState.INITIAL);
        // Written into the stores as the processor remembers them (the path through process() is tested above).
        for (int i = 0; i < keys; i++) {
            String storeKey = "acc-" + (i % 100) + "/key-" + i;
            idempotencyStore().put(storeKey, new IdempotencyEntry("h", result, expiresAt));
            expiryIndexStore().put(CommandProcessor.expiryIndexKey(purgeAt, storeKey),
                    CommandProcessor.PURGE_TIME_INDEXED + storeKey);
        }

        driver.advanceWallClockTime(Duration.between(T0, purgeAt).plusSeconds(1));
        assertThat(countEntries(idempotencyStore())).as("one run deletes up to its bound")
                .isEqualTo(keys - CommandProcessor.EXPIRY_DELETES_MAX);

        driver.advanceWallClockTime(CommandProcessor.EXPIRY_SCAN_INTERVAL);
        assertThat(countEntries(idempotencyStore())).as("the next run, a second later, the rest").isZero();
        assertThat(countEntries(expiryIndexStore())).isZero();
    }

    @Test
    void shouldReindexAndLaterPurgeAnEntryIndexedByItsExpiryBeforeThePurgeGraceExisted() {
        Instant expiresAt = T0.plusSeconds(60);
        var result = CommandResults.rejected("c", "acc-1", Outcome.ACCOUNT_NOT_FOUND, "no", AccountState.INITIAL);
        idempotencyStore().put("acc-1/old-key", new IdempotencyEntry("h", result, expiresAt));
        expiryIndexStore().put(CommandProcessor.expiryIndexKey(expiresAt, "acc-1/old-key"), "acc-1/old-key");

        driver.advanceWallClockTime(Duration.ofSeconds(61));
        assertThat(idempotencyStore().get("acc-1/old-key")).isNotNull();
        assertThat(countEntries(expiryIndexStore())).isEqualTo(1);

        driver.advanceWallClockTime(DEADLINE.plus(SKEW));
        assertThat(idempotencyStore().get("acc-1/old-key")).isNull();
        assertThat(countEntries(expiryIndexStore())).isZero();
    }

    private static long countEntries(KeyValueStore<String, ?> store) {
        long count = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    @Test
    void shouldKeepAKeyBeforeTheRetentionHasPassed() {
        send(open("acc-1", "EUR"), null, "h0");
        send(deposit("acc-1", 70), "key-1", "hash-a");
        driver.advanceWallClockTime(RETENTION.minusMinutes(5));
        send(deposit("acc-1", 70), "key-1", "hash-a");
        assertThat(events.readValuesToList()).hasSize(2);
        assertThat(results.readValuesToList()).extracting(CommandResult::getReplayed).containsExactly(false, false, true);
    }

    @Test
    void shouldRejectACommandWhoseRecordKeyIsNotItsAccount() {
        var command = AvroMapper.toAvro(open("acc-1", "EUR"), new CommandEnvelope(Optional.empty(), "h", "instance-a"));
        commands.pipeInput("acc-other", command, T0);
        assertThat(results.readValue().getOutcome()).isEqualTo(Outcome.INVALID_ACCOUNT_ID);
        assertThat(events.isEmpty()).isTrue();
        assertThat(accountsStore().get("acc-1")).isNull();
    }

    @Test
    void shouldStopOnAnUndecodableCommandRatherThanSkipIt() {
        var raw = driver.createInputTopic(topics.commands().name(), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        // The failure names the record: the task's deserialization stop, caused by the schemas serde's refusal, which
        // names the topic and why the bytes are not a command (StopOnUndecodableRecord logs partition and offset).
        assertThatThrownBy(() -> raw.pipeInput("acc-1", new byte[] {1, 2, 3}))
                .isInstanceOf(StreamsException.class)
                .hasMessageContaining("Deserialization exception handler is set to fail")
                .cause()
                .isExactlyInstanceOf(UndecodableRecordException.class)
                .hasMessage("cannot decode record on topic " + topics.commands().name()
                        + ": not Avro single-object encoded (3 bytes, expected the marker C3 01 and a fingerprint)");
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void shouldConfigureTheHandlerThatStopsOnUndecodableCommands() {
        Properties props = streamsConfig(Map.of());
        assertThat(props.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(StopOnUndecodableRecord.class);
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.consumerPrefix("isolation.level"))).isEqualTo("read_committed");
        assertThat(props.get(StreamsConfig.producerPrefix("acks"))).isEqualTo("all");
        assertThat(props.get(StreamsConfig.mainConsumerPrefix("auto.offset.reset"))).isEqualTo("none");
        var record = new org.apache.kafka.clients.consumer.ConsumerRecord<>("cmds", 2, 7L,
                "acc-9".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {1});
        var context = new org.apache.kafka.streams.errors.ErrorHandlerContext() {
            @Override public String topic() { return "cmds"; }
            @Override public int partition() { return 2; }
            @Override public long offset() { return 7L; }
            @Override public org.apache.kafka.common.header.Headers headers() { return null; }
            @Override public String processorNodeId() { return "source"; }
            @Override public org.apache.kafka.streams.processor.TaskId taskId() { return new org.apache.kafka.streams.processor.TaskId(0, 2); }
            @Override public long timestamp() { return 0L; }
            @Override public byte[] sourceRawKey() { return null; }
            @Override public byte[] sourceRawValue() { return null; }
        };
        assertThat(new StopOnUndecodableRecord().handleError(context, record, new RuntimeException("bad")).result())
                .isEqualTo(org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result.FAIL);
    }

    @Test
    void shouldStopOnANullCommandRatherThanSkipIt() {
        assertThatThrownBy(() -> commands.pipeInput("acc-1", null))
                .isInstanceOf(StreamsException.class)
                .rootCause()
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("null command on the commands topic, key acc-1: commands are never deleted by tombstone");
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseToEmitAVersionThatDoesNotFollowTheLastOne() {
        var gap = new org.eventbank.account.domain.AccountEvent.Deposited("e", "acc-1", 3, T0, "c", 1, "EUR", 1, Origin.NONE);
        assertThatThrownBy(() -> CommandProcessor.requireNextVersion(1, gap, "partition 0, offset 7"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("offset 7").hasMessageContaining("acc-1");
        var duplicate = new org.eventbank.account.domain.AccountEvent.Deposited("e", "acc-1", 1, T0, "c", 1, "EUR", 1,
                Origin.NONE);
        assertThatThrownBy(() -> CommandProcessor.requireNextVersion(1, duplicate, "x")).isInstanceOf(IllegalStateException.class);
        CommandProcessor.requireNextVersion(1, new org.eventbank.account.domain.AccountEvent.Deposited("e", "acc-1", 2, T0,
                "c", 1, "EUR", 1, Origin.NONE), "x");
    }

    // ---- deadlines (decision 0014) ----

    @Test
    void shouldRefuseACommandPastItsDeadlineWritingNothingAndRunARetryWithTheSameKeyAsANewAttempt() {
        send(open("acc-1", "EUR"), null, "h0");
        events.readRecord();
        results.readRecord();
        var stale = withDeadline(deposit("acc-1", 70), T0.minusSeconds(60), T0.minusMillis(1));

        CommandResult expired = resultOf(send(stale, "key-1", "hash-a"));

        assertThat(expired.getOutcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(expired.getDetail()).startsWith("not decided before its deadline 2026-03-01T11:59:59.999Z");
        assertThat(expired.getVersion()).as("never decided: no state told").isNull();
        assertThat(events.isEmpty()).isTrue();
        assertThat(idempotencyStore().get("acc-1/key-1")).as("nothing remembered for the key").isNull();
        assertThat(accountsStore().get("acc-1").version()).isEqualTo(1);

        String retry = send(withDeadline(deposit("acc-1", 70), T0, T0.plus(DEADLINE)), "key-1", "hash-a");
        CommandResult applied = resultOf(retry);
        assertThat(applied.getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(applied.getReplayed()).isFalse();
        assertThat(events.readValuesToList()).extracting(this::version).containsExactly(2L);
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void shouldDecideACommandAtItsDeadlineAndReplayAnAppliedKeyEvenPastTheRetrysDeadline() {
        send(open("acc-1", "EUR"), null, "h0");
        send(withDeadline(deposit("acc-1", 70), T0, T0), "key-1", "hash-a");
        assertThat(events.readValuesToList()).hasSize(2);
        results.readValuesToList();

        // A retry stuck in the queue past its own deadline still learns the first answer: nothing new is decided.
        String late = send(withDeadline(deposit("acc-1", 70), T0.minusSeconds(60), T0.minusSeconds(48)), "key-1", "hash-a");
        CommandResult replayed = resultOf(late);
        assertThat(replayed.getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(replayed.getReplayed()).isTrue();
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldGiveACommandWithoutNotAfterTheConfiguredDeadlineWhileDeadlinesAreOn() {
        send(open("acc-1", "EUR"), null, "h0");
        results.readRecord();
        var v1Command = new AccountCommand.Deposit(UUID.randomUUID().toString(), "acc-1", OptionalLong.empty(),
                T0.minus(DEADLINE).minusMillis(1), 5, Optional.empty(), Origin.NONE, Optional.empty(), Optional.empty());
        CommandResult expired = resultOf(send(v1Command, null, "h1"));
        assertThat(expired.getOutcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(expired.getDetail()).contains("deadline 2026-03-01T11:59:59.999Z");
        assertThat(events.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldGiveACommandWithoutNotAfterNoDeadlineWhileDeadlinesAreOff() throws Exception {
        driver.close();
        startDriver(serdes, AccountStateSerde.forEventsWriterVersion(2), new ProcessorSettings(RETENTION, DEADLINE, SKEW,
                false, true));
        send(open("acc-1", "EUR"), null, "h0");
        var weekOld = new AccountCommand.Deposit(UUID.randomUUID().toString(), "acc-1", OptionalLong.empty(),
                T0.minus(Duration.ofDays(7)), 5, Optional.empty(), Origin.NONE, Optional.empty(), Optional.empty());
        send(weekOld, null, "h1");
        assertThat(results.readValuesToList()).extracting(CommandResult::getOutcome).containsExactly(Outcome.ACCEPTED,
                Outcome.ACCEPTED);
        // A deadline a command does carry is kept all the same: the promise is never to decide after it.
        String stale = send(withDeadline(deposit("acc-1", 5), T0.minusSeconds(60), T0.minusSeconds(48)), null, "h2");
        assertThat(resultOf(stale).getOutcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(events.readValuesToList()).hasSize(2);
    }

    @Test
    void shouldAnswerAnExpiredCommandUnknownRejectionWhileResultsArePinnedToV1() throws Exception {
        driver.close();
        BankSerdes resultsV1 = BankSerdes.singleObject(SchemaCatalog.builtIn(), WriterVersions.pinned(Map.of(Family.RESULTS, 1)),
                Map.of());
        startDriver(resultsV1, AccountStateSerde.forEventsWriterVersion(2), new ProcessorSettings(RETENTION, DEADLINE, SKEW,
                false, false));
        String stale = send(withDeadline(open("acc-1", "EUR"), T0.minusSeconds(60), T0.minusSeconds(48)), null, "h0");
        CommandResult refused = resultOf(stale);
        assertThat(refused.getOutcome()).isEqualTo(Outcome.UNKNOWN_REJECTION);
        assertThat(refused.getDetail()).startsWith("expired: not decided before its deadline");
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseACommandIssuedFurtherAheadOfTheProcessorsClockThanTheAllowedSkew() {
        Instant ahead = T0.plus(SKEW).plusMillis(1);
        String refused = send(withDeadline(open("acc-1", "EUR"), ahead, ahead.plus(DEADLINE)), null, "h0");
        CommandResult result = resultOf(refused);
        assertThat(result.getOutcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(result.getDetail()).contains("1001 ms ahead of the deciding processor's clock")
                .contains("allowed clock skew of 1000 ms");
        assertThat(events.isEmpty()).isTrue();
        assertThat(accountsStore().get("acc-1")).isNull();

        Instant justWithin = T0.plus(SKEW);
        send(withDeadline(open("acc-1", "EUR"), justWithin, justWithin.plus(DEADLINE)), null, "h1");
        assertThat(results.readValue().getOutcome()).isEqualTo(Outcome.ACCEPTED);
    }

    // ---- offsets and identity (decision 0014) ----

    @Test
    void shouldPassOverCommandsItHasDecidedAlreadyWhenTheGroupsOffsetsAreSetBack() {
        send(open("acc-1", "EUR"), null, "h0");
        send(deposit("acc-1", 70), null, "h1");
        assertThat(events.readValuesToList()).hasSize(2);
        results.readValuesToList();
        assertThat(progressStore().get("0")).isEqualTo(1L);

        // The store says offsets through 3 were decided (what it says after a group is set back to offset 2): the
        // commands at offsets 2 and 3 arrive again and are passed over; offset 4 is new.
        progressStore().put("0", 3L);
        send(deposit("acc-1", 1_000), null, "h2");
        send(deposit("acc-1", 1_000), null, "h3");
        assertThat(events.isEmpty()).as("nothing decided twice").isTrue();
        assertThat(results.isEmpty()).isTrue();
        String next = send(deposit("acc-1", 5), null, "h4");

        CommandResult result = resultOf(next);
        assertThat(result.getVersion()).isEqualTo(3L);
        assertThat(result.getBalanceMinor()).isEqualTo(75L);
        assertThat(events.readValuesToList()).extracting(this::version).containsExactly(3L);
        assertThat(progressStore().get("0")).isEqualTo(4L);
    }

    @Test
    void shouldRefuseToDecideWithAnEmptyAccountsStoreOnAPartitionWhoseLedgerHoldsEvents() {
        ProcessorSettings onALedgerWithEvents = new ProcessorSettings(RETENTION, DEADLINE, SKEW, true, true, Set.of(0));
        driver.close();
        assertThatThrownBy(() -> startDriver(serdes, AccountStateSerde.forEventsWriterVersion(2), onALedgerWithEvents))
                .rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("partition 0: the ledger holds events but the \"accounts\" store is empty");
        // Open for @AfterEach; a partition whose ledger is empty starts on an empty store.
        startDriverQuietly(new ProcessorSettings(RETENTION, DEADLINE, SKEW, true, true, Set.of(1)));
        assertThat(outcomeOf(send(open("acc-1", "EUR"), null, "h0"))).isEqualTo(Outcome.ACCEPTED);
    }

    private void startDriverQuietly(ProcessorSettings settings) {
        try {
            startDriver(serdes, AccountStateSerde.forEventsWriterVersion(2), settings);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- closing (contract v2) ----

    @Test
    void shouldCloseAnEmptiedAccountWritingAccountClosedAndAnAcceptedResult() {
        send(open("acc-1", "EUR"), null, "h1");
        send(deposit("acc-1", 50), null, "h2");
        send(withdraw("acc-1", 50), null, "h3");
        assertThat(events.readValuesToList()).hasSize(3);
        results.readValuesToList();

        String close = send(close("acc-1", Optional.of("moving abroad")), "close-1", "h4");

        TestRecord<String, SpecificRecord> event = events.readRecord();
        assertThat(event.key()).isEqualTo("acc-1");
        assertThat(event.timestamp()).isEqualTo(T0.toEpochMilli());
        assertThat(event.value()).isInstanceOfSatisfying(AccountClosed.class, closed -> {
            assertThat(closed.getVersion()).isEqualTo(4);
            assertThat(closed.getEventId()).isEqualTo(AccountDecider.eventId("acc-1", 4));
            assertThat(closed.getCommandId()).isEqualTo(close);
            assertThat(closed.getCurrency()).isEqualTo("EUR");
            assertThat(closed.getBalanceAfterMinor()).isZero();
            assertThat(closed.getReason()).isEqualTo("moving abroad");
            assertThat(closed.getInitiatedBy()).isNull();
            assertThat(closed.getCorrelationId()).isNull();
        });
        CommandResult result = results.readValue();
        assertThat(result.getCommandId()).isEqualTo(close);
        assertThat(result.getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.getVersion()).isEqualTo(4L);
        assertThat(result.getBalanceMinor()).isZero();
        assertThat(result.getEventId()).isEqualTo(AccountDecider.eventId("acc-1", 4));
        assertThat(result.getOwner()).as("every result names the owner (decision 0015)").isEqualTo("owner-1");
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
        assertThat(accountsStore().get("acc-1")).isEqualTo(new AccountState(AccountStatus.CLOSED, "owner-1", "EUR", 0, 4, T0, 0));
    }

    @Test
    void shouldRefuseToCloseAnAccountHoldingMoneyWritingNoEvent() {
        send(open("acc-1", "EUR"), null, "h1");
        send(deposit("acc-1", 50), null, "h2");
        events.readValuesToList();
        results.readValuesToList();

        CommandResult refused = resultOf(send(close("acc-1", Optional.empty()), null, "h3"));

        assertThat(refused.getOutcome()).isEqualTo(Outcome.BALANCE_NOT_ZERO);
        assertThat(refused.getDetail()).contains("the balance is 50, not 0");
        assertThat(refused.getVersion()).isEqualTo(2L);
        assertThat(events.isEmpty()).isTrue();
        assertThat(accountsStore().get("acc-1").status()).isEqualTo(AccountStatus.OPEN);
    }

    @Test
    void shouldAnswerAccountClosedToADepositAfterTheCloseWritingNoEvent() {
        send(open("acc-1", "EUR"), null, "h1");
        send(close("acc-1", Optional.empty()), null, "h2");
        assertThat(events.readValuesToList()).hasSize(2);
        results.readValuesToList();

        CommandResult refused = resultOf(send(deposit("acc-1", 5), null, "h3"));

        assertThat(refused.getOutcome()).isEqualTo(Outcome.ACCOUNT_CLOSED);
        // The closed account still tells its (final) version.
        assertThat(refused.getVersion()).isEqualTo(2L);
        assertThat(refused.getCurrency()).isEqualTo("EUR");
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void shouldReplayTheFirstAnswerToACloseWithTheSameKeyEvenAfterTheAccountClosed() {
        send(open("acc-1", "EUR"), null, "h0");
        String first = send(close("acc-1", Optional.of("bye")), "close-1", "hash-close");
        send(deposit("acc-1", 5), null, "h1");
        String retry = send(close("acc-1", Optional.of("bye")), "close-1", "hash-close");

        assertThat(events.readValuesToList()).extracting(this::version).containsExactly(1L, 2L);
        var answers = results.readValuesToList();
        assertThat(answers).extracting(CommandResult::getOutcome)
                .containsExactly(Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.ACCOUNT_CLOSED, Outcome.ACCEPTED);
        CommandResult original = answers.get(1);
        CommandResult replayed = answers.get(3);
        assertThat(original.getCommandId()).isEqualTo(first);
        assertThat(replayed.getCommandId()).isEqualTo(retry);
        assertThat(replayed.getReplayed()).isTrue();
        assertThat(replayed.getEventId()).isEqualTo(original.getEventId());
        assertThat(replayed.getVersion()).isEqualTo(2L);
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
    }

    @Test
    void shouldStopRatherThanWriteAnAccountClosedWhileEventsArePinnedToV1() throws Exception {
        driver.close();
        BankSerdes eventsV1 = BankSerdes.singleObject(SchemaCatalog.builtIn(), WriterVersions.pinned(Map.of(Family.EVENTS, 1)),
                Map.of());
        startDriver(eventsV1, AccountStateSerde.forEventsWriterVersion(1), SETTINGS);
        send(open("acc-1", "EUR"), null, "h1");
        assertThat(events.readValuesToList()).hasSize(1);
        assertThat(results.readValuesToList()).hasSize(1);

        // The HTTP edge answers 501 before sending a close; this is the second line, for a close that got here anyway.
        assertThatThrownBy(() -> send(close("acc-1", Optional.empty()), null, "h2"))
                .isInstanceOf(StreamsException.class)
                .rootCause().isInstanceOf(SerializationException.class).hasMessageContaining("AccountClosed has no version 1");
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
    }

    /** The properties the service runs the processor with, for the settings in {@code env}. */
    private static Properties streamsConfig(Map<String, String> env) {
        Map<String, String> local = new java.util.HashMap<>(env);
        local.putIfAbsent("BANK_AUTH_DEV", "true");
        AccountServiceConfig config = AccountServiceConfig.fromEnvironment(Env.of(local));
        return CommandProcessorTopology.streamsConfig(config.cluster(), config.streams(), config.http().instanceId());
    }

    private String send(AccountCommand command, String idempotencyKey, String bodyHash) {
        var envelope = new CommandEnvelope(Optional.ofNullable(idempotencyKey), bodyHash, "instance-a");
        commands.pipeInput(command.accountId(), AvroMapper.toAvro(command, envelope), command.issuedAt());
        return command.commandId();
    }

    private CommandResult resultOf(String commandId) {
        CommandResult result = results.readValue();
        assertThat(result.getCommandId()).isEqualTo(commandId);
        return result;
    }

    private Outcome outcomeOf(String commandId) {
        CommandResult result = results.readValue();
        assertThat(result.getCommandId()).isEqualTo(commandId);
        return result.getOutcome();
    }

    private long version(SpecificRecord event) {
        return AvroMapper.fromAvro(event).version();
    }

    private KeyValueStore<String, AccountState> accountsStore() {
        return driver.getKeyValueStore(CommandProcessorTopology.ACCOUNTS_STORE);
    }

    private KeyValueStore<String, IdempotencyEntry> idempotencyStore() {
        return driver.getKeyValueStore(CommandProcessorTopology.IDEMPOTENCY_STORE);
    }

    private KeyValueStore<String, Long> progressStore() {
        return driver.getKeyValueStore(CommandProcessorTopology.PROGRESS_STORE);
    }

    private KeyValueStore<String, String> expiryIndexStore() {
        return driver.getKeyValueStore(CommandProcessorTopology.IDEMPOTENCY_EXPIRY_STORE);
    }

    /** The same command, issued at {@code issuedAt} with the deadline {@code notAfter}. */
    private static AccountCommand withDeadline(AccountCommand command, Instant issuedAt, Instant notAfter) {
        Optional<Instant> deadline = Optional.of(notAfter);
        if (command instanceof AccountCommand.OpenAccount open) {
            return new AccountCommand.OpenAccount(open.commandId(), open.accountId(), open.expectedVersion(), issuedAt,
                    open.owner(), open.currency(), open.origin(), open.actingAs(), deadline);
        } else if (command instanceof AccountCommand.Deposit deposit) {
            return new AccountCommand.Deposit(deposit.commandId(), deposit.accountId(), deposit.expectedVersion(), issuedAt,
                    deposit.amountMinor(), deposit.currency(), deposit.origin(), deposit.actingAs(), deadline);
        }
        throw new IllegalArgumentException("not needed here: " + command);
    }

    private static AccountCommand.OpenAccount open(String accountId, String currency) {
        return new AccountCommand.OpenAccount(UUID.randomUUID().toString(), accountId, OptionalLong.empty(), T0,
                "owner-1", currency, Origin.NONE, Optional.empty(), Optional.empty());
    }

    private static AccountCommand.Deposit deposit(String accountId, long amountMinor) {
        return new AccountCommand.Deposit(UUID.randomUUID().toString(), accountId, OptionalLong.empty(), T0, amountMinor,
                Optional.empty(), Origin.NONE, Optional.empty(), Optional.empty());
    }

    private static AccountCommand.CloseAccount close(String accountId, Optional<String> reason) {
        return new AccountCommand.CloseAccount(UUID.randomUUID().toString(), accountId, OptionalLong.empty(), T0, reason,
                Origin.NONE, Optional.empty(), Optional.empty());
    }

    private static AccountCommand.Withdraw withdraw(String accountId, long amountMinor) {
        return new AccountCommand.Withdraw(UUID.randomUUID().toString(), accountId, OptionalLong.empty(), T0, amountMinor,
                Optional.empty(), Origin.NONE, Optional.empty(), Optional.empty());
    }
}

package org.eventbank.account.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eventbank.account.AccountServiceConfig;
import org.eventbank.account.app.IdempotencyScope;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.Origin;
import org.eventbank.config.Env;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.TransferCredited;
import org.eventbank.schemas.avro.TransferDebited;
import org.eventbank.schemas.avro.TransferInstruction;
import org.eventbank.schemas.avro.TransferInstructionKind;
import org.eventbank.schemas.avro.TransferReversalReason;
import org.eventbank.schemas.avro.TransferReversed;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both halves of a transfer in the shipped topology (decision 0016): the payer's debit with its credit instruction,
 * the payee's credit or refusal, the payer's settlement or reversal. The test driver feeds what the topology writes
 * to the instructions topic back into it, as the broker would; the tests hand instructions in again to play a repeat.
 */
class TransferTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final ProcessorSettings SETTINGS = new ProcessorSettings(java.time.Duration.ofHours(24),
            java.time.Duration.ofSeconds(12), java.time.Duration.ofSeconds(1), true, true);

    private final BankSerdes serdes = BankSerdes.singleObject();
    private final BankTopics topics = BankTopics.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, org.eventbank.schemas.avro.AccountCommand> commands;
    private TestInputTopic<String, TransferInstruction> instructionsIn;
    private TestOutputTopic<String, TransferInstruction> instructionsOut;
    private TestOutputTopic<String, SpecificRecord> events;
    private TestOutputTopic<String, CommandResult> results;

    @BeforeEach
    void startDriver() throws Exception {
        Map<String, String> env = Map.of("BANK_STATE_DIR", Files.createTempDirectory("transfer-test").toString(),
                "BANK_BOOTSTRAP_SERVERS", "unused:9092", "BANK_AUTH_DEV", "true");
        AccountServiceConfig config = AccountServiceConfig.fromEnvironment(Env.of(env));
        Properties props = CommandProcessorTopology.streamsConfig(config.cluster(), config.streams(), "test");
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test-" + UUID.randomUUID());
        driver = new TopologyTestDriver(CommandProcessorTopology.buildTopology(topics, serdes, SETTINGS,
                AccountStateSerde.forEventsWriterVersion(3)), props, T0);
        commands = driver.createInputTopic(topics.commands().name(), topics.commands().keySerde().serializer(),
                topics.commands().valueSerde().serializer());
        var instructions = topics.transferInstructions();
        instructionsIn = driver.createInputTopic(instructions.name(), instructions.keySerde().serializer(),
                instructions.valueSerde().serializer());
        instructionsOut = driver.createOutputTopic(instructions.name(), instructions.keySerde().deserializer(),
                instructions.valueSerde().deserializer());
        events = driver.createOutputTopic(topics.events().name(), topics.events().keySerde().deserializer(),
                topics.events().valueSerde().deserializer());
        results = driver.createOutputTopic(topics.results().name(), topics.results().keySerde().deserializer(),
                topics.results().valueSerde().deserializer());
        send(open("payer", "EUR"), null);
        send(open("payee", "EUR"), null);
        send(deposit("payer", 1_000), null);
        events.readValuesToList();
        results.readValuesToList();
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldDebitThenCreditThenTellThePayerExactlyOnceEvenWhenEveryInstructionArrivesTwice() {
        String commandId = send(transfer("payer", "payee", 300, "t-1"), "key-1");

        List<SpecificRecord> written = events.readValuesToList();
        assertThat(written).hasSize(2);
        assertThat(written.get(0)).isInstanceOfSatisfying(TransferDebited.class, debit -> {
            assertThat(debit.getAccountId()).isEqualTo("payer");
            assertThat(debit.getVersion()).isEqualTo(3L);
            assertThat(debit.getBalanceAfterMinor()).isEqualTo(700L);
            assertThat(debit.getCorrelationId()).isEqualTo("t-1");
            assertThat(debit.getCounterpartyAccountId()).isEqualTo("payee");
            assertThat(debit.getReference()).isEqualTo("invoice 7");
        });
        assertThat(written.get(1)).isInstanceOfSatisfying(TransferCredited.class, credited -> {
            assertThat(credited.getAccountId()).isEqualTo("payee");
            assertThat(credited.getVersion()).isEqualTo(2L);
            assertThat(credited.getBalanceAfterMinor()).isEqualTo(300L);
            assertThat(credited.getPayerDebitVersion()).isEqualTo(3L);
            assertThat(credited.getCounterpartyAccountId()).isEqualTo("payer");
            assertThat(credited.getCorrelationId()).isEqualTo("t-1");
            assertThat(credited.getCommandId()).isEqualTo(commandId);
        });
        List<CommandResult> answers = results.readValuesToList();
        assertThat(answers).extracting(CommandResult::getCommandId).containsOnly(commandId);
        assertThat(answers).extracting(CommandResult::getOutcome).containsExactly(Outcome.TRANSFER_PENDING, Outcome.ACCEPTED);
        assertThat(answers.get(0).getTransfer().getDebitVersion()).isEqualTo(3L);
        assertThat(answers.get(0).getTransfer().getCreditVersion()).isNull();
        assertThat(answers.get(1).getTransfer().getCreditVersion()).isEqualTo(2L);
        List<TransferInstruction> steps = instructionsOut.readValuesToList();
        assertThat(steps).extracting(TransferInstruction::getKind)
                .containsExactly(TransferInstructionKind.CREDIT, TransferInstructionKind.CREDITED);
        assertSettled("payer", 700);
        assertThat(accounts().get("payee").balanceMinor()).isEqualTo(300);

        // Each instruction again, as a reset offset would deliver it: nothing happens twice.
        instructionsIn.pipeInput("payee", steps.get(0), T0);
        instructionsIn.pipeInput("payer", steps.get(1), T0);
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
        assertThat(instructionsOut.isEmpty()).isTrue();
        assertSettled("payer", 700);
        assertThat(accounts().get("payee").balanceMinor()).isEqualTo(300);

        // A replay with the same key answers the transfer as it stands now: completed, and starts nothing.
        send(transfer("payer", "payee", 300, "t-1"), "key-1");
        CommandResult replayed = results.readValue();
        assertThat(replayed.getReplayed()).isTrue();
        assertThat(replayed.getOutcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(replayed.getTransfer().getCreditVersion()).isEqualTo(2L);
        assertThat(events.isEmpty()).isTrue();
        assertThat(instructionsOut.isEmpty()).isTrue();
    }

    @Test
    void shouldSendTheMoneyBackFromAMissingPayeeAndNeverCreditItLater() {
        String commandId = send(transfer("payer", "nobody", 250, "t-2"), "key-2");

        List<SpecificRecord> written = events.readValuesToList();
        assertThat(written).hasSize(2).allSatisfy(event -> assertThat(AvroMapper.fromAvro(event).accountId()).isEqualTo("payer"));
        assertThat(written.get(1)).isInstanceOfSatisfying(TransferReversed.class, reversed -> {
            assertThat(reversed.getVersion()).isEqualTo(4L);
            assertThat(reversed.getBalanceAfterMinor()).isEqualTo(1_000L);
            assertThat(reversed.getDebitVersion()).isEqualTo(3L);
            assertThat(reversed.getCounterpartyAccountId()).isEqualTo("nobody");
            assertThat(reversed.getReason()).isEqualTo(TransferReversalReason.PAYEE_NOT_FOUND);
        });
        List<CommandResult> answers = results.readValuesToList();
        assertThat(answers).extracting(CommandResult::getOutcome)
                .containsExactly(Outcome.TRANSFER_PENDING, Outcome.TRANSFER_REVERSED);
        assertThat(answers.get(1).getCommandId()).isEqualTo(commandId);
        assertThat(answers.get(1).getTransfer().getReversalReason()).isEqualTo(TransferReversalReason.PAYEE_NOT_FOUND);
        assertThat(answers.get(1).getBalanceMinor()).isEqualTo(1_000L);
        List<TransferInstruction> steps = instructionsOut.readValuesToList();
        assertThat(steps).extracting(TransferInstruction::getKind)
                .containsExactly(TransferInstructionKind.CREDIT, TransferInstructionKind.REVERSE);
        assertSettled("payer", 1_000);
        assertThat(idempotency().get(IdempotencyScope.of("payer", Optional.empty(), "key-2")).result().getOutcome())
                .isEqualTo(Outcome.TRANSFER_REVERSED);

        // The account opens meanwhile; the same credit arriving again must not credit it now: it was sent back.
        send(open("nobody", "EUR"), null);
        events.readValuesToList();
        results.readValuesToList();
        instructionsIn.pipeInput("nobody", steps.get(0), T0);
        instructionsIn.pipeInput("payer", steps.get(1), T0);
        assertThat(events.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
        assertThat(instructionsOut.isEmpty()).isTrue();
        assertThat(accounts().get("nobody").balanceMinor()).isZero();
        assertSettled("payer", 1_000);
    }

    @Test
    void shouldSendTheMoneyBackFromAPayeeOfAnotherCurrency() {
        send(open("dollars", "USD"), null);
        events.readValuesToList();
        results.readValuesToList();
        send(transfer("payer", "dollars", 100, "t-3"), null);
        assertThat(results.readValuesToList()).last().satisfies(last -> {
            assertThat(last.getOutcome()).isEqualTo(Outcome.TRANSFER_REVERSED);
            assertThat(last.getTransfer().getReversalReason()).isEqualTo(TransferReversalReason.CURRENCY_MISMATCH);
        });
        assertThat(accounts().get("dollars").balanceMinor()).isZero();
        assertSettled("payer", 1_000);
    }

    @Test
    void shouldRefuseATransferOverTheBalanceWritingNothing() {
        send(transfer("payer", "payee", 1_001, "t-4"), "key-4");
        assertThat(results.readValue().getOutcome()).isEqualTo(Outcome.INSUFFICIENT_FUNDS);
        assertThat(events.isEmpty()).isTrue();
        assertThat(instructionsOut.isEmpty()).isTrue();
        assertSettled("payer", 1_000);
    }

    private void assertSettled(String payer, long balanceMinor) {
        AccountState state = accounts().get(payer);
        assertThat(state.balanceMinor()).isEqualTo(balanceMinor);
        assertThat(state.outgoingTransfersInFlight()).isZero();
        assertThat(state.outgoingInFlightMinor()).isZero();
        assertThat(driver.<String, OutgoingTransfer>getKeyValueStore(CommandProcessorTopology.TRANSFERS_OUT_STORE)
                .approximateNumEntries()).isZero();
    }

    private String send(AccountCommand command, String idempotencyKey) {
        var envelope = new CommandEnvelope(Optional.ofNullable(idempotencyKey), "hash-" + command.accountId(), "instance-a");
        commands.pipeInput(command.accountId(), AvroMapper.toAvro(command, envelope), command.issuedAt());
        return command.commandId();
    }

    private KeyValueStore<String, AccountState> accounts() {
        return driver.getKeyValueStore(CommandProcessorTopology.ACCOUNTS_STORE);
    }

    private KeyValueStore<String, IdempotencyEntry> idempotency() {
        return driver.getKeyValueStore(CommandProcessorTopology.IDEMPOTENCY_STORE);
    }

    private static AccountCommand.Transfer transfer(String from, String to, long amountMinor, String transferId) {
        return new AccountCommand.Transfer(UUID.randomUUID().toString(), from, OptionalLong.empty(), T0, transferId, to,
                amountMinor, Optional.empty(), Optional.of("invoice 7"), new Origin(Optional.empty(), Optional.of(transferId)),
                Optional.empty(), Optional.empty());
    }

    private static AccountCommand.OpenAccount open(String accountId, String currency) {
        return new AccountCommand.OpenAccount(UUID.randomUUID().toString(), accountId, OptionalLong.empty(), T0,
                "owner-" + accountId, currency, Origin.NONE, Optional.empty(), Optional.empty());
    }

    private static AccountCommand.Deposit deposit(String accountId, long amountMinor) {
        return new AccountCommand.Deposit(UUID.randomUUID().toString(), accountId, OptionalLong.empty(), T0, amountMinor,
                Optional.empty(), Origin.NONE, Optional.empty(), Optional.empty());
    }

}

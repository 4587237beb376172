package org.eventbank.account.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.MockProducer;
import org.eventbank.account.app.CommandOutcome;
import org.eventbank.account.app.OutcomeCode;
import org.eventbank.account.app.Submission;
import org.eventbank.account.app.TransferProgress;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.Origin;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.TransferOutcome;
import org.eventbank.schemas.topics.BankTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The Kafka side of the port: what is sent, what a refusal looks like, and how a result comes back. */
class KafkaCommandGatewayTest {

    private final BankTopics topics = BankTopics.defaults();
    private final MockProducer<String, org.eventbank.schemas.avro.AccountCommand> producer = new MockProducer<>(true, null,
            topics.commands().keySerde().serializer(), topics.commands().valueSerde().serializer());
    private final PendingRequests pending = new PendingRequests(2);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KafkaCommandGateway gateway = new KafkaCommandGateway(producer, topics.commands(), pending, "instance-a",
            10_000, registry);

    @Test
    void shouldSendTheCommandWithItsEnvelopeKeyedByAccountAndCompleteWithTheMappedOutcome() {
        Submission submission = gateway.submit(deposit("c1"), Optional.of("k"), "hash-1");

        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(topics.commands().name());
            assertThat(record.key()).isEqualTo("acc-1");
            assertThat(record.value().getIdempotencyKey()).isEqualTo("k");
            assertThat(record.value().getBodyHash()).isEqualTo("hash-1");
            assertThat(record.value().getReplyTo()).isEqualTo("instance-a");
            assertThat(AvroMapper.fromAvro(record.value())).isEqualTo(deposit("c1"));
        });
        var outcome = ((Submission.Pending) submission).outcome();
        pending.complete(CommandResult.newBuilder().setCommandId("c1").setOutcome(Outcome.ACCEPTED).setAccountId("acc-1")
                .setEventId("e").setVersion(2L).setBalanceMinor(5L).setCurrency("EUR").setReplayed(true).build());
        assertThat(outcome.join()).isEqualTo(new CommandOutcome.Accepted("acc-1", "e", 2, 5, "EUR", Optional.empty(), true));
        assertThat(pending.size()).as("released before the caller sees the answer").isZero();
        assertThat(registry.timer(KafkaCommandGateway.APPEND_TIMER).count()).as("the acknowledged append is timed").isEqualTo(1);
    }

    @Test
    void shouldAnswerRefusedAndSendNothingWhenTheKeyIsInFlightOrTooManyWait() {
        assertThat(gateway.submit(deposit("c1"), Optional.of("k"), "h")).isInstanceOf(Submission.Pending.class);
        assertThat(gateway.submit(deposit("c2"), Optional.of("k"), "h"))
                .isEqualTo(new Submission.Refused(Submission.Refused.Reason.KEY_IN_FLIGHT));
        assertThat(gateway.submit(deposit("c3"), Optional.empty(), "h")).isInstanceOf(Submission.Pending.class);
        assertThat(gateway.submit(deposit("c4"), Optional.empty(), "h"))
                .isEqualTo(new Submission.Refused(Submission.Refused.Reason.TOO_MANY_WAITING));
        assertThat(producer.history()).extracting(r -> r.value().getCommandId()).containsExactly("c1", "c3");
    }

    @Test
    void shouldMapEveryRejectionOnTheWireToItsOutcomeCodeWithItsDetail() {
        // Since transfers (contract v3) every rejection on the wire is known here, TRANSFER_REVERSED and SAME_ACCOUNT
        // among them. TRANSFER_PENDING is no rejection: a pending result always carries its transfer (tested below).
        Set<Outcome> notRejections = EnumSet.of(Outcome.ACCEPTED, Outcome.TRANSFER_PENDING);
        for (Outcome outcome : Outcome.values()) {
            if (notRejections.contains(outcome)) {
                continue;
            }
            var result = CommandResult.newBuilder().setCommandId("c").setOutcome(outcome).setAccountId("a")
                    .setDetail("why").setReplayed(false).build();
            OutcomeCode expected = OutcomeCode.valueOf(outcome.name());
            assertThat(AvroMapper.outcomeOf(result)).as(outcome.name())
                    .isEqualTo(new CommandOutcome.Rejected(expected, Optional.of("why"), false));
        }
    }

    // ---- transfers (decision 0016): a pending result keeps the request waiting, and answers it if the wait ends ----

    private final PendingRequests transferPending = new PendingRequests(2);
    private final KafkaCommandGateway shortWait = new KafkaCommandGateway(producer, topics.commands(), transferPending,
            "instance-a", 150, registry);

    @Test
    void shouldAnswerAPendingTransferWhenTheWaitEndsAfterItsDebitButBeforeItsCredit() {
        var outcome = ((Submission.Pending) shortWait.submit(transfer("c1"), Optional.of("k"), "h")).outcome();
        assertThat(transferPending.complete(pendingResult("c1", false))).isTrue();
        assertThat(outcome).as("the pending result does not end the wait").isNotDone();

        assertThat(outcome.join()).isEqualTo(new CommandOutcome.Transfer(new TransferProgress(TransferProgress.Stage.PENDING,
                "tr-1", "acc-1", "acc-2", 5, "EUR", 4, OptionalLong.empty(), Optional.empty()), Optional.empty(),
                Optional.of("alice"), false));
        assertThat(transferPending.size()).as("released").isZero();
        assertThat(transferPending.transferPending("c1")).as("forgotten with its request").isEmpty();
    }

    @Test
    void shouldAnswerTheFinalResultOfATransferThatArrivesBeforeTheWaitEnds() {
        var outcome = ((Submission.Pending) gateway.submit(transfer("c1"), Optional.empty(), "h")).outcome();
        pending.complete(pendingResult("c1", false));
        pending.complete(CommandResult.newBuilder(pendingResult("c1", false)).setOutcome(Outcome.ACCEPTED)
                .setTransfer(TransferOutcome.newBuilder(pendingResult("c1", false).getTransfer()).setCreditVersion(9L).build())
                .build());
        assertThat(outcome.join()).isInstanceOfSatisfying(CommandOutcome.Transfer.class, transfer -> {
            assertThat(transfer.progress().stage()).isEqualTo(TransferProgress.Stage.COMPLETED);
            assertThat(transfer.progress().creditVersion()).hasValue(9);
        });
        assertThat(pending.size()).isZero();
    }

    @Test
    void shouldStillTimeOutATransferOfWhichNoResultArrived() {
        var outcome = ((Submission.Pending) shortWait.submit(transfer("c1"), Optional.empty(), "h")).outcome();
        assertThatThrownBy(outcome::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(transferPending.size()).isZero();
    }

    @Test
    void shouldNotTurnAFailedSendIntoAPendingAnswer() {
        var outcome = ((Submission.Pending) shortWait.submit(transfer("c1"), Optional.empty(), "h")).outcome();
        transferPending.complete(pendingResult("c1", false));
        IllegalStateException broken = new IllegalStateException("broker gone");
        transferPending.fail("c1", broken);
        assertThatThrownBy(outcome::join).isInstanceOf(CompletionException.class).hasCause(broken);
    }

    private static AccountCommand.Transfer transfer(String commandId) {
        return new AccountCommand.Transfer(commandId, "acc-1", OptionalLong.empty(), Instant.parse("2026-03-01T12:00:00Z"), "tr-1",
                "acc-2", 5, Optional.empty(), Optional.empty(), new Origin(Optional.empty(), Optional.of("tr-1")), Optional.empty(),
                Optional.empty());
    }

    static CommandResult pendingResult(String commandId, boolean replayed) {
        return CommandResult.newBuilder().setCommandId(commandId).setOutcome(Outcome.TRANSFER_PENDING).setAccountId("acc-1")
                .setEventId("e-4").setVersion(4L).setBalanceMinor(95L).setCurrency("EUR").setOwner("alice").setReplayed(replayed)
                .setTransfer(TransferOutcome.newBuilder().setTransferId("tr-1").setFromAccountId("acc-1").setToAccountId("acc-2")
                        .setAmountMinor(5).setCurrency("EUR").setDebitVersion(4).build())
                .build();
    }

    private static AccountCommand.Deposit deposit(String commandId) {
        return new AccountCommand.Deposit(commandId, "acc-1", OptionalLong.empty(), Instant.parse("2026-03-01T12:00:00Z"), 5,
                Optional.empty(), Origin.NONE, Optional.empty(), Optional.empty());
    }
}

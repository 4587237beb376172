package org.eventbank.account.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.eventbank.account.app.CommandOutcome;
import org.eventbank.account.app.OutcomeCode;
import org.eventbank.account.app.Submission;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.Origin;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
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
        // The results contract (v2) already holds the outcomes of later issues; until they land they are unknown here.
        Set<Outcome> ofLaterIssues = EnumSet.of(Outcome.TRANSFER_REVERSED, Outcome.SAME_ACCOUNT);
        for (Outcome outcome : Outcome.values()) {
            if (outcome == Outcome.ACCEPTED) {
                continue;
            }
            var result = CommandResult.newBuilder().setCommandId("c").setOutcome(outcome).setAccountId("a")
                    .setDetail("why").setReplayed(false).build();
            OutcomeCode expected = ofLaterIssues.contains(outcome) ? OutcomeCode.UNKNOWN_REJECTION : OutcomeCode.valueOf(outcome.name());
            assertThat(AvroMapper.outcomeOf(result)).as(outcome.name())
                    .isEqualTo(new CommandOutcome.Rejected(expected, Optional.of("why"), false));
        }
    }

    private static AccountCommand.Deposit deposit(String commandId) {
        return new AccountCommand.Deposit(commandId, "acc-1", OptionalLong.empty(), Instant.parse("2026-03-01T12:00:00Z"), 5,
                Optional.empty(), Origin.NONE, Optional.empty(), Optional.empty());
    }
}

package org.eventbank.account.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

    private final PendingRequests pending = new PendingRequests(2);

    @Test
    void shouldCompleteTheRequestWaitingForThatCommandIdOnly() {
        var first = pending.register("c1", Optional.empty());
        var second = pending.register("c2", Optional.empty());
        assertThat(pending.complete(result("c2"))).isTrue();
        assertThat(second).isCompletedWithValueMatching(r -> r.getCommandId().equals("c2"));
        assertThat(first).isNotDone();
        assertThat(pending.complete(result("unknown"))).isFalse();
    }

    @Test
    void shouldRefuseBeyondTheBoundUntilARequestIsReleased() {
        pending.register("c1", Optional.empty());
        pending.register("c2", Optional.empty());
        assertThatThrownBy(() -> pending.register("c3", Optional.empty()))
                .isInstanceOfSatisfying(PendingRequests.RefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(PendingRequests.Refusal.FULL));
        pending.release("c1", Optional.empty());
        assertThat(pending.register("c3", Optional.empty())).isNotNull();
        assertThat(pending.size()).isEqualTo(2);
    }

    @Test
    void shouldRefuseTheSameKeyWhileInFlightAndAcceptItAfterRelease() {
        pending.register("c1", Optional.of("acc/k"));
        assertThatThrownBy(() -> pending.register("c2", Optional.of("acc/k")))
                .isInstanceOfSatisfying(PendingRequests.RefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(PendingRequests.Refusal.IN_FLIGHT));
        assertThat(pending.size()).as("a refused request holds no slot").isEqualTo(1);
        pending.release("c1", Optional.of("acc/k"));
        assertThat(pending.register("c2", Optional.of("acc/k"))).isNotNull();
    }

    @Test
    void shouldReleaseASlotOnlyOncePerRequest() {
        pending.register("c1", Optional.empty());
        pending.release("c1", Optional.empty());
        pending.release("c1", Optional.empty());
        pending.register("c2", Optional.empty());
        pending.register("c3", Optional.empty());
        assertThatThrownBy(() -> pending.register("c4", Optional.empty())).isInstanceOf(PendingRequests.RefusedException.class);
    }

    // ---- transfers (decision 0016): a pending result keeps the request waiting ----

    @Test
    void shouldKeepATransferWaitingThroughItsPendingResultAndKeepThatResultToAnswerWith() {
        var waiting = pending.register("c1", Optional.of("acc/k"));
        CommandResult debited = KafkaCommandGatewayTest.pendingResult("c1", false);

        assertThat(pending.complete(debited)).as("taken by a waiting request").isTrue();

        assertThat(waiting).isNotDone();
        assertThat(pending.transferPending("c1")).hasValue(debited);
        assertThat(pending.transferPending("c2")).isEmpty();
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void shouldCompleteATransferWithItsFinalResultAfterThePendingOne() {
        var waiting = pending.register("c1", Optional.empty());
        pending.complete(KafkaCommandGatewayTest.pendingResult("c1", false));
        CommandResult completed = CommandResult.newBuilder(KafkaCommandGatewayTest.pendingResult("c1", false))
                .setOutcome(Outcome.ACCEPTED).build();

        assertThat(pending.complete(completed)).isTrue();

        assertThat(waiting).isCompletedWithValue(completed);
    }

    @Test
    void shouldForgetThePendingResultWhenTheRequestIsReleased() {
        pending.register("c1", Optional.of("acc/k"));
        pending.complete(KafkaCommandGatewayTest.pendingResult("c1", false));
        pending.release("c1", Optional.of("acc/k"));
        assertThat(pending.transferPending("c1")).isEmpty();
        assertThat(pending.size()).isZero();
        // The same command id registered again (a new request) starts with nothing pending.
        pending.register("c1", Optional.of("acc/k"));
        assertThat(pending.transferPending("c1")).isEmpty();
    }

    @Test
    void shouldCompleteAtOnceWithAReplayedPendingResultSinceNothingElseComesUnderItsId() {
        var waiting = pending.register("c1", Optional.empty());
        CommandResult replayed = KafkaCommandGatewayTest.pendingResult("c1", true);

        assertThat(pending.complete(replayed)).isTrue();

        assertThat(waiting).isCompletedWithValue(replayed);
    }

    @Test
    void shouldIgnoreAPendingResultNobodyHereWaitsFor() {
        assertThat(pending.complete(KafkaCommandGatewayTest.pendingResult("c9", false))).isFalse();
        assertThat(pending.transferPending("c9")).isEmpty();
    }

    static CommandResult result(String commandId) {
        return CommandResult.newBuilder().setCommandId(commandId).setOutcome(Outcome.ACCEPTED).setAccountId("a")
                .setReplayed(false).build();
    }
}

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

    static CommandResult result(String commandId) {
        return CommandResult.newBuilder().setCommandId(commandId).setOutcome(Outcome.ACCEPTED).setAccountId("a")
                .setReplayed(false).build();
    }
}

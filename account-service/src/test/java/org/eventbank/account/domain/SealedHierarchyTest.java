package org.eventbank.account.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.eventbank.account.kafka.AvroMapper;
import org.eventbank.account.kafka.CommandEnvelope;
import org.junit.jupiter.api.Test;

/**
 * Dispatch is an instanceof chain ending in a throw: these tests walk the sealed hierarchies so a
 * new command or event type that the chains forget fails here, not in production.
 */
class SealedHierarchyTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Origin WHO = new Origin(Optional.of(new Initiator("subject-1", Optional.empty())), Optional.of("corr-1"));

    @Test
    void shouldHaveASampleForEveryCommandTypeAndDecideEachWithoutThrowing() {
        List<AccountCommand> samples = List.of(
                new AccountCommand.OpenAccount("c", "a", OptionalLong.empty(), T, "o", "EUR", Origin.NONE, Optional.empty(),
                        Optional.empty()),
                new AccountCommand.Deposit("c", "a", OptionalLong.empty(), T, 1, Optional.empty(), WHO, Optional.of(ActingAs.CUSTOMER),
                        Optional.of(T.plusSeconds(30))),
                new AccountCommand.Withdraw("c", "a", OptionalLong.empty(), T, 1, Optional.empty(), Origin.NONE,
                        Optional.of(ActingAs.TELLER), Optional.empty()),
                new AccountCommand.CloseAccount("c", "a", OptionalLong.of(3), T, Optional.of("why"), WHO, Optional.empty(),
                        Optional.of(T.plusSeconds(30))),
                // A transfer's correlation id is its transferId, on the command as on the wire.
                new AccountCommand.Transfer("c", "a", OptionalLong.empty(), T, "tr-1", "b", 5, Optional.of("EUR"),
                        Optional.of("invoice 7"), transferOrigin("tr-1"), Optional.of(ActingAs.CUSTOMER),
                        Optional.of(T.plusSeconds(30))));
        assertThat(samples).extracting(Object::getClass)
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(AccountCommand.class.getPermittedSubclasses()));
        for (AccountCommand command : samples) {
            assertThat(AccountDecider.decide(command, AccountState.INITIAL, command.issuedAt())).isNotNull();
            CommandEnvelope envelope = new CommandEnvelope(Optional.of("k"), "hash", "instance");
            assertThat(AvroMapper.fromAvro(AvroMapper.toAvro(command, envelope))).isEqualTo(command);
        }
    }

    @Test
    void shouldHaveASampleForEveryEventTypeAndFoldAndMapEach() {
        List<AccountEvent> samples = List.of(
                new AccountEvent.AccountOpened("e1", "a", 1, T, "c", "o", "EUR", WHO),
                new AccountEvent.TransferCredited("e2", "a", 2, T, "c", "tr-in", "b", 5, "EUR", 5, 9, transferOrigin("tr-in")),
                new AccountEvent.TransferDebited("e3", "a", 3, T, "c", "tr-out", "b", 5, "EUR", 0, Optional.of("ref"),
                        transferOrigin("tr-out")),
                new AccountEvent.TransferReversed("e4", "a", 4, T, "c", "tr-out", "b", 5, "EUR", 5, 3,
                        ReversalReason.PAYEE_CLOSED, transferOrigin("tr-out")),
                new AccountEvent.Deposited("e5", "a", 5, T, "c", 5, "EUR", 10, Origin.NONE),
                new AccountEvent.Withdrawn("e6", "a", 6, T, "c", 10, "EUR", 0, WHO),
                new AccountEvent.AccountClosed("e7", "a", 7, T, "c", "EUR", 0, Optional.of("why"), WHO));
        assertThat(samples).extracting(Object::getClass)
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(AccountEvent.class.getPermittedSubclasses()));
        AccountState state = AccountState.INITIAL;
        for (AccountEvent event : samples) {
            state = AccountDecider.evolve(state, event);
            assertThat(AvroMapper.fromAvro(AvroMapper.toAvro(event))).isEqualTo(event);
        }
        assertThat(state.version()).isEqualTo(7);
        assertThat(state.isClosed()).isTrue();
    }

    @Test
    void shouldHaveASampleForEveryTransferInstructionTypeAndMapEach() {
        TransferTerms terms = new TransferTerms("tr-1", "a", "b", 5, "EUR", 3, "c", T, transferOrigin("tr-1"));
        List<TransferInstruction> samples = List.of(
                new TransferInstruction.Credit(terms),
                new TransferInstruction.Reverse(terms, ReversalReason.PAYEE_NOT_FOUND, "account b does not exist"),
                new TransferInstruction.Credited(terms, 8));
        assertThat(samples).extracting(Object::getClass)
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(TransferInstruction.class.getPermittedSubclasses()));
        for (TransferInstruction instruction : samples) {
            assertThat(AvroMapper.fromAvro(AvroMapper.toAvro(instruction, "instance"))).isEqualTo(instruction);
        }
    }

    private static Origin transferOrigin(String transferId) {
        return new Origin(WHO.initiatedBy(), Optional.of(transferId));
    }

    @Test
    void shouldHaveARuleForEveryDecisionType() {
        assertThat(Decision.class.getPermittedSubclasses())
                .containsExactlyInAnyOrder(Decision.Accepted.class, Decision.Rejected.class);
    }
}

package org.eventbank.account.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.eventbank.account.domain.TransferDecider.CreditDecision;
import org.junit.jupiter.api.Test;

/**
 * The second half of a transfer (decision 0016): given the payee's (or the payer's) state, when an instruction arrives,
 * then the event it writes, the reason it is sent back, or nothing because it was decided already.
 */
class TransferDeciderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant NOW = T0.plusSeconds(30);
    private static final long MAX = Long.MAX_VALUE;
    private static final Origin ALICE = new Origin(Optional.of(new Initiator("alice", Optional.of("web"))), Optional.of("tr-1"));
    /** acc-1 pays 30 EUR to acc-2; its debit is acc-1's version 3. */
    private static final TransferTerms TERMS = new TransferTerms("tr-1", "acc-1", "acc-2", 30, "EUR", 3, "cmd-transfer",
            T0.minusSeconds(1), ALICE);
    private static final TransferInstruction.Credit CREDIT = new TransferInstruction.Credit(TERMS);

    private static AccountState payee(long balanceMinor, long version, int transfersOut, long outMinor) {
        return new AccountState(AccountStatus.OPEN, "bob", "EUR", balanceMinor, version, T0, transfersOut, outMinor);
    }

    // ---- the payee's writer: credit ----

    @Test
    void shouldCreditAnOpenPayeeInItsCurrencyAtItsNextVersion() {
        AccountState payee = payee(50, 4, 0, 0);

        CreditDecision decision = TransferDecider.credit(CREDIT, payee, OptionalLong.empty(), NOW);

        var expected = new AccountEvent.TransferCredited(AccountDecider.eventId("acc-2", 5), "acc-2", 5, NOW, "cmd-transfer",
                "tr-1", "acc-1", 30, "EUR", 80, 3, ALICE);
        assertThat(decision).isEqualTo(new CreditDecision.Take(expected));
        assertThat(AccountDecider.evolve(payee, expected)).isEqualTo(new AccountState(AccountStatus.OPEN, "bob", "EUR", 80, 5, NOW,
                0, 0));
    }

    @Test
    void shouldCreditAtThePayeesLastEventTimeWhenTheWritersClockIsBehindIt() {
        AccountState payee = payee(50, 4, 0, 0);
        assertThat(TransferDecider.credit(CREDIT, payee, OptionalLong.empty(), T0.minusSeconds(60)))
                .isInstanceOfSatisfying(CreditDecision.Take.class, take -> assertThat(take.event().occurredAt()).isEqualTo(T0));
    }

    @Test
    void shouldCreditAboveTheHighWaterMarkOfThatPayer() {
        assertThat(TransferDecider.credit(CREDIT, payee(50, 4, 0, 0), OptionalLong.of(2), NOW)).isInstanceOf(CreditDecision.Take.class);
    }

    @Test
    void shouldSendBackATransferToAnAccountThatDoesNotExist() {
        assertSentBack(TransferDecider.credit(CREDIT, AccountState.INITIAL, OptionalLong.empty(), NOW), ReversalReason.PAYEE_NOT_FOUND,
                "account acc-2 does not exist");
    }

    @Test
    void shouldSendBackATransferToAClosedAccountWhateverItsCurrency() {
        AccountState closedInDollars = new AccountState(AccountStatus.CLOSED, "bob", "USD", 0, 9, T0, 0, 0);
        assertSentBack(TransferDecider.credit(CREDIT, closedInDollars, OptionalLong.empty(), NOW), ReversalReason.PAYEE_CLOSED,
                "account acc-2 is closed");
    }

    @Test
    void shouldSendBackATransferInAnotherCurrencyThanThePayees() {
        AccountState dollars = new AccountState(AccountStatus.OPEN, "bob", "USD", 0, 1, T0, 0, 0);
        assertSentBack(TransferDecider.credit(CREDIT, dollars, OptionalLong.empty(), NOW), ReversalReason.CURRENCY_MISMATCH,
                "holds USD, not EUR");
    }

    @Test
    void shouldSendBackATransferThatWouldOverflowThePayeesBalance() {
        assertSentBack(TransferDecider.credit(CREDIT, payee(MAX - 29, 4, 0, 0), OptionalLong.empty(), NOW),
                ReversalReason.BALANCE_OVERFLOW, "would exceed " + MAX);
        assertThat(TransferDecider.credit(CREDIT, payee(MAX - 30, 4, 0, 0), OptionalLong.empty(), NOW))
                .isInstanceOfSatisfying(CreditDecision.Take.class, take -> assertThat(take.event().balanceAfterMinor()).isEqualTo(MAX));
    }

    @Test
    void shouldSendBackATransferThatOnlyThePayeesOwnTransfersInFlightWouldOverflow() {
        // 1000 of the payee's own money is on its way elsewhere and may come back: it stays reserved.
        assertSentBack(TransferDecider.credit(CREDIT, payee(MAX - 1029, 4, 1, 1000), OptionalLong.empty(), NOW),
                ReversalReason.BALANCE_OVERFLOW, "acc-2");
        assertThat(TransferDecider.credit(CREDIT, payee(MAX - 1030, 4, 1, 1000), OptionalLong.empty(), NOW))
                .isInstanceOfSatisfying(CreditDecision.Take.class, take -> {
                    assertThat(take.event().balanceAfterMinor()).isEqualTo(MAX - 1000);
                    AccountState after = AccountDecider.evolve(payee(MAX - 1030, 4, 1, 1000), take.event());
                    assertThat(after.outgoingInFlightMinor()).as("its own transfers still in flight").isEqualTo(1000);
                    assertThat(AccountDecider.headroomMinor(after)).isZero();
                });
    }

    @Test
    void shouldPassOverACreditInstructionThatArrivesAgainAtOrBelowTheHighWaterMark() {
        AccountState payee = payee(80, 5, 0, 0);
        assertThat(TransferDecider.credit(CREDIT, payee, OptionalLong.of(3), NOW)).isEqualTo(new CreditDecision.Repeated(3));
        assertThat(TransferDecider.credit(CREDIT, payee, OptionalLong.of(7), NOW)).isEqualTo(new CreditDecision.Repeated(7));
        // Decided already, so whatever became of the payee since, nothing happens again: not even a send-back.
        AccountState closedSince = new AccountState(AccountStatus.CLOSED, "bob", "EUR", 0, 6, T0, 0, 0);
        assertThat(TransferDecider.credit(CREDIT, closedSince, OptionalLong.of(3), NOW)).isEqualTo(new CreditDecision.Repeated(3));
    }

    private static void assertSentBack(CreditDecision decision, ReversalReason reason, String detailPart) {
        assertThat(decision).isInstanceOfSatisfying(CreditDecision.SendBack.class, sendBack -> {
            assertThat(sendBack.reverse().terms()).isEqualTo(TERMS);
            assertThat(sendBack.reverse().reason()).isEqualTo(reason);
            assertThat(sendBack.reverse().detail()).contains(detailPart);
            assertThat(sendBack.reverse().accountId()).as("back to the payer").isEqualTo("acc-1");
        });
    }

    // ---- the payer's writer: reverse ----

    private static final TransferInstruction.Reverse REVERSE = new TransferInstruction.Reverse(TERMS, ReversalReason.PAYEE_CLOSED,
            "account acc-2 is closed");

    private static AccountState payer(long balanceMinor, int transfersOut, long outMinor) {
        return new AccountState(AccountStatus.OPEN, "alice", "EUR", balanceMinor, 7, T0, transfersOut, outMinor);
    }

    @Test
    void shouldReverseATransferInFlightGivingTheMoneyBackAtThePayersNextVersion() {
        AccountState payer = payer(70, 1, 30);

        AccountEvent.TransferReversed reversal = TransferDecider.reverse(REVERSE, payer, NOW);

        assertThat(reversal).isEqualTo(new AccountEvent.TransferReversed(AccountDecider.eventId("acc-1", 8), "acc-1", 8, NOW,
                "cmd-transfer", "tr-1", "acc-2", 30, "EUR", 100, 3, ReversalReason.PAYEE_CLOSED, ALICE));
        assertThat(AccountDecider.evolve(payer, reversal)).isEqualTo(new AccountState(AccountStatus.OPEN, "alice", "EUR", 100, 8, NOW,
                0, 0));
    }

    @Test
    void shouldNeverRefuseAReversalOfAnOpenPayerWithTheTransferInFlight() {
        for (ReversalReason reason : ReversalReason.values()) {
            var reverse = new TransferInstruction.Reverse(TERMS, reason, "why");
            // Even a balance already at the limit the reserve allows: it comes back to exactly Long.MAX_VALUE.
            for (AccountState payer : new AccountState[] {payer(0, 1, 30), payer(MAX - 30, 1, 30), payer(5, 3, 90)}) {
                AccountEvent.TransferReversed reversal = TransferDecider.reverse(reverse, payer, NOW);
                assertThat(reversal.reason()).isEqualTo(reason);
                AccountState after = AccountDecider.evolve(payer, reversal);
                assertThat(after.balanceMinor()).isEqualTo(payer.balanceMinor() + 30);
                assertThat(after.outgoingTransfersInFlight()).isEqualTo(payer.outgoingTransfersInFlight() - 1);
                assertThat(after.outgoingInFlightMinor()).isEqualTo(payer.outgoingInFlightMinor() - 30);
            }
        }
    }

    @Test
    void shouldThrowOnAReversalThatCannotHappen() {
        AccountState[] impossible = {
                AccountState.INITIAL,
                new AccountState(AccountStatus.CLOSED, "alice", "EUR", 0, 9, T0, 0, 0),
                payer(70, 0, 0),
                payer(70, 1, 29)};
        for (AccountState payer : impossible) {
            assertThatThrownBy(() -> TransferDecider.reverse(REVERSE, payer, NOW)).as(payer.toString())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("reversal of transfer tr-1");
        }
    }
}

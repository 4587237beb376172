package org.eventbank.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TransferViewTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ID = "5c1b2a3d-4e5f-3a6b-8c7d-9e0f1a2b3c4d";

    private static final TransferLeg DEBIT = TransferLeg.of(new LedgerEvent.TransferDebited("payer", 4, T0, 300, "EUR", 200, "d4", null, ID,
            "payee", "rent"), "alice");
    private static final TransferLeg CREDIT = TransferLeg.of(new LedgerEvent.TransferCredited("payee", 2, T0.plusSeconds(1), 300, "EUR",
            300, "c2", null, ID, "payer", 4), "bob");
    private static final TransferLeg REVERSAL = TransferLeg.of(new LedgerEvent.TransferReversed("payer", 5, T0.plusSeconds(1), 300, "EUR",
            500, "r5", null, ID, "payee", 4, TransferReversalReason.PAYEE_CLOSED), "alice");

    private static TransferView given(TransferLeg... legs) {
        TransferView view = null;
        for (TransferLeg leg : legs) {
            view = TransferView.evolve(view, leg);
        }
        return view;
    }

    @Test
    void shouldBePendingWithOnlyThePayersOwnerAfterTheDebit() {
        TransferView view = given(DEBIT);

        assertThat(view.status()).isEqualTo(TransferStatus.PENDING);
        assertThat(view.reason()).isNull();
        assertThat(view.payerAccountId()).isEqualTo("payer");
        assertThat(view.payeeAccountId()).isEqualTo("payee");
        assertThat(view.amountMinor()).isEqualTo(300);
        assertThat(view.payerOwner()).isEqualTo("alice");
        assertThat(view.payeeOwner()).isNull();
        assertThat(view.legs()).containsExactly(DEBIT);
    }

    @Test
    void shouldBeCompletedWithBothOwnersAfterTheCreditInEitherOrder() {
        TransferView inOrder = given(DEBIT, CREDIT);
        TransferView creditFirst = given(CREDIT, DEBIT);

        assertThat(creditFirst).isEqualTo(inOrder);
        assertThat(inOrder.status()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(inOrder.payerOwner()).isEqualTo("alice");
        assertThat(inOrder.payeeOwner()).isEqualTo("bob");
        assertThat(inOrder.legs()).containsExactly(DEBIT, CREDIT);
        // the credit alone proves the debit: completed, though the payer's owner is not known yet
        assertThat(given(CREDIT).status()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(given(CREDIT).payerOwner()).isNull();
        assertThat(given(CREDIT).payerAccountId()).isEqualTo("payer");
    }

    @Test
    void shouldBeReversedWithItsReasonAndThePayersOwnerOnly() {
        TransferView view = given(DEBIT, REVERSAL);

        assertThat(view.status()).isEqualTo(TransferStatus.REVERSED);
        assertThat(view.reason()).isEqualTo(TransferReversalReason.PAYEE_CLOSED);
        assertThat(view.reason().wireName()).isEqualTo("payee-closed");
        assertThat(view.payerOwner()).isEqualTo("alice");
        assertThat(view.payeeOwner()).isNull();
        assertThat(given(REVERSAL).payerOwner()).isEqualTo("alice");
    }

    @Test
    void shouldTakeTheSameEventTwiceAsOnce() {
        assertThat(given(DEBIT, CREDIT, CREDIT, DEBIT)).isEqualTo(given(DEBIT, CREDIT));
    }

    @Test
    void shouldRefuseACreditAndAReversalOfOneTransfer() {
        TransferView completed = given(DEBIT, CREDIT);

        assertThatThrownBy(() -> TransferView.evolve(completed, REVERSAL))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> {
                    assertThat(e.violation()).isEqualTo(Violation.TRANSFER_LEG_TWICE);
                    assertThat(e.getMessage()).contains(ID, "payer", "TransferReversed", "TransferCredited");
                });
    }

    @Test
    void shouldRefuseLegsThatDisagree() {
        TransferLeg otherAmount = TransferLeg.of(new LedgerEvent.TransferCredited("payee", 2, T0, 301, "EUR", 301, "c2", null, ID,
                "payer", 4), "bob");
        TransferLeg otherPayee = TransferLeg.of(new LedgerEvent.TransferCredited("mallory", 2, T0, 300, "EUR", 300, "c2", null, ID,
                "payer", 4), "mallory");
        TransferLeg otherDebit = TransferLeg.of(new LedgerEvent.TransferCredited("payee", 2, T0, 300, "EUR", 300, "c2", null, ID,
                "payer", 3), "bob");

        for (TransferLeg leg : List.of(otherAmount, otherPayee, otherDebit)) {
            assertThatThrownBy(() -> TransferView.evolve(given(DEBIT), leg)).as(leg.toString())
                    .isInstanceOfSatisfying(LedgerInvariantException.class,
                            e -> assertThat(e.violation()).isEqualTo(Violation.TRANSFER_LEGS_DISAGREE));
        }
    }
}

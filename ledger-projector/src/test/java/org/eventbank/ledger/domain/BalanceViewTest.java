package org.eventbank.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.eventbank.ledger.LedgerFixtures;
import org.junit.jupiter.api.Test;

class BalanceViewTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static BalanceView given(List<LedgerEvent> events) {
        BalanceView view = BalanceView.INITIAL;
        for (LedgerEvent event : events) {
            view = BalanceView.evolve(view, event);
        }
        return view;
    }

    private static LedgerEvent.Deposited deposit(long version, long amount, long balanceAfter) {
        return new LedgerEvent.Deposited("acc-1", version, T0.plusSeconds(version), amount, "EUR", balanceAfter, "e" + version);
    }

    private static LedgerEvent.Withdrawn withdrawal(long version, long amount, long balanceAfter) {
        return new LedgerEvent.Withdrawn("acc-1", version, T0.plusSeconds(version), amount, "EUR", balanceAfter, "e" + version);
    }

    private static final LedgerEvent OPENED = LedgerFixtures.opened("acc-1", "EUR", T0);

    @Test
    void shouldFoldOpeningDepositAndWithdrawal() {
        BalanceView view = given(List.of(OPENED, deposit(2, 500, 500), withdrawal(3, 200, 300)));

        assertThat(view).isEqualTo(new BalanceView(300, "EUR", 3, T0.plusSeconds(3), AccountStatus.OPEN, "owner-acc-1"));
    }

    @Test
    void shouldTakeTheOwnerFromTheOpeningAndKeepItToTheClose() {
        assertThat(BalanceView.INITIAL.owner()).isNull();
        assertThat(given(List.of(OPENED)).owner()).isEqualTo("owner-acc-1");
        assertThat(given(List.of(OPENED, deposit(2, 500, 500), withdrawal(3, 500, 0), close(4, 0))).owner()).isEqualTo("owner-acc-1");
    }

    /** A view folded before owners were kept has none; the events after it do not invent one. */
    @Test
    void shouldKeepAnUnknownOwnerUnknown() {
        BalanceView ownerless = new BalanceView(0, "EUR", 1, T0);

        BalanceView after = BalanceView.evolve(ownerless, deposit(2, 500, 500));

        assertThat(after.owner()).isNull();
        assertThat(after.isOwnerKnown()).isFalse();
        assertThat(after.balanceMinor()).isEqualTo(500);
    }

    @Test
    void shouldStartUnopened() {
        assertThat(BalanceView.INITIAL.isOpened()).isFalse();
        assertThat(given(List.of(OPENED)).isOpened()).isTrue();
    }

    @Test
    void shouldRejectVersionGapNamingAccountAndVersions() {
        BalanceView view = given(List.of(OPENED, deposit(2, 500, 500)));

        assertThatThrownBy(() -> BalanceView.evolve(view, deposit(4, 1, 501)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> {
                    assertThat(e.violation()).isEqualTo(Violation.VERSION_GAP);
                    assertThat(e.accountId()).isEqualTo("acc-1");
                    assertThat(e.lastVersion()).isEqualTo(2);
                    assertThat(e.eventVersion()).isEqualTo(4);
                })
                .hasMessageContaining("acc-1").hasMessageContaining("2").hasMessageContaining("4");
    }

    @Test
    void shouldRejectDuplicateVersion() {
        BalanceView view = given(List.of(OPENED, deposit(2, 500, 500)));

        assertThatThrownBy(() -> BalanceView.evolve(view, deposit(2, 500, 500)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.DUPLICATE_VERSION));
    }

    @Test
    void shouldRejectSecondOpeningAsDuplicate() {
        BalanceView view = given(List.of(OPENED));

        assertThatThrownBy(() -> BalanceView.evolve(view, OPENED))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.DUPLICATE_VERSION));
    }

    @Test
    void shouldRejectOpeningAtLaterVersion() {
        BalanceView view = given(List.of(OPENED));
        var reopened = new LedgerEvent.AccountOpened("acc-1", 2, T0, "EUR", "o", "e2");

        assertThatThrownBy(() -> BalanceView.evolve(view, reopened))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.ALREADY_OPENED));
    }

    @Test
    void shouldRejectMoneyBeforeOpening() {
        assertThatThrownBy(() -> BalanceView.evolve(BalanceView.INITIAL, deposit(1, 5, 5)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.NOT_OPENED));
    }

    @Test
    void shouldRejectBalanceAfterThatDisagreesWithTheFold() {
        BalanceView view = given(List.of(OPENED, deposit(2, 500, 500)));

        assertThatThrownBy(() -> BalanceView.evolve(view, deposit(3, 100, 700)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.BALANCE_MISMATCH))
                .hasMessageContaining("600").hasMessageContaining("700");
    }

    @Test
    void shouldRejectCurrencyChange() {
        BalanceView view = given(List.of(OPENED));
        var usd = new LedgerEvent.Deposited("acc-1", 2, T0, 5, "USD", 5, "e2");

        assertThatThrownBy(() -> BalanceView.evolve(view, usd))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.CURRENCY_CHANGE));
    }

    @Test
    void shouldRejectOverdraft() {
        BalanceView view = given(List.of(OPENED, deposit(2, 500, 500)));

        assertThatThrownBy(() -> BalanceView.evolve(view, withdrawal(3, 501, -1)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.BALANCE_OUT_OF_RANGE));
    }

    @Test
    void shouldRejectBalanceOverflow() {
        BalanceView view = given(List.of(OPENED, deposit(2, Long.MAX_VALUE, Long.MAX_VALUE)));

        assertThatThrownBy(() -> BalanceView.evolve(view, deposit(3, 1, Long.MIN_VALUE)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.BALANCE_OUT_OF_RANGE));
    }

    @Test
    void shouldRejectNonPositiveAmount() {
        BalanceView view = given(List.of(OPENED));

        assertThatThrownBy(() -> BalanceView.evolve(view, deposit(2, 0, 0)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.NON_POSITIVE_AMOUNT));
    }

    @Test
    void shouldRejectTimeGoingBackwards() {
        BalanceView view = given(List.of(OPENED, deposit(2, 500, 500)));
        var earlier = new LedgerEvent.Deposited("acc-1", 3, T0.plusSeconds(1), 1, "EUR", 501, "e3");

        assertThatThrownBy(() -> BalanceView.evolve(view, earlier))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.TIME_WENT_BACKWARDS));
    }

    @Test
    void shouldAcceptEventsAtTheSameInstant() {
        var sameTime = new LedgerEvent.Deposited("acc-1", 2, T0, 5, "EUR", 5, "e2");

        assertThat(given(List.of(OPENED, sameTime)).balanceMinor()).isEqualTo(5);
    }

    private static LedgerEvent.AccountClosed close(long version, long balanceAfter) {
        return new LedgerEvent.AccountClosed("acc-1", version, T0.plusSeconds(version), "EUR", balanceAfter, null, "e" + version, null, null);
    }

    @Test
    void shouldCloseAnEmptyAccountKeepingItsViewWithStatusClosed() {
        BalanceView view = given(List.of(OPENED, deposit(2, 500, 500), withdrawal(3, 500, 0), close(4, 0)));

        assertThat(view).isEqualTo(new BalanceView(0, "EUR", 4, T0.plusSeconds(4), AccountStatus.CLOSED, "owner-acc-1"));
        assertThat(view.isOpened()).isTrue();
        assertThat(view.isClosed()).isTrue();
    }

    @Test
    void shouldBeOpenFromTheOpeningAndHaveNoStatusBefore() {
        assertThat(BalanceView.INITIAL.status()).isNull();
        assertThat(given(List.of(OPENED)).status()).isEqualTo(AccountStatus.OPEN);
        assertThat(given(List.of(OPENED, deposit(2, 5, 5))).status()).isEqualTo(AccountStatus.OPEN);
    }

    @Test
    void shouldRejectAClosingOfAnAccountThatHoldsMoney() {
        BalanceView view = given(List.of(OPENED, deposit(2, 500, 500)));

        assertThatThrownBy(() -> BalanceView.evolve(view, close(3, 0)))
                .isInstanceOfSatisfying(LedgerInvariantException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.CLOSE_WITH_NONZERO_BALANCE))
                .hasMessageContaining("500");
    }

    @Test
    void shouldRejectAClosingWhoseBalanceAfterIsNotZero() {
        BalanceView view = given(List.of(OPENED));

        assertThatThrownBy(() -> BalanceView.evolve(view, close(2, 7)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.BALANCE_MISMATCH));
    }

    @Test
    void shouldRejectAClosingBeforeTheOpening() {
        assertThatThrownBy(() -> BalanceView.evolve(BalanceView.INITIAL, close(1, 0)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.NOT_OPENED))
                .hasMessageContaining("AccountClosed before AccountOpened");
    }

    @Test
    void shouldRejectAClosingInAnotherCurrency() {
        BalanceView view = given(List.of(OPENED));
        var usd = new LedgerEvent.AccountClosed("acc-1", 2, T0, "USD", 0, null, "e2", null, null);

        assertThatThrownBy(() -> BalanceView.evolve(view, usd))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.CURRENCY_CHANGE));
    }

    @Test
    void shouldRejectEveryKindOfEventAfterTheClose() {
        BalanceView closed = given(List.of(OPENED, close(2, 0)));
        List<LedgerEvent> afterwards = List.of(
                deposit(3, 5, 5),
                withdrawal(3, 1, 0),
                new LedgerEvent.AccountOpened("acc-1", 3, T0.plusSeconds(3), "EUR", "o", "e3"),
                close(3, 0));

        for (LedgerEvent event : afterwards) {
            assertThatThrownBy(() -> BalanceView.evolve(closed, event)).as(event.toString())
                    .isInstanceOfSatisfying(LedgerInvariantException.class, e -> {
                        assertThat(e.violation()).isEqualTo(Violation.EVENT_AFTER_CLOSE);
                        assertThat(e.lastVersion()).isEqualTo(2);
                        assertThat(e.eventVersion()).isEqualTo(3);
                    });
        }
    }

    @Test
    void shouldRejectAClosingRepeatedAsADuplicate() {
        BalanceView closed = given(List.of(OPENED, close(2, 0)));

        assertThatThrownBy(() -> BalanceView.evolve(closed, close(2, 0)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.DUPLICATE_VERSION));
    }

    @Test
    void shouldRefuseAStatusBeforeTheOpeningOrNoneAfterIt() {
        assertThatThrownBy(() -> new BalanceView(0, null, 0, null, AccountStatus.OPEN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BalanceView(0, "EUR", 1, T0, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseAnOwnerBeforeTheOpening() {
        assertThatThrownBy(() -> new BalanceView(0, null, 0, null, null, "someone")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Walks the sealed hierarchy down to its records (a transfer's three events sit under {@link LedgerEvent.Transfer}). */
    @Test
    void shouldKnowEveryEventType() {
        List<Class<?>> records = new java.util.ArrayList<>();
        java.util.Deque<Class<?>> toVisit = new java.util.ArrayDeque<>(List.of(LedgerEvent.class.getPermittedSubclasses()));
        while (!toVisit.isEmpty()) {
            Class<?> type = toVisit.pop();
            if (type.isSealed()) {
                toVisit.addAll(List.of(type.getPermittedSubclasses()));
            } else {
                records.add(type);
            }
        }
        for (Class<?> type : records) {
            assertThat(type.isRecord()).as(type.getName()).isTrue();
            assertThat(EventType.values()).extracting(EventType::wireName).contains(type.getSimpleName());
        }
        assertThat(records).hasSize(EventType.values().length);
        assertThat(records).extracting(Class::getSimpleName).contains("TransferDebited", "TransferCredited", "TransferReversed");
    }

    // Contract v3: a transfer's events are money events like any other.

    private static final String TRANSFER = "7d0a9c1e-2b3f-3c4d-8e5f-6a7b8c9d0e1f";

    private static LedgerEvent.TransferDebited debit(long version, long amount, long balanceAfter) {
        return new LedgerEvent.TransferDebited("acc-1", version, T0.plusSeconds(version), amount, "EUR", balanceAfter, "e" + version, null,
                TRANSFER, "acc-2", "rent");
    }

    private static LedgerEvent.TransferCredited credit(long version, long amount, long balanceAfter) {
        return new LedgerEvent.TransferCredited("acc-1", version, T0.plusSeconds(version), amount, "EUR", balanceAfter, "e" + version, null,
                TRANSFER, "acc-2", 9);
    }

    private static LedgerEvent.TransferReversed reversal(long version, long amount, long balanceAfter) {
        return new LedgerEvent.TransferReversed("acc-1", version, T0.plusSeconds(version), amount, "EUR", balanceAfter, "e" + version,
                null, TRANSFER, "acc-2", version - 1, TransferReversalReason.PAYEE_CLOSED);
    }

    @Test
    void shouldTakeADebitFromTheBalanceAndGiveACreditOrAReversalToIt() {
        BalanceView debited = given(List.of(OPENED, deposit(2, 500, 500), debit(3, 200, 300)));
        assertThat(debited).isEqualTo(new BalanceView(300, "EUR", 3, T0.plusSeconds(3), AccountStatus.OPEN, "owner-acc-1"));

        assertThat(BalanceView.evolve(debited, reversal(4, 200, 500)).balanceMinor()).isEqualTo(500);
        assertThat(BalanceView.evolve(debited, credit(4, 70, 370))).isEqualTo(new BalanceView(370, "EUR", 4, T0.plusSeconds(4),
                AccountStatus.OPEN, "owner-acc-1"));
    }

    @Test
    void shouldRejectADebitBeyondTheBalance() {
        BalanceView view = given(List.of(OPENED, deposit(2, 100, 100)));

        assertThatThrownBy(() -> BalanceView.evolve(view, debit(3, 101, -1)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.BALANCE_OUT_OF_RANGE));
    }

    @Test
    void shouldRejectATransferEventWhoseBalanceAfterIsNotTheFold() {
        BalanceView view = given(List.of(OPENED, deposit(2, 100, 100)));

        // a debit that claims the balance went up, and a credit that claims it stayed
        assertThatThrownBy(() -> BalanceView.evolve(view, debit(3, 40, 140)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.BALANCE_MISMATCH));
        assertThatThrownBy(() -> BalanceView.evolve(view, credit(3, 40, 100)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.BALANCE_MISMATCH));
        assertThatThrownBy(() -> BalanceView.evolve(view, reversal(3, 40, 60)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.BALANCE_MISMATCH));
    }

    @Test
    void shouldRejectATransferInAnotherCurrencyOrAfterAGap() {
        BalanceView view = given(List.of(OPENED, deposit(2, 100, 100)));
        LedgerEvent.TransferCredited inYen = new LedgerEvent.TransferCredited("acc-1", 3, T0.plusSeconds(3), 5, "JPY", 105, "e3", null,
                TRANSFER, "acc-2", 9);

        assertThatThrownBy(() -> BalanceView.evolve(view, inYen))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.CURRENCY_CHANGE));
        assertThatThrownBy(() -> BalanceView.evolve(view, debit(4, 5, 95)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.VERSION_GAP));
    }

    /** The writer refuses to close an account with transfers in flight, so a reversal can never meet a closed account. */
    @Test
    void shouldRejectAReversalOrACreditOnAClosedAccount() {
        BalanceView closed = given(List.of(OPENED, close(2, 0)));

        assertThatThrownBy(() -> BalanceView.evolve(closed, reversal(3, 5, 5)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.EVENT_AFTER_CLOSE));
        assertThatThrownBy(() -> BalanceView.evolve(closed, credit(3, 5, 5)))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.EVENT_AFTER_CLOSE));
    }

    @Test
    void shouldRefuseATransferEventWithoutItsTransferIdOrToItsOwnAccount() {
        assertThatThrownBy(() -> new LedgerEvent.TransferDebited("acc-1", 3, T0, 5, "EUR", 0, "e3", null, null, "acc-2", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("transferId");
        assertThatThrownBy(() -> new LedgerEvent.TransferCredited("acc-1", 3, T0, 5, "EUR", 5, "e3", null, TRANSFER, "acc-1", 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itself");
    }
}

package org.eventbank.account.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventbank.account.domain.AccountSpecification.given;
import static org.eventbank.account.domain.AccountSpecification.givenState;
import static org.eventbank.account.domain.Fixtures.ACCOUNT;
import static org.eventbank.account.domain.Fixtures.PAYEE;
import static org.eventbank.account.domain.Fixtures.T0;
import static org.eventbank.account.domain.Fixtures.TRANSFER_AT;
import static org.eventbank.account.domain.Fixtures.TRANSFER_ID;
import static org.eventbank.account.domain.Fixtures.TRANSFER_ORIGIN;
import static org.eventbank.account.domain.Fixtures.close;
import static org.eventbank.account.domain.Fixtures.closed;
import static org.eventbank.account.domain.Fixtures.credited;
import static org.eventbank.account.domain.Fixtures.debited;
import static org.eventbank.account.domain.Fixtures.deposit;
import static org.eventbank.account.domain.Fixtures.deposited;
import static org.eventbank.account.domain.Fixtures.opened;
import static org.eventbank.account.domain.Fixtures.reversed;
import static org.eventbank.account.domain.Fixtures.transfer;
import static org.eventbank.account.domain.Fixtures.withdrawn;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The payer's half of a transfer (decision 0016) as given(events) / when(command) / then(events or rejection), and the
 * fold of the three transfer events: what is in flight, what stays in reserve, and what it forbids.
 */
class AccountDeciderTransferTest {

    private static final long MAX = Long.MAX_VALUE;

    // ---- the debit ----

    @Test
    void shouldDebitATransferWithTheBalanceAfterAndTheReference() {
        given(opened(), deposited(2, 100, 100)).when(transfer(30)).then(new AccountEvent.TransferDebited(
                AccountDecider.eventId(ACCOUNT, 3), ACCOUNT, 3, TRANSFER_AT, "cmd-transfer", TRANSFER_ID, PAYEE, 30, "EUR", 70,
                Optional.of("invoice 7"), TRANSFER_ORIGIN));
    }

    @Test
    void shouldDebitTheWholeBalanceInTheNamedCurrencyWithoutAReference() {
        var command = new AccountCommand.Transfer("cmd-transfer", ACCOUNT, OptionalLong.of(2), TRANSFER_AT, TRANSFER_ID, PAYEE,
                100, Optional.of("EUR"), Optional.empty(), TRANSFER_ORIGIN, Optional.empty(), Optional.empty());
        given(opened(), deposited(2, 100, 100)).when(command).then(new AccountEvent.TransferDebited(
                AccountDecider.eventId(ACCOUNT, 3), ACCOUNT, 3, TRANSFER_AT, "cmd-transfer", TRANSFER_ID, PAYEE, 100, "EUR", 0,
                Optional.empty(), TRANSFER_ORIGIN));
    }

    @Test
    void shouldStampTheDebitWithTheWritersClockAndNeverBeforeTheLastEvent() {
        Instant later = T0.plusSeconds(3600);
        given(opened(), deposited(2, 100, 100)).when(transfer(30)).at(later).then(new AccountEvent.TransferDebited(
                AccountDecider.eventId(ACCOUNT, 3), ACCOUNT, 3, later, "cmd-transfer", TRANSFER_ID, PAYEE, 30, "EUR", 70,
                Optional.of("invoice 7"), TRANSFER_ORIGIN));
        // deposited(...) occurred at T0; a writer whose clock is behind it keeps T0.
        given(opened(), deposited(2, 100, 100)).when(transfer(30)).at(T0.minusSeconds(5)).then(new AccountEvent.TransferDebited(
                AccountDecider.eventId(ACCOUNT, 3), ACCOUNT, 3, T0, "cmd-transfer", TRANSFER_ID, PAYEE, 30, "EUR", 70,
                Optional.of("invoice 7"), TRANSFER_ORIGIN));
    }

    // ---- each refusal, in precedence order: each command breaks its rule and every later one ----

    @Test
    void shouldRefuseAnExpiredTransferBeforeAnyOtherRule() {
        var expired = new AccountCommand.Transfer("c", ACCOUNT, OptionalLong.empty(), T0, TRANSFER_ID, ACCOUNT, 0,
                Optional.of("USD"), Optional.empty(), TRANSFER_ORIGIN, Optional.empty(), Optional.of(T0));
        given().when(expired).at(T0.plusMillis(1)).thenRejected(RejectionCode.EXPIRED);
    }

    @Test
    void shouldRefuseAnInvalidPayerOrPayeeIdFirst() {
        var badPayer = new AccountCommand.Transfer("c", "bad id", OptionalLong.empty(), T0, TRANSFER_ID, "bad id", 0,
                Optional.of("USD"), Optional.empty(), TRANSFER_ORIGIN, Optional.empty(), Optional.empty());
        given().when(badPayer).thenRejected(RejectionCode.INVALID_ACCOUNT_ID, "bad id");
        given().when(transfer("no spaces allowed", 0, Optional.of("USD"))).thenRejected(RejectionCode.INVALID_ACCOUNT_ID,
                "no spaces allowed");
        given(opened(), deposited(2, 100, 100)).when(transfer("a".repeat(65), 5, Optional.empty()))
                .thenRejected(RejectionCode.INVALID_ACCOUNT_ID);
        given(opened(), deposited(2, 100, 100)).when(transfer("a/b", 5, Optional.empty()))
                .thenRejected(RejectionCode.INVALID_ACCOUNT_ID);
    }

    @Test
    void shouldRefuseATransferToTheSameAccountBeforeLookingAtTheAccount() {
        given().when(transfer(ACCOUNT, 0, Optional.of("USD"))).thenRejected(RejectionCode.SAME_ACCOUNT, "a transfer needs two accounts");
        given(opened(), deposited(2, 100, 100)).when(transfer(ACCOUNT, 5, Optional.empty())).thenRejected(RejectionCode.SAME_ACCOUNT);
    }

    @Test
    void shouldRefuseATransferFromAnAccountThatDoesNotExist() {
        given().when(transfer(PAYEE, 0, Optional.of("USD"))).thenRejected(RejectionCode.ACCOUNT_NOT_FOUND,
                "account acc-1 does not exist");
    }

    @Test
    void shouldRefuseATransferFromAClosedAccount() {
        given(opened(), closed(2)).when(transfer(PAYEE, 0, Optional.of("USD"))).thenRejected(RejectionCode.ACCOUNT_CLOSED);
    }

    @Test
    void shouldRefuseATransferAtAnotherVersionThanExpected() {
        var stale = new AccountCommand.Transfer("c", ACCOUNT, OptionalLong.of(1), T0, TRANSFER_ID, PAYEE, 0, Optional.of("USD"),
                Optional.empty(), TRANSFER_ORIGIN, Optional.empty(), Optional.empty());
        given(opened(), deposited(2, 100, 100)).when(stale).thenRejected(RejectionCode.VERSION_CONFLICT);
    }

    @Test
    void shouldRefuseAnAmountOutsideOneToTheMaximum() {
        given(opened()).when(transfer(PAYEE, 0, Optional.of("USD"))).thenRejected(RejectionCode.INVALID_AMOUNT);
        given(opened()).when(transfer(PAYEE, -1, Optional.of("USD"))).thenRejected(RejectionCode.INVALID_AMOUNT);
        given(opened(), deposited(2, AccountRules.AMOUNT_MINOR_MAX + 1, AccountRules.AMOUNT_MINOR_MAX + 1))
                .when(transfer(AccountRules.AMOUNT_MINOR_MAX + 1)).thenRejected(RejectionCode.INVALID_AMOUNT);
        given(opened(), deposited(2, AccountRules.AMOUNT_MINOR_MAX, AccountRules.AMOUNT_MINOR_MAX))
                .when(transfer(AccountRules.AMOUNT_MINOR_MAX)).then(new AccountEvent.TransferDebited(
                        AccountDecider.eventId(ACCOUNT, 3), ACCOUNT, 3, TRANSFER_AT, "cmd-transfer", TRANSFER_ID, PAYEE,
                        AccountRules.AMOUNT_MINOR_MAX, "EUR", 0, Optional.of("invoice 7"), TRANSFER_ORIGIN));
    }

    @Test
    void shouldRefuseAnUnknownCurrencyBeforeAMismatch() {
        given(opened()).when(transfer(PAYEE, 5, Optional.of("XXQ"))).thenRejected(RejectionCode.INVALID_CURRENCY);
    }

    @Test
    void shouldRefuseAnotherCurrencyThanThePayersBeforeLookingAtTheBalance() {
        given(opened()).when(transfer(PAYEE, 5, Optional.of("USD"))).thenRejected(RejectionCode.CURRENCY_MISMATCH,
                "holds EUR, not USD");
    }

    @Test
    void shouldRefuseATransferBeyondTheBalance() {
        given(opened(), deposited(2, 10, 10)).when(transfer(11)).thenRejected(RejectionCode.INSUFFICIENT_FUNDS,
                "balance 10 is less than 11");
        // The money in flight is gone from the balance: it cannot be sent twice.
        given(opened(), deposited(2, 10, 10), debited(3, 6, 4)).when(transfer(5)).thenRejected(RejectionCode.INSUFFICIENT_FUNDS);
        given(opened(), deposited(2, 10, 10), debited(3, 6, 4)).when(transfer(4)).then(new AccountEvent.TransferDebited(
                AccountDecider.eventId(ACCOUNT, 4), ACCOUNT, 4, TRANSFER_AT, "cmd-transfer", TRANSFER_ID, PAYEE, 4, "EUR", 0,
                Optional.of("invoice 7"), TRANSFER_ORIGIN));
    }

    // ---- who may (decision 0015) ----

    @Test
    void shouldRefuseACustomerOnAnotherCustomersAccountAsNotOwnerWithTheWordsOfAnUnknownAccount() {
        var mallory = asCustomer("mallory", transfer(ACCOUNT, 0, Optional.of("USD")));
        // Before every rule but the deadline, the same account among them: whoever may not touch it learns nothing.
        given(opened(), deposited(2, 100, 100)).when(mallory).thenRejected(RejectionCode.NOT_OWNER, "account acc-1 does not exist");
        var owner = asCustomer("customer-7", transfer(30));
        given(opened(), deposited(2, 100, 100)).when(owner).then(new AccountEvent.TransferDebited(AccountDecider.eventId(ACCOUNT, 3),
                ACCOUNT, 3, TRANSFER_AT, "cmd-transfer", TRANSFER_ID, PAYEE, 30, "EUR", 70, Optional.of("invoice 7"), owner.origin()));
        // An account nobody owns yet reads as unknown to anybody, exactly as for the owner.
        given().when(asCustomer("mallory", transfer(30))).thenRejected(RejectionCode.ACCOUNT_NOT_FOUND);
    }

    @Test
    void shouldLetATellerTransferFromAnyAccount() {
        var teller = new AccountCommand.Transfer("cmd-transfer", ACCOUNT, OptionalLong.empty(), TRANSFER_AT, TRANSFER_ID, PAYEE, 30,
                Optional.empty(), Optional.empty(), new Origin(Optional.of(new Initiator("teller-1", Optional.empty())),
                Optional.of(TRANSFER_ID)), Optional.of(ActingAs.TELLER), Optional.empty());
        assertThat(AccountDecider.decide(teller, fold(opened(), deposited(2, 100, 100)), TRANSFER_AT))
                .isInstanceOf(Decision.Accepted.class);
    }

    // ---- the fold: in flight, reserve, settle ----

    @Test
    void shouldCountADebitInFlightWithItsAmountAndAReversalOutAgain() {
        AccountState afterDebit = fold(opened(), deposited(2, 100, 100), debited(3, 30, 70));
        assertThat(afterDebit).isEqualTo(new AccountState(AccountStatus.OPEN, "customer-7", "EUR", 70, 3, T0, 1, 30));
        AccountState afterTwo = AccountDecider.evolve(afterDebit, debited(4, 50, 20));
        assertThat(afterTwo.outgoingTransfersInFlight()).isEqualTo(2);
        assertThat(afterTwo.outgoingInFlightMinor()).isEqualTo(80);
        AccountState afterReversal = AccountDecider.evolve(afterTwo, reversed(5, 30, 50, 3));
        assertThat(afterReversal).isEqualTo(new AccountState(AccountStatus.OPEN, "customer-7", "EUR", 50, 5, T0, 1, 50));
    }

    @Test
    void shouldSettleATransferThePayeeCreditedWithoutAnEventOrAChangeOfBalance() {
        AccountState inFlight = fold(opened(), deposited(2, 100, 100), debited(3, 30, 70), debited(4, 50, 20));
        AccountState settled = AccountDecider.settle(inFlight, 30);
        assertThat(settled).isEqualTo(new AccountState(AccountStatus.OPEN, "customer-7", "EUR", 20, 4, T0, 1, 50));
        assertThat(AccountDecider.settle(settled, 50)).isEqualTo(new AccountState(AccountStatus.OPEN, "customer-7", "EUR", 20, 4,
                T0, 0, 0));
    }

    @Test
    void shouldRefuseToSettleOrReverseWhatIsNotInFlight() {
        AccountState nothing = fold(opened(), deposited(2, 100, 100));
        assertThatThrownBy(() -> AccountDecider.settle(nothing, 30)).isInstanceOf(IllegalStateException.class);
        AccountState thirty = fold(opened(), deposited(2, 100, 100), debited(3, 30, 70));
        assertThatThrownBy(() -> AccountDecider.settle(thirty, 31)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AccountDecider.settle(thirty, 29)).as("one transfer, but money would stay in flight")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AccountDecider.evolve(nothing, reversed(3, 30, 130, 2))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseToFoldATransferEventWhoseBalanceAfterDisagrees() {
        AccountState open = fold(opened(), deposited(2, 100, 100));
        assertThatThrownBy(() -> AccountDecider.evolve(open, debited(3, 30, 71))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AccountDecider.evolve(open, debited(3, 101, -1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AccountDecider.evolve(open, credited(3, 5, 104))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AccountDecider.evolve(AccountState.INITIAL, credited(1, 5, 5))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldFoldACreditIntoThePayeesBalanceLeavingItsOwnTransfersInFlight() {
        AccountState payee = fold(opened(), deposited(2, 100, 100), debited(3, 30, 70), credited(4, 5, 75));
        assertThat(payee).isEqualTo(new AccountState(AccountStatus.OPEN, "customer-7", "EUR", 75, 4, T0, 1, 30));
    }

    // ---- what a transfer in flight forbids ----

    @Test
    void shouldRefuseToCloseWhileATransferIsInFlightAndCloseOnceSettled() {
        AccountEvent[] history = {opened(), deposited(2, 10, 10), debited(3, 10, 0)};
        given(history).when(close()).thenRejected(RejectionCode.TRANSFERS_IN_FLIGHT, "1 outgoing transfer(s)");
        givenState(AccountDecider.settle(fold(history), 10)).when(close()).then(new AccountEvent.AccountClosed(
                AccountDecider.eventId(ACCOUNT, 4), ACCOUNT, 4, T0.plusSeconds(120), "cmd-close", "EUR", 0,
                Optional.of("moving abroad"), Origin.NONE));
    }

    @Test
    void shouldCloseAfterAReversalOnceTheMoneyThatCameBackIsWithdrawn() {
        given(opened(), deposited(2, 10, 10), debited(3, 10, 0), reversed(4, 10, 10, 3)).when(close())
                .thenRejected(RejectionCode.BALANCE_NOT_ZERO);
        given(opened(), deposited(2, 10, 10), debited(3, 10, 0), reversed(4, 10, 10, 3), withdrawn(5, 10, 0)).when(close())
                .then(new AccountEvent.AccountClosed(AccountDecider.eventId(ACCOUNT, 6), ACCOUNT, 6, T0.plusSeconds(120),
                        "cmd-close", "EUR", 0, Optional.of("moving abroad"), Origin.NONE));
    }

    @Test
    void shouldRefuseADepositThatOnlyTheAmountInFlightWouldOverflow() {
        // Balance MAX - 1010 after a transfer of 1000 out: without the reserve 1010 would fit, with it only 10 does.
        AccountEvent[] history = {opened(), deposited(2, MAX - 10, MAX - 10), debited(3, 1000, MAX - 1010)};
        assertThat(AccountDecider.headroomMinor(fold(history))).isEqualTo(10);
        given(history).when(deposit(11)).thenRejected(RejectionCode.BALANCE_OVERFLOW, "1000 in flight");
        given(history).when(deposit(10)).then(new AccountEvent.Deposited(AccountDecider.eventId(ACCOUNT, 4), ACCOUNT, 4,
                T0.plusSeconds(60), "cmd-deposit", 10, "EUR", MAX - 1000, Origin.NONE));
        // Once it is settled (credited to the payee) the reserve is free again.
        givenState(AccountDecider.settle(fold(history), 1000)).when(deposit(1010)).then(new AccountEvent.Deposited(
                AccountDecider.eventId(ACCOUNT, 4), ACCOUNT, 4, T0.plusSeconds(60), "cmd-deposit", 1010, "EUR", MAX, Origin.NONE));
    }

    @Test
    void shouldNeverOverflowOnAReversalSinceItsAmountStayedInReserve() {
        // A deposit up to the headroom, then the transfer comes back: exactly Long.MAX_VALUE, no more.
        AccountState state = fold(opened(), deposited(2, MAX - 10, MAX - 10), debited(3, 1000, MAX - 1010),
                new AccountEvent.Deposited(AccountDecider.eventId(ACCOUNT, 4), ACCOUNT, 4, T0, "c", 10, "EUR", MAX - 1000,
                        Origin.NONE));
        AccountState back = AccountDecider.evolve(state, reversed(5, 1000, MAX, 3));
        assertThat(back.balanceMinor()).isEqualTo(MAX);
        assertThat(AccountDecider.headroomMinor(back)).isZero();
    }

    @Test
    void shouldReckonTheHeadroomFromTheBalanceAndTheAmountInFlight() {
        assertThat(AccountDecider.headroomMinor(AccountState.INITIAL)).isEqualTo(MAX);
        assertThat(AccountDecider.headroomMinor(new AccountState(AccountStatus.OPEN, "o", "EUR", 100, 3, T0, 2, 50)))
                .isEqualTo(MAX - 150);
        assertThat(AccountDecider.headroomMinor(new AccountState(AccountStatus.OPEN, "o", "EUR", MAX - 50, 3, T0, 2, 50)))
                .isZero();
    }

    private static AccountState fold(AccountEvent... events) {
        AccountState state = AccountState.INITIAL;
        for (AccountEvent event : events) {
            state = AccountDecider.evolve(state, event);
        }
        return state;
    }

    private static AccountCommand.Transfer asCustomer(String subject, AccountCommand.Transfer transfer) {
        return new AccountCommand.Transfer(transfer.commandId(), transfer.accountId(), transfer.expectedVersion(),
                transfer.issuedAt(), transfer.transferId(), transfer.toAccountId(), transfer.amountMinor(), transfer.currency(),
                transfer.reference(), new Origin(Optional.of(new Initiator(subject, Optional.empty())), Optional.of(TRANSFER_ID)),
                Optional.of(ActingAs.CUSTOMER), transfer.notAfter());
    }
}

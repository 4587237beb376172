package org.eventbank.account.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventbank.account.domain.AccountSpecification.given;
import static org.eventbank.account.domain.AccountSpecification.givenState;
import static org.eventbank.account.domain.Fixtures.ACCOUNT;
import static org.eventbank.account.domain.Fixtures.T0;
import static org.eventbank.account.domain.Fixtures.close;
import static org.eventbank.account.domain.Fixtures.closed;
import static org.eventbank.account.domain.Fixtures.deposit;
import static org.eventbank.account.domain.Fixtures.deposited;
import static org.eventbank.account.domain.Fixtures.open;
import static org.eventbank.account.domain.Fixtures.opened;
import static org.eventbank.account.domain.Fixtures.withdraw;
import static org.eventbank.account.domain.Fixtures.withdrawn;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AccountDeciderTest {

    @Test
    void shouldOpenAnAccountAtVersionOne() {
        given().when(open("customer-7", "EUR")).then(opened());
    }

    @Test
    void shouldRejectAnInvalidAccountIdBeforeAnythingElse() {
        var command = new AccountCommand.OpenAccount("c", "no spaces allowed", OptionalLong.empty(), T0, "", "XXX",
                Origin.NONE, Optional.empty(), Optional.empty());
        given().when(command).thenRejected(RejectionCode.INVALID_ACCOUNT_ID);
        var tooLong = new AccountCommand.Deposit("c", "a".repeat(65), OptionalLong.empty(), T0, 1, Optional.empty(),
                Origin.NONE, Optional.empty(), Optional.empty());
        given().when(tooLong).thenRejected(RejectionCode.INVALID_ACCOUNT_ID);
    }

    @Test
    void shouldRejectABlankOrTooLongOwner() {
        given().when(open(" ", "EUR")).thenRejected(RejectionCode.INVALID_OWNER);
        given().when(open("x".repeat(201), "EUR")).thenRejected(RejectionCode.INVALID_OWNER);
    }

    @Test
    void shouldAcceptAnOwnerOfExactly200Characters() {
        var command = open("x".repeat(200), "EUR");
        assertThat(AccountDecider.decide(command, AccountState.INITIAL, command.issuedAt())).isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void shouldRejectOpeningAnAccountThatExists() {
        given(opened()).when(open("customer-7", "EUR")).thenRejected(RejectionCode.ACCOUNT_EXISTS);
    }

    @Test
    void shouldRejectAnUnknownCurrencyOnOpen() {
        given().when(open("customer-7", "XYZ")).thenRejected(RejectionCode.INVALID_CURRENCY);
        given().when(open("customer-7", "eur")).thenRejected(RejectionCode.INVALID_CURRENCY);
    }

    @Test
    void shouldRejectOpenWithAnExpectedVersionOtherThanZero() {
        var command = new AccountCommand.OpenAccount("c", ACCOUNT, OptionalLong.of(3), T0, "o", "EUR", Origin.NONE,
                Optional.empty(), Optional.empty());
        given().when(command).thenRejected(RejectionCode.VERSION_CONFLICT);
    }

    @Test
    void shouldDepositAndReportTheBalanceAfter() {
        given(opened()).when(deposit(500)).then(new AccountEvent.Deposited(AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2,
                T0.plusSeconds(60), "cmd-deposit", 500, "EUR", 500, Origin.NONE));
    }

    @Test
    void shouldRejectADepositToAnUnknownAccount() {
        given().when(deposit(500)).thenRejected(RejectionCode.ACCOUNT_NOT_FOUND);
    }

    @Test
    void shouldRejectAWithdrawalFromAnUnknownAccount() {
        given().when(withdraw(500)).thenRejected(RejectionCode.ACCOUNT_NOT_FOUND);
    }

    @Test
    void shouldRejectAMismatchedExpectedVersion() {
        given(opened()).when(deposit(5, Optional.empty(), OptionalLong.of(7), T0)).thenRejected(RejectionCode.VERSION_CONFLICT);
    }

    @Test
    void shouldAcceptTheRightExpectedVersion() {
        given(opened()).when(deposit(5, Optional.empty(), OptionalLong.of(1), T0)).then(
                new AccountEvent.Deposited(AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2, T0, "cmd-deposit", 5, "EUR", 5,
                        Origin.NONE));
    }

    @Test
    void shouldRejectNonPositiveAmounts() {
        given(opened()).when(deposit(0)).thenRejected(RejectionCode.INVALID_AMOUNT);
        given(opened()).when(deposit(-1)).thenRejected(RejectionCode.INVALID_AMOUNT);
        given(opened()).when(withdraw(0)).thenRejected(RejectionCode.INVALID_AMOUNT);
    }

    @Test
    void shouldRejectAnAmountAboveTheMaximumButAcceptTheMaximum() {
        given(opened()).when(deposit(AccountRules.AMOUNT_MINOR_MAX + 1)).thenRejected(RejectionCode.INVALID_AMOUNT);
        assertThat(AccountDecider.decide(deposit(AccountRules.AMOUNT_MINOR_MAX),
                AccountDecider.evolve(AccountState.INITIAL, opened()), T0.plusSeconds(60))).isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void shouldRejectAnUnknownCurrencyOnAMoneyCommand() {
        given(opened()).when(deposit(5, Optional.of("ZZZ"), OptionalLong.empty(), T0)).thenRejected(RejectionCode.INVALID_CURRENCY);
    }

    @Test
    void shouldRejectAnotherCurrencyThanTheAccounts() {
        given(opened()).when(deposit(5, Optional.of("USD"), OptionalLong.empty(), T0)).thenRejected(RejectionCode.CURRENCY_MISMATCH);
        given(opened(), deposited(2, 10, 10)).when(withdraw(5, Optional.of("USD"), OptionalLong.empty()))
                .thenRejected(RejectionCode.CURRENCY_MISMATCH);
    }

    @Test
    void shouldWithdrawDownToExactlyZero() {
        given(opened(), deposited(2, 10, 10)).when(withdraw(10)).then(new AccountEvent.Withdrawn(
                AccountDecider.eventId(ACCOUNT, 3), ACCOUNT, 3, T0.plusSeconds(60), "cmd-withdraw", 10, "EUR", 0, Origin.NONE));
    }

    @Test
    void shouldRejectWithdrawalBeyondBalance() {
        given(opened(), deposited(2, 10, 10)).when(withdraw(11)).thenRejected(RejectionCode.INSUFFICIENT_FUNDS);
    }

    @Test
    void shouldRejectADepositThatWouldOverflowTheBalance() {
        given(opened(), deposited(2, Long.MAX_VALUE - 5, Long.MAX_VALUE - 5)).when(deposit(6))
                .thenRejected(RejectionCode.BALANCE_OVERFLOW);
    }

    @Test
    void shouldReportTheFirstRuleBrokenInPrecedenceOrder() {
        // Wrong version, bad amount and wrong currency at once: the version conflict is named.
        given(opened()).when(deposit(0, Optional.of("USD"), OptionalLong.of(9), T0)).thenRejected(RejectionCode.VERSION_CONFLICT);
        // Bad amount and currency mismatch: the amount is named.
        given(opened()).when(deposit(0, Optional.of("USD"), OptionalLong.empty(), T0)).thenRejected(RejectionCode.INVALID_AMOUNT);
    }

    // ---- deadlines (decision 0014) ----

    @Test
    void shouldDecideACommandUpToAndAtItsDeadline() {
        Instant notAfter = T0.plusSeconds(70);
        given(opened()).when(depositWithDeadline(5, T0.plusSeconds(60), notAfter)).at(notAfter).then(
                new AccountEvent.Deposited(AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2, notAfter, "cmd-deposit", 5, "EUR", 5,
                        Origin.NONE));
    }

    @Test
    void shouldRefuseACommandPastItsDeadlineAsExpiredBeforeAnyOtherRule() {
        Instant notAfter = T0.plusSeconds(70);
        given(opened()).when(depositWithDeadline(5, T0.plusSeconds(60), notAfter)).at(notAfter.plusMillis(1))
                .thenRejected(RejectionCode.EXPIRED, "not decided before its deadline 2026-01-01T10:01:10Z");
        // Expired comes before every other rule: an unknown account, a bad amount, even an invalid id.
        given().when(depositWithDeadline(0, T0, T0)).at(T0.plusSeconds(1)).thenRejected(RejectionCode.EXPIRED);
        var badId = new AccountCommand.Deposit("c", "no spaces", OptionalLong.empty(), T0, 1, Optional.empty(), Origin.NONE,
                Optional.empty(), Optional.of(T0));
        given().when(badId).at(T0.plusSeconds(1)).thenRejected(RejectionCode.EXPIRED);
    }

    @Test
    void shouldGiveACommandWithoutADeadlineNone() {
        Instant weekLater = T0.plusSeconds(7 * 24 * 3600);
        given(opened()).when(deposit(5, Optional.empty(), OptionalLong.empty(), T0)).at(weekLater)
                .then(new AccountEvent.Deposited(AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2, weekLater, "cmd-deposit", 5,
                        "EUR", 5, Origin.NONE));
    }

    private static AccountCommand.Deposit depositWithDeadline(long amountMinor, Instant issuedAt, Instant notAfter) {
        return new AccountCommand.Deposit("cmd-deposit", ACCOUNT, OptionalLong.empty(), issuedAt, amountMinor, Optional.empty(),
                Origin.NONE, Optional.empty(), Optional.of(notAfter));
    }

    @Test
    void shouldStampEventsWithTheWritersClockNotWithTheIssuedAt() {
        Instant decidedAt = T0.plusSeconds(3600);
        given(opened()).when(deposit(5, Optional.empty(), OptionalLong.empty(), T0)).at(decidedAt).then(
                new AccountEvent.Deposited(AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2, decidedAt, "cmd-deposit", 5, "EUR",
                        5, Origin.NONE));
        given().when(open("customer-7", "EUR")).at(decidedAt).then(new AccountEvent.AccountOpened(
                AccountDecider.eventId(ACCOUNT, 1), ACCOUNT, 1, decidedAt, "cmd-open", "customer-7", "EUR", Origin.NONE));
    }

    @Test
    void shouldKeepTheLastEventTimeWhenTheWritersClockIsBehindIt() {
        // A new owner of the partition whose clock is behind the previous owner's: time still does not go back.
        Instant later = T0.plusSeconds(3600);
        var openedLate = new AccountEvent.AccountOpened(AccountDecider.eventId(ACCOUNT, 1), ACCOUNT, 1, later, "c", "o", "EUR",
                Origin.NONE);
        given(openedLate).when(close()).at(T0).then(new AccountEvent.AccountClosed(AccountDecider.eventId(ACCOUNT, 2), ACCOUNT,
                2, later, "cmd-close", "EUR", 0, Optional.of("moving abroad"), Origin.NONE));
    }

    @Test
    void shouldNeverLetTimeGoBackwardsWithinAnAccount() {
        Instant later = T0.plusSeconds(3600);
        var openedLate = new AccountEvent.AccountOpened(AccountDecider.eventId(ACCOUNT, 1), ACCOUNT, 1, later, "c", "o", "EUR",
                Origin.NONE);
        given(openedLate).when(deposit(5, Optional.empty(), OptionalLong.empty(), T0)).then(new AccountEvent.Deposited(
                AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2, later, "cmd-deposit", 5, "EUR", 5, Origin.NONE));
    }

    @Test
    void shouldDeriveTheSameEventIdFromTheSameAccountAndVersion() {
        assertThat(AccountDecider.eventId("a", 1)).isEqualTo(AccountDecider.eventId("a", 1))
                .isNotEqualTo(AccountDecider.eventId("a", 2)).isNotEqualTo(AccountDecider.eventId("b", 1));
    }

    @Test
    void shouldRefuseToFoldAVersionGapOrADuplicate() {
        AccountState open = AccountDecider.evolve(AccountState.INITIAL, opened());
        assertThatThrownBy(() -> AccountDecider.evolve(open, deposited(3, 5, 5))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AccountDecider.evolve(open, opened())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseToFoldABalanceAfterThatDisagreesWithTheFold() {
        AccountState open = AccountDecider.evolve(AccountState.INITIAL, opened());
        assertThatThrownBy(() -> AccountDecider.evolve(open, deposited(2, 5, 6))).isInstanceOf(IllegalStateException.class);
    }

    // ---- closing (contract v2) ----

    @Test
    void shouldCloseAnEmptiedAccountAtTheNextVersionWithTheReason() {
        given(opened(), deposited(2, 10, 10), withdrawn(3, 10, 0)).when(close()).then(new AccountEvent.AccountClosed(
                AccountDecider.eventId(ACCOUNT, 4), ACCOUNT, 4, T0.plusSeconds(120), "cmd-close", "EUR", 0,
                Optional.of("moving abroad"), Origin.NONE));
    }

    @Test
    void shouldCloseAnAccountThatNeverHeldMoneyWithoutAReason() {
        given(opened()).when(close(OptionalLong.empty(), Optional.empty())).then(new AccountEvent.AccountClosed(
                AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2, T0.plusSeconds(120), "cmd-close", "EUR", 0,
                Optional.empty(), Origin.NONE));
    }

    @Test
    void shouldFoldACloseIntoAClosedStateThatKeepsItsOwnerCurrencyAndVersion() {
        AccountState state = AccountState.INITIAL;
        for (AccountEvent event : new AccountEvent[] {opened(), deposited(2, 10, 10), withdrawn(3, 10, 0), closed(4)}) {
            state = AccountDecider.evolve(state, event);
        }
        assertThat(state).isEqualTo(new AccountState(AccountStatus.CLOSED, "customer-7", "EUR", 0, 4, T0, 0));
        assertThat(state.exists()).isTrue();
        assertThat(state.isOpen()).isFalse();
    }

    @Test
    void shouldRejectClosingAnAccountThatWasNeverOpened() {
        given().when(close()).thenRejected(RejectionCode.ACCOUNT_NOT_FOUND);
    }

    @Test
    void shouldRejectClosingAnAccountThatStillHoldsMoney() {
        given(opened(), deposited(2, 1, 1)).when(close()).thenRejected(RejectionCode.BALANCE_NOT_ZERO);
    }

    @Test
    void shouldRejectClosingWhileAnOutgoingTransferIsInFlight() {
        givenState(new AccountState(AccountStatus.OPEN, "customer-7", "EUR", 0, 5, T0, 1)).when(close())
                .thenRejected(RejectionCode.TRANSFERS_IN_FLIGHT);
    }

    @Test
    void shouldNameTheBalanceBeforeTheTransfersInFlight() {
        givenState(new AccountState(AccountStatus.OPEN, "customer-7", "EUR", 7, 5, T0, 2)).when(close())
                .thenRejected(RejectionCode.BALANCE_NOT_ZERO);
    }

    @Test
    void shouldKeepCountingTransfersInFlightThroughDepositsAndWithdrawals() {
        AccountState state = new AccountState(AccountStatus.OPEN, "customer-7", "EUR", 0, 1, T0, 1);
        state = AccountDecider.evolve(AccountDecider.evolve(state, deposited(2, 5, 5)), withdrawn(3, 5, 0));
        assertThat(state.outgoingTransfersInFlight()).isEqualTo(1);
        givenState(state).when(close()).thenRejected(RejectionCode.TRANSFERS_IN_FLIGHT);
    }

    @Test
    void shouldCheckTheExpectedVersionOfACloseBeforeItsBalance() {
        given(opened(), deposited(2, 1, 1)).when(close(OptionalLong.of(1), Optional.empty()))
                .thenRejected(RejectionCode.VERSION_CONFLICT);
        given(opened()).when(close(OptionalLong.of(1), Optional.empty())).then(new AccountEvent.AccountClosed(
                AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2, T0.plusSeconds(120), "cmd-close", "EUR", 0,
                Optional.empty(), Origin.NONE));
    }

    @Test
    void shouldRejectMoneyAndASecondCloseOnAClosedAccount() {
        given(opened(), closed(2)).when(deposit(5)).thenRejected(RejectionCode.ACCOUNT_CLOSED);
        given(opened(), closed(2)).when(withdraw(5)).thenRejected(RejectionCode.ACCOUNT_CLOSED);
        given(opened(), closed(2)).when(close()).thenRejected(RejectionCode.ACCOUNT_CLOSED);
    }

    @Test
    void shouldReportAClosedAccountBeforeAStaleVersionOrABadAmount() {
        given(opened(), closed(2)).when(deposit(0, Optional.of("USD"), OptionalLong.of(9), T0))
                .thenRejected(RejectionCode.ACCOUNT_CLOSED);
        given(opened(), closed(2)).when(close(OptionalLong.of(9), Optional.empty())).thenRejected(RejectionCode.ACCOUNT_CLOSED);
    }

    @Test
    void shouldKeepRejectingAClosedAccountsIdAsExisting() {
        given(opened(), closed(2)).when(open("customer-8", "EUR")).thenRejected(RejectionCode.ACCOUNT_EXISTS);
    }

    @Test
    void shouldCopyTheCommandsOriginOntoEveryEventItCauses() {
        Origin teller = new Origin(Optional.of(new Initiator("teller-0007", Optional.of("branch-app"))),
                Optional.of("corr-1"));
        Optional<ActingAs> asTeller = Optional.of(ActingAs.TELLER);
        Optional<java.time.Instant> deadline = Optional.of(T0.plusSeconds(600));
        var open = new AccountCommand.OpenAccount("c1", ACCOUNT, OptionalLong.empty(), T0, "o", "EUR", teller, asTeller, deadline);
        var deposit = new AccountCommand.Deposit("c2", ACCOUNT, OptionalLong.empty(), T0, 5, Optional.empty(), teller,
                asTeller, deadline);
        var withdraw = new AccountCommand.Withdraw("c3", ACCOUNT, OptionalLong.empty(), T0, 5, Optional.empty(), teller,
                asTeller, deadline);
        var close = new AccountCommand.CloseAccount("c4", ACCOUNT, OptionalLong.empty(), T0, Optional.empty(), teller,
                asTeller, deadline);
        AccountState state = AccountState.INITIAL;
        for (AccountCommand command : new AccountCommand[] {open, deposit, withdraw, close}) {
            Decision decision = AccountDecider.decide(command, state, command.issuedAt());
            assertThat(decision).isInstanceOf(Decision.Accepted.class);
            for (AccountEvent event : ((Decision.Accepted) decision).events()) {
                assertThat(event.origin()).as(event.getClass().getSimpleName()).isEqualTo(teller);
                state = AccountDecider.evolve(state, event);
            }
        }
        assertThat(state.isClosed()).isTrue();
    }

    @Test
    void shouldRefuseToFoldAnyEventAfterAClose() {
        AccountState closedState = AccountDecider.evolve(AccountDecider.evolve(AccountState.INITIAL, opened()), closed(2));
        assertThatThrownBy(() -> AccountDecider.evolve(closedState, deposited(3, 5, 5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("after the account was closed");
        assertThatThrownBy(() -> AccountDecider.evolve(closedState, closed(3))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AccountDecider.evolve(closedState, new AccountEvent.AccountOpened(
                AccountDecider.eventId(ACCOUNT, 3), ACCOUNT, 3, T0, "c", "o", "EUR", Origin.NONE)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseToFoldACloseOfAnAccountThatIsNotOpenAndEmpty() {
        assertThatThrownBy(() -> AccountDecider.evolve(AccountState.INITIAL, closed(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before it was opened");
        AccountState holdingMoney = AccountDecider.evolve(AccountDecider.evolve(AccountState.INITIAL, opened()),
                deposited(2, 5, 5));
        assertThatThrownBy(() -> AccountDecider.evolve(holdingMoney, closed(3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only an empty account closes");
        AccountState empty = AccountDecider.evolve(AccountState.INITIAL, opened());
        var closedWithBalanceAfter = new AccountEvent.AccountClosed(AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2, T0, "c",
                "EUR", 3, Optional.empty(), Origin.NONE);
        assertThatThrownBy(() -> AccountDecider.evolve(empty, closedWithBalanceAfter)).isInstanceOf(IllegalStateException.class);
        AccountState transferOut = new AccountState(AccountStatus.OPEN, "o", "EUR", 0, 4, T0, 1);
        assertThatThrownBy(() -> AccountDecider.evolve(transferOut, closed(5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("in flight");
    }
}

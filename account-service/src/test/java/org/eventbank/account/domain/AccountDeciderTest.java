package org.eventbank.account.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventbank.account.domain.AccountSpecification.given;
import static org.eventbank.account.domain.Fixtures.ACCOUNT;
import static org.eventbank.account.domain.Fixtures.T0;
import static org.eventbank.account.domain.Fixtures.deposit;
import static org.eventbank.account.domain.Fixtures.deposited;
import static org.eventbank.account.domain.Fixtures.open;
import static org.eventbank.account.domain.Fixtures.opened;
import static org.eventbank.account.domain.Fixtures.withdraw;

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
        var command = new AccountCommand.OpenAccount("c", "no spaces allowed", OptionalLong.empty(), T0, "", "XXX");
        given().when(command).thenRejected(RejectionCode.INVALID_ACCOUNT_ID);
        var tooLong = new AccountCommand.Deposit("c", "a".repeat(65), OptionalLong.empty(), T0, 1, Optional.empty());
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
        assertThat(AccountDecider.decide(command, AccountState.INITIAL)).isInstanceOf(Decision.Accepted.class);
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
        var command = new AccountCommand.OpenAccount("c", ACCOUNT, OptionalLong.of(3), T0, "o", "EUR");
        given().when(command).thenRejected(RejectionCode.VERSION_CONFLICT);
    }

    @Test
    void shouldDepositAndReportTheBalanceAfter() {
        given(opened()).when(deposit(500)).then(new AccountEvent.Deposited(AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2,
                T0.plusSeconds(60), "cmd-deposit", 500, "EUR", 500));
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
                new AccountEvent.Deposited(AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2, T0, "cmd-deposit", 5, "EUR", 5));
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
                AccountDecider.evolve(AccountState.INITIAL, opened()))).isInstanceOf(Decision.Accepted.class);
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
                AccountDecider.eventId(ACCOUNT, 3), ACCOUNT, 3, T0.plusSeconds(60), "cmd-withdraw", 10, "EUR", 0));
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

    @Test
    void shouldNeverLetTimeGoBackwardsWithinAnAccount() {
        Instant later = T0.plusSeconds(3600);
        var openedLate = new AccountEvent.AccountOpened(AccountDecider.eventId(ACCOUNT, 1), ACCOUNT, 1, later, "c", "o", "EUR");
        given(openedLate).when(deposit(5, Optional.empty(), OptionalLong.empty(), T0)).then(new AccountEvent.Deposited(
                AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2, later, "cmd-deposit", 5, "EUR", 5));
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
}

package org.eventbank.account.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventbank.account.domain.AccountSpecification.given;
import static org.eventbank.account.domain.Fixtures.ACCOUNT;
import static org.eventbank.account.domain.Fixtures.T0;
import static org.eventbank.account.domain.Fixtures.closed;
import static org.eventbank.account.domain.Fixtures.deposited;
import static org.eventbank.account.domain.Fixtures.opened;
import static org.eventbank.account.domain.Fixtures.withdrawn;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, decided by the single writer from the command's {@code initiatedBy} and {@code actingAs} and the
 * account's owner (decision 0015). The account of {@link Fixtures} is owned by "customer-7".
 */
class AccountAuthorizationTest {

    private static final String OWNER = "customer-7";

    private static Origin by(String subject) {
        return new Origin(Optional.of(new Initiator(subject, Optional.of("web-app"))), Optional.empty());
    }

    private static AccountCommand.Deposit deposit(String subject, ActingAs actingAs) {
        return new AccountCommand.Deposit("cmd-d", ACCOUNT, OptionalLong.empty(), T0.plusSeconds(60), 10, Optional.empty(),
                by(subject), Optional.of(actingAs), Optional.empty());
    }

    private static AccountCommand.Withdraw withdraw(String subject, ActingAs actingAs, OptionalLong expectedVersion) {
        return new AccountCommand.Withdraw("cmd-w", ACCOUNT, expectedVersion, T0.plusSeconds(60), 10, Optional.empty(),
                by(subject), Optional.of(actingAs), Optional.empty());
    }

    private static AccountCommand.CloseAccount close(String subject, ActingAs actingAs) {
        return new AccountCommand.CloseAccount("cmd-c", ACCOUNT, OptionalLong.empty(), T0.plusSeconds(60), Optional.empty(),
                by(subject), Optional.of(actingAs), Optional.empty());
    }

    private static AccountCommand.OpenAccount open(String subject, ActingAs actingAs, String owner) {
        return new AccountCommand.OpenAccount("cmd-o", ACCOUNT, OptionalLong.empty(), T0, owner, "EUR", by(subject),
                Optional.of(actingAs), Optional.empty());
    }

    @Test
    void shouldLetTheOwnerMoveTheirOwnMoneyAndCarryTheirNameOntoTheEvent() {
        given(opened()).when(deposit(OWNER, ActingAs.CUSTOMER)).then(new AccountEvent.Deposited(
                AccountDecider.eventId(ACCOUNT, 2), ACCOUNT, 2, T0.plusSeconds(60), "cmd-d", 10, "EUR", 10, by(OWNER)));
    }

    @Test
    void shouldRefuseAnotherCustomerOnEveryCommandInTheWordsOfAnUnknownAccount() {
        String unknown = "account " + ACCOUNT + " does not exist";
        given(opened()).when(deposit("customer-8", ActingAs.CUSTOMER)).thenRejected(RejectionCode.NOT_OWNER, unknown);
        given(opened(), deposited(2, 10, 10)).when(withdraw("customer-8", ActingAs.CUSTOMER, OptionalLong.empty()))
                .thenRejected(RejectionCode.NOT_OWNER, unknown);
        given(opened()).when(close("customer-8", ActingAs.CUSTOMER)).thenRejected(RejectionCode.NOT_OWNER, unknown);
        // The wording is exactly that of an account that does not exist.
        given().when(deposit("customer-8", ActingAs.CUSTOMER)).thenRejected(RejectionCode.ACCOUNT_NOT_FOUND, unknown);
        var refusal = AccountDecider.authorize(deposit("customer-8", ActingAs.CUSTOMER),
                AccountDecider.evolve(AccountState.INITIAL, opened()));
        var notFound = AccountDecider.decide(deposit("customer-8", ActingAs.CUSTOMER), AccountState.INITIAL, T0);
        assertThat(refusal).hasValueSatisfying(rejection -> assertThat(rejection.detail())
                .isEqualTo(((Decision.Rejected) notFound).rejection().detail()));
    }

    @Test
    void shouldRefuseAnotherCustomerBeforeAnyRuleThatWouldTellSomethingAboutTheAccount() {
        // A closed account, a version conflict, too little money: none of it is told to someone else.
        given(opened(), closed(2)).when(deposit("customer-8", ActingAs.CUSTOMER)).thenRejected(RejectionCode.NOT_OWNER);
        given(opened()).when(withdraw("customer-8", ActingAs.CUSTOMER, OptionalLong.of(7))).thenRejected(RejectionCode.NOT_OWNER);
        given(opened()).when(withdraw("customer-8", ActingAs.CUSTOMER, OptionalLong.empty())).thenRejected(RejectionCode.NOT_OWNER);
    }

    @Test
    void shouldLetATellerActOnAnyAccountAndNameTheTellerOnTheEvent() {
        given(opened(), deposited(2, 10, 10)).when(withdraw("teller-1", ActingAs.TELLER, OptionalLong.empty()))
                .then(new AccountEvent.Withdrawn(AccountDecider.eventId(ACCOUNT, 3), ACCOUNT, 3, T0.plusSeconds(60), "cmd-w",
                        10, "EUR", 0, by("teller-1")));
        given(opened(), deposited(2, 10, 10), withdrawn(3, 10, 0)).when(close("teller-1", ActingAs.TELLER))
                .then(new AccountEvent.AccountClosed(AccountDecider.eventId(ACCOUNT, 4), ACCOUNT, 4, T0.plusSeconds(60),
                        "cmd-c", "EUR", 0, Optional.empty(), by("teller-1")));
    }

    @Test
    void shouldLetACustomerOpenOnlyInTheirOwnName() {
        given().when(open(OWNER, ActingAs.CUSTOMER, OWNER)).then(new AccountEvent.AccountOpened(
                AccountDecider.eventId(ACCOUNT, 1), ACCOUNT, 1, T0, "cmd-o", OWNER, "EUR", by(OWNER)));
        given().when(open("customer-8", ActingAs.CUSTOMER, OWNER)).thenRejected(RejectionCode.NOT_OWNER, "own name");
        given().when(open("teller-1", ActingAs.TELLER, OWNER)).then(new AccountEvent.AccountOpened(
                AccountDecider.eventId(ACCOUNT, 1), ACCOUNT, 1, T0, "cmd-o", OWNER, "EUR", by("teller-1")));
    }

    @Test
    void shouldRefuseACustomerCommandThatNamesNobody() {
        var nameless = new AccountCommand.Deposit("cmd-d", ACCOUNT, OptionalLong.empty(), T0.plusSeconds(60), 10,
                Optional.empty(), Origin.NONE, Optional.of(ActingAs.CUSTOMER), Optional.empty());
        given(opened()).when(nameless).thenRejected(RejectionCode.NOT_OWNER);
    }

    @Test
    void shouldNotCheckACommandThatActsForNobodyAsV1CommandsDo() {
        // Written by a v1 writer or while identity is off, when the edge lets only tellers write.
        given(opened()).when(Fixtures.deposit(10)).then(new AccountEvent.Deposited(AccountDecider.eventId(ACCOUNT, 2),
                ACCOUNT, 2, T0.plusSeconds(60), "cmd-deposit", 10, "EUR", 10, Origin.NONE));
    }
}

package org.eventbank.account.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

/** given(events) / when(command) / then(events or rejection) over {@link AccountDecider}. */
final class AccountSpecification {

    private final AccountState start;
    private final List<AccountEvent> given;
    private AccountCommand command;
    private Instant now;

    private AccountSpecification(AccountState start, List<AccountEvent> given) {
        this.start = start;
        this.given = given;
    }

    static AccountSpecification given(AccountEvent... events) {
        return new AccountSpecification(AccountState.INITIAL, List.of(events));
    }

    /** For a state no event of this release leads to yet (transfers in flight): the fold starts there. */
    static AccountSpecification givenState(AccountState state) {
        return new AccountSpecification(state, List.of());
    }

    /** The command, decided at the instant it was issued unless {@link #at} says otherwise. */
    AccountSpecification when(AccountCommand command) {
        this.command = command;
        this.now = command.issuedAt();
        return this;
    }

    /** The single writer's clock when it decides. */
    AccountSpecification at(Instant decidedAt) {
        this.now = decidedAt;
        return this;
    }

    void then(AccountEvent... expected) {
        Decision decision = AccountDecider.decide(command, state(), now);
        assertThat(decision).isEqualTo(new Decision.Accepted(List.of(expected)));
        AccountState after = state();
        for (AccountEvent event : expected) {
            after = AccountDecider.evolve(after, event);
        }
        assertThat(after.version()).isEqualTo(start.version() + given.size() + expected.length);
    }

    void thenRejected(RejectionCode code) {
        Decision decision = AccountDecider.decide(command, state(), now);
        assertThat(decision).isInstanceOfSatisfying(Decision.Rejected.class,
                rejected -> assertThat(rejected.rejection().code()).isEqualTo(code));
    }

    /** Rejected with {@code code} and a detail containing {@code detailPart}. */
    void thenRejected(RejectionCode code, String detailPart) {
        Decision decision = AccountDecider.decide(command, state(), now);
        assertThat(decision).isInstanceOfSatisfying(Decision.Rejected.class, rejected -> {
            assertThat(rejected.rejection().code()).isEqualTo(code);
            assertThat(rejected.rejection().detail()).contains(detailPart);
        });
    }

    private AccountState state() {
        AccountState state = start;
        for (AccountEvent event : given) {
            state = AccountDecider.evolve(state, event);
        }
        return state;
    }
}

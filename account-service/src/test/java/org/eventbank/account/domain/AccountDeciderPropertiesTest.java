package org.eventbank.account.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever sequence of commands arrives, the ledger's invariants hold. */
class AccountDeciderPropertiesTest {

    private static final String ACCOUNT = "acc-p";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Property(tries = 300)
    void balanceNeverNegativeVersionCountsEventsAndBalanceIsDepositsMinusWithdrawals(
            @ForAll("commands") @Size(max = 60) List<AccountCommand> commands) {
        AccountState state = AccountState.INITIAL;
        long events = 0;
        long deposits = 0;
        long withdrawals = 0;
        Instant lastOccurredAt = Instant.EPOCH;
        for (AccountCommand command : commands) {
            Decision decision = AccountDecider.decide(command, state);
            if (decision instanceof Decision.Accepted accepted) {
                for (AccountEvent event : accepted.events()) {
                    assertThat(event.occurredAt()).isAfterOrEqualTo(lastOccurredAt);
                    lastOccurredAt = event.occurredAt();
                    state = AccountDecider.evolve(state, event);
                    events++;
                    if (event instanceof AccountEvent.Deposited deposited) {
                        deposits += deposited.amountMinor();
                    } else if (event instanceof AccountEvent.Withdrawn withdrawn) {
                        withdrawals += withdrawn.amountMinor();
                    }
                }
            }
            assertThat(state.balanceMinor()).isNotNegative();
            assertThat(state.version()).isEqualTo(events);
            assertThat(state.balanceMinor()).isEqualTo(deposits - withdrawals);
        }
    }

    @Provide
    Arbitrary<List<AccountCommand>> commands() {
        Arbitrary<Long> amounts = Arbitraries.oneOf(
                Arbitraries.longs().between(-5, 2_000),
                Arbitraries.longs().between(AccountRules.AMOUNT_MINOR_MAX - 2, AccountRules.AMOUNT_MINOR_MAX + 2));
        Arbitrary<Instant> times = Arbitraries.longs().between(0, 10_000).map(T0::plusSeconds);
        Arbitrary<Optional<String>> currencies = Arbitraries.of("EUR", "USD", "XXQ").optional(0.2);
        Arbitrary<AccountCommand> open = Combinators.combine(times, Arbitraries.of("EUR", "USD"))
                .as((at, currency) -> new AccountCommand.OpenAccount("c", ACCOUNT, OptionalLong.empty(), at, "o", currency));
        Arbitrary<AccountCommand> deposit = Combinators.combine(times, amounts, currencies)
                .as((at, amount, currency) -> new AccountCommand.Deposit("c", ACCOUNT, OptionalLong.empty(), at, amount, currency));
        Arbitrary<AccountCommand> withdraw = Combinators.combine(times, amounts, currencies)
                .as((at, amount, currency) -> new AccountCommand.Withdraw("c", ACCOUNT, OptionalLong.empty(), at, amount, currency));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, open),
                        net.jqwik.api.Tuple.of(5, deposit),
                        net.jqwik.api.Tuple.of(5, withdraw))
                .list().ofMaxSize(60);
    }
}

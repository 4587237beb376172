package org.eventbank.account.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Whatever sequence of commands arrives, the ledger's invariants hold. Properties run with
 * QuickTheories: on failure it prints the shrunk command list and the seed (rerun with
 * {@code -DQT_SEED=<seed>}).
 */
class AccountDeciderPropertiesTest {

    private static final String ACCOUNT = "acc-p";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long MAX = AccountRules.AMOUNT_MINOR_MAX;
    /** Sequences of up to 60 commands; the 1000 take under a second. */
    private static final int EXAMPLES = 1000;
    private static final int MAX_COMMANDS = 60;

    @Test
    void balanceNeverNegativeVersionCountsEventsBalanceIsDepositsMinusWithdrawalsAndTransfersOutAndNothingFollowsAClose() {
        qt().withExamples(EXAMPLES)
                .forAll(commands())
                .checkAssert(AccountDeciderPropertiesTest::holdsInvariants);
    }

    /** The edges, in one fixed sequence: every boundary amount is accepted or rejected as the rules say. */
    @Test
    void invariantsHoldAtTheAmountEdges() {
        List<AccountCommand> commands = List.of(
                deposit(0, 1, Optional.empty()),                 // before the opening: rejected
                open(0, "EUR"),
                deposit(1, -5, Optional.empty()),
                deposit(2, 0, Optional.empty()),
                deposit(3, MAX + 1, Optional.empty()),
                deposit(4, MAX + 2, Optional.empty()),
                deposit(5, MAX, Optional.of("EUR")),
                deposit(6, MAX - 2, Optional.of("USD")),         // currency mismatch
                deposit(7, MAX - 1, Optional.of("XXQ")),         // unknown currency
                withdraw(8, MAX + 1, Optional.empty()),
                withdraw(9, MAX, Optional.empty()),
                withdraw(10, 1, Optional.empty()),               // insufficient funds
                deposit(10_000, 2_000, Optional.empty()),
                withdraw(0, 2_000, Optional.empty()),            // earlier issuedAt: time must not go back
                open(10_000, "USD"));                            // already open
        holdsInvariants(commands);

        AccountState state = replay(commands);
        assertThat(state.balanceMinor()).isZero();
        assertThat(state.version()).isEqualTo(5);
        assertThat(state.lastEventAt()).isEqualTo(T0.plusSeconds(10_000));
    }

    /**
     * A transfer's payer side is decided here; its payee's answer is the test's, named by the transfer's reference: the
     * payee's writer credits it ({@value #SETTLE}: the payer settles), sends it back ({@value #REVERSE}: the payer
     * reverses it) or has not answered yet (anything else: it stays in flight, so the account cannot close).
     */
    static final String SETTLE = "settle";
    static final String REVERSE = "reverse";

    static void holdsInvariants(List<AccountCommand> commands) {
        AccountState state = AccountState.INITIAL;
        long events = 0;
        long deposits = 0;
        long withdrawals = 0;
        long debits = 0;
        long reversals = 0;
        List<Long> inFlight = new java.util.ArrayList<>();
        Instant lastOccurredAt = Instant.EPOCH;
        boolean closed = false;
        for (AccountCommand command : commands) {
            Decision decision = AccountDecider.decide(command, state, command.issuedAt());
            if (decision instanceof Decision.Accepted accepted) {
                assertThat(closed).as("a command accepted after the close: %s", command).isFalse();
                List<AccountEvent> toFold = new java.util.ArrayList<>(accepted.events());
                while (!toFold.isEmpty()) {
                    AccountEvent event = toFold.remove(0);
                    assertThat(event.occurredAt()).isAfterOrEqualTo(lastOccurredAt);
                    lastOccurredAt = event.occurredAt();
                    state = AccountDecider.evolve(state, event);
                    events++;
                    if (event instanceof AccountEvent.Deposited deposited) {
                        deposits += deposited.amountMinor();
                    } else if (event instanceof AccountEvent.Withdrawn withdrawn) {
                        withdrawals += withdrawn.amountMinor();
                    } else if (event instanceof AccountEvent.TransferDebited debited) {
                        debits += debited.amountMinor();
                        assertThat(debited.counterpartyAccountId()).isNotEqualTo(ACCOUNT);
                        String payeeSays = debited.reference().orElse("");
                        if (payeeSays.equals(SETTLE)) {
                            state = AccountDecider.settle(state, debited.amountMinor());
                        } else if (payeeSays.equals(REVERSE)) {
                            toFold.add(TransferDecider.reverse(new TransferInstruction.Reverse(TransferTerms.of(debited,
                                    command.issuedAt()), ReversalReason.PAYEE_CLOSED, "closed"), state, command.issuedAt()));
                        } else {
                            inFlight.add(debited.amountMinor());
                        }
                    } else if (event instanceof AccountEvent.TransferReversed reversed) {
                        reversals += reversed.amountMinor();
                    } else if (event instanceof AccountEvent.AccountClosed) {
                        assertThat(deposits - withdrawals - debits + reversals).as("balance at the close").isZero();
                        assertThat(inFlight).as("transfers in flight at the close").isEmpty();
                        closed = true;
                    }
                }
            }
            assertThat(state.balanceMinor()).isNotNegative();
            assertThat(state.version()).isEqualTo(events);
            assertThat(state.balanceMinor()).isEqualTo(deposits - withdrawals - debits + reversals);
            assertThat(state.outgoingTransfersInFlight()).isEqualTo(inFlight.size());
            assertThat(state.outgoingInFlightMinor()).isEqualTo(inFlight.stream().mapToLong(Long::longValue).sum());
            assertThat(AccountDecider.headroomMinor(state)).as("balance and reserve within Long.MAX_VALUE").isNotNegative();
            assertThat(state.isClosed()).isEqualTo(closed);
        }
    }

    private static AccountState replay(List<AccountCommand> commands) {
        AccountState state = AccountState.INITIAL;
        for (AccountCommand command : commands) {
            if (AccountDecider.decide(command, state, command.issuedAt()) instanceof Decision.Accepted accepted) {
                for (AccountEvent event : accepted.events()) {
                    state = AccountDecider.evolve(state, event);
                }
            }
        }
        return state;
    }

    /**
     * Amounts: mostly -5..2000 (invalid, small and ordinary ones) or MAX-2..MAX+2 around the
     * per-command limit, and one in five exactly one of the edge values. Shrinks towards 1.
     */
    static Gen<Long> amounts() {
        Gen<Long> ranges = Generate.frequency(
                Pair.of(1, longs().between(-5, 2_000)),
                Pair.of(1, longs().between(MAX - 2, MAX + 2)));
        Gen<Long> edges = arbitrary().pick(1L, 0L, -1L, -5L, 2_000L, MAX - 2, MAX - 1, MAX, MAX + 1, MAX + 2);
        return ranges.mix(edges, 20);
    }

    /** Issued at T0 plus 0..10,000 s, in any order (the decider must keep the account's time from going back). */
    static Gen<Instant> times() {
        return longs().between(0, 10_000).mix(arbitrary().pick(0L, 10_000L), 10).map(T0::plusSeconds);
    }

    /** Absent four times in five, else a known, another known or an unknown code. */
    static Gen<Optional<String>> currencies() {
        return arbitrary().pick("EUR", "USD", "XXQ").toOptionals(80);
    }

    static Gen<List<AccountCommand>> commands() {
        Gen<AccountCommand> open = times().zip(arbitrary().pick("EUR", "USD"),
                (at, currency) -> (AccountCommand) new AccountCommand.OpenAccount("c", ACCOUNT, OptionalLong.empty(), at, "o", currency,
                        Origin.NONE, Optional.empty(), Optional.empty()));
        Gen<AccountCommand> deposit = times().zip(amounts(), currencies(),
                (at, amount, currency) -> (AccountCommand) new AccountCommand.Deposit("c", ACCOUNT, OptionalLong.empty(), at, amount, currency,
                        Origin.NONE, Optional.empty(), Optional.empty()));
        Gen<AccountCommand> withdraw = times().zip(amounts(), currencies(),
                (at, amount, currency) -> (AccountCommand) new AccountCommand.Withdraw("c", ACCOUNT, OptionalLong.empty(), at, amount, currency,
                        Origin.NONE, Optional.empty(), Optional.empty()));
        // A close is tried about as often as an open: often refused (money in it), accepted on an emptied or fresh account.
        Gen<AccountCommand> close = times().map(at -> (AccountCommand) new AccountCommand.CloseAccount("c", ACCOUNT,
                OptionalLong.empty(), at, Optional.empty(), Origin.NONE, Optional.empty(), Optional.empty()));
        // A transfer out: mostly to another account, sometimes to itself or an invalid id; settled, reversed or left in flight.
        Gen<AccountCommand> transfer = times().zip(amounts(), currencies(), arbitrary().pick("acc-q", "acc-q", "acc-q", ACCOUNT,
                        "bad id"), arbitrary().pick(SETTLE, REVERSE, "in flight"),
                (at, amount, currency, payee, payeeSays) -> (AccountCommand) new AccountCommand.Transfer("c", ACCOUNT,
                        OptionalLong.empty(), at, "tr", payee, amount, currency, Optional.of(payeeSays),
                        new Origin(Optional.empty(), Optional.of("tr")), Optional.empty(), Optional.empty()));
        Gen<AccountCommand> command = Generate.frequency(Pair.of(1, open), Pair.of(5, deposit), Pair.of(5, withdraw),
                Pair.of(1, close), Pair.of(3, transfer));
        return lists().of(command).ofSizeBetween(0, MAX_COMMANDS);
    }

    private static AccountCommand open(long second, String currency) {
        return new AccountCommand.OpenAccount("c", ACCOUNT, OptionalLong.empty(), T0.plusSeconds(second), "o", currency,
                Origin.NONE, Optional.empty(), Optional.empty());
    }

    private static AccountCommand deposit(long second, long amount, Optional<String> currency) {
        return new AccountCommand.Deposit("c", ACCOUNT, OptionalLong.empty(), T0.plusSeconds(second), amount, currency,
                Origin.NONE, Optional.empty(), Optional.empty());
    }

    private static AccountCommand withdraw(long second, long amount, Optional<String> currency) {
        return new AccountCommand.Withdraw("c", ACCOUNT, OptionalLong.empty(), T0.plusSeconds(second), amount, currency,
                Origin.NONE, Optional.empty(), Optional.empty());
    }
}

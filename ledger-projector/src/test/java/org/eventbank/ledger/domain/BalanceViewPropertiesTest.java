package org.eventbank.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class BalanceViewPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A move: deposit (true) or withdrawal attempt of an amount, after some milliseconds. */
    record Move(boolean deposit, long amount, long afterMs) {
    }

    @Provide
    Arbitrary<List<Move>> moves() {
        Arbitrary<Move> move = Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.longs().between(1, 1_000_000_000_000L),
                Arbitraries.longs().between(0, 86_400_000L)).as(Move::new);
        return move.list().ofMaxSize(200);
    }

    /** Turns moves into a valid ledger: a withdrawal larger than the balance is rejected by the writer, so it is not in the ledger. */
    static List<LedgerEvent> ledger(List<Move> moves) {
        List<LedgerEvent> events = new ArrayList<>();
        Instant at = T0;
        events.add(new LedgerEvent.AccountOpened("acc", 1, at, "EUR", "owner", "e1"));
        long balance = 0;
        for (Move move : moves) {
            at = at.plusMillis(move.afterMs());
            long version = events.size() + 1L;
            if (move.deposit()) {
                balance += move.amount();
                events.add(new LedgerEvent.Deposited("acc", version, at, move.amount(), "EUR", balance, "e" + version));
            } else if (move.amount() <= balance) {
                balance -= move.amount();
                events.add(new LedgerEvent.Withdrawn("acc", version, at, move.amount(), "EUR", balance, "e" + version));
            }
        }
        return events;
    }

    static BalanceView fold(List<LedgerEvent> events) {
        BalanceView view = BalanceView.INITIAL;
        for (LedgerEvent event : events) {
            view = BalanceView.evolve(view, event);
            assertThat(view.balanceMinor()).isNotNegative();
        }
        return view;
    }

    @Property
    void balanceIsDepositsMinusWithdrawalsNeverNegativeAndVersionIsEventCount(@ForAll("moves") List<Move> moves) {
        List<LedgerEvent> events = ledger(moves);

        BalanceView view = fold(events);

        long deposits = events.stream().filter(e -> e instanceof LedgerEvent.Deposited).mapToLong(LedgerEvent::amountMinor).sum();
        long withdrawals = events.stream().filter(e -> e instanceof LedgerEvent.Withdrawn).mapToLong(LedgerEvent::amountMinor).sum();
        assertThat(view.balanceMinor()).isEqualTo(deposits - withdrawals).isNotNegative();
        assertThat(view.version()).isEqualTo(events.size());
        assertThat(view.updatedAt()).isEqualTo(events.get(events.size() - 1).occurredAt());
    }

    @Property
    void totalsAgreeWithTheBalanceFold(@ForAll("moves") List<Move> moves) {
        List<LedgerEvent> events = ledger(moves);
        CurrencyTotals totals = CurrencyTotals.ZERO;
        for (LedgerEvent event : events) {
            totals = CurrencyTotals.evolve(totals, event);
        }

        assertThat(totals.balanceSum().longValueExact()).isEqualTo(fold(events).balanceMinor());
        assertThat(totals.depositVolume().subtract(totals.withdrawalVolume())).isEqualTo(totals.balanceSum());
        assertThat(totals.accounts().intValue()).isEqualTo(1);
    }

    @Property
    void aSkippedEventIsDetectedAsAGap(@ForAll("moves") List<Move> moves, @ForAll @IntRange(min = 1, max = 1000) int position) {
        List<LedgerEvent> events = new ArrayList<>(ledger(moves));
        if (events.size() < 3) {
            // nothing to remove from the middle: write the next event two versions ahead
            events.add(new LedgerEvent.Deposited("acc", events.size() + 2L, Instant.MAX, 1, "EUR", 1, "late"));
        } else {
            // never the first (an opening is required) nor the last (a missing tail is not yet a gap)
            events.remove(1 + position % (events.size() - 2));
        }

        assertThatThrownBy(() -> fold(events))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.VERSION_GAP));
    }

    @Property
    void aRepeatedEventIsDetectedAsADuplicate(@ForAll("moves") List<Move> moves, @ForAll @IntRange(min = 0, max = 1000) int position) {
        List<LedgerEvent> events = new ArrayList<>(ledger(moves));
        int repeated = position % events.size();
        events.add(repeated + 1, events.get(repeated));

        assertThatThrownBy(() -> fold(events))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.DUPLICATE_VERSION));
    }
}

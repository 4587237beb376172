package org.eventbank.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of the balance fold, run with QuickTheories: on failure it prints the shrunk moves
 * and the seed (rerun with {@code -DQT_SEED=<seed>}).
 */
class BalanceViewPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long AMOUNT_MAX = 1_000_000_000_000L;
    private static final long AFTER_MS_MAX = 86_400_000L;
    private static final int MAX_MOVES = 200;
    /** Up to 200 moves each; the six properties together take a second or a few, depending on the machine's load. */
    private static final int EXAMPLES = 1000;

    /** A move: deposit (true) or withdrawal attempt of an amount, after some milliseconds. */
    record Move(boolean deposit, long amount, long afterMs) {
    }

    /**
     * Lists of 0..200 moves: amounts 1..10^12, pauses 0..1 day, each with its two edges mixed in
     * one time in ten (1 and 10^12; 0 ms, i.e. the same instant, and a whole day).
     */
    static Gen<List<Move>> moves() {
        Gen<Long> amounts = longs().between(1, AMOUNT_MAX).mix(arbitrary().pick(1L, AMOUNT_MAX), 10);
        Gen<Long> pauses = longs().between(0, AFTER_MS_MAX).mix(arbitrary().pick(0L, AFTER_MS_MAX), 10);
        Gen<Move> move = booleans().all().zip(amounts, pauses, Move::new);
        return lists().of(move).ofSizeBetween(0, MAX_MOVES);
    }

    /**
     * Turns moves into a valid ledger: a withdrawal larger than the balance is rejected by the writer, so it is not in the ledger.
     * With {@code close}, the balance is withdrawn (the writer closes only an empty account) and the account closed.
     */
    static List<LedgerEvent> ledger(List<Move> moves, boolean close) {
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
        if (close) {
            if (balance > 0) {
                long version = events.size() + 1L;
                events.add(new LedgerEvent.Withdrawn("acc", version, at, balance, "EUR", 0, "e" + version));
            }
            long version = events.size() + 1L;
            events.add(new LedgerEvent.AccountClosed("acc", version, at, "EUR", 0, null, "e" + version, null, null));
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

    @Test
    void balanceIsDepositsMinusWithdrawalsNeverNegativeAndVersionIsEventCount() {
        qt().withExamples(EXAMPLES).forAll(moves(), booleans().all()).checkAssert(BalanceViewPropertiesTest::balanceIsDepositsMinusWithdrawals);
    }

    @Test
    void totalsAgreeWithTheBalanceFold() {
        qt().withExamples(EXAMPLES).forAll(moves(), booleans().all()).checkAssert(BalanceViewPropertiesTest::totalsAgree);
    }

    @Test
    void aSkippedEventIsDetectedAsAGap() {
        qt().withExamples(EXAMPLES).forAll(moves(), booleans().all(), integers().between(1, 1000))
                .checkAssert(BalanceViewPropertiesTest::gapDetected);
    }

    @Test
    void aRepeatedEventIsDetectedAsADuplicate() {
        qt().withExamples(EXAMPLES).forAll(moves(), booleans().all(), integers().between(0, 1000))
                .checkAssert(BalanceViewPropertiesTest::duplicateDetected);
    }

    @Test
    void anyEventAfterTheCloseIsDetected() {
        qt().withExamples(EXAMPLES).forAll(moves(), integers().between(0, AFTER_CLOSE_KINDS - 1))
                .checkAssert(BalanceViewPropertiesTest::eventAfterCloseDetected);
    }

    @Test
    void aCloseOfAnAccountHoldingMoneyIsDetected() {
        qt().withExamples(EXAMPLES).forAll(moves(), longs().between(1, AMOUNT_MAX))
                .checkAssert(BalanceViewPropertiesTest::closeWithMoneyDetected);
    }

    /** The edges, every time: no moves, one, the largest amounts, no pause and a day's pause, a refused withdrawal. */
    @Test
    void everyPropertyHoldsForTheEdgeMoves() {
        List<List<Move>> examples = List.of(
                List.of(),
                List.of(new Move(true, 1, 0)),
                List.of(new Move(false, 1, 0)),
                List.of(new Move(true, AMOUNT_MAX, AFTER_MS_MAX), new Move(false, AMOUNT_MAX, 0), new Move(false, 1, 0)),
                Collections.nCopies(MAX_MOVES, new Move(true, AMOUNT_MAX, AFTER_MS_MAX)));
        for (List<Move> moves : examples) {
            for (boolean close : List.of(false, true)) {
                balanceIsDepositsMinusWithdrawals(moves, close);
                totalsAgree(moves, close);
                for (int position : List.of(0, 1, 2, 999, 1000)) {
                    if (position >= 1) {
                        gapDetected(moves, close, position);
                    }
                    duplicateDetected(moves, close, position);
                }
            }
            for (int kind = 0; kind < AFTER_CLOSE_KINDS; kind++) {
                eventAfterCloseDetected(moves, kind);
            }
            closeWithMoneyDetected(moves, 1L);
            closeWithMoneyDetected(moves, AMOUNT_MAX);
        }
    }

    static void balanceIsDepositsMinusWithdrawals(List<Move> moves, boolean close) {
        List<LedgerEvent> events = ledger(moves, close);

        BalanceView view = fold(events);

        long deposits = events.stream().filter(e -> e instanceof LedgerEvent.Deposited).mapToLong(LedgerEvent::amountMinor).sum();
        long withdrawals = events.stream().filter(e -> e instanceof LedgerEvent.Withdrawn).mapToLong(LedgerEvent::amountMinor).sum();
        assertThat(view.balanceMinor()).isEqualTo(deposits - withdrawals).isNotNegative();
        assertThat(view.version()).isEqualTo(events.size());
        assertThat(view.updatedAt()).isEqualTo(events.get(events.size() - 1).occurredAt());
        assertThat(view.status()).isEqualTo(close ? AccountStatus.CLOSED : AccountStatus.OPEN);
    }

    static void totalsAgree(List<Move> moves, boolean close) {
        List<LedgerEvent> events = ledger(moves, close);
        CurrencyTotals totals = CurrencyTotals.ZERO;
        for (LedgerEvent event : events) {
            totals = CurrencyTotals.evolve(totals, event);
        }

        assertThat(totals.balanceSum().longValueExact()).isEqualTo(fold(events).balanceMinor());
        assertThat(totals.depositVolume().subtract(totals.withdrawalVolume())).isEqualTo(totals.balanceSum());
        assertThat(totals.accounts().intValue()).isEqualTo(1);
        assertThat(totals.closedAccounts().intValue()).isEqualTo(close ? 1 : 0);
        assertThat(totals.openAccounts().intValue()).isEqualTo(close ? 0 : 1);
    }

    static void gapDetected(List<Move> moves, boolean close, int position) {
        List<LedgerEvent> events = new ArrayList<>(ledger(moves, close));
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

    static void duplicateDetected(List<Move> moves, boolean close, int position) {
        List<LedgerEvent> events = new ArrayList<>(ledger(moves, close));
        int repeated = position % events.size();
        events.add(repeated + 1, events.get(repeated));

        assertThatThrownBy(() -> fold(events))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> assertThat(e.violation()).isEqualTo(Violation.DUPLICATE_VERSION));
    }

    /** Deposit, withdrawal, opening and closing: every kind of event that could follow a close. */
    static final int AFTER_CLOSE_KINDS = 4;

    static void eventAfterCloseDetected(List<Move> moves, int kind) {
        List<LedgerEvent> events = new ArrayList<>(ledger(moves, true));
        LedgerEvent closed = events.get(events.size() - 1);
        long version = closed.version() + 1;
        Instant at = closed.occurredAt();
        events.add(switch (kind) {
            case 0 -> new LedgerEvent.Deposited("acc", version, at, 1, "EUR", 1, "after");
            case 1 -> new LedgerEvent.Withdrawn("acc", version, at, 1, "EUR", 0, "after");
            case 2 -> new LedgerEvent.AccountOpened("acc", version, at, "EUR", "owner", "after");
            default -> new LedgerEvent.AccountClosed("acc", version, at, "EUR", 0, null, "after", null, null);
        });

        assertThatThrownBy(() -> fold(events))
                .isInstanceOfSatisfying(LedgerInvariantException.class, e -> {
                    assertThat(e.violation()).isEqualTo(Violation.EVENT_AFTER_CLOSE);
                    assertThat(e.eventVersion()).isEqualTo(version);
                });
    }

    static void closeWithMoneyDetected(List<Move> moves, long deposit) {
        List<LedgerEvent> events = new ArrayList<>(ledger(moves, false));
        long balance = events.get(events.size() - 1).balanceAfterMinor();
        LedgerEvent last = events.get(events.size() - 1);
        if (balance == 0) {
            // an empty account may close: put money in first, so this case is one to refuse too
            events.add(new LedgerEvent.Deposited("acc", last.version() + 1, last.occurredAt(), deposit, "EUR", deposit, "topped-up"));
        }
        LedgerEvent before = events.get(events.size() - 1);
        events.add(new LedgerEvent.AccountClosed("acc", before.version() + 1, before.occurredAt(), "EUR", 0, null, "close", null, null));

        assertThatThrownBy(() -> fold(events))
                .isInstanceOfSatisfying(LedgerInvariantException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.CLOSE_WITH_NONZERO_BALANCE));
    }
}

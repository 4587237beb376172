package org.eventbank.ledger.domain;

import java.time.Instant;

/**
 * The balance of one account as folded from its events: the projector's answer to "what is the
 * balance now". {@link #INITIAL} (version 0) stands for an account with no events yet.
 *
 * @param balanceMinor balance in minor units, never negative
 * @param currency     ISO 4217 code, null before the opening
 * @param version      version of the last event folded, 0 before the opening
 * @param updatedAt    occurredAt of the last event folded, null before the opening
 */
public record BalanceView(long balanceMinor, String currency, long version, Instant updatedAt) {

    public static final BalanceView INITIAL = new BalanceView(0, null, 0, null);

    public boolean isOpened() {
        return version > 0;
    }

    /**
     * Folds one event, checking every invariant the writer promised (paired with the command side's
     * own checks): contiguous versions, an opening first, one currency, the balance after equal to
     * the folded balance, never negative, and time never going backwards.
     *
     * @throws LedgerInvariantException naming the account, the versions and the rule broken
     */
    public static BalanceView evolve(BalanceView view, LedgerEvent event) {
        long expected = view.version + 1;
        if (event.version() < expected) {
            throw violation(Violation.DUPLICATE_VERSION, view, event, "expected version " + expected);
        }
        if (event.version() > expected) {
            throw violation(Violation.VERSION_GAP, view, event, "expected version " + expected);
        }
        if (view.updatedAt != null && event.occurredAt().isBefore(view.updatedAt)) {
            throw violation(Violation.TIME_WENT_BACKWARDS, view, event,
                    "occurredAt " + event.occurredAt() + " is before " + view.updatedAt);
        }
        if (event instanceof LedgerEvent.AccountOpened) {
            if (view.isOpened()) {
                throw violation(Violation.ALREADY_OPENED, view, event, "");
            }
            return new BalanceView(0, event.currency(), event.version(), event.occurredAt());
        }
        if (!view.isOpened()) {
            throw violation(Violation.NOT_OPENED, view, event, "a money event before AccountOpened");
        }
        if (!view.currency.equals(event.currency())) {
            throw violation(Violation.CURRENCY_CHANGE, view, event,
                    "account currency " + view.currency + ", event currency " + event.currency());
        }
        if (event.amountMinor() <= 0) {
            throw violation(Violation.NON_POSITIVE_AMOUNT, view, event, "amount " + event.amountMinor());
        }
        long balance;
        if (event instanceof LedgerEvent.Deposited) {
            balance = addWithinRange(view, event, view.balanceMinor, event.amountMinor());
        } else if (event instanceof LedgerEvent.Withdrawn) {
            balance = addWithinRange(view, event, view.balanceMinor, -event.amountMinor());
        } else {
            throw new IllegalArgumentException("unknown ledger event " + event.getClass());
        }
        if (balance != event.balanceAfterMinor()) {
            throw violation(Violation.BALANCE_MISMATCH, view, event,
                    "folded balance " + balance + ", event balanceAfter " + event.balanceAfterMinor());
        }
        return new BalanceView(balance, view.currency, event.version(), event.occurredAt());
    }

    private static long addWithinRange(BalanceView view, LedgerEvent event, long balance, long delta) {
        long result;
        try {
            result = Math.addExact(balance, delta);
        } catch (ArithmeticException e) {
            throw violation(Violation.BALANCE_OUT_OF_RANGE, view, event, "balance " + balance + " + " + delta + " overflows");
        }
        if (result < 0) {
            throw violation(Violation.BALANCE_OUT_OF_RANGE, view, event, "balance would become " + result);
        }
        return result;
    }

    private static LedgerInvariantException violation(Violation violation, BalanceView view, LedgerEvent event, String detail) {
        return new LedgerInvariantException(violation, event.accountId(), view.version, event.version(), detail);
    }
}

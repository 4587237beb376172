package org.eventbank.ledger.domain;

import java.time.Instant;

/**
 * The balance of one account as folded from its events: the projector's answer to "what is the
 * balance now". {@link #INITIAL} (version 0) stands for an account with no events yet. A closed
 * account keeps its view (balance 0, status CLOSED): it is never removed.
 *
 * @param balanceMinor balance in minor units, never negative
 * @param currency     ISO 4217 code, null before the opening
 * @param version      version of the last event folded, 0 before the opening
 * @param updatedAt    occurredAt of the last event folded, null before the opening
 * @param status       OPEN from the opening, CLOSED from the closing on; null before the opening
 * @param owner        the opaque customer reference of the account's AccountOpened, which decides who may read it
 *                     (issue 14); null before the opening, and null for an account folded before the projector kept
 *                     owners (a store written by an earlier release: only a refold from the ledger learns it)
 */
public record BalanceView(long balanceMinor, String currency, long version, Instant updatedAt, AccountStatus status,
                          String owner) {

    public static final BalanceView INITIAL = new BalanceView(0, null, 0, null, null, null);

    public BalanceView {
        // the status says whether an opened account is closed; an account not opened yet has none, like its currency
        if ((version == 0) != (status == null)) {
            throw new IllegalArgumentException("status must be null exactly before the opening (version 0), not " + status
                    + " at version " + version);
        }
        if (version == 0 && owner != null) {
            throw new IllegalArgumentException("an account not opened yet has no owner, not " + owner);
        }
    }

    /** The view of an account whose owner is not known (folded before the projector kept owners). */
    public BalanceView(long balanceMinor, String currency, long version, Instant updatedAt, AccountStatus status) {
        this(balanceMinor, currency, version, updatedAt, status, null);
    }

    /**
     * The view of an account that is not closed (every account before contract v2) and whose owner is not known: OPEN
     * once opened, none before.
     */
    public BalanceView(long balanceMinor, String currency, long version, Instant updatedAt) {
        this(balanceMinor, currency, version, updatedAt, version == 0 ? null : AccountStatus.OPEN, null);
    }

    /** Whether the owner of this (opened) account is known; see {@link #owner()}. */
    public boolean isOwnerKnown() {
        return owner != null;
    }

    public boolean isOpened() {
        return version > 0;
    }

    public boolean isClosed() {
        return status == AccountStatus.CLOSED;
    }

    /**
     * Folds one event, checking every invariant the writer promised (paired with the command side's
     * own checks): contiguous versions, an opening first, nothing after a closing, one currency, the
     * balance after equal to the folded balance, never negative, a closing only at balance 0, and time
     * never going backwards. The owner comes from the opening and is carried by every later view.
     *
     * <p>A transfer's events (contract v3) are money events like a deposit or withdrawal: a debit takes the amount
     * from the payer, a credit adds it to the payee, a reversal gives it back to the payer. A reversal on a closed
     * account is a violation like any event after a close: the writer refuses to close an account with transfers in
     * flight, so it cannot happen on a sound ledger.
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
        if (view.isClosed()) {
            throw violation(Violation.EVENT_AFTER_CLOSE, view, event,
                    EventType.of(event).wireName() + " after the account was closed at version " + view.version);
        }
        if (event instanceof LedgerEvent.AccountOpened opened) {
            if (view.isOpened()) {
                throw violation(Violation.ALREADY_OPENED, view, event, "");
            }
            return new BalanceView(0, event.currency(), event.version(), event.occurredAt(), AccountStatus.OPEN, opened.owner());
        }
        if (!view.isOpened()) {
            throw violation(Violation.NOT_OPENED, view, event, EventType.of(event).wireName() + " before AccountOpened");
        }
        if (!view.currency.equals(event.currency())) {
            throw violation(Violation.CURRENCY_CHANGE, view, event,
                    "account currency " + view.currency + ", event currency " + event.currency());
        }
        if (event instanceof LedgerEvent.AccountClosed) {
            if (view.balanceMinor != 0) {
                throw violation(Violation.CLOSE_WITH_NONZERO_BALANCE, view, event, "folded balance " + view.balanceMinor);
            }
            requireBalanceAfter(view, event, 0);
            return new BalanceView(0, view.currency, event.version(), event.occurredAt(), AccountStatus.CLOSED, view.owner);
        }
        if (event.amountMinor() <= 0) {
            throw violation(Violation.NON_POSITIVE_AMOUNT, view, event, "amount " + event.amountMinor());
        }
        long balance;
        if (event instanceof LedgerEvent.Deposited) {
            balance = addWithinRange(view, event, view.balanceMinor, event.amountMinor());
        } else if (event instanceof LedgerEvent.Withdrawn) {
            balance = addWithinRange(view, event, view.balanceMinor, -event.amountMinor());
        } else if (event instanceof LedgerEvent.TransferDebited) {
            balance = addWithinRange(view, event, view.balanceMinor, -event.amountMinor());
        } else if (event instanceof LedgerEvent.TransferCredited || event instanceof LedgerEvent.TransferReversed) {
            // a reversal gives the payer its money back; like a credit it cannot be refused by the writer, so an
            // overflow here is a broken ledger (the writer reserves in-flight amounts against it)
            balance = addWithinRange(view, event, view.balanceMinor, event.amountMinor());
        } else {
            throw new IllegalArgumentException("unknown ledger event " + event.getClass());
        }
        requireBalanceAfter(view, event, balance);
        return new BalanceView(balance, view.currency, event.version(), event.occurredAt(), AccountStatus.OPEN, view.owner);
    }

    private static void requireBalanceAfter(BalanceView view, LedgerEvent event, long folded) {
        if (folded != event.balanceAfterMinor()) {
            throw violation(Violation.BALANCE_MISMATCH, view, event,
                    "folded balance " + folded + ", event balanceAfter " + event.balanceAfterMinor());
        }
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

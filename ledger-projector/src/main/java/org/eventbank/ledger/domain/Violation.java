package org.eventbank.ledger.domain;

/**
 * Why an event cannot be folded: the ledger broke one of its guarantees. Any of these stops the
 * projector, since skipping the event would show a wrong balance. Names are stable (they appear in
 * logs that operators search).
 */
public enum Violation {
    /** The record key is not the event's account id. */
    KEY_MISMATCH,
    /** The version is higher than last + 1: events are missing. */
    VERSION_GAP,
    /** The version is at most the last one folded: an event was written twice. */
    DUPLICATE_VERSION,
    /** A deposit, withdrawal or closing for an account that was never opened. */
    NOT_OPENED,
    /** A second opening for an account (version 1 would also be a duplicate; kept for clarity). */
    ALREADY_OPENED,
    /** A money event in another currency than the account's. */
    CURRENCY_CHANGE,
    /** A money event whose amount is not positive. */
    NON_POSITIVE_AMOUNT,
    /** The event's balanceAfter is not the folded balance plus or minus its amount. */
    BALANCE_MISMATCH,
    /** The fold would make the balance negative or exceed Long.MAX_VALUE. */
    BALANCE_OUT_OF_RANGE,
    /** occurredAt went backwards within an account, which would give "as of an instant" two answers. */
    TIME_WENT_BACKWARDS,
    /** A closing of an account whose folded balance is not 0: the money would vanish from the ledger. */
    CLOSE_WITH_NONZERO_BALANCE,
    /** Any event after the account's AccountClosed: a closed account takes no events. */
    EVENT_AFTER_CLOSE,
    /** Two events of one transfer disagree on its accounts, amount, currency or debit version. */
    TRANSFER_LEGS_DISAGREE,
    /** A second debit of a transfer (another event than the first), or a second credit or reversal. */
    TRANSFER_LEG_TWICE
}

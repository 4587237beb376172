package org.eventbank.account.domain;

/**
 * Why the decider refused a command. Stable names, listed in precedence order: when a command
 * breaks several rules, the first one listed is reported. {@code EXPIRED} comes first: a command past
 * its deadline is never decided, so no other rule is even looked at. {@code ACCOUNT_CLOSED} comes before
 * {@code VERSION_CONFLICT}: no retry with a fresh version can help a closed account, so the client
 * hears the lasting reason first.
 */
public enum RejectionCode {
    EXPIRED,
    INVALID_ACCOUNT_ID,
    INVALID_OWNER,
    ACCOUNT_NOT_FOUND,
    ACCOUNT_EXISTS,
    ACCOUNT_CLOSED,
    VERSION_CONFLICT,
    INVALID_AMOUNT,
    INVALID_CURRENCY,
    CURRENCY_MISMATCH,
    INSUFFICIENT_FUNDS,
    BALANCE_OVERFLOW,
    BALANCE_NOT_ZERO,
    TRANSFERS_IN_FLIGHT
}

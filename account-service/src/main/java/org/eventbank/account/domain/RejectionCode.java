package org.eventbank.account.domain;

/**
 * Why the decider refused a command. Stable names, listed in precedence order: when a command
 * breaks several rules, the first one listed is reported. {@code EXPIRED} comes first: a command past
 * its deadline is never decided, so no other rule is even looked at. {@code ACCOUNT_CLOSED} comes before
 * {@code VERSION_CONFLICT}: no retry with a fresh version can help a closed account, so the client
 * hears the lasting reason first. {@code NOT_OWNER} comes right after {@code EXPIRED}: whoever may not touch the
 * account learns nothing else about it (decision 0015).
 */
public enum RejectionCode {
    EXPIRED,
    /**
     * A customer's command on an account another customer owns, or opening one in another's name. The edge answers
     * it as an unknown account (404) so that nobody learns another's account exists; never remembered under the
     * Idempotency-Key.
     */
    NOT_OWNER,
    INVALID_ACCOUNT_ID,
    /** A transfer to the account it comes from. */
    SAME_ACCOUNT,
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

package org.eventbank.account.domain;

/**
 * Why the decider refused a command. Stable names, listed in precedence order: when a command
 * breaks several rules, the first one listed is reported.
 */
public enum RejectionCode {
    INVALID_ACCOUNT_ID,
    INVALID_OWNER,
    ACCOUNT_NOT_FOUND,
    ACCOUNT_EXISTS,
    VERSION_CONFLICT,
    INVALID_AMOUNT,
    INVALID_CURRENCY,
    CURRENCY_MISMATCH,
    INSUFFICIENT_FUNDS,
    BALANCE_OVERFLOW
}

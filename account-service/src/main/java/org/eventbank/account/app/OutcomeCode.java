package org.eventbank.account.app;

import org.eventbank.account.domain.RejectionCode;

/**
 * Why a command was rejected: every {@link RejectionCode} of the decider (EXPIRED among them: not decided before
 * its deadline, nothing written), plus the two the processor adds around it (the Idempotency-Key was used for
 * another request; a code this version does not know, such as the results contract's outcomes of later issues:
 * TRANSFER_REVERSED, SAME_ACCOUNT).
 */
public enum OutcomeCode {
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
    TRANSFERS_IN_FLIGHT,
    IDEMPOTENCY_KEY_REUSED,
    UNKNOWN_REJECTION;

    public static OutcomeCode of(RejectionCode code) {
        return valueOf(code.name());
    }
}

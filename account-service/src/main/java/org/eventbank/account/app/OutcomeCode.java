package org.eventbank.account.app;

import org.eventbank.account.domain.RejectionCode;

/**
 * Why a command was rejected: every {@link RejectionCode} of the decider (EXPIRED among them: not decided before
 * its deadline, nothing written), plus the two the processor adds around it (the Idempotency-Key was used for
 * another request; a code this version does not know). A transfer the payee's writer sent back is TRANSFER_REVERSED.
 */
public enum OutcomeCode {
    EXPIRED,
    INVALID_ACCOUNT_ID,
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
    TRANSFERS_IN_FLIGHT,
    IDEMPOTENCY_KEY_REUSED,
    TRANSFER_REVERSED,
    UNKNOWN_REJECTION;

    /**
     * What a decider's rejection is reported as. Every code as itself, but {@link RejectionCode#NOT_OWNER}, which is
     * never told (decision 0015): a customer on another's account hears {@code ACCOUNT_NOT_FOUND}, exactly as for an
     * account that does not exist, and one opening an account in another's name {@code INVALID_OWNER}.
     *
     * @param openAccount whether the refused command opens an account
     */
    public static OutcomeCode reported(RejectionCode code, boolean openAccount) {
        if (code == RejectionCode.NOT_OWNER) {
            return openAccount ? INVALID_OWNER : ACCOUNT_NOT_FOUND;
        }
        return valueOf(code.name());
    }
}

package org.eventbank.account.domain;

/** Why the payee's writer did not take a transfer, so its money went back to the payer (decision 0016). */
public enum ReversalReason {
    /** The payee account was never opened. */
    PAYEE_NOT_FOUND,
    /** The payee account is closed. */
    PAYEE_CLOSED,
    /** The payee account holds another currency than the payer's. */
    CURRENCY_MISMATCH,
    /** The payee's balance, with what it has in flight to others, would pass {@link Long#MAX_VALUE}. */
    BALANCE_OVERFLOW
}

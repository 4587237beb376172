package org.eventbank.ledger.domain;

import java.util.Locale;

/**
 * Why a transfer's money came back to the payer (contract v3), with a stable code for the projector's stores and the
 * name the REST contract shows: lower case with dashes ({@code payee-not-found}).
 */
public enum TransferReversalReason {
    /** A reason this build does not know (a newer writer's), or none given. */
    UNKNOWN(0),
    PAYEE_NOT_FOUND(1),
    PAYEE_CLOSED(2),
    CURRENCY_MISMATCH(3),
    BALANCE_OVERFLOW(4);

    private final int code;

    TransferReversalReason(int code) {
        this.code = code;
    }

    /** One byte in the projector's stores; never reuse a code. */
    public int code() {
        return code;
    }

    /** The reason as GET /transfers/{id} and the statement show it, e.g. {@code payee-not-found}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static TransferReversalReason ofCode(int code) {
        for (TransferReversalReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown transfer reversal reason code " + code);
    }
}

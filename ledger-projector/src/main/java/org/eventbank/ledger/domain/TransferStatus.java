package org.eventbank.ledger.domain;

import java.util.Locale;

/** Where a transfer stands, as GET /transfers/{id} shows it (lower-cased): debited only, credited, or sent back. */
public enum TransferStatus {
    /** The payer is debited; neither the credit nor the reversal is folded yet. */
    PENDING,
    /** The payee is credited: the transfer is over. */
    COMPLETED,
    /** The money came back to the payer: the transfer is over. */
    REVERSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

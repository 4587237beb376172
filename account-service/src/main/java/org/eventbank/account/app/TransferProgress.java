package org.eventbank.account.app;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where one transfer stands, as the result of its command tells it (decision 0016).
 *
 * @param stage          pending (debited, not yet credited), completed (credited) or reversed (the money came back)
 * @param debitVersion   the payer's version after the debit
 * @param creditVersion  the payee's version after the credit, once completed
 * @param reversalReason why the payee's account did not take it, once reversed (the wire's reason, e.g. PAYEE_CLOSED)
 */
public record TransferProgress(Stage stage, String transferId, String fromAccountId, String toAccountId, long amountMinor,
                               String currency, long debitVersion, OptionalLong creditVersion,
                               Optional<String> reversalReason) {

    /** The three states of a transfer; every transfer ends in exactly one of the last two. */
    public enum Stage {
        PENDING,
        COMPLETED,
        REVERSED
    }
}

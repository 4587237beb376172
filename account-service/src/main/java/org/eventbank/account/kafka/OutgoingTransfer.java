package org.eventbank.account.kafka;

import java.util.Optional;
import org.eventbank.schemas.avro.CommandResult;

/**
 * A transfer debited from one of this task's accounts and not yet credited or reversed, in the {@value
 * CommandProcessorTopology#TRANSFERS_OUT_STORE} store under its transferId. Its presence is what makes the payer's
 * writer act on a REVERSE or CREDITED instruction exactly once: the first removes it, a repeat finds nothing.
 *
 * @param pendingResult       the transfer command's TRANSFER_PENDING result, as sent when the debit was written; the
 *                            final result is built from it
 * @param idempotencyStoreKey where the command's Idempotency-Key entry is, if it had a key: the final result replaces
 *                            the pending one there, so a replay answers the transfer as it stands
 */
record OutgoingTransfer(CommandResult pendingResult, Optional<String> idempotencyStoreKey) {
}

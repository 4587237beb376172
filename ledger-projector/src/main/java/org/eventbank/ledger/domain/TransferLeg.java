package org.eventbank.ledger.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of a transfer as the transfer's view needs it, with the owner of the account it changed: the fold of that
 * account knows the owner (its view holds it), the transfer's view, kept on another partition, does not. So each leg
 * carries it, and the view learns the payer's owner from a debit or reversal and the payee's from a credit.
 *
 * @param type           TRANSFER_DEBITED, TRANSFER_CREDITED or TRANSFER_REVERSED
 * @param accountId      the account the event changed: the payer on a debit or reversal, the payee on a credit
 * @param counterpartyAccountId the other account
 * @param debitVersion   the version of the payer's debit: the event's own on a debit, the one it settles otherwise
 * @param reference      the client's identifier on a debit, or null
 * @param reason         on a reversal, why; null otherwise
 * @param accountOwner   the owner of {@code accountId}, or null when the fold does not know it (a view folded before
 *                       owners were kept): then only auditors see that side
 */
public record TransferLeg(EventType type, String transferId, String accountId, long version, Instant occurredAt, long amountMinor,
                          String currency, String counterpartyAccountId, long debitVersion, String reference,
                          TransferReversalReason reason, String eventId, String accountOwner) {

    public TransferLeg {
        if (!type.isTransfer()) {
            throw new IllegalArgumentException("a transfer leg of type " + type);
        }
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(counterpartyAccountId, "counterpartyAccountId");
        Objects.requireNonNull(eventId, "eventId");
        if ((type == EventType.TRANSFER_REVERSED) != (reason != null)) {
            throw new IllegalArgumentException("a reason exactly on a reversal, not on a leg of type " + type);
        }
        if (reference != null && type != EventType.TRANSFER_DEBITED) {
            throw new IllegalArgumentException("a reference on a leg of type " + type);
        }
    }

    /** The leg of a transfer event folded on an account owned by {@code accountOwner} (null: not known). */
    public static TransferLeg of(LedgerEvent.Transfer event, String accountOwner) {
        String reference = null;
        TransferReversalReason reason = null;
        long debitVersion;
        if (event instanceof LedgerEvent.TransferDebited debited) {
            reference = debited.reference();
            debitVersion = debited.version();
        } else if (event instanceof LedgerEvent.TransferCredited credited) {
            debitVersion = credited.payerDebitVersion();
        } else if (event instanceof LedgerEvent.TransferReversed reversed) {
            reason = reversed.reason();
            debitVersion = reversed.debitVersion();
        } else {
            throw new IllegalArgumentException("unknown transfer event " + event.getClass());
        }
        return new TransferLeg(EventType.of(event), event.transferId(), event.accountId(), event.version(), event.occurredAt(),
                event.amountMinor(), event.currency(), event.counterpartyAccountId(), debitVersion, reference, reason, event.eventId(),
                accountOwner);
    }

    public boolean isDebit() {
        return type == EventType.TRANSFER_DEBITED;
    }

    public String payerAccountId() {
        return type == EventType.TRANSFER_CREDITED ? counterpartyAccountId : accountId;
    }

    public String payeeAccountId() {
        return type == EventType.TRANSFER_CREDITED ? accountId : counterpartyAccountId;
    }
}

package org.eventbank.ledger.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of an account's statement: what the event at this version did, the balance after it, (contract v2) who
 * asked and the business operation it belongs to, null where not known, and (contract v3) for a transfer's event the
 * other account and what only that event says ({@link Transfer}), null for every other event.
 */
public record HistoryEntry(long version, Instant occurredAt, EventType type, long amountMinor, long balanceAfterMinor, String eventId,
                           Initiator initiatedBy, String correlationId, Transfer transfer) {

    /**
     * What a transfer's entry shows besides the amount (contract v3); its transferId is the entry's correlation id.
     *
     * @param counterpartyAccountId the other account: the payee on a debit or reversal, the payer on a credit
     * @param reference             the client's identifier of the transfer on a debit, or null (always null otherwise)
     * @param reason                why the money came back on a reversal; null on a debit or credit
     */
    public record Transfer(String counterpartyAccountId, String reference, TransferReversalReason reason) {
        public Transfer {
            Objects.requireNonNull(counterpartyAccountId, "counterpartyAccountId");
        }
    }

    public HistoryEntry {
        // the type says whether there is a transfer part: a store value claiming otherwise is refused, not guessed at
        if (type.isTransfer() != (transfer != null)) {
            throw new IllegalArgumentException("an entry of type " + type + (transfer == null ? " without" : " with")
                    + " transfer details");
        }
        if (transfer != null && transfer.reason() != null && type != EventType.TRANSFER_REVERSED) {
            throw new IllegalArgumentException("a reversal reason on an entry of type " + type);
        }
        if (type == EventType.TRANSFER_REVERSED && transfer.reason() == null) {
            throw new IllegalArgumentException("a reversal entry without its reason");
        }
        if (transfer != null && transfer.reference() != null && type != EventType.TRANSFER_DEBITED) {
            throw new IllegalArgumentException("a reference on an entry of type " + type);
        }
    }

    /** An entry that is not a transfer's, as every entry before contract v3. */
    public HistoryEntry(long version, Instant occurredAt, EventType type, long amountMinor, long balanceAfterMinor, String eventId,
                        Initiator initiatedBy, String correlationId) {
        this(version, occurredAt, type, amountMinor, balanceAfterMinor, eventId, initiatedBy, correlationId, null);
    }

    /** An entry with no initiator and no correlation, as every entry before contract v2. */
    public HistoryEntry(long version, Instant occurredAt, EventType type, long amountMinor, long balanceAfterMinor, String eventId) {
        this(version, occurredAt, type, amountMinor, balanceAfterMinor, eventId, null, null);
    }

    public static HistoryEntry of(LedgerEvent event) {
        return new HistoryEntry(event.version(), event.occurredAt(), EventType.of(event), event.amountMinor(),
                event.balanceAfterMinor(), event.eventId(), event.initiatedBy(), event.correlationId(), transferOf(event));
    }

    private static Transfer transferOf(LedgerEvent event) {
        if (event instanceof LedgerEvent.TransferDebited debited) {
            return new Transfer(debited.counterpartyAccountId(), debited.reference(), null);
        } else if (event instanceof LedgerEvent.TransferCredited credited) {
            return new Transfer(credited.counterpartyAccountId(), null, null);
        } else if (event instanceof LedgerEvent.TransferReversed reversed) {
            return new Transfer(reversed.counterpartyAccountId(), null, reversed.reason());
        }
        return null;
    }

    /** The account's status right after this event: the fold lets nothing follow a closing. */
    public AccountStatus statusAfter() {
        return type == EventType.ACCOUNT_CLOSED ? AccountStatus.CLOSED : AccountStatus.OPEN;
    }
}

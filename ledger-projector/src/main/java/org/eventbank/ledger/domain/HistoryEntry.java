package org.eventbank.ledger.domain;

import java.time.Instant;

/**
 * One line of an account's statement: what the event at this version did, the balance after it, and
 * (contract v2) who asked and the business operation it belongs to, null where not known.
 */
public record HistoryEntry(long version, Instant occurredAt, EventType type, long amountMinor, long balanceAfterMinor, String eventId,
                           Initiator initiatedBy, String correlationId) {

    /** An entry with no initiator and no correlation, as every entry before contract v2. */
    public HistoryEntry(long version, Instant occurredAt, EventType type, long amountMinor, long balanceAfterMinor, String eventId) {
        this(version, occurredAt, type, amountMinor, balanceAfterMinor, eventId, null, null);
    }

    public static HistoryEntry of(LedgerEvent event) {
        return new HistoryEntry(event.version(), event.occurredAt(), EventType.of(event), event.amountMinor(),
                event.balanceAfterMinor(), event.eventId(), event.initiatedBy(), event.correlationId());
    }

    /** The account's status right after this event: the fold lets nothing follow a closing. */
    public AccountStatus statusAfter() {
        return type == EventType.ACCOUNT_CLOSED ? AccountStatus.CLOSED : AccountStatus.OPEN;
    }
}

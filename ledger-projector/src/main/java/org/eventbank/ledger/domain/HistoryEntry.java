package org.eventbank.ledger.domain;

import java.time.Instant;

/**
 * One line of an account's statement: what the event at this version did and the balance after it.
 */
public record HistoryEntry(long version, Instant occurredAt, EventType type, long amountMinor, long balanceAfterMinor, String eventId) {

    public static HistoryEntry of(LedgerEvent event) {
        return new HistoryEntry(event.version(), event.occurredAt(), EventType.of(event), event.amountMinor(),
                event.balanceAfterMinor(), event.eventId());
    }
}

package org.eventbank.ledger.domain;

/** The kind of a ledger event, with a stable code for the history store and a stable name for the REST statement. */
public enum EventType {
    ACCOUNT_OPENED(1, "AccountOpened"),
    DEPOSITED(2, "Deposited"),
    WITHDRAWN(3, "Withdrawn"),
    /** Contract v2; a history entry of this type is stored in format 2, which an older build cannot read. */
    ACCOUNT_CLOSED(4, "AccountClosed"),
    /** Contract v3, like the next two; a history entry of these types is stored in format 4. */
    TRANSFER_DEBITED(5, "TransferDebited"),
    TRANSFER_CREDITED(6, "TransferCredited"),
    TRANSFER_REVERSED(7, "TransferReversed");

    private final int code;
    private final String wireName;

    EventType(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    /** One byte in the history store; never reuse a code. */
    public int code() {
        return code;
    }

    /** The name shown in a statement, equal to the event's Avro record name. */
    public String wireName() {
        return wireName;
    }

    /** Whether this is one of the three events of a transfer (contract v3). */
    public boolean isTransfer() {
        return this == TRANSFER_DEBITED || this == TRANSFER_CREDITED || this == TRANSFER_REVERSED;
    }

    public static EventType ofCode(int code) {
        for (EventType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown event type code " + code);
    }

    public static EventType of(LedgerEvent event) {
        if (event instanceof LedgerEvent.AccountOpened) {
            return ACCOUNT_OPENED;
        } else if (event instanceof LedgerEvent.Deposited) {
            return DEPOSITED;
        } else if (event instanceof LedgerEvent.Withdrawn) {
            return WITHDRAWN;
        } else if (event instanceof LedgerEvent.AccountClosed) {
            return ACCOUNT_CLOSED;
        } else if (event instanceof LedgerEvent.TransferDebited) {
            return TRANSFER_DEBITED;
        } else if (event instanceof LedgerEvent.TransferCredited) {
            return TRANSFER_CREDITED;
        } else if (event instanceof LedgerEvent.TransferReversed) {
            return TRANSFER_REVERSED;
        }
        throw new IllegalArgumentException("unknown ledger event " + event.getClass());
    }
}

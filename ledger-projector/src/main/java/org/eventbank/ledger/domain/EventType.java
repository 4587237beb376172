package org.eventbank.ledger.domain;

/** The kind of a ledger event, with a stable code for the history store and a stable name for the REST statement. */
public enum EventType {
    ACCOUNT_OPENED(1, "AccountOpened"),
    DEPOSITED(2, "Deposited"),
    WITHDRAWN(3, "Withdrawn"),
    /** Contract v2; a history entry of this type is stored in format 2, which an older build cannot read. */
    ACCOUNT_CLOSED(4, "AccountClosed");

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
        }
        throw new IllegalArgumentException("unknown ledger event " + event.getClass());
    }
}

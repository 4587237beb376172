package org.eventbank.ledger.kafka;

/** The fold met a record it must not skip; the message names account, versions, topic, partition and offset. */
public final class LedgerProjectionStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LedgerProjectionStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}

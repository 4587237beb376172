package org.eventbank.ledger.kafka;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;

/** The fold met a record it must not skip; the message names account, versions, topic, partition and offset. */
public final class LedgerProjectionStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LedgerProjectionStoppedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The one way a processor of the projector stops on the record it is processing: the reason with the record's
     * position is logged (by the processor's own logger) and kept for readiness, and the exception to throw returned.
     */
    static LedgerProjectionStoppedException at(ProcessorContext<?, ?> context, ProjectionProgress progress, Logger log,
                                               String problem, Throwable cause) {
        String where = context.recordMetadata().map(LedgerProjectionStoppedException::position).orElse("unknown position");
        String message = "Stopping the ledger projector: " + problem + " at " + where
                + ". Nothing after this record is folded; see docs/operations.md (recovery after the projector stops).";
        log.error(message);
        progress.stopped(message);
        return new LedgerProjectionStoppedException(message, cause);
    }

    /** A record's place in the log, as every stop and warning of the projector names it. */
    static String position(RecordMetadata metadata) {
        return "topic " + metadata.topic() + " partition " + metadata.partition() + " offset " + metadata.offset();
    }
}

package org.eventbank.schemas.serde;

import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that cannot be decoded: a bad single-object header, a fingerprint no released schema
 * has, a schema this topic does not carry, or a corrupt body. Never swallowed: a Kafka Streams
 * app stops on it, a plain consumer gets it wrapped with the partition and offset.
 */
public final class UndecodableRecordException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private final Long fingerprint;

    UndecodableRecordException(String topic, Long fingerprint, String reason, Throwable cause) {
        super(message(topic, fingerprint, reason), cause);
        this.fingerprint = fingerprint;
    }

    /** The writer-schema fingerprint read from the header, or null when the header itself was bad. */
    public Long fingerprint() {
        return fingerprint;
    }

    static String hex(long fingerprint) {
        return "0x" + HexFormat.of().toHexDigits(fingerprint);
    }

    private static String message(String topic, Long fingerprint, String reason) {
        return "cannot decode record on topic " + topic
                + (fingerprint == null ? "" : " with writer-schema fingerprint " + hex(fingerprint))
                + ": " + reason;
    }
}

package org.eventbank.kit.streams;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unknown data stops, never skips: a record that cannot be decoded fails the task (and, through the
 * uncaught exception handler, shuts the Streams client down and turns readiness red). Like Kafka's
 * LogAndFailExceptionHandler, but one log line names the topic, partition, offset and key (the
 * account) together with the decoder's reason, which for a fingerprint this reader does not know
 * says "upgrade this reader first". Skipping a record is a deliberate operator action
 * (docs/operations.md), never automatic. Both services set it.
 */
public final class StopOnUndecodableRecord implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(StopOnUndecodableRecord.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String key = record.key() == null ? "(no key)" : new String(record.key(), StandardCharsets.UTF_8);
        log.error("undecodable record on topic {} partition {} offset {}, key {}: {}; stopping this Streams client (nothing"
                + " after this record is processed; see docs/operations.md)", context.topic(), context.partition(), context.offset(),
                key, exception.getMessage(), exception);
        return Response.fail();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}

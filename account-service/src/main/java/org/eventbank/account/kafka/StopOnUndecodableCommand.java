package org.eventbank.account.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unknown data stops, never skips: a command that cannot be decoded fails the task (and, through
 * the uncaught exception handler, shuts the Streams client down and turns readiness red). Like
 * Kafka's LogAndFailExceptionHandler, but the log line also names the account (the record key), so
 * an operator can find the record; skipping it is a deliberate operator action (see docs), never
 * automatic.
 */
public final class StopOnUndecodableCommand implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(StopOnUndecodableCommand.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String account = record.key() == null ? "(no key)" : new String(record.key(), StandardCharsets.UTF_8);
        log.error("undecodable record on topic {} partition {} offset {} for account {}: stopping the command processor",
                context.topic(), context.partition(), context.offset(), account, exception);
        return Response.fail();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}

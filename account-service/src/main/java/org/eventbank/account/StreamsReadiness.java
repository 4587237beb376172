package org.eventbank.account;

import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.eventbank.account.http.Readiness;
import org.eventbank.account.results.CommandResultListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready only while the command processor is RUNNING (seen by a state listener) and the result
 * listener is assigned; not in CREATED, REBALANCING, PENDING_SHUTDOWN, NOT_RUNNING or ERROR.
 */
final class StreamsReadiness implements Readiness, KafkaStreams.StateListener {

    private static final Logger log = LoggerFactory.getLogger(StreamsReadiness.class);

    private final CommandResultListener listener;
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;

    StreamsReadiness(CommandResultListener listener) {
        this.listener = listener;
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        state = newState;
        if (newState == KafkaStreams.State.ERROR) {
            log.error("command processor went from {} to ERROR: this instance is not ready and takes no commands", oldState);
        } else {
            log.info("command processor {} -> {}", oldState, newState);
        }
    }

    @Override
    public Optional<String> notReadyReason() {
        KafkaStreams.State current = state;
        if (current != KafkaStreams.State.RUNNING) {
            return Optional.of("the command processor is " + current);
        }
        if (!listener.isAssigned()) {
            return Optional.of("the command result listener is not assigned yet");
        }
        return Optional.empty();
    }
}

package org.eventbank.kit.streams;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eventbank.kit.http.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready only while a Streams client is RUNNING, as seen by its state listener (not in CREATED,
 * REBALANCING, PENDING_SHUTDOWN, NOT_RUNNING or ERROR), and while the service's own extra condition
 * holds. {@link #attach} also sets the uncaught-exception handler both services need: a bug or
 * undecodable data shuts the client down (and readiness turns red), never a thread replaced to fail
 * on the same record forever.
 */
public final class StreamsReadiness implements Readiness, KafkaStreams.StateListener {

    private static final Logger log = LoggerFactory.getLogger(StreamsReadiness.class);

    private final String name;
    private final Supplier<Optional<String>> alsoRequired;
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;

    /**
     * @param name         what the client is, for log lines and reasons ("the command processor")
     * @param alsoRequired empty when the service's other parts are ready, otherwise why not
     */
    public StreamsReadiness(String name, Supplier<Optional<String>> alsoRequired) {
        this.name = name;
        this.alsoRequired = alsoRequired;
    }

    public StreamsReadiness(String name) {
        this(name, Optional::empty);
    }

    /** Listens to {@code streams} and stops it on an uncaught exception; call before {@code start()}. */
    public void attach(KafkaStreams streams) {
        streams.setStateListener(this);
        streams.setUncaughtExceptionHandler(error -> {
            log.error("{} failed: shutting the Streams client down (never replacing the thread); not ready from now on",
                    name, error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        state = newState;
        if (newState == KafkaStreams.State.ERROR) {
            log.error("{} went from {} to ERROR: this instance is not ready", name, oldState);
        } else {
            log.info("{} {} -> {}", name, oldState, newState);
        }
    }

    public KafkaStreams.State state() {
        return state;
    }

    @Override
    public Optional<String> notReadyReason() {
        KafkaStreams.State current = state;
        if (current != KafkaStreams.State.RUNNING) {
            return Optional.of(name + " is " + current);
        }
        return alsoRequired.get();
    }
}

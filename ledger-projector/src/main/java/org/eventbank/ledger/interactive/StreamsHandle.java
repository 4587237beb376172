package org.eventbank.ledger.interactive;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.streams.KafkaStreams;
import org.eventbank.ledger.http.ProblemException;
import org.eventbank.ledger.http.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Streams client and the state its listener last saw. The HTTP server starts before the client
 * exists (the client's application.server needs the bound port), so until {@link #attach} every
 * query is 503 not-ready. Ready only in RUNNING; ERROR, PENDING_SHUTDOWN, NOT_RUNNING and
 * REBALANCING are not ready.
 */
public final class StreamsHandle implements Readiness, KafkaStreams.StateListener {

    private static final Logger log = LoggerFactory.getLogger(StreamsHandle.class);

    private final AtomicReference<KafkaStreams> streams = new AtomicReference<>();
    private volatile KafkaStreams.State state;

    public void attach(KafkaStreams client) {
        client.setStateListener(this);
        streams.set(client);
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        state = newState;
        if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.PENDING_ERROR) {
            log.error("Kafka Streams went from {} to {}: the projector has stopped folding and is not ready", oldState, newState);
        } else {
            log.info("Kafka Streams went from {} to {}", oldState, newState);
        }
    }

    @Override
    public boolean ready() {
        return state == KafkaStreams.State.RUNNING;
    }

    @Override
    public String state() {
        KafkaStreams.State current = state;
        return current == null ? "STARTING" : current.name();
    }

    /** The client, if it is RUNNING; otherwise 503 not-ready. */
    KafkaStreams running() {
        KafkaStreams client = streams.get();
        if (client == null || !ready()) {
            throw ProblemException.notReady("the projector is not running (Kafka Streams state " + state() + ")");
        }
        return client;
    }
}

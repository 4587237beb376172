package org.eventbank.ledger.kafka;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.streams.KafkaStreams;
import org.eventbank.kit.http.Readiness;
import org.eventbank.kit.streams.StreamsReadiness;

/**
 * The Streams client and the state its listener last saw (the kit's {@link StreamsReadiness}). The
 * HTTP server starts before the client exists (the client's application.server needs the bound port),
 * so until {@link #attach} every query is unavailable (503 not-ready). Ready, and answering queries, as the kit's
 * {@link StreamsReadiness} decides: in RUNNING, and through a bounded rebalance once it has run (the partitions that
 * stay here keep answering while the group moves the others); and, after a rebuild, only once the fold has reached the
 * end offsets seen at start. A store that moves away during a rebalance is closed and read as unavailable, never stale.
 */
public final class StreamsHandle {

    private final StreamsReadiness readiness;
    private final AtomicReference<KafkaStreams> streams = new AtomicReference<>();
    private final ProjectionProgress progress;

    /** @param progress the fold's progress, whose stop reason {@link #readiness()} adds to the client's state */
    public StreamsHandle(ProjectionProgress progress) {
        this(progress, Optional::empty);
    }

    /**
     * @param alsoRequired empty when the projector may answer once RUNNING, otherwise why not (a rebuild still folding
     *                     the ledger it saw at start): not ready, and every query 503, until it is empty
     */
    public StreamsHandle(ProjectionProgress progress, Supplier<Optional<String>> alsoRequired) {
        this.progress = progress;
        this.readiness = new StreamsReadiness("the ledger projector", alsoRequired);
    }

    /**
     * Listens to the client's state and shuts it down on an uncaught exception (never replacing the
     * thread, which would fail on the same record forever); call before {@code start()}.
     */
    public void attach(KafkaStreams client) {
        readiness.attach(client);
        streams.set(client);
    }

    /**
     * The readiness of /health/ready: the client's state and, once the fold has stopped on a record, why,
     * so the answer names the record and the remedy and not only "ERROR"; and of /health/live: dead only after
     * transient faults exhausted the thread replacements (a stop on a record keeps it live).
     */
    public Readiness readiness() {
        return new Readiness() {
            @Override
            public Optional<String> notReadyReason() {
                return readiness.notReadyReason()
                        .map(reason -> progress.stopReason().map(stop -> reason + ". " + stop).orElse(reason));
            }

            @Override
            public Optional<String> deadReason() {
                return readiness.deadReason();
            }
        };
    }

    public boolean ready() {
        return streams.get() != null && readiness.notReadyReason().isEmpty();
    }

    public String state() {
        return streams.get() == null ? "STARTING" : readiness.state().name();
    }

    /** The client, if it is ready (RUNNING, or in a bounded rebalance after running); otherwise empty (see {@link #notRunning()}). */
    Optional<KafkaStreams> running() {
        KafkaStreams client = streams.get();
        if (client == null || !ready()) {
            return Optional.empty();
        }
        return Optional.of(client);
    }

    /** Why {@link #running()} is empty. */
    String notRunning() {
        return "the projector is not running (Kafka Streams state " + state() + ")";
    }
}

package org.eventbank.kit.streams;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eventbank.kit.http.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready while a Streams client is RUNNING, as seen by its state listener, and while the service's own extra condition
 * holds; also through a rebalance of a client that has been RUNNING, for at most {@link #REBALANCE_READY_MAX}: under
 * Kafka's cooperative rebalancing the tasks that do not move keep running and their stores stay queryable, so an
 * instance that loses a peer keeps answering for what it owns instead of going dark for the whole group's rebalance.
 * Not ready in CREATED, the first REBALANCING, PENDING_SHUTDOWN, NOT_RUNNING or ERROR. {@link #attach} also sets the uncaught-exception handler both services need: a bug or
 * undecodable data shuts the client down (and readiness turns red), never a thread replaced to fail
 * on the same record forever; a transient fault replaces the thread a bounded number of times, then
 * the client stops and {@link #deadReason} says a restart is due.
 */
public final class StreamsReadiness implements Readiness, KafkaStreams.StateListener {

    private static final Logger log = LoggerFactory.getLogger(StreamsReadiness.class);

    /**
     * How many times a stream thread that died of a transient fault is replaced in the life of one client before the
     * client is shut down and reported dead (a restart of the instance is then the remedy).
     */
    public static final int THREAD_REPLACEMENTS_MAX = 3;

    /**
     * How long a client that has been RUNNING stays ready in REBALANCING: a rebalance after a peer's crash or departure
     * takes seconds (the partitions move when the session times out, restoring goes on after it); one that lasts longer
     * is a client that cannot reach the group, whose stores are no longer being kept up.
     */
    public static final Duration REBALANCE_READY_MAX = Duration.ofSeconds(30);

    private final String name;
    private final Supplier<Optional<String>> alsoRequired;
    private final Supplier<Optional<String>> alsoAlive;
    private final AtomicInteger replacements = new AtomicInteger();
    private final LongSupplier nanoTime;
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private volatile boolean hasRun;
    private volatile long rebalancingSinceNanos;
    private volatile String deadReason;
    /** Why the client was shut down, where that says more than its state (a missing ACL). */
    private volatile String stopReason;

    /**
     * @param name         what the client is, for log lines and reasons ("the command processor")
     * @param alsoRequired empty when the service's other parts are ready, otherwise why not
     */
    public StreamsReadiness(String name, Supplier<Optional<String>> alsoRequired) {
        this(name, alsoRequired, Optional::empty);
    }

    /** @param alsoAlive empty while the service's other parts are alive, otherwise why a restart is needed */
    public StreamsReadiness(String name, Supplier<Optional<String>> alsoRequired, Supplier<Optional<String>> alsoAlive) {
        this(name, alsoRequired, alsoAlive, System::nanoTime);
    }

    StreamsReadiness(String name, Supplier<Optional<String>> alsoRequired, Supplier<Optional<String>> alsoAlive,
                     LongSupplier nanoTime) {
        this.name = name;
        this.alsoRequired = alsoRequired;
        this.alsoAlive = alsoAlive;
        this.nanoTime = nanoTime;
    }

    public StreamsReadiness(String name) {
        this(name, Optional::empty);
    }

    /** Listens to {@code streams} and decides on its uncaught exceptions ({@link #onUncaught}); call before {@code start()}. */
    public void attach(KafkaStreams streams) {
        streams.setStateListener(this);
        streams.setUncaughtExceptionHandler(this::onUncaught);
    }

    /**
     * A stream thread died. Of a transient fault (a Kafka error marked retriable: a timeout, a lost connection, a
     * leader moving): the thread is replaced, up to {@value #THREAD_REPLACEMENTS_MAX} times in the client's life, then
     * the client is shut down and reported dead, for a restart. Refused by Kafka for lack of an ACL: shut down at once,
     * not ready, saying which operation was refused, live (a restart cannot grant the ACL). Of anything else
     * (undecodable data, a broken invariant, a bug): the client is shut down at once and the instance stays live and not
     * ready, so that no orchestrator restarts it into the same record in a loop.
     */
    StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaught(Throwable error) {
        Optional<Throwable> refused = causeOfType(error, AuthorizationException.class);
        if (refused.isPresent()) {
            stopReason = "Kafka refused it an operation for lack of an ACL (" + refused.get().getMessage() + "): grant this"
                    + " service's principal its ACLs (docs/security.md) and restart it";
            log.error("{} stopped: {}", name, stopReason, error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Optional<Throwable> transientFault = transientCause(error);
        if (transientFault.isEmpty()) {
            log.error("{} failed on data or a bug: shutting the Streams client down (never replacing the thread, which would"
                    + " fail on the same record again); not ready from now on, and a restart would stop here again", name, error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        int replaced = replacements.incrementAndGet();
        if (replaced <= THREAD_REPLACEMENTS_MAX) {
            log.warn("{}: a stream thread died of a transient fault; replacing it ({} of {})", name, replaced,
                    THREAD_REPLACEMENTS_MAX, error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        deadReason = name + " stopped after " + THREAD_REPLACEMENTS_MAX + " stream threads were replaced for transient faults"
                + " (the last: " + transientFault.get().getClass().getSimpleName() + ": " + transientFault.get().getMessage() + ")";
        log.error("{}: shutting the Streams client down; /health/live fails so that the instance is restarted", deadReason, error);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** The fault Kafka marks retriable in the cause chain, if any: it may not happen again. */
    static Optional<Throwable> transientCause(Throwable error) {
        return causeOfType(error, RetriableException.class);
    }

    private static Optional<Throwable> causeOfType(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> deadReason() {
        String dead = deadReason;
        return dead != null ? Optional.of(dead) : alsoAlive.get();
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        if (newState == KafkaStreams.State.REBALANCING) {
            rebalancingSinceNanos = nanoTime.getAsLong();
        }
        if (newState == KafkaStreams.State.RUNNING) {
            hasRun = true;
        }
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
        if (current == KafkaStreams.State.REBALANCING && hasRun) {
            long rebalancingNanos = nanoTime.getAsLong() - rebalancingSinceNanos;
            if (rebalancingNanos > REBALANCE_READY_MAX.toNanos()) {
                return Optional.of(name + " has been REBALANCING for " + Duration.ofNanos(rebalancingNanos).toSeconds()
                        + " s, more than " + REBALANCE_READY_MAX.toSeconds() + " s");
            }
            return alsoRequired.get();
        }
        if (current != KafkaStreams.State.RUNNING) {
            String stopped = stopReason;
            return Optional.of(name + " is " + current + (stopped == null ? "" : ": " + stopped));
        }
        return alsoRequired.get();
    }
}

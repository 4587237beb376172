package org.eventbank.ledger.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.ledger.query.Finality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Decides up to which instant each ledger partition's answers are final, and after a rebuild keeps readiness red
 * until the ledger as it was at start is folded (docs/decisions/0013-final-asof.md).
 *
 * <p>Every refresh it takes its clock's instant W, then reads the last stable offset L of every partition of the
 * events topic (Admin, read_committed) and the application's committed offsets C. The sample (W, L) is confirmed
 * once the fold has passed L: C >= L, or nothing committed lies in [C, L) ({@link CommittedRecordProbe}, asked only
 * when C has not moved since the last refresh, i.e. the fold is idle or stopped, so a busy partition is never
 * read twice). A confirmed sample makes the partition final up to W - commit window - clock skew: an event with
 * occurredAt at or before that ended its transaction before W, and lies below L (anything at or past L was written
 * after the first record of a transaction still open at W, so it was decided after W - commit window - skew); so
 * it is folded. Any event committed later has a later occurredAt. The bounds are assumptions: a transaction ends
 * within the commit window of its events' occurredAt, and clocks (and the moments between a decision and its record)
 * stay within the skew. An event that proves them wrong is counted by the fold.
 *
 * <p>An idle partition does not stall it: L stays put, C (or the probe) stays at or past it, and each refresh
 * confirms a later W. A partition behind does not block the others: each has its own samples (at most
 * {@value #PENDING_SAMPLES_MAX} waiting; when full, the newest slot takes the freshest sample). Committed offsets are
 * the group's, so every instance computes the same facts for every partition, and a store read by the active owner
 * holds at least what was committed. If the cluster cannot be read, nothing moves on (asOf answers 503 for newer
 * instants), and the log says why.
 *
 * <p>Metrics: {@code ledger_projector_asof_final_lag_seconds{partition}} (now minus the final instant; NaN while
 * none) and {@code ledger_projector_asof_late_events_total} (events folded for an instant already final).
 */
public final class FinalityTracker implements Finality, AutoCloseable {

    static final int PENDING_SAMPLES_MAX = 32;
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(FinalityTracker.class);

    /** The last stable offset read at an instant. */
    private record Sample(Instant at, long stableOffset) {
    }

    /** One partition's samples waiting for the fold, oldest first; touched by the refresh thread only. */
    private static final class PartitionSamples {
        private final Deque<Sample> pending = new ArrayDeque<>();
        private Long lastCommitted;

        void add(Sample sample) {
            Sample newest = pending.peekLast();
            if (newest != null && sample.stableOffset() < newest.stableOffset()) {
                return; // a last stable offset never goes back; a lower answer is not one to build on
            }
            if (newest != null && (newest.stableOffset() == sample.stableOffset() || pending.size() >= PENDING_SAMPLES_MAX)) {
                pending.pollLast(); // the same offset read later is worth more; when full, the newest slot takes the freshest
            }
            pending.addLast(sample);
        }

        long newestStableOffset() {
            return pending.isEmpty() ? 0 : pending.peekLast().stableOffset();
        }

        /** Drops the samples the fold has passed; the instant of the newest of them, if any. */
        Optional<Instant> confirmUpTo(long folded) {
            Instant confirmed = null;
            while (!pending.isEmpty() && pending.peekFirst().stableOffset() <= folded) {
                confirmed = pending.pollFirst().at();
            }
            return Optional.ofNullable(confirmed);
        }
    }

    private final Admin admin;
    private final String groupId;
    private final String topic;
    private final int partitions;
    private final Duration bounds;
    private final Duration refresh;
    private final Clock clock;
    private final ProjectionProgress progress;
    private final CommittedRecordProbe probe;
    private final PartitionSamples[] samples;
    private volatile Map<Integer, Long> rebuildTargets = Map.of();
    private volatile List<Integer> rebuildWaitingFor = List.of();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-projector-finality");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param bounds  commit window plus clock skew: how far behind a confirmed sample's instant its final instant is
     * @param refresh how often the offsets are read
     */
    public FinalityTracker(Admin admin, KafkaConnection connection, String groupId, String topic, int partitions, Duration bounds,
                           Duration refresh, ProjectionProgress progress, MeterRegistry registry) {
        this(admin, CommittedRecordProbe.create(connection, groupId + "-finality-probe", topic), groupId, topic, partitions,
                bounds, refresh, Clock.systemUTC(), progress, registry);
    }

    FinalityTracker(Admin admin, CommittedRecordProbe probe, String groupId, String topic, int partitions, Duration bounds,
                    Duration refresh, Clock clock, ProjectionProgress progress, MeterRegistry registry) {
        this.admin = admin;
        this.probe = probe;
        this.groupId = groupId;
        this.topic = topic;
        this.partitions = partitions;
        this.bounds = bounds;
        this.refresh = refresh;
        this.clock = clock;
        this.progress = progress;
        this.samples = new PartitionSamples[partitions];
        for (int p = 0; p < partitions; p++) {
            samples[p] = new PartitionSamples();
            int partition = p;
            Gauge.builder("ledger.projector.asof.final.lag.seconds", () -> finalLagSeconds(partition))
                    .description("Now minus the instant up to which asOf answers are final (NaN while none is)")
                    .tag("partition", Integer.toString(partition)).register(registry);
        }
        FunctionCounter.builder("ledger.projector.asof.late.events", progress, ProjectionProgress::lateEvents)
                .description("Events folded for an instant already final: an earlier asOf answer was wrong (a clock or"
                        + " a transaction beyond its bound)")
                .register(registry);
    }

    /**
     * Call after a rebuild's reset and before the Streams client starts: reads the end (last stable offset) of every
     * partition now, and keeps {@link #rebuildPending()} non-empty until the fold has passed all of them.
     *
     * @throws IllegalStateException when the cluster cannot say: a rebuild that could turn ready half-folded must not start
     */
    public void holdReadinessUntilFolded() {
        try {
            Map<Integer, Long> targets = stableOffsets();
            rebuildWaitingFor = targets.keySet().stream().sorted().toList();
            rebuildTargets = Map.copyOf(targets);
            log.info("Rebuild: not ready until the fold reaches the end offsets of {} seen at start: {}", topic, targets);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end offsets of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + " for the rebuild: " + e, e);
        }
    }

    /** Empty unless a rebuild is still folding the ledger as it was at start; then which partitions it waits for. */
    public Optional<String> rebuildPending() {
        List<Integer> waiting = rebuildWaitingFor;
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("rebuilding: the fold has not yet reached the end offsets of " + topic + " seen at start on partitions "
                + waiting + " (" + rebuildTargets + ")");
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<Instant> finalUpTo(int partition) {
        return progress.finalUpTo(partition);
    }

    @Override
    public Duration trailMax() {
        return bounds.plus(refresh);
    }

    void refresh() {
        try {
            Instant at = clock.instant();
            Map<Integer, Long> stable = stableOffsets();
            Map<Integer, Long> committed = committedOffsets();
            List<Integer> waiting = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                PartitionSamples partition = samples[p];
                partition.add(new Sample(at, stable.get(p)));
                long committedOffset = committed.getOrDefault(p, 0L);
                long folded = committedOffset;
                long wanted = partition.newestStableOffset();
                if (folded < wanted && Long.valueOf(committedOffset).equals(partition.lastCommitted)) {
                    // the fold has not moved since the last refresh: idle at markers or aborted records, or stopped
                    folded = probe.firstCommittedRecord(p, committedOffset, wanted).orElse(committedOffset);
                }
                partition.lastCommitted = committedOffset;
                int partitionNumber = p;
                partition.confirmUpTo(folded).ifPresent(instant -> progress.finalUpTo(partitionNumber, instant.minus(bounds)));
                Long target = rebuildTargets.get(p);
                if (target != null && folded < target) {
                    waiting.add(p);
                }
            }
            // final instants first, then readiness: whoever sees ready also sees the past as final
            if (!rebuildWaitingFor.isEmpty() && waiting.isEmpty()) {
                log.info("Rebuild: the fold has reached the end offsets of {} seen at start ({}); ready", topic, rebuildTargets);
            }
            rebuildWaitingFor = rebuildWaitingFor.isEmpty() ? List.of() : List.copyOf(waiting);
        } catch (InterruptedException | InterruptException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (Exception e) {
            log.warn("Cannot move asOf finality on (asOf answers 503 for newer instants until it can): {}", e.toString());
        }
    }

    private Map<Integer, Long> stableOffsets() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<Integer, Long> stable = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((partition, info) -> stable.put(partition.partition(), info.offset()));
        return stable;
    }

    private Map<Integer, Long> committedOffsets() throws InterruptedException, ExecutionException, TimeoutException {
        Map<Integer, Long> committed = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        offsets.forEach((partition, offset) -> {
            if (partition.topic().equals(topic) && offset != null) {
                committed.put(partition.partition(), offset.offset());
            }
        });
        return committed;
    }

    private double finalLagSeconds(int partition) {
        return progress.finalUpTo(partition)
                .map(instant -> (clock.millis() - instant.toEpochMilli()) / 1000.0)
                .orElse(Double.NaN);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(CommittedRecordProbe.PROBE_TIMEOUT_MAX.toMillis() + ADMIN_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probe.close();
    }
}

package org.eventbank.account.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.kafka.CommittedReads;
import org.eventbank.kit.metrics.ServiceMetrics;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.topics.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers command results to the HTTP requests waiting on this instance.
 *
 * <p>In: {@code <prefix>command-results}, every partition, <em>assigned</em> (no consumer group:
 * each instance must see every result) with {@code isolation.level=read_committed}, so a result is
 * seen only once its transaction, and so its events, are committed. It starts at the end: results
 * from before this process started have nobody waiting for them. Results are never read from the
 * processor's state store, whose content may not be committed yet.
 *
 * <p>Every instance reads every result, so a result is decoded only when a request of this
 * instance waits for it (the record key is the command id). Completing a request writes its HTTP
 * answer on the completing thread, so that is handed to the {@code answers} executor: one listener
 * thread writing every response was the HTTP path's bottleneck.
 *
 * <p>It also times every result from its decision to its arrival here ({@value #COMMIT_TIMER}): the exactly-once
 * commit as a read_committed reader sees it.
 *
 * <p>A result that cannot be decoded is logged and passed over: it is a reply, not money (the
 * ledger and the stores are untouched by it), and the waiting request answers outcome-unknown.
 */
public final class CommandResultListener implements AutoCloseable {

    /** The histogram of ledger commits as this instance sees them: decision to committed result. */
    public static final String COMMIT_TIMER = "bank.ledger.commit";

    private static final Logger log = LoggerFactory.getLogger(CommandResultListener.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final Duration PARTITIONS_WAIT = Duration.ofSeconds(30);

    private final Consumer<String, byte[]> consumer;
    private final Topic<String, CommandResult> results;
    private final PendingRequests pending;
    private final Executor answers;
    private final Thread thread;
    private final Timer commit;
    private volatile boolean assigned;
    private volatile boolean running = true;
    /** Why the listener thread ended while it should run, or null: the waiting requests then never get an answer. */
    private volatile String deathReason;

    /**
     * @param answers runs the completion of each waiting request; its queue is bounded by the
     *                pending-request bound, since each waiting request is completed at most once
     */
    public CommandResultListener(KafkaConnection connection, Topic<String, CommandResult> results, PendingRequests pending,
                                 Executor answers, ServiceMetrics metrics) {
        this(new KafkaConsumer<>(consumerConfig(connection), new StringDeserializer(), new ByteArrayDeserializer()),
                results, pending, answers, metrics.registry());
        metrics.bind(consumer, "command-result-listener");
    }

    /** @param registry where the commit latency histogram ({@value #COMMIT_TIMER}) is kept */
    CommandResultListener(Consumer<String, byte[]> consumer, Topic<String, CommandResult> results, PendingRequests pending,
                          Executor answers, MeterRegistry registry) {
        this.consumer = consumer;
        this.results = results;
        this.pending = pending;
        this.answers = answers;
        this.commit = Timer.builder(COMMIT_TIMER)
                .description("A decision on the ledger: from the single writer's decision (the result's timestamp, on the"
                        + " deciding instance's clock) to its result readable read_committed here, so its exactly-once"
                        + " transaction (events, state, result) committed; includes the wait for the commit interval")
                .publishPercentileHistogram().serviceLevelObjectives(KafkaCommandGateway.APPEND_LATENCY_SLO)
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.thread = new Thread(this::run, "command-result-listener");
        this.thread.setDaemon(true);
    }

    static Properties consumerConfig(KafkaConnection connection) {
        Properties props = CommittedReads.consumerProperties(connection, "command-result-listener-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return props;
    }

    public void start() {
        thread.start();
    }

    /** Empty while the listener runs (or was closed on purpose); otherwise why it died: a restart brings it back. */
    public Optional<String> deathReason() {
        return Optional.ofNullable(deathReason);
    }

    /** True once every partition is assigned and positioned at its end. */
    public boolean isAssigned() {
        return assigned && thread.isAlive();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = allPartitions();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // position() resolves the lazy seek now, so no result produced after readiness can be missed.
            Map<TopicPartition, Long> start = partitions.stream().collect(Collectors.toMap(p -> p, consumer::position));
            log.info("listening for command results on {} from {}", results.name(), start);
            assigned = true;
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    deliver(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("command result listener woken unexpectedly", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            deathReason = "the command result listener stopped (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "): no command gets its answer";
            log.error("command result listener stopped: waiting requests will answer outcome-unknown; /health/live fails"
                    + " so that the instance is restarted", e);
        } finally {
            if (running && deathReason == null) {
                deathReason = "the command result listener ended unexpectedly: no command gets its answer";
            }
            assigned = false;
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Right after the bootstrap creates the topic, metadata may not list all its partitions yet: wait, bounded. */
    private List<TopicPartition> allPartitions() throws InterruptedException {
        long deadline = System.nanoTime() + PARTITIONS_WAIT.toNanos();
        while (true) {
            List<TopicPartition> partitions = consumer.partitionsFor(results.name(), PARTITIONS_WAIT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .collect(Collectors.toList());
            if (partitions.size() >= results.partitions()) {
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + results.name() + " has " + partitions.size()
                        + " partitions in metadata after " + PARTITIONS_WAIT + ", expected " + results.partitions());
            }
            Thread.sleep(100);
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        // Every result, waited for here or not: the histogram is the ledger's, not this instance's requests'. Another
        // instance's clock may be a little ahead: never a negative duration.
        if (record.timestamp() >= 0) {
            commit.record(Math.max(0, System.currentTimeMillis() - record.timestamp()), TimeUnit.MILLISECONDS);
        }
        if (record.key() == null || !pending.isWaiting(record.key())) {
            return;
        }
        CommandResult result;
        try {
            result = results.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            log.error("undecodable command result at {}-{} offset {}, key {}: passed over", record.topic(),
                    record.partition(), record.offset(), record.key(), e);
            return;
        }
        if (result != null) {
            answers.execute(() -> pending.complete(result));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

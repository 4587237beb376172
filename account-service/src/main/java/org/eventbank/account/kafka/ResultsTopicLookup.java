package org.eventbank.account.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.account.app.CommandIds;
import org.eventbank.account.app.CommandLookup;
import org.eventbank.account.app.CommandStatus;
import org.eventbank.kit.kafka.CommittedReads;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.topics.Topic;

/**
 * Learns a command's outcome from {@code <prefix>command-results}, read with {@code isolation.level=read_committed}:
 * the committed results only, never the processor's store (decision 0014). No index is kept: the command id says
 * when the command was issued and when its deadline passed ({@link CommandIds}), and the processor stamps each
 * result with the instant it decided, so a decision of this command can only sit between two instants, found in the
 * partition of its id with {@code offsetsForTimes}:
 * <ul>
 *   <li>from {@code issuedAt - skew} (the writer's clock, at least that when it decided);
 *   <li>to {@code notAfter + 2 x skew + transaction timeout + 1 s}: the writer never decides after {@code notAfter}
 *       by its clock, and the transaction holding the decision ends within the transaction timeout.
 * </ul>
 * Found: the decision. Not found: pending, or, once the broker has ended every transaction that could hold a decision
 * (the window's end plus {@value #ABORT_SCAN_SECONDS} s, the broker's default interval for aborting timed-out
 * transactions), never applied: the writer refuses it as expired whenever it reaches it. Results live one hour (the
 * topic's {@code retention.ms}); a command issued longer ago than that, less {@value #RETENTION_MARGIN_MINUTES}
 * minute, is unknown here.
 *
 * <p>At most {@code lookupsMax} lookups run at once, each with its own consumer (kept for the next), each bounded by
 * {@code lookupTimeout}; a lookup that gets no slot at once, or runs out of time, is {@link CommandStatus.Unavailable}.
 */
public final class ResultsTopicLookup implements CommandLookup, AutoCloseable {

    /** The broker's default {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}, in seconds. */
    static final long ABORT_SCAN_SECONDS = 10;
    static final long RETENTION_MARGIN_MINUTES = 1;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final KafkaConnection connection;
    private final Topic<String, CommandResult> results;
    private final Duration clockSkewMax;
    private final Duration transactionTimeout;
    private final Duration lookupTimeout;
    private final Duration resultsRetention;
    private final Clock clock;
    private final Semaphore slots;
    private final BlockingQueue<Consumer<String, byte[]>> idle;

    /**
     * @param transactionTimeout the command processor's {@code transaction.timeout.ms}
     * @param lookupsMax         lookups at once, each with a consumer of its own
     * @param lookupTimeout      the longest one lookup may take
     */
    public ResultsTopicLookup(KafkaConnection connection, Topic<String, CommandResult> results, Duration clockSkewMax,
                              Duration transactionTimeout, int lookupsMax, Duration lookupTimeout, Clock clock) {
        this.connection = connection;
        this.results = results;
        this.clockSkewMax = clockSkewMax;
        this.transactionTimeout = transactionTimeout;
        this.lookupTimeout = lookupTimeout;
        this.resultsRetention = Duration.ofMillis(Long.parseLong(results.configs().getOrDefault(TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(Duration.ofHours(1).toMillis()))));
        this.clock = clock;
        this.slots = new Semaphore(lookupsMax);
        this.idle = new ArrayBlockingQueue<>(lookupsMax);
    }

    /** The instants a decision of a command with this stamp lies between, and when a missing one is final. */
    record Window(Instant from, Instant to, Instant finalBy) {
    }

    Window window(Instant issuedAt, Instant notAfter) {
        Instant to = notAfter.plus(clockSkewMax.multipliedBy(2)).plus(transactionTimeout).plusSeconds(1);
        return new Window(issuedAt.minus(clockSkewMax), to, to.plusSeconds(ABORT_SCAN_SECONDS));
    }

    @Override
    public CommandStatus find(String accountId, String commandId) {
        Optional<CommandIds.Stamp> stamp = CommandIds.stampOf(commandId);
        if (stamp.isEmpty()) {
            return new CommandStatus.Unknown("command " + commandId + " was not issued by this service's REST endpoint"
                    + " (its id carries no issue time); a retry with the same Idempotency-Key tells its outcome");
        }
        if (stamp.get().notAfter().isEmpty()) {
            return new CommandStatus.Unknown("command " + commandId + " was issued without a deadline (contract v1), so"
                    + " no lookup can tell it was never applied; a retry with the same Idempotency-Key tells its outcome");
        }
        Instant now = clock.instant();
        Instant issuedAt = stamp.get().issuedAt();
        Instant notAfter = stamp.get().notAfter().get();
        if (now.isAfter(issuedAt.plus(resultsRetention).minus(Duration.ofMinutes(RETENTION_MARGIN_MINUTES)))) {
            return new CommandStatus.Unknown("command " + commandId + " was issued at " + issuedAt + ", longer ago than the "
                    + resultsRetention.toMinutes() + " minutes results are kept");
        }
        if (issuedAt.isAfter(now.plus(clockSkewMax))) {
            return new CommandStatus.Unknown("command " + commandId + " claims to be issued at " + issuedAt
                    + ", in the future");
        }
        Window window = window(issuedAt, notAfter);
        if (!slots.tryAcquire()) {
            return new CommandStatus.Unavailable("too many command lookups are running on this instance");
        }
        Consumer<String, byte[]> consumer = idle.poll();
        try {
            if (consumer == null) {
                consumer = newConsumer();
            }
            Optional<CommandResult> found = scan(consumer, commandId, window);
            if (found.isPresent()) {
                CommandResult result = found.get();
                if (!result.getAccountId().equals(accountId)) {
                    return new CommandStatus.Unknown("command " + commandId + " is not a command of account " + accountId);
                }
                return new CommandStatus.Decided(AvroMapper.outcomeOf(result));
            }
            return !now.isBefore(window.finalBy()) ? new CommandStatus.NeverApplied(notAfter)
                    : new CommandStatus.Pending(notAfter, window.finalBy());
        } catch (TimeoutException | LookupTimedOut e) {
            return new CommandStatus.Unavailable("reading " + results.name() + " took longer than " + lookupTimeout.toMillis()
                    + " ms");
        } finally {
            if (consumer != null) {
                consumer.unsubscribe();
                idle.offer(consumer);
            }
            slots.release();
        }
    }

    /**
     * The committed result of {@code commandId} among those the window can hold, if any. A transfer's pending result is
     * followed by its final one under the same id, later and with no deadline (decision 0016): after a pending one the
     * scan goes on to the end of the partition, and the last result found is the answer.
     */
    private Optional<CommandResult> scan(Consumer<String, byte[]> consumer, String commandId, Window window) {
        long deadline = System.nanoTime() + lookupTimeout.toNanos();
        TopicPartition partition = new TopicPartition(results.name(), partitionOf(commandId));
        List<TopicPartition> assigned = List.of(partition);
        consumer.assign(assigned);
        OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(partition, window.from().toEpochMilli()), lookupTimeout)
                .get(partition);
        if (from == null) {
            return Optional.empty();
        }
        // read_committed: the end is the last stable offset, below every open transaction.
        long end = consumer.endOffsets(assigned, lookupTimeout).get(partition);
        OffsetAndTimestamp to = consumer.offsetsForTimes(Map.of(partition, window.to().toEpochMilli()), lookupTimeout)
                .get(partition);
        long stop = to == null ? end : Math.min(end, to.offset());
        consumer.seek(partition, from.offset());
        Optional<CommandResult> transferPending = Optional.empty();
        while (consumer.position(partition, lookupTimeout) < stop) {
            if (System.nanoTime() > deadline) {
                throw new LookupTimedOut();
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                if (record.offset() >= stop) {
                    return transferPending;
                }
                if (commandId.equals(record.key())) {
                    CommandResult result = results.valueSerde().deserializer().deserialize(record.topic(), record.value());
                    if (result.getOutcome() != Outcome.TRANSFER_PENDING) {
                        return Optional.of(result);
                    }
                    transferPending = Optional.of(result);
                    stop = end;
                }
            }
        }
        return transferPending;
    }

    /** The partition a result keyed by this command id is written to: the producer's default, murmur2 of the key. */
    int partitionOf(String commandId) {
        return Utils.toPositive(Utils.murmur2(commandId.getBytes(StandardCharsets.UTF_8))) % results.partitions();
    }

    private Consumer<String, byte[]> newConsumer() {
        Properties props = CommittedReads.consumerProperties(connection, "command-lookup-" + UUID.randomUUID());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) lookupTimeout.toMillis());
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        Consumer<String, byte[]> consumer;
        while ((consumer = idle.poll()) != null) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** The scan ran out of its time. */
    private static final class LookupTimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LookupTimedOut() {
            super(null, null, false, false);
        }
    }
}

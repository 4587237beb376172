package org.eventbank.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.kafka.CommittedReads;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.TransferOutcome;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.account.AccountServiceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the command processor alone: produces {@link AccountCommand}s to {@code <prefix>account-commands}
 * (idempotent producer, {@code acks=all}, key accountId, replyTo = this bench instance) and reads the
 * answers from {@code <prefix>command-results} with a consumer assigned every partition, read_committed,
 * positioned at the end before the first command is sent, matching them by commandId. At most
 * {@code window} commands are in flight; a command without a result after the request timeout ends as
 * an error with unknown outcome.
 *
 * <p>A transfer gets two results under its command id (decision 0016): TRANSFER_PENDING once the payer is debited,
 * then ACCEPTED (credited) or TRANSFER_REVERSED. Its command is done at the second, final one; one that has only its
 * pending result when the request timeout passes ends as pending (its debit is on the ledger, and the self-check
 * waits for its settlement), one without any result as an error with unknown outcome. Transfers need commands at
 * contract v3 on the ledger's book: {@link BankBench} checks that before the run.
 */
final class CoreCommandDriver implements CommandDriver {

    private static final Logger log = LoggerFactory.getLogger(CoreCommandDriver.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** The command producer's linger: the gateway's default, so the broker sees the same batching in both modes. */
    static final int COMMAND_LINGER_MS = AccountServiceConfig.Http.DEFAULT_COMMAND_LINGER_MS;

    /** @param pending the pending result of a transfer, once it came; null before, and for every other command */
    private record InFlight(Consumer<Completion> onDone, long sentNanos, Completion pending) {
    }

    private final IdempotencyKeys keys;
    private final Workload workload;
    private final BankTopics topics;
    private final String replyTo;
    private final long requestTimeoutNanos;
    private final Semaphore window;
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final KafkaProducer<String, AccountCommand> producer;
    private final KafkaConsumer<String, CommandResult> results;
    private final Thread reader;
    private final AtomicBoolean closed = new AtomicBoolean();

    CoreCommandDriver(Workload workload, BankTopics topics, KafkaConnection connection, String replyTo, int window,
                      Duration requestTimeout) {
        this(workload, topics, connection, replyTo, window, requestTimeout, IdempotencyKeys.none());
    }

    CoreCommandDriver(Workload workload, BankTopics topics, KafkaConnection connection, String replyTo, int window,
                      Duration requestTimeout, IdempotencyKeys keys) {
        this.keys = keys;
        this.workload = workload;
        this.topics = topics;
        this.replyTo = replyTo;
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.window = new Semaphore(window);
        this.producer = new KafkaProducer<>(producerConfig(connection, replyTo),
                topics.commands().keySerde().serializer(), topics.commands().valueSerde().serializer());
        this.results = new KafkaConsumer<>(consumerConfig(connection, replyTo),
                topics.results().keySerde().deserializer(), topics.results().valueSerde().deserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : results.partitionsFor(topics.results().name(), Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        results.assign(partitions);
        results.seekToEnd(partitions);
        // seekToEnd is lazy: resolve the positions now, so no result of our first commands is skipped
        partitions.forEach(partition -> results.position(partition, Duration.ofSeconds(30)));
        this.reader = new Thread(this::readResults, "bench-results-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static Properties producerConfig(KafkaConnection connection, String clientId) {
        Properties props = new Properties();
        props.putAll(connection.clientConfig());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-commands-" + clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // the same batching as the account-service's gateway at its default (BANK_COMMAND_LINGER_MS), so core and
        // http put the same produce requests on the broker
        props.put(ProducerConfig.LINGER_MS_CONFIG, COMMAND_LINGER_MS);
        return props;
    }

    private static Properties consumerConfig(KafkaConnection connection, String clientId) {
        Properties props = CommittedReads.consumerProperties(connection, "bench-results-" + clientId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return props;
    }

    @Override
    public int issuerThreads() {
        return 1;
    }

    @Override
    public void submit(Workload.Command command, Consumer<Completion> onDone) throws InterruptedException {
        // a full window frees up as results arrive or commands time out; if neither happens, the reader is gone
        if (!window.tryAcquire(2 * requestTimeoutNanos, TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("no command completed for " + 2 * requestTimeoutNanos / 1_000_000
                    + " ms: is the results reader still running (see the log)?");
        }
        UUID commandId = UUID.randomUUID();
        String id = commandId.toString();
        AccountCommand record = CommandRecords.toAvro(workload, command, commandId, replyTo, Instant.now(), keys.next());
        long sentNanos = System.nanoTime();
        inFlight.put(id, new InFlight(onDone, sentNanos, null));
        try {
            producer.send(new ProducerRecord<>(topics.commands().name(), record.getAccountId(), record), (metadata, error) -> {
                if (error != null) {
                    complete(id, Completion.unknown("produce-failed", commandId, sentNanos));
                }
            });
        } catch (RuntimeException e) {
            complete(id, Completion.unknown("produce-failed", commandId, sentNanos));
        }
    }

    private void readResults() {
        long nextSweep = System.nanoTime();
        try {
            while (!closed.get()) {
                for (ConsumerRecord<String, CommandResult> record : results.poll(POLL)) {
                    InFlight waiting = inFlight.get(record.key());
                    if (waiting == null) {
                        continue;
                    }
                    Completion completion = completionOf(record.value(), waiting.sentNanos());
                    if (pending(completion)) {
                        // the debit is done, the credit not yet: the command is done at its final result
                        inFlight.replace(record.key(), waiting, new InFlight(waiting.onDone(), waiting.sentNanos(), completion));
                    } else {
                        complete(record.key(), completion);
                    }
                }
                long now = System.nanoTime();
                if (now >= nextSweep) {
                    expire(now);
                    nextSweep = now + 200_000_000L;
                }
            }
        } catch (WakeupException e) {
            if (!closed.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("the results reader stopped; commands in flight will time out", e);
        }
    }

    static Completion completionOf(CommandResult result, long sentNanos) {
        UUID commandId = UUID.fromString(result.getCommandId());
        TransferOutcome transfer = result.getTransfer();
        if (transfer != null) {
            if (result.getOutcome() == Outcome.TRANSFER_PENDING) {
                return Completion.transferPending(commandId, transfer.getTransferId(), transfer.getDebitVersion(), sentNanos);
            }
            if (result.getOutcome() == Outcome.ACCEPTED) {
                return Completion.transferCompleted(commandId, transfer.getTransferId(), transfer.getDebitVersion(),
                        transfer.getCreditVersion() == null ? 0 : transfer.getCreditVersion(), sentNanos);
            }
            if (result.getOutcome() == Outcome.TRANSFER_REVERSED) {
                return Completion.transferReversed(commandId, transfer.getTransferId(), transfer.getDebitVersion(), sentNanos);
            }
        }
        if (result.getOutcome() == Outcome.ACCEPTED) {
            return Completion.accepted(commandId, result.getVersion() == null ? 0 : result.getVersion(), sentNanos);
        }
        return Completion.rejected(codeOf(result.getOutcome()), commandId, sentNanos);
    }

    private static boolean pending(Completion completion) {
        return completion.transfer() != null && completion.transfer().stage() == Completion.TransferLegs.Stage.PENDING;
    }

    /** The outcome in the REST contract's spelling, so both modes report rejections alike. */
    static String codeOf(Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private void expire(long now) {
        for (Map.Entry<String, InFlight> entry : inFlight.entrySet()) {
            if (now - entry.getValue().sentNanos() > requestTimeoutNanos) {
                // a transfer debited but not settled in time ends as a 202 would: pending, its debit written
                Completion pending = entry.getValue().pending();
                complete(entry.getKey(), pending != null ? pending : Completion.unknown("timeout",
                        UUID.fromString(entry.getKey()), entry.getValue().sentNanos()));
            }
        }
    }

    private void complete(String commandId, Completion completion) {
        InFlight waiting = inFlight.remove(commandId);
        if (waiting != null) {
            window.release();
            waiting.onDone().accept(completion);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            producer.close(Duration.ofSeconds(10));
            results.wakeup();
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            results.close(Duration.ofSeconds(5));
        }
    }
}

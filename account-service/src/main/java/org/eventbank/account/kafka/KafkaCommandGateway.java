package org.eventbank.account.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.account.app.CommandGateway;
import org.eventbank.account.app.CommandOutcome;
import org.eventbank.account.app.IdempotencyScope;
import org.eventbank.account.app.Submission;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.Initiator;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.topics.Topic;

/**
 * Sends commands to {@code <prefix>account-commands} (key accountId, so each account's commands
 * reach its single writer in order, with this instance's id as {@code replyTo}) and hands back the
 * future that the {@link CommandResultListener} completes when the committed result arrives, mapped
 * to a {@link CommandOutcome}; after {@code requestTimeoutMs} it fails with a
 * {@link java.util.concurrent.TimeoutException}. A request {@link PendingRequests} refuses is
 * answered {@link Submission.Refused} and not sent.
 */
public final class KafkaCommandGateway implements CommandGateway, AutoCloseable {

    private final Producer<String, org.eventbank.schemas.avro.AccountCommand> producer;
    private final Topic<String, org.eventbank.schemas.avro.AccountCommand> commands;
    private final PendingRequests pending;
    private final String instanceId;
    private final long requestTimeoutMs;
    private final Timer append;

    /** The histogram of command appends: how long the broker takes to acknowledge a command (acks=all). */
    public static final String APPEND_TIMER = "bank.command.append";
    /** The append latency above which the broker is under I/O pressure (the deployment checklist's figure). */
    public static final Duration APPEND_LATENCY_SLO = Duration.ofMillis(50);

    /** @param registry where the append latency histogram ({@value #APPEND_TIMER}) is kept */
    public KafkaCommandGateway(Producer<String, org.eventbank.schemas.avro.AccountCommand> producer, Topic<String, org.eventbank.schemas.avro.AccountCommand> commands,
                               PendingRequests pending, String instanceId, long requestTimeoutMs, MeterRegistry registry) {
        this.producer = producer;
        this.commands = commands;
        this.pending = pending;
        this.instanceId = instanceId;
        this.requestTimeoutMs = requestTimeoutMs;
        this.append = Timer.builder(APPEND_TIMER)
                .description("A command appended to the commands topic: from the send to the broker's acknowledgement (acks=all,"
                        + " so the leader's write and its replication to min.insync.replicas); a p99 above 50 ms signals I/O"
                        + " pressure on the brokers")
                .publishPercentileHistogram().serviceLevelObjectives(APPEND_LATENCY_SLO)
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    public static Producer<String, org.eventbank.schemas.avro.AccountCommand> producer(KafkaConnection connection, Topic<String, org.eventbank.schemas.avro.AccountCommand> commands,
                                                            String instanceId, long requestTimeoutMs, int lingerMs) {
        Properties props = connection.clientProperties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "command-gateway-" + instanceId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A command waits for a person, but also for a commit (100 ms by default): a few ms of batching costs little
        // latency and spares the broker one produce request per command.
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        // send() must not block an HTTP request longer than the request may wait in total.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, requestTimeoutMs);
        return new KafkaProducer<>(props, commands.keySerde().serializer(), commands.valueSerde().serializer());
    }

    @Override
    public Submission submit(AccountCommand command, Optional<String> idempotencyKey, String bodyHash) {
        var avro = AvroMapper.toAvro(command, new CommandEnvelope(idempotencyKey, bodyHash, instanceId));
        String commandId = command.commandId();
        // The same scope as the processor's entry: one caller's request in flight never blocks another's equal key.
        Optional<String> inFlightKey = idempotencyKey.map(key -> IdempotencyScope.of(command.accountId(),
                command.origin().initiatedBy().map(Initiator::subject), key));
        CompletableFuture<CommandResult> waiting;
        try {
            waiting = pending.register(commandId, inFlightKey);
        } catch (PendingRequests.RefusedException e) {
            return new Submission.Refused(e.refusal() == PendingRequests.Refusal.IN_FLIGHT
                    ? Submission.Refused.Reason.KEY_IN_FLIGHT : Submission.Refused.Reason.TOO_MANY_WAITING);
        }
        // The caller gets the stage after the release: a client that retries the moment it has its answer must not
        // find its Idempotency-Key still in flight (dependents of one future run in no guaranteed order).
        CompletableFuture<CommandOutcome> answer = waiting
                .orTimeout(requestTimeoutMs, TimeUnit.MILLISECONDS)
                // A transfer debited but not yet credited when the wait ends is answered as pending (202), not unknown.
                .handle((result, error) -> {
                    if (error == null) {
                        return result;
                    }
                    Optional<CommandResult> debited = pending.transferPending(commandId);
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (debited.isPresent() && cause instanceof TimeoutException) {
                        return debited.get();
                    }
                    throw error instanceof CompletionException completion ? completion : new CompletionException(error);
                })
                .whenComplete((result, error) -> pending.release(commandId, inFlightKey))
                .thenApply(AvroMapper::outcomeOf);
        long sentNanos = System.nanoTime();
        try {
            producer.send(new ProducerRecord<>(commands.name(), command.accountId(), avro), (metadata, error) -> {
                if (error != null) {
                    pending.fail(commandId, error);
                } else {
                    append.record(System.nanoTime() - sentNanos, TimeUnit.NANOSECONDS);
                }
            });
        } catch (RuntimeException e) {
            pending.fail(commandId, e);
        }
        return new Submission.Pending(answer);
    }

    /** Identifies this instance on commands, so the result finds its way back. */
    public String instanceId() {
        return instanceId;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

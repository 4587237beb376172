package org.eventbank.account.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountDecider;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.Decision;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of each account: for one command it checks the Idempotency-Key, decides,
 * folds the events into the "accounts" store, and forwards the events to the events sink and the
 * result to the results sink. Kafka Streams commits all of it in one exactly-once transaction.
 *
 * <p>A wall-clock punctuator deletes idempotency entries whose retention has passed; an entry that
 * has expired but is not yet deleted is already treated as absent.
 */
final class CommandProcessor implements Processor<String, org.eventbank.schemas.avro.AccountCommand, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

    /** How often expired idempotency entries are deleted, and at most how many per run (bounds one transaction). */
    static final Duration EXPIRY_SCAN_INTERVAL = Duration.ofMinutes(1);
    static final int EXPIRY_DELETES_MAX = 10_000;

    private final Duration idempotencyRetention;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccountState> accounts;
    private KeyValueStore<String, IdempotencyEntry> idempotency;
    private KeyValueStore<String, String> idempotencyExpiry;

    CommandProcessor(Duration idempotencyRetention) {
        this.idempotencyRetention = idempotencyRetention;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.accounts = context.getStateStore(CommandProcessorTopology.ACCOUNTS_STORE);
        this.idempotency = context.getStateStore(CommandProcessorTopology.IDEMPOTENCY_STORE);
        this.idempotencyExpiry = context.getStateStore(CommandProcessorTopology.IDEMPOTENCY_EXPIRY_STORE);
        context.schedule(EXPIRY_SCAN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::deleteExpiredEntries);
    }

    @Override
    public void process(Record<String, org.eventbank.schemas.avro.AccountCommand> record) {
        var avro = record.value();
        if (avro == null) {
            throw new IllegalStateException("null command on the commands topic, key " + record.key()
                    + ": commands are never deleted by tombstone");
        }
        String accountId = avro.getAccountId();
        AccountState state = Optional.ofNullable(accounts.get(accountId)).orElse(AccountState.INITIAL);
        if (!accountId.equals(record.key())) {
            // A record on another key may sit in another account's partition: refusing keeps one writer per account.
            reply(record, CommandResults.rejected(avro.getCommandId(), accountId, Outcome.INVALID_ACCOUNT_ID,
                    "record key '" + record.key() + "' differs from the command's account id", AccountState.INITIAL));
            return;
        }
        CommandEnvelope envelope = AvroMapper.envelopeOf(avro);
        Optional<String> idempotencyStoreKey = envelope.idempotencyKey().map(key -> idempotencyStoreKey(accountId, key));
        if (idempotencyStoreKey.isPresent()) {
            IdempotencyEntry earlier = idempotency.get(idempotencyStoreKey.get());
            if (earlier != null && !earlier.isExpiredAt(context.currentSystemTimeMs())) {
                if (earlier.bodyHash().equals(envelope.bodyHash())) {
                    reply(record, CommandResults.replayed(earlier.result(), avro.getCommandId()));
                } else {
                    reply(record, CommandResults.rejected(avro.getCommandId(), accountId, Outcome.IDEMPOTENCY_KEY_REUSED,
                            "this Idempotency-Key was used for another request on this account", state));
                }
                return;
            }
        }
        AccountCommand command = AvroMapper.fromAvro(avro);
        CommandResult result = decideAndApply(command, state);
        idempotencyStoreKey.ifPresent(key -> remember(key, envelope.bodyHash(), result));
        reply(record, result);
    }

    private CommandResult decideAndApply(AccountCommand command, AccountState state) {
        Decision decision = AccountDecider.decide(command, state);
        if (decision instanceof Decision.Rejected rejected) {
            return CommandResults.rejected(command.commandId(), command.accountId(), rejected.rejection(), state);
        } else if (decision instanceof Decision.Accepted accepted) {
            AccountState next = state;
            for (AccountEvent event : accepted.events()) {
                requireNextVersion(next.version(), event, context.recordMetadata()
                        .map(m -> "partition " + m.partition() + ", offset " + m.offset()).orElse("no input record"));
                next = AccountDecider.evolve(next, event);
                // No headers copied from the command: the ledger keeps only what the bank wrote.
                context.forward(new Record<String, SpecificRecord>(event.accountId(), AvroMapper.toAvro(event),
                        event.occurredAt().toEpochMilli()), CommandProcessorTopology.EVENTS_SINK);
            }
            accounts.put(command.accountId(), next);
            return CommandResults.accepted(command.commandId(), accepted.events().get(accepted.events().size() - 1), next);
        }
        throw new IllegalStateException("unknown decision type " + decision.getClass().getName());
    }

    /**
     * Checked where the event is written (and again where it is read, in the projector): a gap or a
     * duplicate is a bug, and a bug must stop the client, not be skipped.
     */
    static void requireNextVersion(long lastVersion, AccountEvent event, String where) {
        if (event.version() != lastVersion + 1) {
            throw new IllegalStateException("account " + event.accountId() + ": about to emit version " + event.version()
                    + " after version " + lastVersion + " (" + where + ")");
        }
    }

    private void remember(String storeKey, String bodyHash, CommandResult result) {
        Instant expiresAt = Instant.ofEpochMilli(context.currentSystemTimeMs()).plus(idempotencyRetention);
        IdempotencyEntry previous = idempotency.get(storeKey);
        if (previous != null) {
            idempotencyExpiry.delete(expiryIndexKey(previous.expiresAt(), storeKey));
        }
        idempotency.put(storeKey, new IdempotencyEntry(bodyHash, result, expiresAt));
        idempotencyExpiry.put(expiryIndexKey(expiresAt, storeKey), storeKey);
    }

    private void reply(Record<String, ?> command, CommandResult result) {
        context.forward(new Record<String, SpecificRecord>(result.getCommandId(), result, command.timestamp()),
                CommandProcessorTopology.RESULTS_SINK);
    }

    private void deleteExpiredEntries(long nowMs) {
        List<KeyValue<String, String>> expired = new ArrayList<>();
        // The index key starts with the zero-padded expiry, so one range scan finds every entry due.
        try (KeyValueIterator<String, String> due = idempotencyExpiry.range(null, expiryIndexPrefix(nowMs + 1))) {
            while (due.hasNext() && expired.size() < EXPIRY_DELETES_MAX) {
                expired.add(due.next());
            }
        }
        for (KeyValue<String, String> entry : expired) {
            idempotencyExpiry.delete(entry.key);
            IdempotencyEntry current = idempotency.get(entry.value);
            if (current != null && current.isExpiredAt(nowMs)) {
                idempotency.delete(entry.value);
            }
        }
        if (!expired.isEmpty()) {
            log.debug("deleted {} expired idempotency entries", expired.size());
        }
    }

    /** Account ids never contain '/', so "accountId/key" is unambiguous whatever the key holds. */
    static String idempotencyStoreKey(String accountId, String idempotencyKey) {
        return accountId + "/" + idempotencyKey;
    }

    static String expiryIndexKey(Instant expiresAt, String storeKey) {
        return expiryIndexPrefix(expiresAt.toEpochMilli()) + "/" + storeKey;
    }

    private static String expiryIndexPrefix(long epochMs) {
        return String.format("%019d", epochMs);
    }
}

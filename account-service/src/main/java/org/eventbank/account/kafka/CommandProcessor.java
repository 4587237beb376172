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
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eventbank.account.app.IdempotencyScope;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountDecider;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.Decision;
import org.eventbank.account.domain.Initiator;
import org.eventbank.account.domain.Rejection;
import org.eventbank.account.domain.RejectionCode;
import org.eventbank.account.domain.TransferInstruction;
import org.eventbank.account.domain.TransferTerms;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of each account: for one command it checks who asked (a customer only on their own accounts,
 * decision 0015), then the Idempotency-Key (scoped to the account and the caller), then the deadline against
 * its own wall clock, decides, folds the events into the "accounts" store, and forwards the events to the events
 * sink and the result to the results sink. Kafka Streams commits all of it in one exactly-once transaction.
 *
 * <p>A command past its {@code notAfter} (or, while deadlines are on, past {@code issuedAt} plus the deadline when
 * it carries none) is refused as EXPIRED and writes nothing: no event, no state, no idempotency entry, so a retry
 * with the same key runs as a new attempt. A command stamped more than the allowed clock skew ahead of this
 * processor's clock is refused the same way: this clock is behind, and deciding by it could decide after the
 * deadline (decision 0014).
 *
 * <p>Offsets and identity (decision 0014): the processor records, per partition, the offset of the last command it
 * decided, in its own store, so a command at or below it (the group's offsets were reset to an earlier position) is
 * passed over, never decided twice. And it refuses to start deciding on a partition whose ledger held events when the
 * service started while its "accounts" store is empty (lost changelogs, or another application id): it would write
 * versions 1, 2, ... again for accounts that have them.
 *
 * <p>Idempotency retention counts from the {@code issuedAt} of the first command decided with a key: a command
 * issued before that expiry is answered from the entry, whenever it is decided. A wall-clock punctuator deletes an
 * entry once the expiry plus the deadline and the clock skew have passed (by then every command issued before the
 * expiry is decided or expired); it runs every second and deletes up to {@value #EXPIRY_DELETES_MAX} entries per run
 * and task, so the purge outruns any rate one task can insert.
 */
final class CommandProcessor implements Processor<String, org.eventbank.schemas.avro.AccountCommand, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

    /**
     * How often expired idempotency entries are deleted, and at most how many per run and task: 25,000/s per task,
     * 150,000/s over six partitions, above the 33,000 commands/s the bench has ever reached on the whole processor
     * (a task sees its share of that), so the purge keeps up with any rate a task can insert; the bound keeps one
     * punctuation's transaction at most 50,000 tombstones (entry and index).
     */
    static final Duration EXPIRY_SCAN_INTERVAL = Duration.ofSeconds(1);
    static final int EXPIRY_DELETES_MAX = 25_000;

    /** At most one clock-skew warning per this interval, so a processor far behind does not flood the log. */
    static final Duration SKEW_WARNING_INTERVAL = Duration.ofMinutes(1);

    private final ProcessorSettings settings;
    private long lastSkewWarningMs = Long.MIN_VALUE;
    /**
     * No index key below this time is due and undeleted: each scan starts here instead of at the first key, so it
     * does not walk over the tombstones the earlier scans left in RocksDB. Long.MIN_VALUE until the first scan.
     */
    private long expiryScanFromMs = Long.MIN_VALUE;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccountState> accounts;
    private KeyValueStore<String, IdempotencyEntry> idempotency;
    private KeyValueStore<String, String> idempotencyExpiry;
    private KeyValueStore<String, Long> progress;
    private KeyValueStore<String, OutgoingTransfer> transfersOut;
    /** This task's partition, the key of its offset in {@link #progress}. */
    private String progressKey;
    /** The first offset passed over since the last one decided, for one log line per stretch; -1 while deciding. */
    private long skippingFrom = -1;

    CommandProcessor(ProcessorSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.accounts = context.getStateStore(CommandProcessorTopology.ACCOUNTS_STORE);
        this.idempotency = context.getStateStore(CommandProcessorTopology.IDEMPOTENCY_STORE);
        this.idempotencyExpiry = context.getStateStore(CommandProcessorTopology.IDEMPOTENCY_EXPIRY_STORE);
        this.progress = context.getStateStore(CommandProcessorTopology.PROGRESS_STORE);
        this.transfersOut = context.getStateStore(CommandProcessorTopology.TRANSFERS_OUT_STORE);
        int partition = context.taskId().partition();
        this.progressKey = Integer.toString(partition);
        // Called once the stores are restored: an empty one on a partition with events means its state is gone.
        if (settings.ledgerPartitionsWithEvents().contains(partition) && isEmpty(accounts)) {
            throw new IllegalStateException("partition " + partition + ": the ledger holds events but the \""
                    + CommandProcessorTopology.ACCOUNTS_STORE + "\" store is empty (its changelog is gone, or this is another"
                    + " application id than the one that wrote them); deciding now would write versions these accounts"
                    + " already have. Refusing to start; see docs/operations.md, account-service");
        }
        context.schedule(EXPIRY_SCAN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::deleteExpiredEntries);
    }

    private static boolean isEmpty(KeyValueStore<String, ?> store) {
        try (KeyValueIterator<String, ?> all = store.all()) {
            return !all.hasNext();
        }
    }

    @Override
    public void process(Record<String, org.eventbank.schemas.avro.AccountCommand> record) {
        var avro = record.value();
        if (avro == null) {
            throw new IllegalStateException("null command on the commands topic, key " + record.key()
                    + ": commands are never deleted by tombstone");
        }
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        Long decidedThrough = progress.get(progressKey);
        if (offset >= 0 && decidedThrough != null && offset <= decidedThrough) {
            if (skippingFrom < 0) {
                skippingFrom = offset;
                log.warn("partition {}: passing over commands from offset {} through {}, decided already by this store"
                        + " (the consumer group's offsets were set back)", progressKey, offset, decidedThrough);
            }
            return;
        }
        if (skippingFrom >= 0) {
            log.info("partition {}: passed over offsets {} to {}; deciding again from {}", progressKey, skippingFrom,
                    offset - 1, offset);
            skippingFrom = -1;
        }
        if (offset >= 0) {
            progress.put(progressKey, offset);
        }
        String accountId = avro.getAccountId();
        AccountState state = Optional.ofNullable(accounts.get(accountId)).orElse(AccountState.INITIAL);
        if (!accountId.equals(record.key())) {
            // A record on another key may sit in another account's partition: refusing keeps one writer per account.
            reply(record, CommandResults.rejected(avro.getCommandId(), accountId, Outcome.INVALID_ACCOUNT_ID,
                    "record key '" + record.key() + "' differs from the command's account id", AccountState.INITIAL));
            return;
        }
        AccountCommand command = AvroMapper.fromAvro(avro, settings.defaultDeadline());
        Optional<Rejection> unauthorized = AccountDecider.authorize(command, state);
        if (unauthorized.isPresent()) {
            // Before the key is looked at, and never remembered under it: nobody replays, probes or poisons another
            // caller's key (decision 0015).
            reply(record, CommandResults.rejected(command, unauthorized.get(), state));
            return;
        }
        CommandEnvelope envelope = AvroMapper.envelopeOf(avro);
        Optional<String> caller = command.origin().initiatedBy().map(Initiator::subject);
        Optional<String> idempotencyStoreKey = envelope.idempotencyKey()
                .map(key -> IdempotencyScope.of(accountId, caller, key));
        IdempotencyEntry earlier = null;
        if (idempotencyStoreKey.isPresent()) {
            earlier = idempotency.get(idempotencyStoreKey.get());
            // An entry written before keys were scoped to the caller still answers a retry that straddles the upgrade;
            // the caller may act on this account (checked above), and no new entry is ever written under such a key.
            IdempotencyEntry answering = earlier == null && caller.isPresent()
                    ? idempotency.get(IdempotencyScope.of(accountId, Optional.empty(), envelope.idempotencyKey().get()))
                    : earlier;
            // Issued before the key's expiry: a retry, however late it is decided. After it: a new attempt (a limit).
            if (answering != null && answering.covers(avro.getIssuedAt())) {
                if (answering.bodyHash().equals(envelope.bodyHash())) {
                    reply(record, CommandResults.replayed(answering.result(), avro.getCommandId()));
                } else {
                    reply(record, CommandResults.rejected(avro.getCommandId(), accountId, Outcome.IDEMPOTENCY_KEY_REUSED,
                            "this Idempotency-Key was used for another request on this account", state));
                }
                return;
            }
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Optional<String> skew = clockSkew(command, now);
        if (skew.isPresent()) {
            reply(record, CommandResults.expired(command.commandId(), accountId, skew.get(), settings.resultsCarryExpired()));
            return;
        }
        Decision decision = AccountDecider.decide(command, state, now);
        if (decision instanceof Decision.Rejected rejected && rejected.rejection().code() == RejectionCode.EXPIRED) {
            // Never decided: nothing is remembered, so a retry with the same key is a new attempt.
            reply(record, CommandResults.expired(command.commandId(), accountId, rejected.rejection().detail(),
                    settings.resultsCarryExpired()));
            return;
        }
        CommandResult result = apply(command, decision, state, idempotencyStoreKey, envelope.replyTo());
        if (idempotencyStoreKey.isPresent()) {
            remember(idempotencyStoreKey.get(), earlier, envelope.bodyHash(), result, command.issuedAt());
        }
        reply(record, result);
    }

    /**
     * Why this processor must not judge the command's deadline by its own clock: the command was issued more than
     * the allowed skew ahead of it, so this clock is behind the issuing instance's, and a decision now could come
     * after the deadline as the issuer counts it. Only for a command with a deadline.
     */
    private Optional<String> clockSkew(AccountCommand command, Instant now) {
        if (command.notAfter().isEmpty()) {
            return Optional.empty();
        }
        Duration ahead = Duration.between(now, command.issuedAt());
        if (ahead.compareTo(settings.clockSkewMax()) <= 0) {
            return Optional.empty();
        }
        long nowMs = now.toEpochMilli();
        if (lastSkewWarningMs == Long.MIN_VALUE || nowMs - lastSkewWarningMs >= SKEW_WARNING_INTERVAL.toMillis()) {
            lastSkewWarningMs = nowMs;
            log.warn("command {} for account {} was issued at {}, {} ms ahead of this processor's clock ({}), more than the"
                            + " allowed skew of {} ms: refusing it as expired. Synchronise the clocks (NTP); until then"
                            + " every command from that instance is refused", command.commandId(), command.accountId(),
                    command.issuedAt(), ahead.toMillis(), now, settings.clockSkewMax().toMillis());
        }
        return Optional.of("issued at " + command.issuedAt() + ", " + ahead.toMillis() + " ms ahead of the deciding"
                + " processor's clock, more than the allowed clock skew of " + settings.clockSkewMax().toMillis()
                + " ms; refused rather than risk deciding it after its deadline; nothing was written");
    }

    private CommandResult apply(AccountCommand command, Decision decision, AccountState state,
                                Optional<String> idempotencyStoreKey, String replyTo) {
        if (decision instanceof Decision.Rejected rejected) {
            return CommandResults.rejected(command, rejected.rejection(), state);
        } else if (decision instanceof Decision.Accepted accepted) {
            AccountState next = state;
            for (AccountEvent event : accepted.events()) {
                next = emit(context, next, event, context.recordMetadata()
                        .map(m -> "partition " + m.partition() + ", offset " + m.offset()).orElse("no input record"));
            }
            accounts.put(command.accountId(), next);
            AccountEvent last = accepted.events().get(accepted.events().size() - 1);
            if (command instanceof AccountCommand.Transfer transfer && last instanceof AccountEvent.TransferDebited debit) {
                return startTransfer(transfer, debit, next, idempotencyStoreKey, replyTo);
            }
            return CommandResults.accepted(command.commandId(), last, next);
        }
        throw new IllegalStateException("unknown decision type " + decision.getClass().getName());
    }

    /**
     * The debit is written (in this same transaction): the payee's writer is told to credit it, and the transfer is
     * remembered as in flight until that writer's answer comes back (decision 0016). The command's answer so far is
     * pending; the final one follows under the same command id.
     */
    private CommandResult startTransfer(AccountCommand.Transfer transfer, AccountEvent.TransferDebited debit,
                                        AccountState after, Optional<String> idempotencyStoreKey, String replyTo) {
        CommandResult pending = CommandResults.transferPending(transfer, debit, after);
        TransferInstruction.Credit credit = new TransferInstruction.Credit(TransferTerms.of(debit, transfer.issuedAt()));
        transfersOut.put(debit.transferId(), new OutgoingTransfer(pending, idempotencyStoreKey));
        context.forward(new Record<String, SpecificRecord>(credit.accountId(), AvroMapper.toAvro(credit, replyTo),
                context.currentSystemTimeMs()), CommandProcessorTopology.INSTRUCTIONS_SINK);
        return pending;
    }

    /**
     * Writes one event to the ledger (in the running transaction) after checking it follows {@code before}, and returns
     * the state it leads to; the caller puts the state in the store. No headers: the ledger keeps only what the bank
     * wrote. Shared by the command's writer and the transfer instructions' ({@link InstructionProcessor}).
     */
    static AccountState emit(ProcessorContext<String, SpecificRecord> context, AccountState before, AccountEvent event,
                             String where) {
        requireNextVersion(before.version(), event, where);
        AccountState after = AccountDecider.evolve(before, event);
        context.forward(new Record<String, SpecificRecord>(event.accountId(), AvroMapper.toAvro(event),
                event.occurredAt().toEpochMilli()), CommandProcessorTopology.EVENTS_SINK);
        return after;
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

    /**
     * Remembers the first decision for a key, until its {@code issuedAt} plus the retention. Deletes are written as
     * {@code put(key, null)}: {@code delete} reads and decodes the old value first, which the purge does not need.
     *
     * @param previous the key's entry as the lookup found it (expired for this command), or null
     */
    private void remember(String storeKey, IdempotencyEntry previous, String bodyHash, CommandResult result, Instant issuedAt) {
        Instant expiresAt = issuedAt.plus(settings.idempotencyRetention());
        if (previous != null) {
            // Replaced by a new attempt issued after its expiry. Entries written before decision 0014 were indexed
            // by their expiry, later ones by their purge time: delete both, so no index key is left to it.
            idempotencyExpiry.put(expiryIndexKey(previous.expiresAt(), storeKey), null);
            idempotencyExpiry.put(expiryIndexKey(purgeAt(previous), storeKey), null);
        }
        IdempotencyEntry entry = new IdempotencyEntry(bodyHash, result, expiresAt);
        idempotency.put(storeKey, entry);
        Instant purgeAt = purgeAt(entry);
        idempotencyExpiry.put(expiryIndexKey(purgeAt, storeKey), PURGE_TIME_INDEXED + storeKey);
        // A command decided long after it was issued (only without deadlines) may be due already: scan from it.
        expiryScanFromMs = Math.min(expiryScanFromMs, purgeAt.toEpochMilli());
    }

    /** When an entry may go: every command issued before its expiry has been decided or has expired by then. */
    private Instant purgeAt(IdempotencyEntry entry) {
        return entry.expiresAt().plus(settings.purgeGrace());
    }

    /**
     * The result carries the instant this writer answered as its timestamp (not the command's): a lookup finds a
     * decision between the command's issue and its deadline by time (decision 0014), and the topic's one-hour
     * retention counts from the answer.
     */
    private void reply(Record<String, ?> command, CommandResult result) {
        context.forward(new Record<String, SpecificRecord>(result.getCommandId(), result, context.currentSystemTimeMs()),
                CommandProcessorTopology.RESULTS_SINK);
    }

    /** Deletes the entries whose purge time has passed, at most {@value #EXPIRY_DELETES_MAX} per run. */
    private void deleteExpiredEntries(long nowMs) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        // The index key starts with the zero-padded purge time, so one range scan finds every entry due.
        String from = expiryScanFromMs == Long.MIN_VALUE ? null : expiryIndexPrefix(expiryScanFromMs);
        try (KeyValueIterator<String, String> scan = idempotencyExpiry.range(from, expiryIndexPrefix(nowMs + 1))) {
            while (scan.hasNext() && due.size() < EXPIRY_DELETES_MAX) {
                due.add(scan.next());
            }
        }
        int deleted = 0;
        for (KeyValue<String, String> index : due) {
            idempotencyExpiry.put(index.key, null);
            if (index.value.startsWith(PURGE_TIME_INDEXED)) {
                // Indexed at its purge time, and its index key deleted whenever it is replaced: due, no need to read it.
                idempotency.put(index.value.substring(PURGE_TIME_INDEXED.length()), null);
                deleted++;
                continue;
            }
            // Written before decision 0014: indexed at its expiry, so it may not be due yet.
            IdempotencyEntry current = idempotency.get(index.value);
            if (current == null) {
                continue;
            }
            Instant purgeAt = purgeAt(current);
            if (purgeAt.toEpochMilli() <= nowMs) {
                idempotency.put(index.value, null);
                deleted++;
            } else {
                idempotencyExpiry.put(expiryIndexKey(purgeAt, index.value), PURGE_TIME_INDEXED + index.value);
            }
        }
        // Below the last key looked at, nothing due is left; when the bound cut the scan short, start there next time.
        expiryScanFromMs = due.size() < EXPIRY_DELETES_MAX ? nowMs + 1 : indexTimeMs(due.get(due.size() - 1).key);
        if (deleted > 0) {
            log.debug("deleted {} expired idempotency entries", deleted);
        }
    }

    static String expiryIndexKey(Instant at, String storeKey) {
        return expiryIndexPrefix(at.toEpochMilli()) + "/" + storeKey;
    }

    private static long indexTimeMs(String indexKey) {
        return Long.parseLong(indexKey.substring(0, EXPIRY_INDEX_PREFIX_LENGTH));
    }

    private static final int EXPIRY_INDEX_PREFIX_LENGTH = 19;
    /**
     * Marks an index value written since decision 0014 (the store key follows): indexed at the entry's purge time.
     * Account ids never contain '|', so a value written before, which is the bare store key, never starts with it.
     */
    static final String PURGE_TIME_INDEXED = "|";

    private static String expiryIndexPrefix(long epochMs) {
        return String.format("%019d", epochMs);
    }
}

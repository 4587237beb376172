package org.eventbank.ledger.kafka;

import java.time.Instant;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.domain.LedgerInvariantException;
import org.eventbank.ledger.domain.TransferLeg;
import org.eventbank.ledger.domain.Violation;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.catalog.Family;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds one ledger event into the three stores and forwards the account's new balance and, for a transfer's event
 * (contract v3), the transfer's leg with the owner of the account folded ({@link Folded}): the transfer's view lives on
 * another partition, keyed by transferId, and learns who may read each side only from here. A broken
 * invariant (gap, duplicate, mismatch, an event after a close) is logged with account, versions,
 * topic, partition and offset and rethrown: the processing exception handler fails, the
 * uncaught-exception handler shuts the client down, and nothing is skipped.
 *
 * <p>An event whose occurredAt lies at or before its partition's final instant is folded like any other, and
 * counted and logged as late: the ledger is right, an earlier asOf answer was not (see {@link FinalityTracker}).
 *
 * <p>A closing while the balances writer is pinned below {@value #BALANCES_VERSION_WITH_STATUS} stops
 * the same way, before any store is written: that version has no status, so the balance could only
 * be published as open (false) or not at all (the close hidden). The message names the setting that
 * lifts it. The balances serde would refuse the record too; this check comes first so the operator
 * reads which switch to turn rather than a schema detail.
 */
final class LedgerFoldProcessor implements Processor<String, SpecificRecord, String, LedgerFoldProcessor.Folded> {

    /**
     * What one folded event gives downstream: the account's new balance to publish, and for a transfer's event its leg
     * (null otherwise), to be re-keyed by transferId. Never serialized: it only passes between nodes of one task.
     */
    record Folded(AccountBalance balance, TransferLeg transferLeg) {
    }

    /** The AccountBalance version that added {@code status}: a closed account can be published from it on. */
    static final int BALANCES_VERSION_WITH_STATUS = 2;
    /** Late events are all counted; one in this many is logged. */
    static final long LATE_EVENTS_LOGGED_EVERY = 1000;

    private static final Logger log = LoggerFactory.getLogger(LedgerFoldProcessor.class);

    private final ProjectionProgress progress;
    private final int balancesVersion;
    private ProcessorContext<String, Folded> context;
    private KeyValueStore<String, BalanceView> balances;
    private KeyValueStore<Bytes, HistoryEntry> history;
    private KeyValueStore<String, CurrencyTotals> totals;

    /** @param balancesVersion the AccountBalance version the balances writer emits, as settled at start */
    LedgerFoldProcessor(ProjectionProgress progress, int balancesVersion) {
        this.progress = progress;
        this.balancesVersion = balancesVersion;
    }

    @Override
    public void init(ProcessorContext<String, Folded> context) {
        this.context = context;
        this.balances = context.getStateStore(LedgerProjectorTopology.BALANCES_STORE);
        this.history = context.getStateStore(LedgerProjectorTopology.HISTORY_STORE);
        this.totals = context.getStateStore(LedgerProjectorTopology.TOTALS_STORE);
        progress.folding().started(context.taskId().partition());
    }

    @Override
    public void close() {
        progress.folding().stopped(context.taskId().partition());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() == null) {
            throw stop("a null value (tombstone) on the ledger for key " + record.key(), null);
        }
        LedgerEvent event;
        try {
            event = EventMapper.toDomain(record.value());
        } catch (RuntimeException e) {
            throw stop("an event the projector cannot read (" + e.getMessage() + ") for key " + record.key(), e);
        }
        BalanceView before = balances.get(event.accountId());
        if (before == null) {
            before = BalanceView.INITIAL;
        }
        BalanceView after;
        try {
            if (!event.accountId().equals(record.key())) {
                throw new LedgerInvariantException(Violation.KEY_MISMATCH, event.accountId(), before.version(), event.version(),
                        "record key " + record.key());
            }
            after = BalanceView.evolve(before, event);
        } catch (LedgerInvariantException e) {
            throw stop(e.getMessage(), e);
        }
        // before any store is written: the stores stay at the last balance that was published
        if (after.isClosed() && balancesVersion < BALANCES_VERSION_WITH_STATUS) {
            throw stop(Family.BALANCES.versionSetting() + "=" + balancesVersion + " pins the balances writer to a version"
                    + " without status (promote it to " + BALANCES_VERSION_WITH_STATUS + " once every reader of the balances"
                    + " topic reads that version, then restart; publishing the balance as open would be false, skipping it"
                    + " would hide the close), and account " + event.accountId() + " is closed at version " + event.version()
                    + " by the event", null);
        }

        // history first: any version the balances store shows is then already readable for asOf
        history.put(HistoryKeys.of(event.accountId(), event.version()), HistoryEntry.of(event));
        balances.put(event.accountId(), after);
        CurrencyTotals partial = totals.get(after.currency());
        totals.put(after.currency(), CurrencyTotals.evolve(partial == null ? CurrencyTotals.ZERO : partial, event));

        // the owner of the account this leg changed: the payer's on a debit or reversal, the payee's on a credit
        TransferLeg leg = event instanceof LedgerEvent.Transfer transfer ? TransferLeg.of(transfer, after.owner()) : null;
        context.forward(new Record<>(event.accountId(), new Folded(EventMapper.toAvro(event.accountId(), after), leg), record.timestamp()));
        context.recordMetadata().ifPresent(m -> {
            progress.processed(m.partition(), m.offset(), record.timestamp());
            // checked where it is read, again: an event for an instant already declared final proves an asOf answer wrong
            progress.finalUpTo(m.partition()).filter(finalUpTo -> !event.occurredAt().isAfter(finalUpTo))
                    .ifPresent(finalUpTo -> late(event, m, finalUpTo));
        });
    }

    /**
     * Counts the event and logs the first one and then every {@value #LATE_EVENTS_LOGGED_EVERY}th: the ledger is
     * right, so the fold goes on (stopping would not make the earlier answer right), but someone must look.
     */
    private void late(LedgerEvent event, RecordMetadata metadata, Instant finalUpTo) {
        long count = progress.lateEvent();
        if (count == 1 || count % LATE_EVENTS_LOGGED_EVERY == 0) {
            log.warn("Late event ({} so far): account {} version {} occurred at {}, but {} was already final up to {}; asOf answers"
                    + " given for instants from {} on were wrong. A writer's clock is behind by more than BANK_CLOCK_SKEW_MS_MAX,"
                    + " or a transaction outlived BANK_ASOF_COMMIT_WINDOW_MS (docs/decisions/0013-final-asof.md)",
                    count, event.accountId(), event.version(), event.occurredAt(), LedgerProjectionStoppedException.position(metadata), finalUpTo, event.occurredAt());
        }
    }

    private LedgerProjectionStoppedException stop(String problem, Exception cause) {
        return LedgerProjectionStoppedException.at(context, progress, log, problem, cause);
    }
}

package org.eventbank.ledger.kafka;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eventbank.ledger.domain.LedgerInvariantException;
import org.eventbank.ledger.domain.TransferLeg;
import org.eventbank.ledger.domain.TransferView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the legs of each transfer, re-keyed by transferId through the {@value LedgerProjectorTopology#TRANSFER_LEGS_TOPIC}
 * repartition topic, into the {@value LedgerProjectorTopology#TRANSFERS_STORE} store ({@link TransferView#evolve}). Legs
 * that do not fit together (a second settlement, accounts or amounts that disagree) stop the projector like a broken
 * account invariant, naming the transfer and the record's position: a transfer shown wrong is worse than none.
 */
final class TransferViewProcessor implements Processor<String, TransferLeg, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(TransferViewProcessor.class);

    private final ProjectionProgress progress;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, TransferView> transfers;

    TransferViewProcessor(ProjectionProgress progress) {
        this.progress = progress;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.transfers = context.getStateStore(LedgerProjectorTopology.TRANSFERS_STORE);
        progress.transferViews().started(context.taskId().partition());
    }

    @Override
    public void close() {
        progress.transferViews().stopped(context.taskId().partition());
    }

    @Override
    public void process(Record<String, TransferLeg> record) {
        TransferLeg leg = record.value();
        if (leg == null || !leg.transferId().equals(record.key())) {
            throw stop("a transfer leg " + leg + " under key " + record.key(), null);
        }
        TransferView after;
        try {
            after = TransferView.evolve(transfers.get(leg.transferId()), leg);
        } catch (LedgerInvariantException e) {
            throw stop(e.getMessage(), e);
        }
        transfers.put(leg.transferId(), after);
    }

    private LedgerProjectionStoppedException stop(String problem, Exception cause) {
        return LedgerProjectionStoppedException.at(context, progress, log, problem, cause);
    }
}

package org.eventbank.ledger.interactive;

import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.http.LocalStores;
import org.eventbank.ledger.http.ProblemException;
import org.eventbank.ledger.streams.LedgerProjectorTopology;
import org.eventbank.ledger.streams.LedgerReader;

/** This instance's stores through Kafka Streams interactive queries, one partition at a time, active tasks only. */
public final class StreamsLocalStores implements LocalStores {

    private final StreamsHandle handle;

    public StreamsLocalStores(StreamsHandle handle) {
        this.handle = handle;
    }

    @Override
    public LedgerReader reader(int partition) {
        KafkaStreams streams = handle.running();
        try {
            ReadOnlyKeyValueStore<String, BalanceView> balances = streams.store(StoreQueryParameters
                    .fromNameAndType(LedgerProjectorTopology.BALANCES_STORE, QueryableStoreTypes.<String, BalanceView>keyValueStore())
                    .withPartition(partition));
            ReadOnlyKeyValueStore<Bytes, HistoryEntry> history = streams.store(StoreQueryParameters
                    .fromNameAndType(LedgerProjectorTopology.HISTORY_STORE, QueryableStoreTypes.<Bytes, HistoryEntry>keyValueStore())
                    .withPartition(partition));
            ReadOnlyKeyValueStore<String, CurrencyTotals> totals = streams.store(StoreQueryParameters
                    .fromNameAndType(LedgerProjectorTopology.TOTALS_STORE, QueryableStoreTypes.<String, CurrencyTotals>keyValueStore())
                    .withPartition(partition));
            return new LedgerReader(balances, history, totals);
        } catch (InvalidStateStoreException e) {
            throw ProblemException.notReady("the stores of partition " + partition + " cannot be read here now: " + e.getMessage());
        }
    }

    @Override
    public Map<Integer, Map<String, CurrencyTotals>> partialTotals() {
        KafkaStreams streams = handle.running();
        Map<Integer, Map<String, CurrencyTotals>> partials = new TreeMap<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                int partition = task.taskId().partition();
                try {
                    partials.put(partition, reader(partition).localTotals());
                } catch (InvalidStateStoreException e) {
                    throw ProblemException.notReady("the totals of partition " + partition + " cannot be read here now: " + e.getMessage());
                }
            }
        }
        return partials;
    }
}

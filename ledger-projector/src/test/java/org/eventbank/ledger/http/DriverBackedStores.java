package org.eventbank.ledger.http;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.EventMapper;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.streams.LedgerProjectorTopology;
import org.eventbank.ledger.streams.LedgerReader;
import org.eventbank.ledger.streams.ProjectionProgress;
import org.eventbank.schemas.topics.BankTopics;

/** The real topology in a TopologyTestDriver, its stores served as if they were one instance's partition {@code partition}. */
final class DriverBackedStores implements LocalStores, AutoCloseable {

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, SpecificRecord> events;
    private final LedgerReader reader;
    private final int partition;

    DriverBackedStores(Path stateDir, int partition) {
        BankTopics topics = BankTopics.defaults();
        LedgerProjectorConfig config = LedgerProjectorConfig.fromEnvironment(Map.of("BANK_STATE_DIR", stateDir.toString()));
        this.driver = new TopologyTestDriver(LedgerProjectorTopology.buildTopology(topics, new ProjectionProgress()),
                LedgerProjectorTopology.streamsConfig(config, "localhost:8081"));
        this.events = driver.createInputTopic(topics.events().name(), topics.events().keySerde().serializer(),
                topics.events().valueSerde().serializer());
        KeyValueStore<String, BalanceView> balances = driver.getKeyValueStore(LedgerProjectorTopology.BALANCES_STORE);
        KeyValueStore<Bytes, HistoryEntry> history = driver.getKeyValueStore(LedgerProjectorTopology.HISTORY_STORE);
        KeyValueStore<String, CurrencyTotals> totals = driver.getKeyValueStore(LedgerProjectorTopology.TOTALS_STORE);
        this.reader = new LedgerReader(balances, history, totals);
        this.partition = partition;
    }

    void write(List<LedgerEvent> ledger) {
        for (LedgerEvent event : ledger) {
            events.pipeInput(event.accountId(), EventMapper.toAvro(event, "cmd"), event.occurredAt());
        }
    }

    void write(LedgerEvent event, Instant at) {
        events.pipeInput(event.accountId(), EventMapper.toAvro(event, "cmd"), at);
    }

    @Override
    public LedgerReader reader(int requested) {
        if (requested != partition) {
            throw ProblemException.notReady("partition " + requested + " is not here");
        }
        return reader;
    }

    @Override
    public Map<Integer, Map<String, CurrencyTotals>> partialTotals() {
        return Map.of(partition, reader.localTotals());
    }

    @Override
    public void close() {
        driver.close();
    }
}

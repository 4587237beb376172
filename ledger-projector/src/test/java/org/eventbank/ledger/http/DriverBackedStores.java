package org.eventbank.ledger.http;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eventbank.config.Env;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.domain.TransferView;
import org.eventbank.ledger.kafka.EventMapper;
import org.eventbank.ledger.kafka.LedgerProjectorTopology;
import org.eventbank.ledger.kafka.ProjectionProgress;
import org.eventbank.ledger.kafka.StreamsLedgerQueries;
import org.eventbank.ledger.query.LedgerQueries;
import org.eventbank.ledger.query.Read;
import org.eventbank.ledger.query.TransferQueries;
import org.eventbank.schemas.topics.BankTopics;

/** The real topology in a TopologyTestDriver, its stores served as if they were one instance's partition {@code partition}. */
final class DriverBackedStores implements LedgerQueries, TransferQueries, AutoCloseable {

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, SpecificRecord> events;
    private final KeyValueStore<String, BalanceView> balances;
    private final StreamsLedgerQueries queries;

    DriverBackedStores(Path stateDir, int partition) {
        LedgerProjectorConfig config = LedgerProjectorConfig.fromEnvironment(Env.of(Map.of("BANK_STATE_DIR", stateDir.toString(),
                "BANK_AUTH_DEV", "true")));
        BankTopics topics = config.cluster().bankTopics();
        this.driver = new TopologyTestDriver(LedgerProjectorTopology.buildTopology(config.cluster(), new ProjectionProgress()),
                LedgerProjectorTopology.streamsConfig(config.streams(), config.cluster(), 0, "localhost:8081"));
        this.events = driver.createInputTopic(topics.events().name(), topics.events().keySerde().serializer(),
                topics.events().valueSerde().serializer());
        this.balances = driver.getKeyValueStore(LedgerProjectorTopology.BALANCES_STORE);
        KeyValueStore<Bytes, HistoryEntry> history = driver.getKeyValueStore(LedgerProjectorTopology.HISTORY_STORE);
        KeyValueStore<String, CurrencyTotals> totals = driver.getKeyValueStore(LedgerProjectorTopology.TOTALS_STORE);
        KeyValueStore<String, TransferView> transfers = driver.getKeyValueStore(LedgerProjectorTopology.TRANSFERS_STORE);
        // one driver folds every partition: its transfers store is served as the same partition as its accounts
        this.queries = StreamsLedgerQueries.overStores(partition, balances, history, totals, transfers);
    }

    void write(List<LedgerEvent> ledger) {
        for (LedgerEvent event : ledger) {
            events.pipeInput(event.accountId(), EventMapper.toAvro(event, "cmd"), event.occurredAt());
        }
    }

    void write(LedgerEvent event, Instant at) {
        events.pipeInput(event.accountId(), EventMapper.toAvro(event, "cmd"), at);
    }

    /** Puts a view straight into the balances store, as a store left by an earlier release holds it. */
    void putBalance(String accountId, BalanceView view) {
        balances.put(accountId, view);
    }

    @Override
    public Read<Optional<BalanceView>> balance(int partition, String accountId) {
        return queries.balance(partition, accountId);
    }

    @Override
    public Read<Optional<AsOf>> asOf(int partition, String accountId, Instant instant) {
        return queries.asOf(partition, accountId, instant);
    }

    @Override
    public Read<Optional<StatementPage>> statement(int partition, String accountId, long fromVersion, int limit) {
        return queries.statement(partition, accountId, fromVersion, limit);
    }

    @Override
    public Read<LocalTotals> localTotals() {
        return queries.localTotals();
    }

    @Override
    public Read<Optional<TransferView>> transfer(int partition, String transferId) {
        return queries.transfer(partition, transferId);
    }

    @Override
    public void close() {
        driver.close();
    }
}

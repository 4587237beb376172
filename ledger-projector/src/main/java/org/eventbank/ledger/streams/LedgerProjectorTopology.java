package org.eventbank.ledger.streams;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.streams.memory.BoundedRocksDbMemory;

/**
 * The projector's Kafka Streams topology: consume {@code bank.account-events} (the ledger), fold
 * every event into three persistent stores, and publish each account's new balance to the compacted
 * {@code bank.account-balances} topic.
 *
 * <ul>
 *   <li>{@value #BALANCES_STORE}: account id to {@link org.eventbank.ledger.domain.BalanceView};
 *   <li>{@value #HISTORY_STORE}: {@link HistoryKeys} (account, version) to
 *       {@link org.eventbank.ledger.domain.HistoryEntry}: statements are range scans; as-of is a
 *       binary search over the account's versions, correct because occurredAt never decreases
 *       within an account (the fold checks it), so no second time-keyed index is needed;
 *   <li>{@value #TOTALS_STORE}: currency to this partition's partial
 *       {@link org.eventbank.ledger.domain.CurrencyTotals}; each task's store holds one partition,
 *       so the sum over every store on every instance is the bank's totals.
 * </ul>
 * Tests use the same {@link #buildTopology} and {@link #streamsConfig} as the running service.
 */
public final class LedgerProjectorTopology {

    public static final String BALANCES_STORE = "balances";
    public static final String HISTORY_STORE = "history";
    public static final String TOTALS_STORE = "totals";

    private LedgerProjectorTopology() {
    }

    public static Topology buildTopology(BankTopics topics, ProjectionProgress progress) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BALANCES_STORE), Serdes.String(), StoreCodecs.balanceView()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HISTORY_STORE), Serdes.Bytes(), StoreCodecs.historyEntry()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TOTALS_STORE), Serdes.String(), StoreCodecs.currencyTotals()).withCachingEnabled());

        // consume: the ledger, every fact of every account, in per-account order
        builder.stream(topics.events().name(), Consumed.with(topics.events().keySerde(), topics.events().valueSerde())
                        .withName("consume-ledger"))
                // fold: balances, history and totals, checking every invariant
                .process(() -> new LedgerFoldProcessor(progress), Named.as("fold-ledger"), BALANCES_STORE, HISTORY_STORE, TOTALS_STORE)
                // publish: the latest balance per account
                .to(topics.balances().name(), Produced.with(topics.balances().keySerde(), topics.balances().valueSerde())
                        .withName("publish-balances"));
        return builder.build();
    }

    /**
     * The Streams settings, safety ones spelled out even where they equal the defaults.
     *
     * @param applicationServer this instance's {@code host:port} for interactive-query routing
     */
    public static Properties streamsConfig(LedgerProjectorConfig config, String applicationServer) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topics().replicationFactor());
        // unknown data stops, never skips
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class.getName());
        // no global stores today; set so a future one cannot silently get the old behaviour
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), true);
        // memory: one bounded RocksDB cache for every store of the JVM, and an explicit on-heap record cache
        BoundedRocksDbMemory.configure(props, config.rocksDbMemoryBytes());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.stateCacheBytes());
        return props;
    }
}

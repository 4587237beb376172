package org.eventbank.ledger.kafka;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.streams.StopOnUndecodableRecord;
import org.eventbank.kit.streams.StreamsSettings;
import org.eventbank.ledger.domain.TransferLeg;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.topics.BankTopics;

/**
 * The projector's Kafka Streams topology: consume {@code bank.account-events} (the ledger), fold
 * every event into three persistent stores, and publish each account's new balance to the compacted
 * {@code bank.account-balances} topic; a closed account's balance stays there with status CLOSED,
 * never a tombstone.
 *
 * <ul>
 *   <li>{@value #BALANCES_STORE}: account id to {@link org.eventbank.ledger.domain.BalanceView};
 *   <li>{@value #HISTORY_STORE}: {@link HistoryKeys} (account, version) to
 *       {@link org.eventbank.ledger.domain.HistoryEntry}: statements are range scans; as-of is a
 *       binary search over the account's versions, correct because occurredAt never decreases
 *       within an account (the fold checks it), so no second time-keyed index is needed;
 *   <li>{@value #TOTALS_STORE}: currency to this partition's partial
 *       {@link org.eventbank.ledger.domain.CurrencyTotals}; each task's store holds one partition,
 *       so the sum over every store on every instance is the bank's totals;
 *   <li>{@value #TRANSFERS_STORE} (contract v3, decision 0016): transferId to
 *       {@link org.eventbank.ledger.domain.TransferView}. A transfer's events are keyed by the accounts they change,
 *       usually on two partitions, so the fold forwards each as a {@link TransferLeg} (with the owner of its account)
 *       re-keyed by transferId through the internal topic {@code <application.id>-}{@value #TRANSFER_LEGS_TOPIC}{@code
 *       -repartition} (as many partitions as the ledger). The store's partition is then the transferId's, and
 *       {@code queryMetadataForKey(TRANSFERS_STORE, transferId)} finds the instance that holds it, as for accounts.
 * </ul>
 * Tests use the same {@link #buildTopology} and {@link #streamsConfig} as the running service.
 *
 * <p>The transfers store and the repartition topic add a second sub-topology, which a build before them does not have.
 * Kafka Streams does not let instances with different topologies share one group, so this release is not rolled in
 * instance by instance beside the previous one: either every old instance is stopped before the first new one starts
 * (same application id: the balances, history and totals stores are kept, and the transfers store starts empty, which
 * is complete, since no transfer event can be in the ledger before every reader, this projector included, runs a build
 * that knows contract v3), or a new deployment under a new {@code BANK_APPLICATION_ID} is started with
 * {@code --rebuild} beside the old one, as for store format 3. {@link ProjectionReset} clears the new store's changelog
 * and the repartition topic with the others (it deletes every {@code -changelog} and {@code -repartition} topic of the
 * application).
 */
public final class LedgerProjectorTopology {

    public static final String BALANCES_STORE = "balances";
    public static final String HISTORY_STORE = "history";
    public static final String TOTALS_STORE = "totals";
    public static final String TRANSFERS_STORE = "transfers";
    /** The name of the repartition step; its topic is {@code <application.id>-transfer-legs-repartition}. */
    public static final String TRANSFER_LEGS_TOPIC = "transfer-legs";

    private LedgerProjectorTopology() {
    }

    /**
     * @param cluster the cluster settings as {@link ClusterSettings#prepare} settled them: its topics and serdes, and the
     *                AccountBalance version the balances writer emits (without a pin, the newest this build knows)
     */
    public static Topology buildTopology(ClusterSettings cluster, ProjectionProgress progress) {
        BankTopics topics = cluster.bankTopics();
        int balancesVersion = cluster.writerVersions().pin(Family.BALANCES)
                .orElseGet(() -> Family.BALANCES.newestVersion(SchemaCatalog.builtIn()));
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BALANCES_STORE), Serdes.String(), StoreCodecs.balanceView()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HISTORY_STORE), Serdes.Bytes(), StoreCodecs.historyEntry()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TOTALS_STORE), Serdes.String(), StoreCodecs.currencyTotals()).withCachingEnabled());

        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TRANSFERS_STORE), Serdes.String(), StoreCodecs.transferView()).withCachingEnabled());

        // consume: the ledger, every fact of every account, in per-account order
        KStream<String, LedgerFoldProcessor.Folded> folded = builder.stream(topics.events().name(),
                        Consumed.with(topics.events().keySerde(), topics.events().valueSerde()).withName("consume-ledger"))
                // fold: balances, history and totals, checking every invariant
                .process(() -> new LedgerFoldProcessor(progress, balancesVersion), Named.as("fold-ledger"),
                        BALANCES_STORE, HISTORY_STORE, TOTALS_STORE);
        // publish: the latest balance per account
        folded.mapValues(LedgerFoldProcessor.Folded::balance, Named.as("balance-of-fold"))
                .to(topics.balances().name(), Produced.with(topics.balances().keySerde(), topics.balances().valueSerde())
                        .withName("publish-balances"));
        // re-key: each transfer event under its transferId, with the owner of the account it changed
        folded.filter((accountId, fold) -> fold.transferLeg() != null, Named.as("transfer-events"))
                .map((accountId, fold) -> KeyValue.pair(fold.transferLeg().transferId(), fold.transferLeg()), Named.as("key-by-transfer"))
                .repartition(Repartitioned.<String, TransferLeg>as(TRANSFER_LEGS_TOPIC)
                        .withKeySerde(Serdes.String()).withValueSerde(StoreCodecs.transferLeg()))
                // fold transfers: one view per transferId, its debit and its credit or reversal
                .process(() -> new TransferViewProcessor(progress), Named.as("fold-transfers"), TRANSFERS_STORE);
        return builder.build();
    }

    /**
     * The Streams settings: the kit's common ones ({@link StreamsSettings#baseProperties}: exactly-once,
     * read_committed, acks=all and idempotence, a failed record stops the client, bounded memory), and
     * the projector's own, spelled out even where they equal the defaults.
     *
     * @param standbyReplicas   warm copies of each store on other instances
     * @param applicationServer this instance's {@code host:port} for interactive-query routing
     */
    public static Properties streamsConfig(StreamsSettings streams, ClusterSettings cluster, int standbyReplicas,
                                           String applicationServer) {
        Properties props = streams.baseProperties(cluster.connection(), cluster.topics().replicationFactor());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        // unknown data stops, never skips
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, StopOnUndecodableRecord.class);
        // no global stores today; set so a future one cannot silently get the old behaviour
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return props;
    }
}

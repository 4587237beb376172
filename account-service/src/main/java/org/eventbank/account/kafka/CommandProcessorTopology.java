package org.eventbank.account.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.streams.StopOnUndecodableRecord;
import org.eventbank.kit.streams.StreamsSettings;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.Topic;

/**
 * The command processor: a Kafka Streams topology with exactly-once processing.
 *
 * <ul>
 *   <li>In: {@code <prefix>account-commands} (key accountId, value AccountCommand).
 *   <li>Out: {@code <prefix>account-events} (key accountId, the events; record timestamp = occurredAt)
 *       and {@code <prefix>command-results} (key commandId, value CommandResult).
 *   <li>In and out: {@code <prefix>transfer-instructions} (key: the account to act on), the steps of a transfer
 *       between two accounts' writers (decision 0016), read by {@link InstructionProcessor}. Its partitions meet the
 *       commands' of the same number in one task (same count, checked by the bootstrap), so both processors share the
 *       stores and one transaction.
 *   <li>Stores: {@value #ACCOUNTS_STORE} (accountId -> account state), {@value #IDEMPOTENCY_STORE}
 *       ("accountId/key" -> body hash, result, expiry), {@value #IDEMPOTENCY_EXPIRY_STORE}
 *       (an index by purge time for the punctuator), {@value #PROGRESS_STORE} (commands partition -> offset of
 *       the last command decided), {@value #TRANSFERS_OUT_STORE} (transferId -> a transfer debited here and not yet
 *       settled) and {@value #TRANSFER_CREDITS_STORE} ("payee/payer" -> the highest debit version of that payer the
 *       payee has decided), each backed by a compacted changelog.
 * </ul>
 * The consumer reads with {@code auto.offset.reset=none}: a partition without a committed offset stops the client
 * instead of deciding seven days of commands again; {@link CommandGroupGuard} sets the offsets of a new group.
 * Store values use small versioned codecs of this module ({@link AccountStateSerde},
 * {@link IdempotencyEntrySerde}). It runs inside {@code AccountService}; tests drive the same
 * {@link #buildTopology} with {@code TopologyTestDriver}.
 */
public final class CommandProcessorTopology {

    public static final String ACCOUNTS_STORE = "accounts";
    public static final String IDEMPOTENCY_STORE = "idempotency";
    public static final String IDEMPOTENCY_EXPIRY_STORE = "idempotency-expiry";
    public static final String PROGRESS_STORE = "command-progress";
    public static final String TRANSFERS_OUT_STORE = "transfers-out";
    public static final String TRANSFER_CREDITS_STORE = "transfer-credits";

    static final String COMMANDS_SOURCE = "commands-source";
    static final String DECIDE_PROCESSOR = "decide";
    static final String EVENTS_SINK = "events-sink";
    static final String RESULTS_SINK = "results-sink";
    static final String INSTRUCTIONS_SOURCE = "transfer-instructions-source";
    static final String SETTLE_PROCESSOR = "settle-transfers";
    static final String INSTRUCTIONS_SINK = "transfer-instructions-sink";

    private CommandProcessorTopology() {
    }

    /**
     * @param settings      retention, deadlines and clock skew, and what the settled writer versions allow
     * @param accountStates the codec of the "accounts" store, writing the format the settled events writer version
     *                      allows ({@link AccountStateSerde#forEventsWriterVersion})
     */
    public static Topology buildTopology(BankTopics topics, BankSerdes serdes, ProcessorSettings settings,
                                         AccountStateSerde accountStates) {
        Topic<String, org.eventbank.schemas.avro.AccountCommand> commands = topics.commands();
        Topology topology = new Topology();
        // consume
        topology.addSource(COMMANDS_SOURCE, commands.keySerde().deserializer(), commands.valueSerde().deserializer(),
                commands.name());
        // deduplicate, decide, apply: one processor, since all three read and write the same account's state
        topology.addProcessor(DECIDE_PROCESSOR, () -> new CommandProcessor(settings), COMMANDS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCOUNTS_STORE), Serdes.String(), accountStates).withCachingEnabled(),
                DECIDE_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(IDEMPOTENCY_STORE), Serdes.String(), new IdempotencyEntrySerde(serdes.result()))
                        .withCachingEnabled(),
                DECIDE_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(IDEMPOTENCY_EXPIRY_STORE), Serdes.String(), Serdes.String()).withCachingEnabled(),
                DECIDE_PROCESSOR);
        // One key per partition, written with every command: cached, so one changelog record per commit.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PROGRESS_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled(),
                DECIDE_PROCESSOR);
        // the second half of transfers: credit, send back, settle
        Topic<String, org.eventbank.schemas.avro.TransferInstruction> instructions = topics.transferInstructions();
        // From the start of the topic where the group has no offset yet (the first run of a release with transfers, or
        // after the offsets were lost): an instruction carries money already debited and must never be skipped; one
        // decided already is passed over (see InstructionProcessor), so reading it again costs nothing.
        topology.addSource(AutoOffsetReset.earliest(), INSTRUCTIONS_SOURCE, instructions.keySerde().deserializer(),
                instructions.valueSerde().deserializer(), instructions.name());
        topology.addProcessor(SETTLE_PROCESSOR, InstructionProcessor::new, INSTRUCTIONS_SOURCE);
        topology.connectProcessorAndStateStores(SETTLE_PROCESSOR, ACCOUNTS_STORE, IDEMPOTENCY_STORE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TRANSFERS_OUT_STORE), Serdes.String(), new OutgoingTransferSerde(serdes.result()))
                        .withCachingEnabled(),
                DECIDE_PROCESSOR, SETTLE_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TRANSFER_CREDITS_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled(),
                SETTLE_PROCESSOR);
        // publish the events
        topology.addSink(EVENTS_SINK, topics.events().name(), topics.events().keySerde().serializer(),
                topics.events().valueSerde().serializer(), DECIDE_PROCESSOR, SETTLE_PROCESSOR);
        // reply
        topology.addSink(RESULTS_SINK, topics.results().name(), topics.results().keySerde().serializer(),
                topics.results().valueSerde().serializer(), DECIDE_PROCESSOR, SETTLE_PROCESSOR);
        topology.addSink(INSTRUCTIONS_SINK, instructions.name(), instructions.keySerde().serializer(),
                instructions.valueSerde().serializer(), DECIDE_PROCESSOR, SETTLE_PROCESSOR);
        return topology;
    }

    /**
     * The kit's common Streams properties ({@link StreamsSettings#baseProperties}: exactly_once_v2, read_committed,
     * acks=all, idempotence, failed processing stops the client, commit interval, replication, bounded memory) plus
     * the command processor's own.
     *
     * @param instanceId names this instance's Streams client ({@code <applicationId>-<instanceId>})
     */
    public static Properties streamsConfig(ClusterSettings cluster, StreamsSettings streams, String instanceId) {
        Properties props = streams.baseProperties(cluster.connection(), cluster.topics().replicationFactor());
        props.put(StreamsConfig.CLIENT_ID_CONFIG, streams.applicationId() + "-" + instanceId);
        // Undecodable input stops the client, naming the record: money is never silently skipped.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, StopOnUndecodableRecord.class);
        // Never re-read the commands topic from its start (Streams' default): a partition without a committed offset
        // stops the client. CommandGroupGuard gives a new group its offsets before the start.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "none");
        return props;
    }
}

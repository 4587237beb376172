package org.eventbank.account.processor;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.apache.kafka.streams.state.Stores;
import org.eventbank.account.config.AccountServiceConfig;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.Topic;
import org.eventbank.streams.memory.BoundedRocksDbMemory;

/**
 * The command processor: a Kafka Streams topology with exactly-once processing.
 *
 * <ul>
 *   <li>In: {@code <prefix>account-commands} (key accountId, value AccountCommand).
 *   <li>Out: {@code <prefix>account-events} (key accountId, the events; record timestamp = occurredAt)
 *       and {@code <prefix>command-results} (key commandId, value CommandResult).
 *   <li>Stores: {@value #ACCOUNTS_STORE} (accountId -> account state), {@value #IDEMPOTENCY_STORE}
 *       ("accountId/key" -> body hash, result, expiry) and {@value #IDEMPOTENCY_EXPIRY_STORE}
 *       (an index by expiry time for the punctuator), each backed by a compacted changelog.
 * </ul>
 * Store values use small versioned codecs of this module ({@link AccountStateSerde},
 * {@link IdempotencyEntrySerde}). It runs inside {@code AccountService}; tests drive the same
 * {@link #buildTopology} with {@code TopologyTestDriver}.
 */
public final class CommandProcessorTopology {

    public static final String ACCOUNTS_STORE = "accounts";
    public static final String IDEMPOTENCY_STORE = "idempotency";
    public static final String IDEMPOTENCY_EXPIRY_STORE = "idempotency-expiry";

    static final String COMMANDS_SOURCE = "commands-source";
    static final String DECIDE_PROCESSOR = "decide";
    static final String EVENTS_SINK = "events-sink";
    static final String RESULTS_SINK = "results-sink";

    private CommandProcessorTopology() {
    }

    public static Topology buildTopology(BankTopics topics, BankSerdes serdes, Duration idempotencyRetention) {
        Topic<String, org.eventbank.schemas.avro.AccountCommand> commands = topics.commands();
        Topology topology = new Topology();
        // consume
        topology.addSource(COMMANDS_SOURCE, commands.keySerde().deserializer(), commands.valueSerde().deserializer(),
                commands.name());
        // deduplicate, decide, apply: one processor, since all three read and write the same account's state
        topology.addProcessor(DECIDE_PROCESSOR, () -> new CommandProcessor(idempotencyRetention), COMMANDS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCOUNTS_STORE), Serdes.String(), new AccountStateSerde()).withCachingEnabled(),
                DECIDE_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(IDEMPOTENCY_STORE), Serdes.String(), new IdempotencyEntrySerde(serdes.result()))
                        .withCachingEnabled(),
                DECIDE_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(IDEMPOTENCY_EXPIRY_STORE), Serdes.String(), Serdes.String()).withCachingEnabled(),
                DECIDE_PROCESSOR);
        // publish the events
        topology.addSink(EVENTS_SINK, topics.events().name(), topics.events().keySerde().serializer(),
                topics.events().valueSerde().serializer(), DECIDE_PROCESSOR);
        // reply
        topology.addSink(RESULTS_SINK, topics.results().name(), topics.results().keySerde().serializer(),
                topics.results().valueSerde().serializer(), DECIDE_PROCESSOR);
        return topology;
    }

    public static Properties streamsConfig(AccountServiceConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        props.put(StreamsConfig.CLIENT_ID_CONFIG, config.applicationId() + "-" + config.instanceId());
        // Undecodable input and failed processing stop the client: money is never silently skipped.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, StopOnUndecodableCommand.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class);
        // Safety settings, explicit even where they equal what exactly_once_v2 implies.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), true);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), config.transactionTimeoutMs());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), config.sessionTimeoutMs());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                Math.min(3_000, config.sessionTimeoutMs() / 3));
        // Memory: one bounded RocksDB cache for every store of the JVM, and an explicit on-heap record cache.
        BoundedRocksDbMemory.configure(props, config.rocksDbMemoryBytes());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, config.stateCacheBytes());
        return props;
    }
}

package org.eventbank.kit.kafka;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.eventbank.config.Env;
import org.eventbank.kit.topics.ContractVersionBook;
import org.eventbank.kit.topics.TopicBootstrap;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;

/**
 * Which Kafka cluster and topics a service works on, read once at start-up; the same variables for
 * every service, so they cannot disagree about the topics.
 *
 * @param connection       {@code BANK_BOOTSTRAP_SERVERS} and, on a locked-down cluster, the service's principal: see
 *                         {@link KafkaConnection}
 * @param topics           {@code BANK_TOPIC_PREFIX}, {@code BANK_PARTITIONS}, {@code BANK_REPLICATION_FACTOR}: see
 *                         {@link TopicSettings}
 * @param serdesClass      {@code BANK_SERDES_CLASS}, default blank = Avro single-object encoding: the class name of a
 *                         {@link BankSerdes} implementation to use instead (a registry-backed one, for example; the
 *                         writer pins below apply to single-object encoding only)
 * @param writerVersions   {@code BANK_EVENT_SCHEMA_VERSION}, {@code BANK_BALANCE_SCHEMA_VERSION},
 *                         {@code BANK_COMMAND_SCHEMA_VERSION}, {@code BANK_RESULT_SCHEMA_VERSION}: the schema version each
 *                         record family's writers emit, from 1 to the newest this build knows; default (blank) the
 *                         newest version already written to this ledger, as {@link #prepare} settles it from the
 *                         contract-version book. Readers first, writers by switch (docs/wire-format.md)
 */
public record ClusterSettings(KafkaConnection connection, TopicSettings topics, String serdesClass, WriterVersions writerVersions) {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = KafkaConnection.DEFAULT_BOOTSTRAP_SERVERS;

    public ClusterSettings {
        Objects.requireNonNull(connection, "connection");
    }

    /** A cluster without authentication, single-object encoding with the newest version of every family. */
    public ClusterSettings(String bootstrapServers, TopicSettings topics, String serdesClass) {
        this(KafkaConnection.plaintext(bootstrapServers), topics, serdesClass, WriterVersions.newest());
    }

    public static ClusterSettings fromEnvironment(Env env) {
        return new ClusterSettings(KafkaConnection.fromEnvironment(env),
                TopicSettings.fromEnvironment(env), env.text("BANK_SERDES_CLASS", ""), writerVersions(env));
    }

    /** The cluster's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return connection.bootstrapServers();
    }

    /** Each family's pin, if its setting is given: a version this build can write, 1 to the family's newest. */
    static WriterVersions writerVersions(Env env) {
        Map<Family, Integer> pins = new EnumMap<>(Family.class);
        for (Family family : Family.values()) {
            int newest = family.newestVersion(SchemaCatalog.builtIn());
            if (env.isSet(family.versionSetting())) {
                pins.put(family, env.integer(family.versionSetting(), newest, 1, newest));
            }
        }
        return pins.isEmpty() ? WriterVersions.newest() : WriterVersions.pinned(pins);
    }

    public ClusterSettings withConnection(KafkaConnection newConnection) {
        return new ClusterSettings(newConnection, topics, serdesClass, writerVersions);
    }

    public ClusterSettings withWriterVersions(WriterVersions versions) {
        return new ClusterSettings(connection, topics, serdesClass, versions);
    }

    /**
     * What every service does before it reads or writes a record: checks that the bank's topics exist as defined,
     * without changing them (the topic bootstrap, a step of its own, creates them: {@link TopicBootstrap#verify}),
     * and raises {@code min.insync.replicas} in place on the existing internal topics (changelogs, repartition topics)
     * of this service's Streams application, which Streams created before the setting existed and never alters; then
     * settles the schema version of each family it writes from the pins and the contract-version book
     * ({@link ContractVersionBook}). Called before the Streams client starts; the internal topics it creates later
     * get the setting from {@code StreamsSettings}. Returns these settings with the versions decided.
     *
     * @param writtenHere          the families this service writes
     * @param writer               who this is, recorded with a version it is the first to write
     * @param streamsApplicationId this service's {@code BANK_APPLICATION_ID}
     * @throws org.eventbank.kit.topics.TopicMismatchException a bank topic is missing or not as defined
     */
    public ClusterSettings prepare(Set<Family> writtenHere, String writer, String streamsApplicationId, Duration timeout) {
        BankTopics bankTopics = bankTopics();
        try (Admin admin = Admin.create(connection.clientConfig())) {
            new TopicBootstrap(admin, timeout).verify(bankTopics.all(), List.of(streamsApplicationId));
        }
        return withWriterVersions(ContractVersionBook.settle(connection, bankTopics, SchemaCatalog.builtIn(), writtenHere,
                writerVersions, writer, timeout));
    }

    public BankSerdes serdes() {
        return serdesClass.isBlank()
                ? BankSerdes.singleObject(SchemaCatalog.builtIn(), writerVersions, Map.of())
                : BankSerdes.fromClassName(serdesClass);
    }

    public BankTopics bankTopics() {
        return BankTopics.of(topics, serdes());
    }
}

package org.eventbank.kit.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The book on a real broker, with this build, which knows v2 of every family: what each start
 * decides and records on a new ledger, on a ledger written before the book, and after a promotion.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ContractVersionBookIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** This build: every family at v2. */
    private static final SchemaCatalog KNOWS_V2 = SchemaCatalog.builtIn();

    private String bootstrapServers;
    private BankTopics topics;

    @BeforeEach
    void createTopics(KafkaBroker broker) {
        bootstrapServers = broker.bootstrapServers();
        topics = BankTopics.of(TopicSettings.defaults().withPrefix("t" + UUID.randomUUID() + "."), BankSerdes.singleObject());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicBootstrap(admin, TIMEOUT).ensure(topics.all());
        }
    }

    @Test
    void shouldStartANewLedgerOnTheNewestVersionAndRecordIt() {
        WriterVersions decided = settle(WriterVersions.newest());

        assertThat(decided.pin(Family.EVENTS)).hasValue(3);
        assertThat(decided.pin(Family.RESULTS)).hasValue(3);
        assertThat(ContractVersionBook.read(KafkaConnection.plaintext(bootstrapServers), topics.contractVersions(), TIMEOUT).newest(Family.EVENTS)).hasValue(3);
    }

    @Test
    void shouldKeepALedgerWrittenBeforeTheBookOnVersionOneUntilPromotedThenStayPromoted() throws Exception {
        appendOneEvent();

        assertThat(settle(WriterVersions.newest()).pin(Family.EVENTS)).as("upgrade: writers do not go first").hasValue(1);
        assertThat(settle(WriterVersions.newest()).pin(Family.EVENTS)).as("a restart: still v1").hasValue(1);

        assertThat(settle(WriterVersions.pinned(Map.of(Family.EVENTS, 2))).pin(Family.EVENTS)).as("the promotion").hasValue(2);
        assertThat(settle(WriterVersions.newest()).pin(Family.EVENTS)).as("a writer started after the promotion").hasValue(2);

        assertThat(settle(WriterVersions.pinned(Map.of(Family.EVENTS, 1))).pin(Family.EVENTS)).as("a rollback pin").hasValue(1);
        assertThat(ContractVersionBook.read(KafkaConnection.plaintext(bootstrapServers), topics.contractVersions(), TIMEOUT).written().get(Family.EVENTS))
                .as("the book only grows").containsExactly(1, 2);
    }

    private WriterVersions settle(WriterVersions pins) {
        return ContractVersionBook.settle(KafkaConnection.plaintext(bootstrapServers), topics, KNOWS_V2, EnumSet.of(Family.EVENTS, Family.RESULTS),
                pins, "it", TIMEOUT);
    }

    /** An event written by a release from before the book: the events topic is not empty, nothing is recorded. */
    private void appendOneEvent() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        var v1Writer = BankSerdes.singleObject(KNOWS_V2, WriterVersions.pinned(Map.of(Family.EVENTS, 1)), Map.of()).event();
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), v1Writer.serializer())) {
            producer.send(new ProducerRecord<>(topics.events().name(), "acc-1", AccountOpened.newBuilder().setEventId("e-1")
                    .setAccountId("acc-1").setVersion(1L).setOccurredAt(java.time.Instant.EPOCH).setCommandId("c-1").setOwner("o")
                    .setCurrency("EUR").build())).get(30, TimeUnit.SECONDS);
        }
    }
}

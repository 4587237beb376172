package org.eventbank.kit.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Withdrawn;
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
 * The book on a real broker, with a build that knows a (hypothetical) events v2: what each start
 * decides and records on a new ledger, on a ledger written before the book, and after a promotion.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ContractVersionBookIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final SchemaCatalog KNOWS_EVENTS_V2 = SchemaCatalog.of(List.of(AccountOpened.getClassSchema(),
            Deposited.getClassSchema(), Withdrawn.getClassSchema(), parse("/evolution/Deposited-v2.avsc"),
            AccountCommand.getClassSchema(), CommandResult.getClassSchema(), AccountBalance.getClassSchema()));

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

        assertThat(decided.pin(Family.EVENTS)).hasValue(2);
        assertThat(decided.pin(Family.RESULTS)).hasValue(1);
        assertThat(ContractVersionBook.read(bootstrapServers, topics.contractVersions(), TIMEOUT).newest(Family.EVENTS)).hasValue(2);
    }

    @Test
    void shouldKeepALedgerWrittenBeforeTheBookOnVersionOneUntilPromotedThenStayPromoted() throws Exception {
        appendOneEvent();

        assertThat(settle(WriterVersions.newest()).pin(Family.EVENTS)).as("upgrade: writers do not go first").hasValue(1);
        assertThat(settle(WriterVersions.newest()).pin(Family.EVENTS)).as("a restart: still v1").hasValue(1);

        assertThat(settle(WriterVersions.pinned(Map.of(Family.EVENTS, 2))).pin(Family.EVENTS)).as("the promotion").hasValue(2);
        assertThat(settle(WriterVersions.newest()).pin(Family.EVENTS)).as("a writer started after the promotion").hasValue(2);

        assertThat(settle(WriterVersions.pinned(Map.of(Family.EVENTS, 1))).pin(Family.EVENTS)).as("a rollback pin").hasValue(1);
        assertThat(ContractVersionBook.read(bootstrapServers, topics.contractVersions(), TIMEOUT).written().get(Family.EVENTS))
                .as("the book only grows").containsExactly(1, 2);
    }

    private WriterVersions settle(WriterVersions pins) {
        return ContractVersionBook.settle(bootstrapServers, topics, KNOWS_EVENTS_V2, EnumSet.of(Family.EVENTS, Family.RESULTS),
                pins, "it", TIMEOUT);
    }

    /** An event written by a release from before the book: the events topic is not empty, nothing is recorded. */
    private void appendOneEvent() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), topics.events().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.events().name(), "acc-1",
                    new AccountOpened("e-1", "acc-1", 1L, java.time.Instant.EPOCH, "c-1", "o", "EUR"))).get(30, TimeUnit.SECONDS);
        }
    }

    private static Schema parse(String resource) {
        try (InputStream in = ContractVersionBookIT.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

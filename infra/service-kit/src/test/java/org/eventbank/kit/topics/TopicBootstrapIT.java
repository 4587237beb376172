package org.eventbank.kit.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.Topic;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(KafkaBrokerExtension.class)
class TopicBootstrapIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Admin admin;
    private BankTopics topics;

    @BeforeEach
    void connect(KafkaBroker broker) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        topics = BankTopics.of(TopicSettings.defaults().withPrefix("t" + UUID.randomUUID() + "."), BankSerdes.singleObject());
    }

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void shouldCreateTheBankTopicsOnceAndFindThemCorrectTheSecondTime() {
        var first = new TopicBootstrap(admin, TIMEOUT).ensure(topics.all());
        var second = new TopicBootstrap(admin, TIMEOUT).ensure(topics.all());

        assertThat(first.created()).containsExactlyElementsOf(topics.all().stream().map(Topic::name).toList());
        assertThat(first.verified()).isEmpty();
        assertThat(second.created()).isEmpty();
        assertThat(second.verified()).containsExactlyElementsOf(first.created());
    }

    @Test
    void shouldLetAServicesCheckRefuseMissingTopicsNamingTheBootstrapStepAndCreateNothing() throws Exception {
        new TopicBootstrap(admin, TIMEOUT).ensure(List.of(topics.events()));

        assertThatThrownBy(() -> new TopicBootstrap(admin, TIMEOUT).verify(topics.all(), List.of()))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessageContaining("topic " + topics.commands().name() + " does not exist")
                .hasMessageContaining("org.eventbank.kit.topics.TopicBootstrapMain")
                .hasMessageNotContaining("partition count")
                .satisfies(e -> assertThat(((TopicMismatchException) e).problems()).hasSize(topics.all().size() - 1));
        List<String> bankTopicNames = topics.all().stream().map(Topic::name).toList();
        assertThat(admin.listTopics().names().get()).filteredOn(bankTopicNames::contains)
                .containsExactly(topics.events().name());
    }

    @Test
    void shouldLetAServicesCheckPassOnTopicsTheBootstrapMade() {
        var bootstrap = new TopicBootstrap(admin, TIMEOUT).ensure(topics.all());

        var check = new TopicBootstrap(admin, TIMEOUT).verify(topics.all(), List.of());

        assertThat(check.created()).isEmpty();
        assertThat(check.raised()).isEmpty();
        assertThat(check.verified()).containsExactlyElementsOf(bootstrap.created());
    }

    @Test
    void shouldGiveEveryTopicItCreatesItsOwnMinInsyncReplicasAndSayThatOneReplicaIsForASingleBrokerOnly() throws Exception {
        ListAppender<ILoggingEvent> logged = listen();
        try {
            new TopicBootstrap(admin, TIMEOUT).ensure(topics.all());
        } finally {
            ((Logger) LoggerFactory.getLogger(TopicBootstrap.class)).detachAppender(logged);
        }

        // one broker, replication factor 1: min(2, 1) = 1, set on the topic itself rather than left to the broker
        assertThat(MinInsyncReplicas.of(admin, topics.all().stream().map(Topic::name).toList(), TIMEOUT)).hasSize(topics.all().size())
                .allSatisfy((topic, minInsync) -> {
                    assertThat(minInsync.value()).as(topic).isEqualTo("1");
                    assertThat(minInsync.source()).as(topic).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
                });
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Replication factor 1 on a single-broker cluster: one copy of each topic, min.insync.replicas 1,"
                        + " so an acknowledged write survives a restart but not the loss of this broker's disk. Accepted on a"
                        + " single broker only (a local run, a test); a cluster of more brokers needs BANK_REPLICATION_FACTOR=3");
    }

    @Test
    void shouldRefuseAnExistingTopicWhoseMinInsyncReplicasNoWriteCouldMeet() throws Exception {
        String results = topics.results().name();
        Map<String, String> configs = new HashMap<>(topics.results().configs());
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        admin.createTopics(List.of(new NewTopic(results, 6, (short) 1).configs(configs))).all().get();

        assertThatThrownBy(() -> new TopicBootstrap(admin, TIMEOUT).ensure(topics.all()))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessageContaining("topic " + results + ": min.insync.replicas is 2, above its replication factor 1: no"
                        + " acks=all write can succeed; expected 1");
    }

    @Test
    void shouldRefuseAnExistingLedgerTopicThatWouldDeleteOrCompactEvents() throws Exception {
        String events = topics.events().name();
        admin.createTopics(List.of(new NewTopic(events, 6, (short) 1).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.RETENTION_MS_CONFIG, "604800000")))).all().get();

        assertThatThrownBy(() -> new TopicBootstrap(admin, TIMEOUT).ensure(topics.all()))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessageContaining("topic " + events + ": cleanup.policy is compact, expected delete")
                .hasMessageContaining("topic " + events + ": retention.ms is 604800000, expected -1")
                .satisfies(e -> assertThat(((TopicMismatchException) e).problems()).hasSize(2));
    }

    private static ListAppender<ILoggingEvent> listen() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(TopicBootstrap.class)).addAppender(appender);
        return appender;
    }

    @Test
    void shouldRefuseAnExistingCommandsTopicWithAnotherPartitionCount() throws Exception {
        String commands = topics.commands().name();
        admin.createTopics(List.of(new NewTopic(commands, 3, (short) 1).configs(topics.commands().configs()))).all().get();

        assertThatThrownBy(() -> new TopicBootstrap(admin, TIMEOUT).ensure(topics.all()))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessageContaining("topic " + commands + ": partitions is 3, expected 6")
                .hasMessageContaining("A partition count cannot be changed in place")
                .hasMessageNotContaining("TopicBootstrapMain");
    }
}

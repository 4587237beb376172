package org.eventbank.kit.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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

    @Test
    void shouldRefuseAnExistingCommandsTopicWithAnotherPartitionCount() throws Exception {
        String commands = topics.commands().name();
        admin.createTopics(List.of(new NewTopic(commands, 3, (short) 1).configs(topics.commands().configs()))).all().get();

        assertThatThrownBy(() -> new TopicBootstrap(admin, TIMEOUT).ensure(topics.all()))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessageContaining("topic " + commands + ": partitions is 3, expected 6");
    }
}

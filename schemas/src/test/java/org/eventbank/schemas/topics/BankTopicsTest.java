package org.eventbank.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.config.Env;
import org.junit.jupiter.api.Test;

class BankTopicsTest {

    private final BankTopics topics = BankTopics.defaults();

    @Test
    void shouldNameTheTopicsOfTheBriefUnderTheDefaultPrefix() {
        assertThat(topics.all()).extracting(Topic::name).containsExactly(
                "bank.account-commands", "bank.account-events", "bank.account-balances", "bank.command-results",
                "bank.contract-versions", "bank.transfer-instructions");
    }

    @Test
    void shouldKeepTransferInstructionsUntilProcessedOnTheCommandsPartitionCount() {
        // An instruction carries money between two accounts' writers (decision 0016): losing one by age would lose the money,
        // and it meets the payee's "accounts" store in the commands' task, so its partition must be the commands' one.
        BankTopics custom = BankTopics.of(new TopicSettings("test.", 12, (short) 3), BankSerdes.singleObject());
        Topic<String, ?> instructions = custom.transferInstructions();

        assertThat(instructions.name()).isEqualTo("test.transfer-instructions");
        assertThat(instructions.partitions()).isEqualTo(custom.commands().partitions()).isEqualTo(12);
        assertThat(instructions.replicationFactor()).isEqualTo((short) 3);
        assertThat(instructions.configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .containsEntry(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        assertThat(custom.all()).contains(instructions);
    }

    @Test
    void shouldCarryTransferInstructionsWithTheInstructionSerde() {
        BankSerdes serdes = BankSerdes.singleObject();

        assertThat(BankTopics.of(TopicSettings.defaults(), serdes).transferInstructions().valueSerde()).isSameAs(serdes.instruction());
    }

    @Test
    void shouldKeepTheLedgerForeverAndNeverCompactIt() {
        assertThat(topics.events().configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .containsEntry(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
    }

    @Test
    void shouldCompactBalancesAndExpireCommandsAndResults() {
        assertThat(topics.balances().configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(topics.commands().configs()).containsEntry(TopicConfig.RETENTION_MS_CONFIG, "604800000");
        assertThat(topics.results().configs()).containsEntry(TopicConfig.RETENTION_MS_CONFIG, "3600000");
    }

    @Test
    void shouldGiveCommandsAndEventsOnePartitionCount() {
        BankTopics custom = BankTopics.of(new TopicSettings("test.", 12, (short) 3), BankSerdes.singleObject());

        assertThat(custom.commands().partitions()).isEqualTo(12).isEqualTo(custom.events().partitions());
        assertThat(custom.events().replicationFactor()).isEqualTo((short) 3);
        assertThat(custom.events().name()).isEqualTo("test.account-events");
    }

    @Test
    void shouldGiveEveryTopicMinInsyncReplicasOfTwoOrItsReplicationFactorIfLess() {
        for (int replicas : new int[] {1, 2, 3, 5}) {
            BankTopics layout = BankTopics.of(new TopicSettings("d.", 6, (short) replicas), BankSerdes.singleObject());
            String expected = Integer.toString(Math.min(2, replicas));

            assertThat(layout.all()).as("replication factor %d", replicas).allSatisfy(topic -> assertThat(topic.configs())
                    .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, expected));
        }
        assertThat(Topic.minInsyncReplicas(1)).isEqualTo(1);
        assertThat(Topic.minInsyncReplicas(3)).isEqualTo(2);
        assertThatThrownBy(() -> Topic.minInsyncReplicas(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseATopicDefinitionThatNamesAnotherMinInsyncReplicas() {
        assertThatThrownBy(() -> new Topic<>("x", Serdes.String(), Serdes.String(), 1, (short) 3,
                Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1")))
                .hasMessage("topic x: min.insync.replicas is min(2, replication factor) = 2 on every bank topic, not 1");
        assertThat(new Topic<>("x", Serdes.String(), Serdes.String(), 1, (short) 3,
                Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")).configs())
                .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
    }

    @Test
    void shouldReadTheLayoutFromTheEnvironmentAndRefuseWhatWouldWrap() {
        assertThat(TopicSettings.fromEnvironment(Env.of(java.util.Map.of("BANK_PARTITIONS", "12", "BANK_REPLICATION_FACTOR", "3"))))
                .isEqualTo(new TopicSettings("bank.", 12, (short) 3));
        assertThatThrownBy(() -> TopicSettings.fromEnvironment(Env.of(java.util.Map.of("BANK_REPLICATION_FACTOR", "65537"))))
                .hasMessageContaining("BANK_REPLICATION_FACTOR");
        assertThatThrownBy(() -> TopicSettings.fromEnvironment(Env.of(java.util.Map.of("BANK_PARTITIONS", "4294967302"))))
                .hasMessageContaining("BANK_PARTITIONS");
    }

    @Test
    void shouldGiveTheDefaultPrefixForABlankPrefixAsForEveryBlankSetting() {
        // account-service once fell back to "bank." while the projector used "": the projector folded an empty topic
        assertThat(TopicSettings.fromEnvironment(Env.of(java.util.Map.of("BANK_TOPIC_PREFIX", ""))).prefix()).isEqualTo("bank.");
        assertThat(TopicSettings.fromEnvironment(Env.of(java.util.Map.of("BANK_TOPIC_PREFIX", "  "))).prefix()).isEqualTo("bank.");
    }

    @Test
    void shouldRefuseAPrefixThatIsNotALegalTopicName() {
        assertThatThrownBy(() -> TopicSettings.fromEnvironment(Env.of(java.util.Map.of("BANK_TOPIC_PREFIX", "bank/"))))
                .hasMessage("BANK_TOPIC_PREFIX must be letters, digits, '.', '_' or '-', not 'bank/'");
        assertThatThrownBy(() -> new TopicSettings("bank/", 6, (short) 1)).hasMessageContaining("bank/");
        assertThatThrownBy(() -> new TopicSettings("bank.", 0, (short) 1)).hasMessageContaining("BANK_PARTITIONS");
    }
}

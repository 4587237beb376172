package org.eventbank.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class CommittedReadsTest {

    @Test
    void shouldReadOnlyCommittedRecordsAndCommitNoOffsets() {
        Properties props = CommittedReads.consumerProperties(KafkaConnection.plaintext("broker:9092"), "reader-1");

        assertThat(props).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "reader-1")
                .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
    }
}

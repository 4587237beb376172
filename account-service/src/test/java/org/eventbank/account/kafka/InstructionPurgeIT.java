package org.eventbank.account.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.kit.topics.TopicBootstrap;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The instructions the processor's group has committed past are deleted, and nothing above its offset (decision 0016). */
@ExtendWith(KafkaBrokerExtension.class)
class InstructionPurgeIT {

    @Test
    void shouldDeleteExactlyTheInstructionsBelowTheGroupsCommittedOffsets(KafkaBroker broker) throws Exception {
        BankTopics topics = BankTopics.of(new TopicSettings("p" + UUID.randomUUID().toString().substring(0, 8) + ".", 2,
                (short) 1), BankSerdes.singleObject());
        String topic = topics.transferInstructions().name();
        String group = "purge-" + UUID.randomUUID();
        TopicPartition first = new TopicPartition(topic, 0);
        TopicPartition second = new TopicPartition(topic, 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            new TopicBootstrap(admin, java.time.Duration.ofSeconds(30)).ensure(List.of(topics.transferInstructions()));
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i));
                    producer.send(new ProducerRecord<>(topic, 1, "k", "v" + i));
                }
            }
            // The group has processed 6 records of partition 0 and none of partition 1.
            admin.alterConsumerGroupOffsets(group, Map.of(first, new OffsetAndMetadata(6))).all().get();

            try (InstructionPurge purge = InstructionPurge.start(KafkaConnection.plaintext(broker.bootstrapServers()), topics.transferInstructions(), group)) {
                assertThat(purge.purgeOnce()).isEqualTo(1);
                assertThat(purge.purgeOnce()).as("nothing new to delete").isZero();
            }
            var starts = admin.listOffsets(Map.of(first, OffsetSpec.earliest(), second, OffsetSpec.earliest())).all().get();
            assertThat(starts.get(first).offset()).isEqualTo(6);
            assertThat(starts.get(second).offset()).isZero();
        }
    }
}

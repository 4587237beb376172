package org.eventbank.account.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.eventbank.schemas.topics.BankTopics;
import org.junit.jupiter.api.Test;

class CommandResultListenerTest {

    private final BankTopics topics = BankTopics.defaults();
    private final String name = topics.results().name();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");
    private final PendingRequests pending = new PendingRequests(10);

    @Test
    void shouldAssignEveryPartitionFromTheEndAndCompleteWaitingRequestsPassingOverUndecodableOnes() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = java.util.stream.IntStream.range(0, topics.results().partitions())
                .mapToObj(p -> new PartitionInfo(name, p, node, new Node[] {node}, new Node[] {node}))
                .toList();
        consumer.updatePartitions(name, infos);
        Map<TopicPartition, Long> ends = new java.util.HashMap<>();
        infos.forEach(info -> ends.put(new TopicPartition(name, info.partition()), 5L));
        consumer.updateEndOffsets(ends);
        var waiting = pending.register("c1", Optional.empty());

        try (CommandResultListener listener = new CommandResultListener(consumer, topics.results(), pending)) {
            listener.start();
            await().atMost(Duration.ofSeconds(10)).until(listener::isAssigned);
            assertThat(consumer.assignment()).hasSize(topics.results().partitions());
            assertThat(consumer.position(new TopicPartition(name, 3))).isEqualTo(5L);

            byte[] encoded = topics.results().valueSerde().serializer().serialize(name, PendingRequestsTest.result("c1"));
            consumer.schedulePollTask(() -> {
                consumer.addRecord(new ConsumerRecord<>(name, 3, 5L, "c0", new byte[] {9, 9}));
                consumer.addRecord(new ConsumerRecord<>(name, 3, 6L, "c1", encoded));
            });
            await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
            assertThat(waiting.join().getCommandId()).isEqualTo("c1");
            assertThat(listener.isAssigned()).as("an undecodable result does not stop the listener").isTrue();
        }
    }
}

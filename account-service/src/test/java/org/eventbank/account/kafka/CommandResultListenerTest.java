package org.eventbank.account.kafka;

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

    private final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    private final BankTopics topics = BankTopics.defaults();
    private final String name = topics.results().name();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");
    private final PendingRequests pending = new PendingRequests(10);

    private void resultsTopicWithEveryPartitionEndingAt(long endOffset) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = java.util.stream.IntStream.range(0, topics.results().partitions())
                .mapToObj(p -> new PartitionInfo(name, p, node, new Node[] {node}, new Node[] {node}))
                .toList();
        consumer.updatePartitions(name, infos);
        Map<TopicPartition, Long> ends = new java.util.HashMap<>();
        infos.forEach(info -> ends.put(new TopicPartition(name, info.partition()), endOffset));
        consumer.updateEndOffsets(ends);
    }

    @Test
    void shouldAssignEveryPartitionFromTheEndAndCompleteWaitingRequestsPassingOverUndecodableOnes() {
        resultsTopicWithEveryPartitionEndingAt(5L);
        var waiting = pending.register("c1", Optional.empty());
        var waitingForUndecodable = pending.register("c0", Optional.empty());

        try (CommandResultListener listener = new CommandResultListener(consumer, topics.results(), pending, Runnable::run, registry)) {
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
            assertThat(waitingForUndecodable).as("left to time out as outcome-unknown").isNotDone();
        }
    }

    @Test
    void shouldCompleteOnTheAnswersExecutorAndOnlyForRequestsWaitingOnThisInstance() {
        resultsTopicWithEveryPartitionEndingAt(0L);
        var waiting = pending.register("mine", Optional.empty());
        java.util.concurrent.BlockingQueue<Runnable> answers = new java.util.concurrent.LinkedBlockingQueue<>();

        try (CommandResultListener listener = new CommandResultListener(consumer, topics.results(), pending, answers::add, registry)) {
            listener.start();
            await().atMost(Duration.ofSeconds(10)).until(listener::isAssigned);
            var serializer = topics.results().valueSerde().serializer();
            consumer.schedulePollTask(() -> {
                consumer.addRecord(new ConsumerRecord<>(name, 0, 0L, "another-instances",
                        serializer.serialize(name, PendingRequestsTest.result("another-instances"))));
                consumer.addRecord(new ConsumerRecord<>(name, 0, 1L, "mine", serializer.serialize(name, PendingRequestsTest.result("mine"))));
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> consumer.position(new TopicPartition(name, 0)) == 2L);

            assertThat(answers).as("one completion, for the request waiting here").hasSize(1);
            assertThat(waiting).as("not completed on the listener's own thread").isNotDone();
            answers.poll().run();
            assertThat(waiting.join().getCommandId()).isEqualTo("mine");
        }
    }

    @Test
    void shouldTimeEveryResultFromItsDecisionToItsArrivalWaitedForOrNot() {
        resultsTopicWithEveryPartitionEndingAt(0L);
        try (CommandResultListener listener = new CommandResultListener(consumer, topics.results(), pending, Runnable::run, registry)) {
            listener.start();
            await().atMost(Duration.ofSeconds(10)).until(listener::isAssigned);
            long decidedAt = System.currentTimeMillis() - 40;
            consumer.schedulePollTask(() -> {
                consumer.addRecord(new ConsumerRecord<>(name, 0, 0L, decidedAt, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                        0, 0, "nobody-waits", new byte[] {1}, new org.apache.kafka.common.header.internals.RecordHeaders(),
                        Optional.empty()));
                consumer.addRecord(new ConsumerRecord<>(name, 0, 1L, "no-timestamp", new byte[] {1}));
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> consumer.position(new TopicPartition(name, 0)) == 2L);

            var commit = registry.timer(CommandResultListener.COMMIT_TIMER);
            assertThat(commit.count()).as("the timestamped result, not the one without a timestamp").isEqualTo(1);
            assertThat(commit.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void shouldReportItsDeathSoThatTheInstanceIsRestarted() {
        resultsTopicWithEveryPartitionEndingAt(0L);
        try (CommandResultListener listener = new CommandResultListener(consumer, topics.results(), pending, Runnable::run, registry)) {
            listener.start();
            await().atMost(Duration.ofSeconds(10)).until(listener::isAssigned);
            assertThat(listener.deathReason()).isEmpty();

            consumer.setPollException(new org.apache.kafka.common.KafkaException("the fetch failed"));

            await().atMost(Duration.ofSeconds(10)).until(() -> listener.deathReason().isPresent());
            assertThat(listener.deathReason().get()).contains("command result listener", "the fetch failed");
        }
    }

    @Test
    void shouldNotReportADeliberateCloseAsADeath() {
        resultsTopicWithEveryPartitionEndingAt(0L);
        CommandResultListener listener = new CommandResultListener(consumer, topics.results(), pending, Runnable::run, registry);
        listener.start();
        await().atMost(Duration.ofSeconds(10)).until(listener::isAssigned);

        listener.close();

        assertThat(listener.deathReason()).isEmpty();
    }
}

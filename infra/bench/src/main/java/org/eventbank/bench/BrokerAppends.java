package org.eventbank.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Counts the records the broker has appended, per topic: the sum of every partition's latest offset
 * (Admin {@code listOffsets}, high watermark). Two snapshots around the measured phase, divided by its
 * commands, give the appends per command: bank topics, the Streams changelogs, and the transaction
 * markers each commit writes into every partition it touched (a marker takes an offset too).
 *
 * <p>The broker's own bookkeeping topics, {@value #CONSUMER_OFFSETS} and {@value #TRANSACTION_STATE}, are
 * counted apart: they grow per commit, not per command, so they say how often the apps commit rather than
 * what a command costs; the report gives them on their own line. Every other topic on the cluster counts,
 * so run the bench on a broker that only the bank uses; the per-topic breakdown shows what moved.
 */
final class BrokerAppends {

    static final String CONSUMER_OFFSETS = "__consumer_offsets";
    static final String TRANSACTION_STATE = "__transaction_state";
    static final Set<String> BOOKKEEPING = Set.of(CONSUMER_OFFSETS, TRANSACTION_STATE);
    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    BrokerAppends(Admin admin) {
        this.admin = admin;
    }

    /** Records appended so far, by topic (bookkeeping topics included). */
    Map<String, Long> snapshot() {
        try {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicDescription topic : topics.values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    request.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = admin.listOffsets(request).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Long> byTopic = new TreeMap<>();
            offsets.forEach((partition, info) -> byTopic.merge(partition.topic(), info.offset(), Long::sum));
            return byTopic;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the broker's offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the broker's offsets: " + e.getMessage(), e);
        }
    }

    /**
     * Snapshots until two in a row, {@code pause} apart, are equal (the apps have committed what the
     * measured phase left in flight, for example the projector catching up), or {@code max} has passed.
     */
    Map<String, Long> settled(Duration pause, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        Map<String, Long> previous = snapshot();
        while (System.nanoTime() < deadline) {
            Thread.sleep(pause.toMillis());
            Map<String, Long> next = snapshot();
            if (next.equals(previous)) {
                return next;
            }
            previous = next;
        }
        return previous;
    }

    /** The growth from {@code before} to {@code after}, by topic, leaving out topics that did not grow. */
    static Map<String, Long> growth(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> grown = new TreeMap<>();
        after.forEach((topic, offset) -> {
            long delta = offset - before.getOrDefault(topic, 0L);
            if (delta != 0) {
                grown.put(topic, delta);
            }
        });
        return grown;
    }

    /**
     * Appends per command.
     *
     * @param appendsByTopic       growth of every topic over the measured phase
     * @param dataAppends          all topics but the bookkeeping ones
     * @param bookkeepingAppends   {@value #CONSUMER_OFFSETS} and {@value #TRANSACTION_STATE}
     * @param perCommand           data appends divided by the measured commands (accepted and rejected)
     * @param bookkeepingPerCommand bookkeeping appends divided by the same
     */
    record Summary(Map<String, Long> appendsByTopic, long dataAppends, long bookkeepingAppends, long commands,
                   double perCommand, double bookkeepingPerCommand) {

        static Summary of(Map<String, Long> before, Map<String, Long> after, long commands) {
            Map<String, Long> grown = growth(before, after);
            long data = 0;
            long bookkeeping = 0;
            for (Map.Entry<String, Long> topic : grown.entrySet()) {
                if (BOOKKEEPING.contains(topic.getKey())) {
                    bookkeeping += topic.getValue();
                } else {
                    data += topic.getValue();
                }
            }
            double per = commands == 0 ? 0 : (double) data / commands;
            double bookPer = commands == 0 ? 0 : (double) bookkeeping / commands;
            return new Summary(grown, data, bookkeeping, commands, per, bookPer);
        }
    }
}

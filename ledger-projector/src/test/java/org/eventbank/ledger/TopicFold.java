package org.eventbank.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.kafka.EventMapper;
import org.eventbank.schemas.topics.BankTopics;

/** The brute-force answer: every committed event read back from the topic with a plain read_committed consumer, folded in memory. */
final class TopicFold {

    private TopicFold() {
    }

    static List<LedgerEvent> readAll(String bootstrapServers, BankTopics topics) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<LedgerEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config, topics.events().keySerde().deserializer(),
                topics.events().valueSerde().deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < topics.events().partitions(); p++) {
                partitions.add(new TopicPartition(topics.events().name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = stableEnds(bootstrapServers, consumer, partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the ledger to its end within 60 s");
                }
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(EventMapper.toDomain(record.value()));
                }
            }
        }
        return events;
    }

    /**
     * The end offsets once no transaction is open on any partition: a producer's commitTransaction
     * returns before the commit markers are written, so right after it the last stable offset can
     * still be short of the last transaction.
     */
    private static Map<TopicPartition, Long> stableEnds(String bootstrapServers, KafkaConsumer<?, ?> committed, List<TopicPartition> partitions) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> uncommitted = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
                if (stable.equals(uncommitted.endOffsets(partitions))) {
                    return stable;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("transactions still open on the ledger after 30 s");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    static Map<String, BalanceView> balances(List<LedgerEvent> events) {
        Map<String, BalanceView> views = new TreeMap<>();
        for (LedgerEvent event : events) {
            views.put(event.accountId(), BalanceView.evolve(views.getOrDefault(event.accountId(), BalanceView.INITIAL), event));
        }
        return views;
    }

    static Map<String, CurrencyTotals> totals(List<LedgerEvent> events) {
        Map<String, CurrencyTotals> totals = new TreeMap<>();
        for (LedgerEvent event : events) {
            totals.put(event.currency(), CurrencyTotals.evolve(totals.getOrDefault(event.currency(), CurrencyTotals.ZERO), event));
        }
        return totals;
    }
}

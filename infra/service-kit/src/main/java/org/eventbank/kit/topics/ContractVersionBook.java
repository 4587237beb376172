package org.eventbank.kit.topics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eventbank.kit.kafka.CommittedReads;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.WriterVersions;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which schema version of each record family some writer has emitted on this ledger, kept on the
 * compacted {@code <prefix>contract-versions} topic (key {@code <FAMILY>/v<N>}, value when and by whom
 * it was first recorded; a key per version, so the record only grows and compaction keeps it all).
 *
 * <p>It gives each writer its version at start-up ({@link #settle}), so that an upgrade never makes a
 * writer go first by accident:
 * <ul>
 *   <li>a pin ({@code BANK_<FAMILY>_SCHEMA_VERSION}) is obeyed;
 *   <li>without one, the writer emits the newest version already recorded for the family (at most the newest
 *       this build knows): a release that adds a version keeps writing the old one until someone promotes;
 *   <li>on a family's first start with this book, it emits the newest version it knows if the family's topic
 *       has never held a record (a new ledger), and version 1 otherwise (a ledger written before the book,
 *       when version 1 was the only one).
 * </ul>
 * The version a writer goes on to emit is recorded before it writes anything, so a promotion, once made,
 * is the default of every writer started after it.
 */
public final class ContractVersionBook {

    private static final Logger log = LoggerFactory.getLogger(ContractVersionBook.class);
    private static final Pattern KEY = Pattern.compile("([A-Z]+)/v([1-9][0-9]*)");
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_RETRY = Duration.ofMillis(100);

    private ContractVersionBook() {
    }

    /** The versions recorded for each family, as read from the topic. */
    public record Recorded(Map<Family, SortedSet<Integer>> written) {

        public Optional<Integer> newest(Family family) {
            SortedSet<Integer> versions = written.get(family);
            return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.last());
        }
    }

    /**
     * The version a family's writers emit, from the pin, what is recorded, whether the family's topic was
     * ever written, and the newest version this build knows. Pure: the rules of the class comment.
     */
    static int resolve(Optional<Integer> pin, Optional<Integer> newestRecorded, boolean topicNeverWritten, int newestKnown) {
        if (pin.isPresent()) {
            return pin.get();
        }
        if (newestRecorded.isPresent()) {
            return Math.min(newestRecorded.get(), newestKnown);
        }
        return topicNeverWritten ? newestKnown : 1;
    }

    /**
     * Reads the book, decides the version of each family this service writes, records it, and returns them as
     * pins for the serdes.
     *
     * @param families the families this service writes
     * @param pins     the operator's pins ({@code BANK_<FAMILY>_SCHEMA_VERSION})
     * @param writer   who is recording, for the record's value (an instance or application id)
     */
    public static WriterVersions settle(KafkaConnection connection, BankTopics topics, SchemaCatalog catalog, Set<Family> families,
                                        WriterVersions pins, String writer, Duration timeout) {
        Map<Family, Integer> decided = new EnumMap<>(Family.class);
        List<String> toRecord = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(connection)) {
            Recorded recorded = read(consumer, topics.contractVersions(), timeout);
            for (Family family : families) {
                int newestKnown = family.newestVersion(catalog);
                Optional<Integer> newestRecorded = recorded.newest(family);
                boolean neverWritten = newestRecorded.isEmpty() && pins.pin(family).isEmpty()
                        && neverWritten(consumer, topicOf(family, topics), timeout);
                int version = resolve(pins.pin(family), newestRecorded, neverWritten, newestKnown);
                decided.put(family, version);
                if (!recorded.written().getOrDefault(family, new TreeSet<>()).contains(version)) {
                    toRecord.add(family.name() + "/v" + version);
                }
                log.info("{} writers emit version {} ({}; newest recorded {}, newest this build knows {})", family, version,
                        pins.pin(family).isPresent() ? family.versionSetting() + " is set" : "the default",
                        newestRecorded.map(Object::toString).orElse("none"), newestKnown);
                if (newestRecorded.isPresent() && newestRecorded.get() > newestKnown) {
                    log.warn("{} version {} was written on this ledger, but this build knows only up to {}: its readers will"
                            + " stop on those records; upgrade this service", family, newestRecorded.get(), newestKnown);
                }
            }
        }
        record(connection, topics.contractVersions(), toRecord, writer, timeout);
        return WriterVersions.pinned(decided);
    }

    /** Every version recorded on the book's topic, read to its end (read_committed). */
    public static Recorded read(KafkaConnection connection, Topic<String, String> book, Duration timeout) {
        try (KafkaConsumer<String, String> consumer = consumer(connection)) {
            return read(consumer, book, timeout);
        }
    }

    private static Recorded read(KafkaConsumer<String, String> consumer, Topic<String, String> book, Duration timeout) {
        Map<Family, SortedSet<Integer>> written = new EnumMap<>(Family.class);
        List<TopicPartition> partitions = partitions(consumer, book.name(), timeout);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(partition -> consumer.position(partition, timeout) < end.get(partition))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + book.name() + " to its end within " + timeout);
            }
            for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                Matcher key = KEY.matcher(record.key() == null ? "" : record.key());
                Optional<Family> family = key.matches() ? family(key.group(1)) : Optional.empty();
                if (family.isPresent()) {
                    written.computeIfAbsent(family.get(), f -> new TreeSet<>()).add(Integer.parseInt(key.group(2)));
                } else {
                    log.warn("{} offset {}: key '{}' is not <FAMILY>/v<N> of a family this build knows; passed over",
                            book.name(), record.offset(), record.key());
                }
            }
        }
        return new Recorded(written);
    }

    private static void record(KafkaConnection connection, Topic<String, String> book, List<String> keys, String writer,
                               Duration timeout) {
        if (keys.isEmpty()) {
            return;
        }
        Properties props = connection.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String key : keys) {
                producer.send(new ProducerRecord<>(book.name(), key, "first recorded " + Instant.now() + " by " + writer))
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("recorded {} on {}", key, book.name());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not record " + keys + " on " + book.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording " + keys + " on " + book.name(), e);
        }
    }

    /** True when no record was ever appended to the topic: every partition's end offset is 0. */
    private static boolean neverWritten(KafkaConsumer<?, ?> consumer, Topic<?, ?> topic, Duration timeout) {
        return consumer.endOffsets(partitions(consumer, topic.name(), timeout), timeout).values().stream()
                .allMatch(offset -> offset == 0);
    }

    static Topic<?, ?> topicOf(Family family, BankTopics topics) {
        switch (family) {
            case EVENTS: return topics.events();
            case BALANCES: return topics.balances();
            case COMMANDS: return topics.commands();
            case RESULTS: return topics.results();
            case INSTRUCTIONS: return topics.transferInstructions();
            default: throw new IllegalArgumentException("no topic for " + family);
        }
    }

    private static Optional<Family> family(String name) {
        for (Family family : Family.values()) {
            if (family.name().equals(name)) {
                return Optional.of(family);
            }
        }
        return Optional.empty();
    }

    /** A topic's partitions; right after the bootstrap created it, metadata may not list it yet: wait, bounded. */
    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has no partitions in the metadata after " + timeout
                        + ": run the topic bootstrap first");
            }
            try {
                Thread.sleep(METADATA_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the metadata of " + topic, e);
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(KafkaConnection connection) {
        Properties props = CommittedReads.consumerProperties(connection, "contract-version-book-" + UUID.randomUUID());
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}

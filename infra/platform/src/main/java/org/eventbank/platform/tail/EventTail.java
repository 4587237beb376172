package org.eventbank.platform.tail;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eventbank.config.Env;
import org.eventbank.kit.kafka.CommittedReads;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.UndecodableRecordException;

/**
 * The reference consumer of the ledger topic: {@code ./bank tail}. Prints every event of
 * {@code <prefix>account-events} decoded, one line each (see {@link EventLine}).
 *
 * <p>Topic in: {@code bank.account-events}; topics out: none. It is the example for teams that
 * consume the ledger from their own services, so it does what they must do:
 * <ul>
 *   <li>reads with {@code isolation.level=read_committed}, so events of aborted transactions never show;
 *   <li>decodes with the {@code schemas} module's serde ({@link BankSerdes#singleObject()}), which finds the
 *       writer schema by the fingerprint in each value, so a topic that mixes versions (v1 events before the writers
 *       were promoted to v2, or after a rollback) prints record by record;
 *   <li>stops, naming partition, offset and fingerprint, on a record it cannot decode: a reader of money
 *       never skips a record.
 * </ul>
 * It assigns itself every partition and commits nothing, so it needs no consumer group and leaves no
 * trace on the cluster. Lines of one account appear in version order; lines of different accounts on
 * different partitions interleave.
 *
 * <p>Run: {@code ./bank tail [--from-end] [--until-end]}, or
 * {@code java -jar infra/platform/target/bank-platform.jar tail}; options in {@link TailOptions}.
 * Exit codes: 0 stopped or caught up, 1 bad usage or no such topic or broker, 2 an undecodable record,
 * 3 {@code --until-end} did not catch up within {@link #UNTIL_END_TIMEOUT}.
 */
public final class EventTail {

    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 1;
    public static final int EXIT_UNDECODABLE = 2;
    public static final int EXIT_TIMEOUT = 3;

    /** The longest {@code --until-end} keeps reading before it gives up. */
    static final Duration UNTIL_END_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final TailOptions options;
    private final BankSerdes serdes;
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private volatile KafkaConsumer<String, byte[]> consumer;

    public EventTail(TailOptions options, BankSerdes serdes, PrintStream out, PrintStream err) {
        this.options = options;
        this.serdes = serdes;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        TailOptions options;
        try {
            options = TailOptions.parse(Arrays.asList(args), Env.system());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(TailOptions.USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        EventTail tail = new EventTail(options, BankSerdes.singleObject(), System.out, System.err);
        AtomicBoolean shuttingDown = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown.set(true);
            tail.stop();
            awaitQuietly(finished, Duration.ofSeconds(5));
        }, "bank-tail-shutdown"));
        int exitCode = tail.run();
        finished.countDown();
        if (!shuttingDown.get()) {
            System.exit(exitCode);
        }
    }

    /** Reads and prints until stopped, caught up ({@code --until-end}) or an undecodable record; returns the exit code. */
    public int run() {
        String topic = options.topicPrefix() + "account-events";
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            if (stopRequested.get()) {
                return EXIT_OK;
            }
            List<TopicPartition> partitions = partitionsOf(kafka, topic);
            if (partitions.isEmpty()) {
                err.println("topic " + topic + " does not exist on " + options.bootstrapServers() + ": is the bank running (./bank up)?");
                return EXIT_USAGE;
            }
            kafka.assign(partitions);
            if (options.fromEnd()) {
                kafka.seekToEnd(partitions);
            } else {
                kafka.seekToBeginning(partitions);
            }
            // With read_committed, the end offsets are the last stable offsets: exactly what was committed.
            Map<TopicPartition, Long> endOffsets = options.untilEnd() ? kafka.endOffsets(partitions, METADATA_TIMEOUT) : Map.of();
            err.println("following " + topic + " on " + options.bootstrapServers() + " (read_committed, "
                    + partitions.size() + " partitions, " + (options.fromEnd() ? "from the end" : "from the beginning")
                    + (options.untilEnd() ? ", until the current end)" : "); Ctrl-C to stop"));
            return follow(kafka, topic, endOffsets);
        } catch (WakeupException e) {
            return EXIT_OK;
        } catch (TimeoutException e) {
            err.println("cannot reach Kafka at " + options.bootstrapServers() + " (" + e.getMessage() + "): is the bank running (./bank up)?"
                    + (options.connection().username() == null
                    ? " If it was started --locked, give its data folder (--data-dir): this tail connected PLAINTEXT" : ""));
            return EXIT_USAGE;
        } catch (AuthenticationException e) {
            err.println("Kafka at " + options.bootstrapServers() + " refused " + options.connection().username() + ": "
                    + e.getMessage() + " (the password in the data folder is not this broker's: is --data-dir the folder of"
                    + " the ./bank up that runs it?)");
            return EXIT_USAGE;
        } finally {
            out.flush();
        }
    }

    private int follow(KafkaConsumer<String, byte[]> kafka, String topic, Map<TopicPartition, Long> endOffsets) {
        long deadline = System.nanoTime() + UNTIL_END_TIMEOUT.toNanos();
        while (!stopRequested.get()) {
            if (options.untilEnd()) {
                if (caughtUp(kafka, endOffsets)) {
                    return EXIT_OK;
                }
                if (System.nanoTime() > deadline) {
                    err.println("did not reach the end of " + topic + " within " + UNTIL_END_TIMEOUT.toSeconds() + " s");
                    return EXIT_TIMEOUT;
                }
            }
            for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL_TIMEOUT)) {
                if (record.value() == null) {
                    return stopOn(record, null, "a null value (tombstone) is not an event and has no place on the ledger");
                }
                SpecificRecord event;
                try {
                    event = serdes.event().deserializer().deserialize(topic, record.value());
                } catch (UndecodableRecordException e) {
                    return stopOn(record, e.fingerprint(), e.getMessage());
                }
                out.println(EventLine.format(event));
            }
            out.flush();
        }
        return EXIT_OK;
    }

    private int stopOn(ConsumerRecord<String, byte[]> record, Long fingerprint, String reason) {
        out.flush();
        err.println(undecodable(record, fingerprint, reason));
        return EXIT_UNDECODABLE;
    }

    /** Asks a running {@link #run()} to return; safe from any thread, e.g. a shutdown hook. */
    public void stop() {
        stopRequested.set(true);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    /** The message printed before stopping on a record that cannot be decoded. */
    static String undecodable(ConsumerRecord<String, byte[]> record, Long fingerprint, String reason) {
        return "STOPPED at " + record.topic() + " partition " + record.partition() + " offset " + record.offset()
                + " (key " + record.key() + ", writer-schema fingerprint "
                + (fingerprint == null ? "none: bad header" : "0x" + HexFormat.of().toHexDigits(fingerprint)) + "): "
                + reason + ". A record that cannot be decoded is never skipped; see docs/wire-format.md.";
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> endOffsets) {
        return endOffsets.entrySet().stream().allMatch(end -> kafka.position(end.getKey(), METADATA_TIMEOUT) >= end.getValue());
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> kafka, String topic) {
        List<PartitionInfo> infos = kafka.partitionsFor(topic, METADATA_TIMEOUT);
        return infos == null ? List.of() : infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private Properties consumerConfig() {
        // Assigned partitions and no group: nothing to commit, nothing left behind on the cluster.
        Properties config = CommittedReads.consumerProperties(options.connection(), "bank-tail");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return config;
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.eventbank.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eventbank.kit.kafka.KafkaConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the broker's raw append rate on this machine, in the same run: one idempotent producer,
 * {@code acks=all}, default batching otherwise, sending records of a given size as fast as it can to a
 * scratch topic (same partition count as the bank's) that the probe creates and deletes. It is the
 * yardstick: commands/s divided by this rate compares across machines.
 */
final class RawAppendProbe {

    private static final Logger log = LoggerFactory.getLogger(RawAppendProbe.class);

    /**
     * @param recordBytes key plus value bytes of each record
     */
    record Result(String topic, long records, double seconds, int recordBytes, double recordsPerSecond,
                  double megabytesPerSecond) {
    }

    private RawAppendProbe() {
    }

    static Result run(Admin admin, KafkaConnection connection, String topic, int partitions, short replicationFactor,
                      int recordBytes, Duration duration) throws InterruptedException {
        create(admin, new NewTopic(topic, partitions, replicationFactor));
        try {
            return produce(connection, topic, recordBytes, duration);
        } finally {
            try {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                log.warn("could not delete the scratch topic {}: {}", topic, e.getMessage());
            }
        }
    }

    private static Result produce(KafkaConnection connection, String topic, int recordBytes, Duration duration)
            throws InterruptedException {
        Properties props = CoreCommandDriver.producerConfig(connection, "raw-append-" + topic);
        props.remove(ProducerConfig.LINGER_MS_CONFIG); // the producer's own batching: a bare producer's rate
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000); // a probe that cannot append fails within a minute
        int keyBytes = 24;
        byte[] value = new byte[Math.max(1, recordBytes - keyBytes)];
        new SplittableRandom(1).nextBytes(value);
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start;
        long end;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            // one record to every partition first, so metadata lookup, leader election of the new topic and
            // connection set-up stay out of the timing (and out of the way of the timed batches' sequence numbers)
            int partitions = producer.partitionsFor(topic).size();
            for (int partition = 0; partition < partitions; partition++) {
                try {
                    producer.send(new ProducerRecord<>(topic, partition, key(0, keyBytes), value)).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("the scratch topic " + topic + " takes no records: " + e.getMessage(), e);
                }
            }
            start = System.nanoTime();
            long stopAt = start + duration.toNanos();
            long sent = 0;
            while (System.nanoTime() < stopAt) {
                producer.send(new ProducerRecord<>(topic, key(++sent, keyBytes), value), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
            end = System.nanoTime();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records of the raw append probe failed");
        }
        double seconds = (end - start) / 1e9;
        double perSecond = acknowledged.get() / seconds;
        return new Result(topic, acknowledged.get(), seconds, keyBytes + value.length, perSecond,
                perSecond * (keyBytes + value.length) / 1_000_000.0);
    }

    private static byte[] key(long n, int keyBytes) {
        byte[] key = new byte[keyBytes];
        String text = Long.toString(n * 0x9E3779B97F4A7C15L, 36);
        for (int i = 0; i < keyBytes; i++) {
            key[i] = (byte) (i < text.length() ? text.charAt(i) : 'x');
        }
        return key;
    }

    private static void create(Admin admin, NewTopic topic) throws InterruptedException {
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!everyPartitionHasALeader(admin, topic.name())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the scratch topic " + topic.name() + " got no leaders within 30 s");
                }
                Thread.sleep(100);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the scratch topic " + topic.name() + ": " + e.getMessage(), e);
        }
    }

    private static boolean everyPartitionHasALeader(Admin admin, String topic) throws InterruptedException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            return description.partitions().stream().allMatch(partition -> partition.leader() != null);
        } catch (ExecutionException | TimeoutException e) {
            return false; // not known yet
        }
    }
}

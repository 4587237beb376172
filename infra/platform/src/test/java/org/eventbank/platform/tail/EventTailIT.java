package org.eventbank.platform.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.schemas.avro.AccountClosed;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Initiator;
import org.eventbank.schemas.avro.Withdrawn;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.kit.topics.TopicBootstrap;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ./bank tail} against a real broker: what it prints, what it hides, where it stops. */
@ExtendWith(KafkaBrokerExtension.class)
class EventTailIT {

    static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");
    /** Today's writers (events v2), and the tail's reader. */
    static final BankSerdes SERDES = BankSerdes.singleObject();
    /** A writer pinned to events v1 (BANK_EVENT_SCHEMA_VERSION=1): before the promotion, or after a rollback. */
    static final BankSerdes V1_WRITER = BankSerdes.singleObject(SchemaCatalog.builtIn(), WriterVersions.pinned(Map.of(Family.EVENTS, 1)), Map.of());

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintEveryCommittedEventOnceInAccountOrderAndHideAbortedOnes(KafkaBroker broker) throws Exception {
        BankTopics topics = topics(broker, 6);
        String events = topics.events().name();
        try (var producer = transactionalProducer(broker)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (SpecificRecord event : List.of(opened("acc-1", 1), deposited("acc-1", 2, 1_000, 1_000), opened("acc-2", 1),
                    withdrawn("acc-1", 3, 400, 600), deposited("acc-2", 2, 5, 5))) {
                producer.send(new ProducerRecord<>(events, accountOf(event), SERDES.event().serializer().serialize(events, event)));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(events, "acc-1", SERDES.event().serializer().serialize(events, withdrawn("acc-1", 4, 600, 0))));
            producer.flush();
            producer.abortTransaction();
        }

        int exitCode = tail(broker, topics, false, true).run();

        assertThat(exitCode).isEqualTo(EventTail.EXIT_OK);
        List<String> lines = lines(out);
        assertThat(lines).containsExactlyInAnyOrder(
                "2026-11-23T10:15:31.123Z  acc-1  v1  AccountOpened  EUR  owner customer-acc-1",
                "2026-11-23T10:15:32.123Z  acc-1  v2  Deposited  +1000 EUR  balance 1000 EUR",
                "2026-11-23T10:15:31.123Z  acc-2  v1  AccountOpened  EUR  owner customer-acc-2",
                "2026-11-23T10:15:33.123Z  acc-1  v3  Withdrawn  -400 EUR  balance 600 EUR",
                "2026-11-23T10:15:32.123Z  acc-2  v2  Deposited  +5 EUR  balance 5 EUR");
        assertThat(lines.stream().filter(line -> line.contains(" acc-1 "))).extracting(line -> line.split("  ")[2])
                .containsExactly("v1", "v2", "v3");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("read_committed");
    }

    @Test
    void shouldPrintATopicThatMixesV1AndV2EventsInOrder(KafkaBroker broker) throws Exception {
        BankTopics topics = topics(broker, 1);
        String events = topics.events().name();
        Initiator alice = new Initiator("alice", "web-app");
        List<byte[]> values = List.of(
                V1_WRITER.event().serializer().serialize(events, opened("acc-1", 1)),
                V1_WRITER.event().serializer().serialize(events, deposited("acc-1", 2, 1_000, 1_000)),
                // the writers are promoted to v2
                SERDES.event().serializer().serialize(events, new Withdrawn("e-acc-1-3", "acc-1", 3L, T0.plusSeconds(3), "c-3",
                        1_000L, "EUR", 0L, alice, "op-1")),
                SERDES.event().serializer().serialize(events, opened("acc-2", 1)),
                SERDES.event().serializer().serialize(events, new AccountClosed("e-acc-1-4", "acc-1", 4L, T0.plusSeconds(4), "c-4",
                        "EUR", 0L, "moved", new Initiator("svc-teller", null), null)),
                // a writer rolled back to v1
                V1_WRITER.event().serializer().serialize(events, deposited("acc-2", 2, 5, 5)),
                SERDES.event().serializer().serialize(events, withdrawn("acc-2", 3, 5, 0)),
                SERDES.event().serializer().serialize(events, new AccountClosed("e-acc-2-4", "acc-2", 4L, T0.plusSeconds(4), "c-4",
                        "EUR", 0L, null, null, "op-2")));
        assertThat(values).extracting(EventTailIT::writerVersion).as("writer versions on the topic").containsExactly(1, 1, 2, 2, 2, 1, 2, 2);
        try (var producer = transactionalProducer(broker)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(events, accountOf(SERDES.event().deserializer().deserialize(events, value)), value));
            }
            producer.commitTransaction();
        }

        int exitCode = tail(broker, topics, false, true).run();

        assertThat(exitCode).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(EventTail.EXIT_OK);
        assertThat(lines(out)).containsExactly(
                "2026-11-23T10:15:31.123Z  acc-1  v1  AccountOpened  EUR  owner customer-acc-1",
                "2026-11-23T10:15:32.123Z  acc-1  v2  Deposited  +1000 EUR  balance 1000 EUR",
                "2026-11-23T10:15:33.123Z  acc-1  v3  Withdrawn  -1000 EUR  balance 0 EUR  by alice via web-app  corr op-1",
                "2026-11-23T10:15:31.123Z  acc-2  v1  AccountOpened  EUR  owner customer-acc-2",
                "2026-11-23T10:15:34.123Z  acc-1  v4  AccountClosed  EUR  balance 0 EUR  reason \"moved\"  by svc-teller",
                "2026-11-23T10:15:32.123Z  acc-2  v2  Deposited  +5 EUR  balance 5 EUR",
                "2026-11-23T10:15:33.123Z  acc-2  v3  Withdrawn  -5 EUR  balance 0 EUR",
                "2026-11-23T10:15:34.123Z  acc-2  v4  AccountClosed  EUR  balance 0 EUR  corr op-2");
    }

    @Test
    void shouldStopNamingPartitionOffsetAndFingerprintAtARecordItCannotDecode(KafkaBroker broker) throws Exception {
        BankTopics topics = topics(broker, 1);
        String events = topics.events().name();
        byte[] unknownWriter = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3).put((byte) 0x01).putLong(0x1122334455667788L).put((byte) 2).put((byte) 0).array();
        try (var producer = transactionalProducer(broker)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(events, "acc-1", SERDES.event().serializer().serialize(events, opened("acc-1", 1))));
            producer.send(new ProducerRecord<>(events, "acc-1", unknownWriter));
            producer.send(new ProducerRecord<>(events, "acc-1", SERDES.event().serializer().serialize(events, deposited("acc-1", 2, 7, 7))));
            producer.commitTransaction();
        }

        int exitCode = tail(broker, topics, false, true).run();

        assertThat(exitCode).isEqualTo(EventTail.EXIT_UNDECODABLE);
        assertThat(lines(out)).containsExactly("2026-11-23T10:15:31.123Z  acc-1  v1  AccountOpened  EUR  owner customer-acc-1");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("STOPPED at " + events + " partition 0 offset 1 (key acc-1, writer-schema fingerprint 0x1122334455667788)")
                .contains("never skipped");
    }

    @Test
    void shouldFollowNewEventsFromTheEndUntilStopped(KafkaBroker broker) throws Exception {
        BankTopics topics = topics(broker, 2);
        String events = topics.events().name();
        try (var producer = transactionalProducer(broker)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(events, "old", SERDES.event().serializer().serialize(events, opened("old", 1))));
            producer.commitTransaction();

            EventTail tail = tail(broker, topics, true, false);
            CompletableFuture<Integer> running = CompletableFuture.supplyAsync(tail::run);
            await().atMost(Duration.ofSeconds(30)).until(() -> err.toString(StandardCharsets.UTF_8).contains("following"));

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(events, "new", SERDES.event().serializer().serialize(events, opened("new", 1))));
            producer.commitTransaction();
            await().atMost(Duration.ofSeconds(30)).until(() -> !lines(out).isEmpty());
            tail.stop();

            assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo(EventTail.EXIT_OK);
        }
        assertThat(lines(out)).containsExactly("2026-11-23T10:15:31.123Z  new  v1  AccountOpened  EUR  owner customer-new");
    }

    @Test
    void shouldSayWhenTheLedgerTopicDoesNotExist(KafkaBroker broker) {
        BankTopics missing = BankTopics.of(TopicSettings.defaults().withPrefix("missing" + UUID.randomUUID() + "."), SERDES);

        int exitCode = tail(broker, missing, false, true).run();

        assertThat(exitCode).isEqualTo(EventTail.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("topic " + missing.events().name() + " does not exist");
    }

    private EventTail tail(KafkaBroker broker, BankTopics topics, boolean fromEnd, boolean untilEnd) {
        TailOptions options = new TailOptions(broker.bootstrapServers(), topics.settings().prefix(), fromEnd, untilEnd);
        return new EventTail(options, SERDES, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static BankTopics topics(KafkaBroker broker, int partitions) {
        BankTopics topics = BankTopics.of(new TopicSettings("t" + UUID.randomUUID() + ".", partitions, (short) 1), SERDES);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(List.of(topics.events()));
        }
        return topics;
    }

    private static KafkaProducer<String, byte[]> transactionalProducer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "event-tail-it-" + UUID.randomUUID(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
    }

    private static List<String> lines(ByteArrayOutputStream stream) {
        String text = stream.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : new ArrayList<>(text.lines().toList());
    }

    private static int writerVersion(byte[] value) {
        long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return SchemaCatalog.builtIn().versionOf(fingerprint).orElseThrow();
    }

    private static String accountOf(SpecificRecord event) {
        return event.get(event.getSchema().getField("accountId").pos()).toString();
    }

    static AccountOpened opened(String account, long version) {
        return new AccountOpened("e-" + account + "-" + version, account, version, T0.plusSeconds(version), "c-" + version,
                "customer-" + account, "EUR", null, null);
    }

    static Deposited deposited(String account, long version, long amount, long balanceAfter) {
        return new Deposited("e-" + account + "-" + version, account, version, T0.plusSeconds(version), "c-" + version, amount, "EUR", balanceAfter,
                null, null);
    }

    static Withdrawn withdrawn(String account, long version, long amount, long balanceAfter) {
        return new Withdrawn("e-" + account + "-" + version, account, version, T0.plusSeconds(version), "c-" + version, amount, "EUR", balanceAfter,
                null, null);
    }
}

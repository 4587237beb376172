package org.eventbank.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eventbank.account.AccountService;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.kit.topics.TopicBootstrap;
import org.eventbank.ledger.LedgerProjector;
import org.eventbank.platform.RepoRoot;
import org.eventbank.platform.e2e.ServiceHttp.Answer;
import org.eventbank.platform.tail.EventTail;
import org.eventbank.platform.tail.TailOptions;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract v2 rolled out on a live ledger (issue 12), end to end on a real broker: account-service
 * pinned to v1 (as the previous release wrote) builds a ledger of v1 events and refuses to close an
 * account; the new projector reads it; still pinned, it keeps writing v1; promoted
 * ({@code BANK_<FAMILY>_SCHEMA_VERSION=2}) it writes v2 and closes an account; restarted without
 * pins it stays on v2 (the contract-versions book), and transfers (contract v3) stay refused as not enabled, writing
 * nothing. On the mixed topic, the projector answers
 * exactly what a projector answers for the same facts written all as v2, and {@code ./bank tail}
 * and the Python decoder print every event, each the same line.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RollingUpgradeIT {

    private static final Map<String, String> PINNED_TO_V1 = Map.of("BANK_EVENT_SCHEMA_VERSION", "1",
            "BANK_COMMAND_SCHEMA_VERSION", "1", "BANK_RESULT_SCHEMA_VERSION", "1");
    private static final Map<String, String> PROMOTED_TO_V2 = Map.of("BANK_EVENT_SCHEMA_VERSION", "2",
            "BANK_COMMAND_SCHEMA_VERSION", "2", "BANK_RESULT_SCHEMA_VERSION", "2");

    @TempDir
    Path stateDir;

    private final List<LocalServices> ledgers = new ArrayList<>();
    /** The token of {@code ./bank token} (a teller and auditor) for the services of the run under test. */
    private ServiceHttp teller;

    @AfterEach
    void stop() throws Exception {
        for (LocalServices services : ledgers) {
            services.close();
        }
    }

    @Test
    void shouldReadAMixedV1AndV2LedgerAsIfItWereAllV2(KafkaBroker broker) throws Exception {
        String run = "upgrade" + UUID.randomUUID().toString().substring(0, 8);
        LocalServices services = services(broker, run);

        // The previous release's writers: v1 on the wire, and no close. A v1 command cannot say who asked, so only a
        // teller (the token of ./bank token) may write; a customer is refused, and nothing is written.
        teller = services.teller();
        AccountService v1Writer = services.accounts(run + "-accounts", "accounts", PINNED_TO_V1);
        int accounts = v1Writer.httpPort();
        created(accounts, "/accounts", "{\"accountId\":\"alice\",\"owner\":\"customer-1\",\"currency\":\"EUR\"}");
        created(accounts, "/accounts", "{\"accountId\":\"bob\",\"owner\":\"customer-2\",\"currency\":\"EUR\"}");
        created(accounts, "/accounts/alice/deposits", "{\"amount\":1000}");
        created(accounts, "/accounts/alice/withdrawals", "{\"amount\":300}");
        created(accounts, "/accounts/bob/deposits", "{\"amount\":500}");
        Answer notYet = teller.post(accounts, "/accounts/bob/close", "{}");
        assertThat(notYet.status()).as(notYet.text()).isEqualTo(501);
        assertThat(notYet.json().path("type").asText()).endsWith("/problems/not-enabled");
        Answer customerOnV1 = services.customer("customer-1").post(accounts, "/accounts/alice/deposits", "{\"amount\":7}");
        assertThat(customerOnV1.status()).as("a customer's write while commands are v1: %s", customerOnV1.text()).isEqualTo(501);
        assertThat(customerOnV1.json().path("type").asText()).endsWith("/problems/not-enabled");

        // The new projector reads the v1 ledger; the pinned writer keeps writing v1.
        LedgerProjector projector = services.projector(run + "-ledger", "projector", true);
        created(accounts, "/accounts/alice/deposits", "{\"amount\":50}");
        assertThat(balance(teller, projector, "alice", 4).path("balance").asLong()).isEqualTo(750);
        assertThat(writerVersions(broker, run + ".")).as("the ledger before the promotion").containsOnly(1);
        services.stop(v1Writer);

        // The promotion: v2 on the wire, and accounts can close.
        AccountService promoted = services.accounts(run + "-accounts", "accounts", PROMOTED_TO_V2);
        accounts = promoted.httpPort();
        created(accounts, "/accounts/bob/withdrawals", "{\"amount\":500}");
        Answer closed = teller.post(accounts, "/accounts/bob/close", "{\"reason\":\"moved abroad\"}", "close-bob");
        assertThat(closed.status()).as(closed.text()).isEqualTo(201);
        assertThat(closed.json().path("version").asLong()).isEqualTo(4);
        Answer afterClose = teller.post(accounts, "/accounts/bob/deposits", "{\"amount\":1}");
        assertThat(afterClose.status()).as(afterClose.text()).isEqualTo(422);
        assertThat(afterClose.json().path("type").asText()).endsWith("/problems/account-closed");
        // once promoted, the owner writes too, and the event says so
        Answer customerOnV2 = services.customer("customer-1").post(accounts, "/accounts/alice/deposits", "{\"amount\":25}");
        assertThat(customerOnV2.status()).as("the owner's deposit on v2: %s", customerOnV2.text()).isEqualTo(201);
        // transfers need contract v3 of events, commands and results: refused before anything is sent
        assertTransfersNotEnabled(accounts);
        services.stop(promoted);

        // Restarted without pins: the book says v2, so it stays there, transfers still off.
        AccountService unpinned = services.accounts(run + "-accounts", "accounts", Map.of());
        created(unpinned.httpPort(), "/accounts/alice/deposits", "{\"amount\":1}");
        assertTransfersNotEnabled(unpinned.httpPort());

        List<ConsumerRecord<String, byte[]>> ledger = readLedger(broker, run + ".");
        Map<String, List<Integer>> versionsByAccount = new LinkedHashMap<>();
        ledger.forEach(record -> versionsByAccount.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(writerVersion(record.value())));
        assertThat(versionsByAccount).containsEntry("alice", List.of(1, 1, 1, 1, 2, 2)).containsEntry("bob", List.of(1, 1, 2, 2));

        // The projector on the mixed topic answers what a projector answers for the same facts all written as v2.
        Map<String, JsonNode> mixed = answers(teller, projector, Map.of("alice", 6L, "bob", 4L));
        assertThat(mixed.get("/accounts/bob/balance").path("status").asText()).isEqualTo("closed");
        assertThat(mixed.get("/accounts/bob/balance").path("balance").asLong()).isZero();
        assertThat(mixed.get("/accounts/alice/balance").path("balance").asLong()).isEqualTo(776);

        String referenceRun = run + "ref";
        rewriteAllAsV2(broker, ledger, referenceRun + ".");
        LocalServices referenceServices = services(broker, referenceRun);
        LedgerProjector reference = referenceServices.projector(referenceRun + "-ledger", "reference", true);
        assertThat(writerVersions(broker, referenceRun + ".")).containsOnly(2);
        assertThat(mixed).isEqualTo(answers(referenceServices.teller(), reference, Map.of("alice", 6L, "bob", 4L)));

        // ./bank tail and the Python decoder print the mixed topic, every event the same line.
        List<String> tailLines = tail(broker, run + ".");
        assertThat(tailLines).hasSize(ledger.size());
        assertThat(tailLines).filteredOn(line -> line.contains("AccountClosed")).singleElement().asString().contains("bob", "v4");
        // the tail interleaves partitions as it polls them; the decoder reads them one after the other
        assertThat(pythonLines(ledger)).containsExactlyInAnyOrderElementsOf(tailLines);
    }

    private LocalServices services(KafkaBroker broker, String run) {
        LocalServices services = new LocalServices(broker.bootstrapServers(), run + ".", stateDir.resolve(run));
        ledgers.add(services);
        return services;
    }

    /** Balance, statement and totals as the projector answers them, once it has folded each account's last version. */
    private static Map<String, JsonNode> answers(ServiceHttp reader, LedgerProjector projector, Map<String, Long> lastVersions) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        lastVersions.forEach((account, version) -> {
            balance(reader, projector, account, version);
            for (String path : List.of("/accounts/" + account + "/balance", "/accounts/" + account + "/events")) {
                answers.put(path, ok(reader.get(projector.httpPort(), path)));
            }
        });
        answers.put("/totals", ok(reader.get(projector.httpPort(), "/totals")));
        return answers;
    }

    private static JsonNode balance(ServiceHttp reader, LedgerProjector projector, String account, long minVersion) {
        return ok(reader.get(projector.httpPort(), "/accounts/" + account + "/balance?minVersion=" + minVersion));
    }

    private static JsonNode ok(Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    private void assertTransfersNotEnabled(int port) {
        Answer transfer = teller.post(port, "/transfers", "{\"fromAccountId\":\"alice\",\"toAccountId\":\"bob\",\"amount\":1}");
        assertThat(transfer.status()).as("a transfer on a v2 ledger: %s", transfer.text()).isEqualTo(501);
        assertThat(transfer.json().path("type").asText()).endsWith("/problems/not-enabled");
        assertThat(transfer.json().path("detail").asText()).contains("BANK_EVENT_SCHEMA_VERSION=3", "BANK_COMMAND_SCHEMA_VERSION=3",
                "BANK_RESULT_SCHEMA_VERSION=3");
    }

    private void created(int port, String path, String body) {
        Answer answer = teller.post(port, path, body);
        assertThat(answer.status()).as("POST %s: %s", path, answer.text()).isEqualTo(201);
    }

    /** Every committed record of the events topic, partition by partition in offset order. */
    private static List<ConsumerRecord<String, byte[]>> readLedger(KafkaBroker broker, String prefix) {
        String topic = BankTopics.of(TopicSettings.defaults().withPrefix(prefix), BankSerdes.singleObject()).events().name();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                assertThat(System.nanoTime()).as("read the ledger within 30 s").isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(record -> byPartition
                        .computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>()).add(record));
            }
            List<ConsumerRecord<String, byte[]>> ledger = new ArrayList<>();
            partitions.forEach(partition -> ledger.addAll(byPartition.getOrDefault(partition, List.of())));
            return ledger;
        }
    }

    private static List<Integer> writerVersions(KafkaBroker broker, String prefix) {
        return readLedger(broker, prefix).stream().map(record -> writerVersion(record.value())).toList();
    }

    private static int writerVersion(byte[] value) {
        return SchemaCatalog.builtIn().versionOf(fingerprintOf(value)).orElseThrow();
    }

    private static long fingerprintOf(byte[] value) {
        return ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /**
     * The same facts written as v2 to the same partitions of a new ledger, by Avro's own generic reader and encoder
     * (resolving each value from its writer schema to the newest version), so the reference owes nothing to the
     * bank's serdes whose reading of the mixed topic is under test.
     */
    private static void rewriteAllAsV2(KafkaBroker broker, List<ConsumerRecord<String, byte[]>> ledger, String prefix) throws Exception {
        BankTopics topics = BankTopics.of(TopicSettings.defaults().withPrefix(prefix), BankSerdes.singleObject());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(topics.all());
        }
        SchemaCatalog catalog = SchemaCatalog.builtIn();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<String, byte[]> record : ledger) {
                Schema writer = catalog.byFingerprint(fingerprintOf(record.value())).orElseThrow();
                Schema v2 = catalog.version(writer.getFullName(), 2).orElseThrow();
                BinaryMessageDecoder<GenericRecord> reader = new BinaryMessageDecoder<>(GenericData.get(), v2);
                reader.addSchema(writer);
                ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(reader.decode(record.value()));
                byte[] bytes = new byte[encoded.remaining()];
                encoded.get(bytes);
                producer.send(new ProducerRecord<>(topics.events().name(), record.partition(), record.timestamp(), record.key(), bytes))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> tail(KafkaBroker broker, String prefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new EventTail(new TailOptions(broker.bootstrapServers(), prefix, false, true), BankSerdes.singleObject(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run();
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(EventTail.EXIT_OK);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** docs/examples/python/decode_events.py --lines over the same values, one hex line each, in the same order. */
    private List<String> pythonLines(List<ConsumerRecord<String, byte[]>> ledger) throws Exception {
        Path values = stateDir.resolve("ledger.hex");
        Files.write(values, ledger.stream().map(record -> HexFormat.of().formatHex(record.value())).toList());
        Path script = RepoRoot.find().resolve("docs/examples/python/decode_events.py");
        Process python = new ProcessBuilder("python3", script.toString(), "--catalog", RepoRoot.catalog().toString(), "--lines",
                values.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).as("python3 finished within 30 s").isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}

package org.eventbank.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eventbank.config.Env;
import org.eventbank.platform.launch.LaunchOptions;
import org.eventbank.platform.launch.PortGuard;
import org.eventbank.platform.launch.Progress;
import org.eventbank.platform.tail.EventTail;
import org.eventbank.platform.tail.TailOptions;
import org.eventbank.platform.walkthrough.ExpectedJson;
import org.eventbank.platform.walkthrough.Walkthrough;
import org.eventbank.schemas.serde.BankSerdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough, end to end: the platform started the way {@code ./bank up} starts it
 * ({@link Platform}, which {@link BankLauncher} runs: a real KRaft broker with its data in a folder,
 * the topic bootstrap, both services in-process) on free ports with a fresh data folder; then every
 * step of walkthrough.json, the same requests and expected answers the README shows; then a restart
 * on the same folder, which must keep every account and event.
 */
class BankWalkthroughIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    @Test
    void shouldAnswerEveryWalkthroughStepAsTheReadmeShowsAndKeepTheDataAcrossARestart() throws Exception {
        ByteArrayOutputStream progressLines = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(progressLines, true, StandardCharsets.UTF_8));
        int kafkaPort;
        try (Platform platform = Platform.start(new LaunchOptions(0, 0, 0, dataDir), Env.of(Map.of()), progress)) {
            kafkaPort = Integer.parseInt(platform.bootstrapServers().substring(platform.bootstrapServers().lastIndexOf(':') + 1));
            assertThat(progressLines.toString(StandardCharsets.UTF_8)).contains("starting Kafka", "(new data folder)", "topics created",
                    "starting account-service", "starting ledger-projector");

            ByteArrayOutputStream banner = new ByteArrayOutputStream();
            BankLauncher.printReady(new PrintStream(banner, true, StandardCharsets.UTF_8), platform, progress);
            assertThat(banner.toString(StandardCharsets.UTF_8)).contains("The bank is ready", platform.bootstrapServers(),
                    "curl -i -X POST \"localhost:" + platform.accountPort() + "/accounts\"");

            for (Walkthrough.Step step : Walkthrough.load().steps()) {
                if (step.target() == Walkthrough.Target.TAIL) {
                    assertTailPrints(platform, step.output());
                    assertEventsAreKeyedByAccountAndTimestampedWhenTheyOccurred(platform, step.output().size());
                } else {
                    assertAnswers(platform, step);
                }
            }
        }

        try (Platform restarted = Platform.start(new LaunchOptions(kafkaPort, 0, 0, dataDir), Env.of(Map.of()), progress)) {
            assertThat(progressLines.toString(StandardCharsets.UTF_8)).contains("(existing data: the ledger is kept)", "topics verified");

            JsonNode balance = get(restarted.ledgerUrl() + "/accounts/acc-1/balance?minVersion=5", 200);
            assertThat(ExpectedJson.differences(JSON.readTree("{\"balance\":0,\"version\":5,\"status\":\"closed\"}"), balance)).isEmpty();

            HttpResponse<String> deposit = send(restarted.accountUrl(), "POST", "/accounts/acc-1/deposits",
                    Map.of("Idempotency-Key", "after-restart"), JSON.readTree("{\"amount\":1}"));
            assertThat(deposit.statusCode()).as("the close survives the restart: " + deposit.body()).isEqualTo(422);
            assertThat(JSON.readTree(deposit.body()).path("type").asText()).isEqualTo("/problems/account-closed");

            HttpResponse<String> replay = send(restarted.accountUrl(), "POST", "/accounts/acc-1/withdrawals",
                    Map.of("Idempotency-Key", "withdraw-1"), JSON.readTree("{\"amount\":2500}"));
            assertThat(ExpectedJson.differences(JSON.readTree("{\"version\":3,\"balance\":7500}"), JSON.readTree(replay.body())))
                    .as("idempotency keys survive the restart").isEmpty();
        }
        assertThat(dataDir.resolve("kafka")).isDirectory();
        assertThat(dataDir.resolve("account-service")).isDirectory();
        assertThat(dataDir.resolve("ledger-projector")).isDirectory();
    }

    @Test
    void shouldRefuseToStartNamingThePortWhenOneIsTakenAndStartNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
            LaunchOptions options = new LaunchOptions(0, taken.getLocalPort(), 0, dataDir);

            assertThatThrownBy(() -> Platform.start(options, Env.of(Map.of()), new Progress(new PrintStream(new ByteArrayOutputStream()))))
                    .isInstanceOf(PortGuard.PortInUseException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " (account-service HTTP) is already in use");
        }
        assertThat(Files.exists(dataDir.resolve("kafka"))).as("no broker was started").isFalse();
    }

    private static void assertAnswers(Platform platform, Walkthrough.Step step) throws Exception {
        String base = step.target() == Walkthrough.Target.ACCOUNT ? platform.accountUrl() : platform.ledgerUrl();
        String path = step.path().replace("{oneMinuteAgo}", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());
        HttpResponse<String> response = send(base, step.method(), path, step.headers(), step.body());

        assertThat(response.statusCode()).as(step.title() + ": " + response.body()).isEqualTo(step.status());
        step.responseHeaders().forEach((name, value) ->
                assertThat(response.headers().firstValue(name)).as(step.title() + " header " + name).contains(value));
        assertThat(ExpectedJson.differences(step.response(), JSON.readTree(response.body()))).as(step.title() + ": " + response.body()).isEmpty();
    }

    private static void assertTailPrints(Platform platform, List<String> expected) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventTail tail = new EventTail(new TailOptions(platform.bootstrapServers(), "bank.", false, true), BankSerdes.singleObject(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(tail.run()).isEqualTo(EventTail.EXIT_OK);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(ExpectedJson.lineMatches(expected.get(i), lines.get(i))).as("line %d: %s, expected %s", i, lines.get(i), expected.get(i)).isTrue();
        }
    }

    /** docs/wire-format.md promises: key = accountId, record timestamp = occurredAt. */
    private static void assertEventsAreKeyedByAccountAndTimestampedWhenTheyOccurred(Platform platform, int events) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("bank.account-events").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < events && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(events);
        for (ConsumerRecord<String, byte[]> record : records) {
            SpecificRecord event = BankSerdes.singleObject().event().deserializer().deserialize(record.topic(), record.value());
            assertThat(record.key()).isEqualTo(event.get(event.getSchema().getField("accountId").pos()).toString());
            Instant occurredAt = (Instant) event.get(event.getSchema().getField("occurredAt").pos());
            assertThat(record.timestamp()).as("record timestamp of %s", event).isEqualTo(occurredAt.toEpochMilli());
        }
    }

    private static JsonNode get(String url, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String base, String method, String path, Map<String, String> headers, JsonNode body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

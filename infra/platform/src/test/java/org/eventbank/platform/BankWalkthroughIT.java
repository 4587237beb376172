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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eventbank.config.Env;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.kafka.LocalKafkaCredentials;
import org.eventbank.platform.launch.LaunchOptions;
import org.eventbank.platform.launch.PortGuard;
import org.eventbank.platform.launch.Progress;
import org.eventbank.platform.tail.EventTail;
import org.eventbank.platform.tail.TailOptions;
import org.eventbank.platform.token.TokenCommand;
import org.eventbank.platform.walkthrough.ExpectedJson;
import org.eventbank.platform.walkthrough.Walkthrough;
import org.eventbank.schemas.serde.BankSerdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough, end to end: the platform started the way {@code ./bank up} starts it
 * ({@link Platform}, which {@link BankLauncher} runs: a real KRaft broker with its data in a folder,
 * the topic bootstrap, both services in-process) on free ports with a fresh data folder; then every
 * step of walkthrough.json, the same requests and expected answers the README shows, with the tokens its
 * {@code NAME=$(./bank token ...)} steps mint ({@link TokenCommand}, what {@code ./bank token} runs); then a restart
 * on the same folder, which must keep every account and event, and the signing key.
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
        Map<String, String> tokens = new HashMap<>();
        try (Platform platform = Platform.start(new LaunchOptions(0, 0, 0, dataDir), Map.of(), progress)) {
            kafkaPort = Integer.parseInt(platform.bootstrapServers().substring(platform.bootstrapServers().lastIndexOf(':') + 1));
            assertThat(progressLines.toString(StandardCharsets.UTF_8)).contains("starting Kafka", "(new data folder)", "topics created",
                    "starting account-service", "starting ledger-projector", "access tokens: ./bank token");
            assertThat(LocalIssuer.signingKeyFile(dataDir)).as("./bank up makes the local issuer's key pair").isRegularFile();

            ByteArrayOutputStream banner = new ByteArrayOutputStream();
            BankLauncher.printReady(new PrintStream(banner, true, StandardCharsets.UTF_8), platform, progress);
            assertThat(banner.toString(StandardCharsets.UTF_8)).contains("The bank is ready", platform.bootstrapServers(),
                    "  TOKEN=$(./bank token)\n  curl -i -X POST \"localhost:" + platform.accountPort() + "/accounts\"",
                    "-H \"Authorization: Bearer $TOKEN\"");

            walkThrough(platform, tokens);
        }

        try (Platform restarted = Platform.start(new LaunchOptions(kafkaPort, 0, 0, dataDir), Map.of(), progress)) {
            assertThat(progressLines.toString(StandardCharsets.UTF_8)).contains("(existing data: the ledger is kept)", "topics verified");
            // the key pair is kept too: a token minted before the restart is still good
            Map<String, String> teller = Map.of("Authorization", "Bearer " + tokens.get("TOKEN"));

            JsonNode balance = get(restarted.ledgerUrl() + "/accounts/acc-1/balance?minVersion=5", teller, 200);
            assertThat(ExpectedJson.differences(JSON.readTree("{\"balance\":0,\"version\":5,\"status\":\"closed\"}"), balance)).isEmpty();

            HttpResponse<String> deposit = send(restarted.accountUrl(), "POST", "/accounts/acc-1/deposits",
                    headers(teller, "Idempotency-Key", "after-restart"), JSON.readTree("{\"amount\":1}"));
            assertThat(deposit.statusCode()).as("the close survives the restart: " + deposit.body()).isEqualTo(422);
            assertThat(JSON.readTree(deposit.body()).path("type").asText()).isEqualTo("/problems/account-closed");

            HttpResponse<String> replay = send(restarted.accountUrl(), "POST", "/accounts/acc-1/withdrawals",
                    headers(teller, "Idempotency-Key", "withdraw-1"), JSON.readTree("{\"amount\":2500}"));
            assertThat(ExpectedJson.differences(JSON.readTree("{\"version\":3,\"balance\":7500}"), JSON.readTree(replay.body())))
                    .as("idempotency keys survive the restart").isEmpty();
        }
        assertThat(dataDir.resolve("kafka")).isDirectory();
        assertThat(dataDir.resolve("account-service")).isDirectory();
        assertThat(dataDir.resolve("ledger-projector")).isDirectory();
    }

    /**
     * The same walkthrough on a bank started with {@code --locked}: Kafka authenticates every client; the topic
     * bootstrap, the ACLs and {@code ./bank tail} run as the admin, each service as its own principal with exactly its
     * ACLs ({@code BankAcls}); an unknown principal is refused; and the folder stays locked on a restart without the flag.
     */
    @Test
    void shouldAnswerEveryWalkthroughStepOnALockedBankAndStayLockedAcrossARestart() throws Exception {
        ByteArrayOutputStream progressLines = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(progressLines, true, StandardCharsets.UTF_8));
        int kafkaPort;
        Map<String, String> tokens = new HashMap<>();
        try (Platform platform = Platform.start(new LaunchOptions(0, 0, 0, dataDir, false, true), Map.of(), progress)) {
            kafkaPort = Integer.parseInt(platform.bootstrapServers().substring(platform.bootstrapServers().lastIndexOf(':') + 1));
            assertThat(progressLines.toString(StandardCharsets.UTF_8)).contains("locked: SASL/SCRAM principals", "topics created",
                    "ACLs granted");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(LocalKafkaCredentials.file(dataDir))))
                    .as("the passwords are the owner's only").isEqualTo("rw-------");

            walkThrough(platform, tokens);

            Map<String, Object> stranger = new HashMap<>(KafkaConnection.scram(platform.bootstrapServers(), "stranger",
                    "not-a-principal").clientConfig());
            stranger.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
            try (var consumer = new KafkaConsumer<>(stranger, new StringDeserializer(), new ByteArrayDeserializer())) {
                assertThatThrownBy(() -> consumer.partitionsFor("bank.account-events"))
                        .as("an unknown principal cannot read the ledger").isInstanceOf(SaslAuthenticationException.class);
            }
        }

        try (Platform restarted = Platform.start(new LaunchOptions(kafkaPort, 0, 0, dataDir), Map.of(), progress)) {
            assertThat(restarted.credentials()).as("a folder made locked stays locked").isPresent();
            Map<String, String> teller = Map.of("Authorization", "Bearer " + tokens.get("TOKEN"));
            JsonNode balance = get(restarted.ledgerUrl() + "/accounts/acc-1/balance?minVersion=5", teller, 200);
            assertThat(ExpectedJson.differences(JSON.readTree("{\"balance\":0,\"version\":5,\"status\":\"closed\"}"), balance)).isEmpty();
        }
    }

    @Test
    void shouldRefuseToLockAFolderMadeUnlockedAndStartNothing() throws Exception {
        Progress quiet = new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Platform.start(new LaunchOptions(0, 0, 0, dataDir, true), Map.of(), quiet).close();

        assertThatThrownBy(() -> Platform.start(new LaunchOptions(0, 0, 0, dataDir, true, true), Map.of(), quiet))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds a Kafka broker made without it");
        assertThat(LocalKafkaCredentials.file(dataDir)).doesNotExist();
    }

    @Test
    void shouldRefuseToStartNamingThePortWhenOneIsTakenAndStartNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
            LaunchOptions options = new LaunchOptions(0, taken.getLocalPort(), 0, dataDir);

            assertThatThrownBy(() -> Platform.start(options, Map.of(), new Progress(new PrintStream(new ByteArrayOutputStream()))))
                    .isInstanceOf(PortGuard.PortInUseException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " (account-service HTTP) is already in use");
        }
        assertThat(Files.exists(dataDir.resolve("kafka"))).as("no broker was started").isFalse();
    }

    /** Every step of walkthrough.json, in order, as the README shows it. */
    private void walkThrough(Platform platform, Map<String, String> tokens) throws Exception {
        for (Walkthrough.Step step : Walkthrough.load().steps()) {
            if (step.target() == Walkthrough.Target.TAIL) {
                assertTailPrints(platform, step.output());
                assertEventsAreKeyedByAccountAndTimestampedWhenTheyOccurred(platform, step.output().size());
            } else if (step.target() == Walkthrough.Target.TOKEN) {
                Walkthrough.TokenCommandLine line = Walkthrough.TokenCommandLine.parse(step.command());
                tokens.put(line.variable(), bankToken(line.args()));
            } else {
                assertAnswers(platform, step, tokens);
            }
        }
    }

    /** What {@code NAME=$(./bank token ARGS)} puts in NAME: the standard output of the command {@code ./bank token} runs. */
    private String bankToken(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TokenCommand.run(args, Env.of(Map.of("BANK_DATA_DIR", dataDir.toString())),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as("./bank token %s: %s", args, err.toString(StandardCharsets.UTF_8)).isZero();
        // $(...) drops the trailing newline
        String token = out.toString(StandardCharsets.UTF_8).stripTrailing();
        assertThat(token).as("./bank token prints one token and nothing else").matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        return token;
    }

    private static void assertAnswers(Platform platform, Walkthrough.Step step, Map<String, String> tokens) throws Exception {
        String base = step.target() == Walkthrough.Target.ACCOUNT ? platform.accountUrl() : platform.ledgerUrl();
        String path = step.path().replace("{oneMinuteAgo}", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());
        Map<String, String> headers = new LinkedHashMap<>(step.headers());
        if (!step.token().isEmpty()) {
            assertThat(tokens).as(step.title() + " sends $" + step.token()).containsKey(step.token());
            headers.put("Authorization", "Bearer " + tokens.get(step.token()));
        }
        HttpResponse<String> first = send(base, step.method(), path, headers, step.body());
        HttpResponse<String> settled = first;
        // A read of a view the projector folds a hop later settles within a bound; every other step is checked at once.
        long settleBy = System.nanoTime() + Walkthrough.SETTLE_WITHIN.toNanos();
        while (step.eventually() && !answers(step, settled) && System.nanoTime() < settleBy) {
            Thread.sleep(100);
            settled = send(base, step.method(), path, headers, step.body());
        }
        HttpResponse<String> response = settled;

        assertThat(response.statusCode()).as(step.title() + ": " + response.body()).isEqualTo(step.status());
        step.responseHeaders().forEach((name, value) ->
                assertThat(response.headers().firstValue(name)).as(step.title() + " header " + name).contains(value));
        assertThat(ExpectedJson.differences(step.response(), JSON.readTree(response.body()))).as(step.title() + ": " + response.body()).isEmpty();
    }

    private static boolean answers(Walkthrough.Step step, HttpResponse<String> response) throws Exception {
        return response.statusCode() == step.status()
                && ExpectedJson.differences(step.response(), JSON.readTree(response.body())).isEmpty();
    }

    /** As {@code ./bank tail --until-end} in the README: its options read as that command reads them. */
    private void assertTailPrints(Platform platform, List<String> expected) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TailOptions options = TailOptions.parse(List.of("--until-end", "--bootstrap-servers", platform.bootstrapServers(),
                "--data-dir", dataDir.toString()), Env.of(Map.of()));
        EventTail tail = new EventTail(options, BankSerdes.singleObject(),
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
        Map<String, Object> config = new HashMap<>(platform.credentials()
                .map(credentials -> credentials.connection(platform.bootstrapServers(), LocalKafkaCredentials.ADMIN))
                .orElseGet(() -> KafkaConnection.plaintext(platform.bootstrapServers())).clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
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

    private static Map<String, String> headers(Map<String, String> base, String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(base);
        headers.put(name, value);
        return headers;
    }

    private static JsonNode get(String url, Map<String, String> headers, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

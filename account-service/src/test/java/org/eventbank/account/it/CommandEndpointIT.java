package org.eventbank.account.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.eventbank.account.AccountService;
import org.eventbank.account.TestTokens;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.domain.Initiator;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** One real instance on the real broker: bad input changes nothing, idempotency holds, and how fast a deposit is. */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandEndpointIT {

    private static final String COMMIT_INTERVAL_MS = System.getProperty("latency.commitIntervalMs", "100");

    private final BankHttp http = new BankHttp();
    private String bootstrapServers;
    private BankTopics topics;
    private AccountService service;

    @BeforeAll
    void start(KafkaBroker broker) throws IOException {
        bootstrapServers = broker.bootstrapServers();
        String prefix = ServiceInstances.uniquePrefix();
        topics = BankTopics.of(new TopicSettings(prefix, 6, (short) 1), BankSerdes.singleObject());
        Map<String, String> env = new java.util.HashMap<>(
                ServiceInstances.environment(bootstrapServers, prefix, "endpoint-" + UUID.randomUUID()));
        // -Dlatency.commitIntervalMs=N measures the deposit round trip with another exactly-once commit interval.
        env.put("BANK_COMMIT_INTERVAL_MS", COMMIT_INTERVAL_MS);
        service = ServiceInstances.start(env);
        ServiceInstances.awaitReady(service);
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** One row: what is sent and the problem it must get. */
    record BadRequest(String name, String method, String path, byte[] body, int status, String type) {
        static BadRequest post(String name, String path, String body, int status, String type) {
            return new BadRequest(name, "POST", path, body.getBytes(StandardCharsets.UTF_8), status, type);
        }
    }

    @Test
    void shouldAnswerEveryBadRequestWithItsProblemAndWriteNothingToTheLedger() throws Exception {
        String account = open("bad-input-" + UUID.randomUUID());
        assertThat(post("/accounts/" + account + "/deposits", "{\"amount\":100}", null).statusCode()).isEqualTo(201);
        String unknown = "never-opened-" + UUID.randomUUID();
        Map<String, Long> before = eventCounts(account, unknown);

        String deposits = "/accounts/" + account + "/deposits";
        String withdrawals = "/accounts/" + account + "/withdrawals";
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        Arrays.fill(tenMegabytes, (byte) ' ');
        tenMegabytes[0] = '{';
        List<BadRequest> table = List.of(
                BadRequest.post("broken JSON", deposits, "{\"amount\": 5", 400, "malformed-request"),
                BadRequest.post("not JSON at all", deposits, "amount=5", 400, "malformed-request"),
                BadRequest.post("array body", deposits, "[5]", 400, "malformed-request"),
                BadRequest.post("empty body", deposits, "", 400, "malformed-request"),
                BadRequest.post("fractional amount", deposits, "{\"amount\":10.5}", 400, "malformed-request"),
                BadRequest.post("string amount", deposits, "{\"amount\":\"10\"}", 400, "malformed-request"),
                BadRequest.post("boolean amount", withdrawals, "{\"amount\":true}", 400, "malformed-request"),
                BadRequest.post("object amount", withdrawals, "{\"amount\":{\"value\":5}}", 400, "malformed-request"),
                BadRequest.post("missing amount", deposits, "{\"currency\":\"EUR\"}", 400, "malformed-request"),
                BadRequest.post("unknown field", deposits, "{\"amount\":5,\"note\":\"hi\"}", 400, "malformed-request"),
                BadRequest.post("string expectedVersion", deposits, "{\"amount\":5,\"expectedVersion\":\"2\"}", 400, "malformed-request"),
                BadRequest.post("zero amount", deposits, "{\"amount\":0}", 400, "invalid-amount"),
                BadRequest.post("negative amount", withdrawals, "{\"amount\":-10}", 400, "invalid-amount"),
                BadRequest.post("amount above 10^12", deposits, "{\"amount\":1000000000001}", 400, "invalid-amount"),
                BadRequest.post("amount beyond long", deposits, "{\"amount\":99999999999999999999999}", 400, "invalid-amount"),
                BadRequest.post("unknown currency", deposits, "{\"amount\":5,\"currency\":\"ABC\"}", 400, "invalid-currency"),
                BadRequest.post("other currency", deposits, "{\"amount\":5,\"currency\":\"USD\"}", 422, "currency-mismatch"),
                BadRequest.post("stale expectedVersion", deposits, "{\"amount\":5,\"expectedVersion\":1}", 409, "version-conflict"),
                BadRequest.post("overdraft", withdrawals, "{\"amount\":101}", 422, "insufficient-funds"),
                BadRequest.post("bad account id in path", "/accounts/no%20spaces/deposits", "{\"amount\":5}", 400, "invalid-account-id"),
                BadRequest.post("unknown account", "/accounts/" + unknown + "/deposits", "{\"amount\":5}", 404, "account-not-found"),
                BadRequest.post("withdraw from unknown account", "/accounts/" + unknown + "/withdrawals", "{\"amount\":5}", 404, "account-not-found"),
                BadRequest.post("open: missing currency", "/accounts", "{\"accountId\":\"" + unknown + "\",\"owner\":\"o\"}", 400, "malformed-request"),
                BadRequest.post("open: unknown currency", "/accounts", "{\"accountId\":\"" + unknown + "\",\"owner\":\"o\",\"currency\":\"QQQ\"}", 400, "invalid-currency"),
                BadRequest.post("open: bad account id", "/accounts", "{\"accountId\":\"" + "x".repeat(65) + "\",\"owner\":\"o\",\"currency\":\"EUR\"}", 400, "invalid-account-id"),
                BadRequest.post("open: existing account", "/accounts", "{\"accountId\":\"" + account + "\",\"owner\":\"o\",\"currency\":\"EUR\"}", 409, "account-exists"),
                new BadRequest("10 MB body", "POST", deposits, tenMegabytes, 413, "body-too-large"),
                new BadRequest("wrong method", "GET", deposits, null, 405, "method-not-allowed"),
                new BadRequest("PUT on accounts", "PUT", "/accounts", "{}".getBytes(StandardCharsets.UTF_8), 405, "method-not-allowed"),
                BadRequest.post("unknown path", "/accounts/" + account + "/transfers", "{\"amount\":5}", 404, "not-found"));
        assertThat(table).hasSizeGreaterThanOrEqualTo(25);

        SoftAssertions softly = new SoftAssertions();
        for (BadRequest bad : table) {
            HttpResponse<String> response = bad.body() != null && bad.body().length > 1_000_000
                    ? http.sendBytes(service.httpPort(), bad.path(), bad.body())
                    : http.send(service.httpPort(), bad.method(), bad.path(),
                            bad.body() == null ? null : new String(bad.body(), StandardCharsets.UTF_8), null);
            softly.assertThat(response.statusCode()).as(bad.name() + ": " + response.body()).isEqualTo(bad.status());
            softly.assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .as(bad.name() + " content type").startsWith("application/problem+json");
            softly.assertThat(BankHttp.problemType(response)).as(bad.name() + " type").isEqualTo("/problems/" + bad.type());
        }
        softly.assertAll();

        assertThat(eventCounts(account, unknown)).isEqualTo(before);
        assertThat(post("/accounts/" + account + "/withdrawals", "{\"amount\":100}", null).statusCode())
                .as("the account still works after the bad input").isEqualTo(201);
    }

    @Test
    void shouldReturnTheSameAnswerForTheSameKeyAndBodyAndWriteOneEvent() {
        String account = open("idem-" + UUID.randomUUID());
        HttpResponse<String> first = post("/accounts/" + account + "/deposits", "{\"amount\":250}", "deposit-1");
        HttpResponse<String> retry = post("/accounts/" + account + "/deposits", "{ \"amount\" : 250 }", "deposit-1");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(BankHttp.json(retry)).isEqualTo(BankHttp.json(first));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(retry.headers().firstValue("Command-Id")).isNotEqualTo(first.headers().firstValue("Command-Id"));

        HttpResponse<String> otherBody = post("/accounts/" + account + "/deposits", "{\"amount\":251}", "deposit-1");
        assertThat(otherBody.statusCode()).isEqualTo(422);
        assertThat(BankHttp.problemType(otherBody)).isEqualTo("/problems/idempotency-key-reused");

        List<AccountEvent> ledger = LedgerReader.of(LedgerReader.readAll(bootstrapServers, topics.events()), account);
        assertThat(ledger).extracting(AccountEvent::version).containsExactly(1L, 2L);
        assertThat(ledger.get(1)).isInstanceOfSatisfying(AccountEvent.Deposited.class,
                d -> assertThat(d.amountMinor()).isEqualTo(250));
    }

    @Test
    void shouldOpenOneAccountForARetriedOpenWithoutAnAccountId() {
        String key = "open-" + UUID.randomUUID();
        HttpResponse<String> first = post("/accounts", "{\"owner\":\"c-1\",\"currency\":\"EUR\"}", key);
        HttpResponse<String> retry = post("/accounts", "{\"owner\":\"c-1\",\"currency\":\"EUR\"}", key);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        String account = BankHttp.json(first).path("accountId").asText();
        assertThat(BankHttp.json(retry).path("accountId").asText()).isEqualTo(account);
        assertThat(LedgerReader.of(LedgerReader.readAll(bootstrapServers, topics.events()), account)).hasSize(1);
    }

    @Test
    void shouldMeasureTheRoundTripOfASingleDepositOnAnIdleBroker() throws IOException {
        String account = open("latency-" + UUID.randomUUID());
        int warmup = 10;
        int samples = 150;
        List<Long> micros = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < warmup + samples; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = post("/accounts/" + account + "/deposits", "{\"amount\":1}", "lat-" + i);
            long elapsed = (System.nanoTime() - start) / 1_000;
            // Every deposit, timed or not, is the next one: version 1 is the open, so deposit i makes version i + 2
            // and a balance of i + 1.
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            JsonNode body = BankHttp.json(response);
            assertThat(body.path("accountId").asText()).isEqualTo(account);
            assertThat(body.path("version").asLong()).as("version after deposit " + i).isEqualTo(i + 2);
            assertThat(body.path("balance").asLong()).as("balance after deposit " + i).isEqualTo(i + 1);
            assertThat(body.path("currency").asText()).isEqualTo("EUR");
            eventIds.add(body.path("eventId").asText());
            if (i >= warmup) {
                micros.add(elapsed);
            }
        }
        // The ledger holds exactly the open and these deposits, one event each, in order, as answered.
        List<AccountEvent> ledger = LedgerReader.of(LedgerReader.readAll(bootstrapServers, topics.events()), account);
        assertThat(ledger).hasSize(1 + warmup + samples);
        assertThat(ledger.get(0)).isInstanceOf(AccountEvent.AccountOpened.class);
        List<AccountEvent> deposits = ledger.subList(1, ledger.size());
        assertThat(deposits).extracting(AccountEvent::eventId).containsExactlyElementsOf(eventIds);
        for (int i = 0; i < deposits.size(); i++) {
            long n = i;
            assertThat(deposits.get(i)).isInstanceOfSatisfying(AccountEvent.Deposited.class, d -> {
                assertThat(d.version()).isEqualTo(n + 2);
                assertThat(d.amountMinor()).isEqualTo(1);
                assertThat(d.balanceAfterMinor()).isEqualTo(n + 1);
            });
        }

        List<Long> sorted = micros.stream().sorted().collect(Collectors.toList());
        String line = String.format("deposit round trip over %d sequential requests (commit.interval.ms=%s): p50 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms", samples, COMMIT_INTERVAL_MS, sorted.get(samples / 2) / 1000.0,
                sorted.get((int) Math.ceil(samples * 0.99) - 1) / 1000.0, sorted.get(samples - 1) / 1000.0);
        System.out.println(line);
        Files.writeString(Path.of("target", "deposit-latency.txt"), line + System.lineSeparator());
        assertThat(sorted).hasSize(samples);
    }

    @Test
    void shouldReportReadyAndCountCommandsInTheMetrics() {
        open("metrics-" + UUID.randomUUID());
        assertThat(http.send(service.httpPort(), "GET", "/health/live", null, null).statusCode()).isEqualTo(200);
        assertThat(http.send(service.httpPort(), "GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = http.send(service.httpPort(), "GET", "/metrics", null, null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("bank_commands_total{outcome=\"accepted\",type=\"open\"}")
                .contains("bank_command_duration_seconds_bucket")
                // what an operator watches on any service: the JVM, the process, Jetty, the Kafka Streams client and
                // the other Kafka clients; and the ledger's append and commit latencies as histograms
                .contains("jvm_memory_used_bytes", "jvm_gc_", "process_cpu_usage", "kafka_stream_", "jetty_threads_busy",
                        "jetty_connections_current", "bank_client=\"command-gateway\"",
                        "bank_client=\"command-result-listener\"", "bank_command_append_seconds_bucket{le=\"0.05\"}",
                        "bank_ledger_commit_seconds_bucket{le=\"0.05\"}");
        assertThat(BankHttp.json(http.send(service.httpPort(), "GET", "/openapi.json", null, null)).path("openapi").asText())
                .startsWith("3.");
    }

    @Test
    void shouldCloseOnlyAnEmptiedAccountRefuseMoneyAfterwardsAndReplayTheFirstAnswer() {
        String account = open("close-" + UUID.randomUUID());
        assertThat(post("/accounts/" + account + "/deposits", "{\"amount\":100}", null).statusCode()).isEqualTo(201);

        HttpResponse<String> notEmpty = post("/accounts/" + account + "/close", "{\"reason\":\"moving abroad\"}", "close-early");
        assertThat(notEmpty.statusCode()).as(notEmpty.body()).isEqualTo(422);
        assertThat(BankHttp.problemType(notEmpty)).isEqualTo("/problems/balance-not-zero");
        assertThat(LedgerReader.of(LedgerReader.readAll(bootstrapServers, topics.events()), account))
                .as("a refused close writes nothing").hasSize(2);

        assertThat(post("/accounts/" + account + "/withdrawals", "{\"amount\":100}", null).statusCode()).isEqualTo(201);
        HttpResponse<String> closed = post("/accounts/" + account + "/close", "{\"reason\":\"moving abroad\"}", "close-1");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(201);
        JsonNode body = BankHttp.json(closed);
        assertThat(body.path("accountId").asText()).isEqualTo(account);
        assertThat(body.path("version").asLong()).isEqualTo(4);
        assertThat(body.path("balance").asLong()).isZero();
        assertThat(body.path("currency").asText()).isEqualTo("EUR");
        assertThat(body.path("status").asText()).isEqualTo("closed");

        HttpResponse<String> afterwards = post("/accounts/" + account + "/deposits", "{\"amount\":5}", null);
        assertThat(afterwards.statusCode()).as(afterwards.body()).isEqualTo(422);
        assertThat(BankHttp.problemType(afterwards)).isEqualTo("/problems/account-closed");

        HttpResponse<String> replay = post("/accounts/" + account + "/close", "{ \"reason\" : \"moving abroad\" }", "close-1");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(201);
        assertThat(BankHttp.json(replay)).isEqualTo(body);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");

        List<AccountEvent> ledger = LedgerReader.of(LedgerReader.readAll(bootstrapServers, topics.events()), account);
        assertThat(ledger).extracting(AccountEvent::version).containsExactly(1L, 2L, 3L, 4L);
        assertThat(ledger.get(3)).isInstanceOfSatisfying(AccountEvent.AccountClosed.class, close -> {
            assertThat(close.eventId()).isEqualTo(body.path("eventId").asText());
            assertThat(close.balanceAfterMinor()).isZero();
            assertThat(close.reason()).hasValue("moving abroad");
        });
    }

    /** An instance whose events are pinned to v1 must not let a close reach the commands topic at all. */
    @Test
    void shouldAnswerNotEnabledToACloseAndSendNoCommandWhileEventsArePinnedToV1() throws IOException {
        String prefix = ServiceInstances.uniquePrefix();
        Map<String, String> env = new java.util.HashMap<>(
                ServiceInstances.environment(bootstrapServers, prefix, "pinned-" + UUID.randomUUID()));
        env.put("BANK_EVENT_SCHEMA_VERSION", "1");
        try (AccountService pinned = ServiceInstances.start(env)) {
            // Ready, so that a close the edge let through would reach the topic: the 501 alone must keep it off.
            ServiceInstances.awaitReady(pinned);
            HttpResponse<String> refused = http.send(pinned.httpPort(), "POST", "/accounts/acc-1/close", "", "close-1");

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(501);
            assertThat(BankHttp.problemType(refused)).isEqualTo("/problems/not-enabled");
            // A new ledger settles commands and results at v2, so only the pinned family is named.
            assertThat(BankHttp.json(refused).path("detail").asText())
                    .contains("BANK_EVENT_SCHEMA_VERSION=2").doesNotContain("BANK_COMMAND_SCHEMA_VERSION", "BANK_RESULT_SCHEMA_VERSION");

            // Everything else works on v1 events; its command is the only one on the topic.
            HttpResponse<String> opened = http.send(pinned.httpPort(), "POST", "/accounts",
                    "{\"accountId\":\"acc-1\",\"owner\":\"c-1\",\"currency\":\"EUR\"}", null);
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            BankTopics pinnedTopics = BankTopics.of(new TopicSettings(prefix, 6, (short) 1), BankSerdes.singleObject());
            assertThat(LedgerReader.readValues(bootstrapServers, pinnedTopics.commands()))
                    .extracting(command -> command.getPayload().getClass().getSimpleName()).containsExactly("OpenAccount");
        }
    }

    /**
     * Identity on the real broker (issue 14): every event names who caused it, a customer's money is theirs alone,
     * and nobody can use another customer's Idempotency-Key, not even with the same body.
     */
    @Test
    void shouldNameWhoCausedEveryEventAndKeepEveryCustomersMoneyTheirs() {
        BankHttp alice = new BankHttp(TestTokens.customer("alice"));
        BankHttp bob = new BankHttp(TestTokens.customer("bob"));
        BankHttp teller = new BankHttp(TestTokens.bearer("teller-1", "bank:teller"));
        int port = service.httpPort();
        String account = "alices-" + UUID.randomUUID();
        String open = "{\"accountId\":\"" + account + "\",\"owner\":\"alice\",\"currency\":\"EUR\"}";
        assertThat(alice.send(port, "POST", "/accounts", open, null).statusCode()).isEqualTo(201);
        var deposit = alice.send(port, "POST", "/accounts/" + account + "/deposits", "{\"amount\":100}", "alices-key");
        assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(201);

        var theft = bob.send(port, "POST", "/accounts/" + account + "/withdrawals", "{\"amount\":100}", null);
        var replay = bob.send(port, "POST", "/accounts/" + account + "/deposits", "{\"amount\":100}", "alices-key");
        var byATeller = teller.send(port, "POST", "/accounts/" + account + "/withdrawals", "{\"amount\":10}", "alices-key");

        assertThat(theft.statusCode()).as(theft.body()).isEqualTo(404);
        assertThat(BankHttp.problemType(theft)).isEqualTo("/problems/account-not-found");
        assertThat(replay.statusCode()).as("bob cannot replay alice's key").isEqualTo(404);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(byATeller.statusCode()).as("the teller's equal key is the teller's own").isEqualTo(201);
        assertThat(BankHttp.json(byATeller).path("balance").asLong()).isEqualTo(90);
        List<AccountEvent> events = LedgerReader.of(LedgerReader.readAll(bootstrapServers, topics.events()), account);
        assertThat(events).extracting(AccountEvent::version).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(event -> event.origin().initiatedBy().orElseThrow())
                .containsExactly(new Initiator("alice", Optional.of(LocalIssuer.CLIENT_ID)),
                        new Initiator("alice", Optional.of(LocalIssuer.CLIENT_ID)),
                        new Initiator("teller-1", Optional.of(LocalIssuer.CLIENT_ID)));
    }

    private String open(String account) {
        HttpResponse<String> response = post("/accounts", "{\"accountId\":\"" + account + "\",\"owner\":\"c-1\",\"currency\":\"EUR\"}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return account;
    }

    private HttpResponse<String> post(String path, String body, String key) {
        return http.send(service.httpPort(), "POST", path, body, key);
    }

    private Map<String, Long> eventCounts(String... accounts) {
        List<AccountEvent> ledger = LedgerReader.readAll(bootstrapServers, topics.events());
        return Arrays.stream(accounts).collect(Collectors.toMap(a -> a, a -> (long) LedgerReader.of(ledger, a).size()));
    }
}

package org.eventbank.account.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.SoftAssertions;
import org.eventbank.account.TestTokens;
import org.eventbank.account.app.CommandIds;
import org.eventbank.account.app.CommandLookup;
import org.eventbank.account.app.CommandOutcome;
import org.eventbank.account.app.CommandStatus;
import org.eventbank.account.app.ContractFeatures;
import org.eventbank.account.app.OutcomeCode;
import org.eventbank.account.app.TransferProgress;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountDecider;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.AccountStatus;
import org.eventbank.account.domain.ActingAs;
import org.eventbank.account.domain.Initiator;
import org.eventbank.account.domain.Origin;
import org.eventbank.kit.auth.LocalIssuer;
import org.junit.jupiter.api.Test;

class AccountHttpAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_MAX = 16 * 1024;

    private final FakeCommandGateway gateway = new FakeCommandGateway();
    private final AtomicReference<Optional<String>> notReady = new AtomicReference<>(Optional.empty());
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, CommandStatus> statuses = new ConcurrentHashMap<>();
    private final CommandLookup lookup = (accountId, commandId) ->
            statuses.getOrDefault(commandId, new CommandStatus.Unknown("no such command " + commandId));
    private final Javalin app = appWith(ContractFeatures.ALL_ENABLED);
    private final HttpClient http = HttpClient.newHttpClient();

    private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(12);

    private Javalin appWith(ContractFeatures features) {
        return AccountHttpApp.create(gateway, lookup, notReady::get, registry, BODY_MAX, Clock.fixed(NOW, ZoneOffset.UTC),
                features, DEADLINE, TestTokens.verifier());
    }

    /** One row of the validation table: a request and the problem it must get. */
    record Case(String name, String method, String path, String body, int status, String type) {
    }

    @Test
    void shouldAnswerEveryMalformedRequestWithItsDocumentedProblemAndSendNothing() {
        JavalinTest.test(app, (server, client) -> {
            send(client.getOrigin(), "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            int sentBefore = gateway.submitted.size();
            String deposits = "/accounts/acc-1/deposits";
            String close = "/accounts/acc-1/close";
            List<Case> cases = List.of(
                    new Case("broken JSON", "POST", deposits, "{\"amount\":", 400, "malformed-request"),
                    new Case("not an object", "POST", deposits, "[1]", 400, "malformed-request"),
                    new Case("null document", "POST", deposits, "null", 400, "malformed-request"),
                    new Case("empty body", "POST", deposits, "", 400, "malformed-request"),
                    new Case("trailing garbage", "POST", deposits, "{\"amount\":5} x", 400, "malformed-request"),
                    new Case("fractional amount", "POST", deposits, "{\"amount\":10.5}", 400, "malformed-request"),
                    new Case("amount as string", "POST", deposits, "{\"amount\":\"10\"}", 400, "malformed-request"),
                    new Case("amount as boolean", "POST", deposits, "{\"amount\":true}", 400, "malformed-request"),
                    new Case("amount null", "POST", deposits, "{\"amount\":null}", 400, "malformed-request"),
                    new Case("amount 1e3", "POST", deposits, "{\"amount\":1e3}", 400, "malformed-request"),
                    new Case("missing amount", "POST", deposits, "{\"currency\":\"EUR\"}", 400, "malformed-request"),
                    new Case("unknown field", "POST", deposits, "{\"amount\":5,\"memo\":\"x\"}", 400, "malformed-request"),
                    new Case("duplicate field", "POST", deposits, "{\"amount\":5,\"amount\":6}", 400, "malformed-request"),
                    new Case("currency as number", "POST", deposits, "{\"amount\":5,\"currency\":5}", 400, "malformed-request"),
                    new Case("expectedVersion as string", "POST", deposits, "{\"amount\":5,\"expectedVersion\":\"1\"}", 400, "malformed-request"),
                    new Case("negative expectedVersion", "POST", deposits, "{\"amount\":5,\"expectedVersion\":-1}", 400, "malformed-request"),
                    new Case("zero amount", "POST", deposits, "{\"amount\":0}", 400, "invalid-amount"),
                    new Case("negative amount", "POST", deposits, "{\"amount\":-5}", 400, "invalid-amount"),
                    new Case("amount above maximum", "POST", deposits, "{\"amount\":1000000000001}", 400, "invalid-amount"),
                    new Case("huge amount", "POST", deposits, "{\"amount\":123456789012345678901234567890}", 400, "invalid-amount"),
                    new Case("lower-case currency", "POST", deposits, "{\"amount\":5,\"currency\":\"eur\"}", 400, "invalid-currency"),
                    new Case("unknown currency", "POST", deposits, "{\"amount\":5,\"currency\":\"XYZ\"}", 400, "invalid-currency"),
                    new Case("bad account id", "POST", "/accounts/bad%20id/deposits", "{\"amount\":5}", 400, "invalid-account-id"),
                    new Case("too long account id", "POST", "/accounts/" + "a".repeat(65) + "/withdrawals", "{\"amount\":5}", 400, "invalid-account-id"),
                    new Case("open: missing owner", "POST", "/accounts", "{\"currency\":\"EUR\"}", 400, "malformed-request"),
                    new Case("open: blank owner", "POST", "/accounts", "{\"owner\":\" \",\"currency\":\"EUR\"}", 400, "malformed-request"),
                    new Case("open: owner too long", "POST", "/accounts", "{\"owner\":\"" + "o".repeat(201) + "\",\"currency\":\"EUR\"}", 400, "malformed-request"),
                    new Case("open: bad currency", "POST", "/accounts", "{\"owner\":\"o\",\"currency\":\"EURO\"}", 400, "invalid-currency"),
                    new Case("open: bad account id", "POST", "/accounts", "{\"accountId\":\"a/b\",\"owner\":\"o\",\"currency\":\"EUR\"}", 400, "invalid-account-id"),
                    new Case("body too large", "POST", deposits, "{\"amount\":5,\"x\":\"" + "x".repeat(BODY_MAX) + "\"}", 413, "body-too-large"),
                    new Case("wrong method", "GET", deposits, null, 405, "method-not-allowed"),
                    new Case("wrong method on /accounts", "DELETE", "/accounts", null, 405, "method-not-allowed"),
                    new Case("unknown path", "POST", "/payments", "{}", 404, "not-found"),
                    new Case("unknown path under /transfers", "POST", "/transfers/t-1", "{}", 404, "not-found"),
                    new Case("close: reason too long", "POST", close, "{\"reason\":\"" + "r".repeat(201) + "\"}", 400, "malformed-request"),
                    new Case("close: empty reason", "POST", close, "{\"reason\":\"\"}", 400, "malformed-request"),
                    new Case("close: blank reason", "POST", close, "{\"reason\":\"   \"}", 400, "malformed-request"),
                    new Case("close: reason as number", "POST", close, "{\"reason\":5}", 400, "malformed-request"),
                    new Case("close: unknown field", "POST", close, "{\"reason\":\"x\",\"force\":true}", 400, "malformed-request"),
                    new Case("close: negative expectedVersion", "POST", close, "{\"expectedVersion\":-1}", 400, "malformed-request"),
                    new Case("close: expectedVersion as string", "POST", close, "{\"expectedVersion\":\"1\"}", 400, "malformed-request"),
                    new Case("close: broken JSON", "POST", close, "{\"reason\":", 400, "malformed-request"),
                    new Case("close: whitespace is not an empty body", "POST", close, "  ", 400, "malformed-request"),
                    new Case("close: bad account id", "POST", "/accounts/bad%20id/close", "", 400, "invalid-account-id"),
                    new Case("close: wrong method", "GET", close, null, 405, "method-not-allowed"),
                    new Case("transfer: empty object", "POST", "/transfers", "{}", 400, "malformed-request"),
                    new Case("transfer: missing fromAccountId", "POST", "/transfers", transfer(null, "acc-2", "5", null, null), 400, "malformed-request"),
                    new Case("transfer: missing toAccountId", "POST", "/transfers", transfer("acc-1", null, "5", null, null), 400, "malformed-request"),
                    new Case("transfer: missing amount", "POST", "/transfers", transfer("acc-1", "acc-2", null, null, null), 400, "malformed-request"),
                    new Case("transfer: unknown field", "POST", "/transfers", "{\"fromAccountId\":\"acc-1\",\"toAccountId\":\"acc-2\",\"amount\":5,\"memo\":\"x\"}", 400, "malformed-request"),
                    new Case("transfer: expectedVersion is not a transfer field", "POST", "/transfers", "{\"fromAccountId\":\"acc-1\",\"toAccountId\":\"acc-2\",\"amount\":5,\"expectedVersion\":1}", 400, "malformed-request"),
                    new Case("transfer: amount 0", "POST", "/transfers", transfer("acc-1", "acc-2", "0", null, null), 400, "invalid-amount"),
                    new Case("transfer: negative amount", "POST", "/transfers", transfer("acc-1", "acc-2", "-5", null, null), 400, "invalid-amount"),
                    new Case("transfer: amount above maximum", "POST", "/transfers", transfer("acc-1", "acc-2", "1000000000001", null, null), 400, "invalid-amount"),
                    new Case("transfer: huge amount", "POST", "/transfers", transfer("acc-1", "acc-2", "123456789012345678901234567890", null, null), 400, "invalid-amount"),
                    new Case("transfer: fractional amount", "POST", "/transfers", transfer("acc-1", "acc-2", "10.5", null, null), 400, "malformed-request"),
                    new Case("transfer: amount as string", "POST", "/transfers", transfer("acc-1", "acc-2", "\"10\"", null, null), 400, "malformed-request"),
                    new Case("transfer: amount null", "POST", "/transfers", transfer("acc-1", "acc-2", "null", null, null), 400, "malformed-request"),
                    new Case("transfer: bad fromAccountId", "POST", "/transfers", transfer("bad id", "acc-2", "5", null, null), 400, "invalid-account-id"),
                    new Case("transfer: too long toAccountId", "POST", "/transfers", transfer("acc-1", "a".repeat(65), "5", null, null), 400, "invalid-account-id"),
                    new Case("transfer: toAccountId with a slash", "POST", "/transfers", transfer("acc-1", "a/b", "5", null, null), 400, "invalid-account-id"),
                    new Case("transfer: toAccountId as number", "POST", "/transfers", "{\"fromAccountId\":\"acc-1\",\"toAccountId\":7,\"amount\":5}", 400, "malformed-request"),
                    new Case("transfer: to the same account", "POST", "/transfers", transfer("acc-1", "acc-1", "5", null, null), 400, "same-account"),
                    new Case("transfer: lower-case currency", "POST", "/transfers", transfer("acc-1", "acc-2", "5", "eur", null), 400, "invalid-currency"),
                    new Case("transfer: unknown currency", "POST", "/transfers", transfer("acc-1", "acc-2", "5", "XYZ", null), 400, "invalid-currency"),
                    new Case("transfer: empty reference", "POST", "/transfers", transfer("acc-1", "acc-2", "5", null, ""), 400, "malformed-request"),
                    new Case("transfer: blank reference", "POST", "/transfers", transfer("acc-1", "acc-2", "5", null, "   "), 400, "malformed-request"),
                    new Case("transfer: reference too long", "POST", "/transfers", transfer("acc-1", "acc-2", "5", null, "r".repeat(201)), 400, "malformed-request"),
                    new Case("transfer: reference as number", "POST", "/transfers", "{\"fromAccountId\":\"acc-1\",\"toAccountId\":\"acc-2\",\"amount\":5,\"reference\":5}", 400, "malformed-request"),
                    new Case("transfer: broken JSON", "POST", "/transfers", "{\"fromAccountId\":", 400, "malformed-request"),
                    new Case("transfer: empty body", "POST", "/transfers", "", 400, "malformed-request"),
                    new Case("transfer: wrong method", "GET", "/transfers", null, 405, "method-not-allowed"));
            assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
            SoftAssertions softly = new SoftAssertions();
            for (Case c : cases) {
                HttpResponse<String> response = send(client.getOrigin(), c.method(), c.path(), c.body(), null);
                softly.assertThat(response.statusCode()).as(c.name() + " status").isEqualTo(c.status());
                softly.assertThat(response.headers().firstValue("Content-Type")).as(c.name() + " content type")
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                JsonNode problem = JSON.readTree(response.body());
                softly.assertThat(problem.path("type").asText()).as(c.name() + " type").isEqualTo("/problems/" + c.type());
                softly.assertThat(problem.path("status").asInt()).as(c.name() + " status field").isEqualTo(c.status());
                softly.assertThat(problem.path("title").asText()).as(c.name() + " title").isNotBlank();
                softly.assertThat(problem.path("detail").asText()).as(c.name() + " detail").isNotBlank();
            }
            softly.assertAll();
            assertThat(gateway.submitted).hasSize(sentBefore);
        });
    }

    /**
     * A client that sends a body over the limit gets the 413 document, every time, and its connection stays usable:
     * the service reads and discards a bounded amount of the body it refuses instead of closing the socket under a
     * client still writing (which loses the answer: "header parser received no bytes").
     */
    @Test
    void shouldAnswerEveryOverLargeBodyWith413AndKeepTheConnectionUsable() {
        JavalinTest.test(app, (server, client) -> {
            String tooLarge = "{\"amount\":5,\"x\":\"" + "x".repeat(4 * BODY_MAX) + "\"}";
            for (int attempt = 0; attempt < 40; attempt++) {
                assertProblem(send(client.getOrigin(), "POST", "/accounts/acc-1/deposits", tooLarge, null), 413, "body-too-large");
                assertProblem(send(client.getOrigin(), "POST", "/accounts/acc-1/deposits", "{\"amount\":0}", null), 400, "invalid-amount");
            }
            assertThat(gateway.submitted).isEmpty();
        });
    }

    @Test
    void shouldExplainAWrongTypeInTermsOfTheJsonFieldNotTheJavaClass() {
        JavalinTest.test(app, (server, client) -> {
            String deposits = "/accounts/acc-1/deposits";

            assertThat(detail(client.getOrigin(), deposits, "{\"amount\":10.5}")).isEqualTo("field 'amount' must be a JSON integer, not 10.5");
            assertThat(detail(client.getOrigin(), deposits, "{\"amount\":\"10\"}")).isEqualTo("field 'amount' must be a JSON integer, not \"10\"");
            assertThat(detail(client.getOrigin(), deposits, "{\"amount\":5,\"currency\":5}")).startsWith("field 'currency' must be a JSON string");
            assertThat(detail(client.getOrigin(), deposits, "{\"amount\":5,\"memo\":\"x\"}"))
                    .startsWith("unknown field 'memo'").contains("amount", "currency", "expectedVersion");
        });
    }

    private JsonNode problem(String origin, String path, String body) throws Exception {
        return JSON.readTree(send(origin, "POST", path, body, null).body());
    }

    private String detail(String origin, String path, String body) throws Exception {
        JsonNode problem = problem(origin, path, body);
        assertThat(problem.path("type").asText()).isEqualTo("/problems/malformed-request");
        return problem.path("detail").asText();
    }

    @Test
    void shouldOpenDepositAndWithdrawWithTheContractsBodies() {
        JavalinTest.test(app, (server, client) -> {
            var opened = send(client.getOrigin(), "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"c-9\",\"currency\":\"EUR\"}", "k1");
            assertThat(opened.statusCode()).isEqualTo(201);
            assertThat(opened.headers().firstValue("Location")).hasValue("/accounts/acc-1");
            assertThat(JSON.readTree(opened.body())).isEqualTo(JSON.readTree(
                    "{\"accountId\":\"acc-1\",\"owner\":\"c-9\",\"currency\":\"EUR\",\"version\":1,\"balance\":0}"));

            var deposit = send(client.getOrigin(), "POST", "/accounts/acc-1/deposits", "{\"amount\":500,\"currency\":\"EUR\"}", null);
            assertThat(deposit.statusCode()).isEqualTo(201);
            JsonNode body = JSON.readTree(deposit.body());
            assertThat(body.fieldNames()).toIterable().containsExactly("accountId", "eventId", "version", "balance", "currency");
            assertThat(body.path("balance").asLong()).isEqualTo(500);
            assertThat(body.path("version").asLong()).isEqualTo(2);
            assertThat(deposit.headers().firstValue("Command-Id")).isPresent();
            assertThat(deposit.headers().firstValue("Idempotency")).hasValueSatisfying(v -> assertThat(v).contains("not protected"));

            var withdrawal = send(client.getOrigin(), "POST", "/accounts/acc-1/withdrawals", "{\"amount\":501}", null);
            assertThat(withdrawal.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(withdrawal.body()).path("type").asText()).isEqualTo("/problems/insufficient-funds");
        });
    }

    @Test
    void shouldMapEveryRejectionFromTheProcessorToItsProblem() {
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            assertProblem(send(origin, "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null), 409, "account-exists");
            assertProblem(send(origin, "POST", "/accounts/nobody/deposits", "{\"amount\":5}", null), 404, "account-not-found");
            assertProblem(send(origin, "POST", "/accounts/acc-1/deposits", "{\"amount\":5,\"expectedVersion\":7}", null), 409, "version-conflict");
            assertProblem(send(origin, "POST", "/accounts/acc-1/deposits", "{\"amount\":5,\"currency\":\"USD\"}", null), 422, "currency-mismatch");
            assertProblem(send(origin, "POST", "/accounts/acc-1/withdrawals", "{\"amount\":5}", null), 422, "insufficient-funds");
        });
    }

    @Test
    void shouldDeriveTheAccountIdFromTheIdempotencyKeyWhenNoneIsGiven() {
        JavalinTest.test(app, (server, client) -> {
            var first = send(client.getOrigin(), "POST", "/accounts", "{\"owner\":\"o\",\"currency\":\"EUR\"}", "open-key-1");
            assertThat(first.statusCode()).isEqualTo(201);
            var retry = send(client.getOrigin(), "POST", "/accounts", "{ \"currency\" : \"EUR\", \"owner\" : \"o\" }", "open-key-1");
            // The fake has no idempotency store, so the retry reaches the decider and finds the same account.
            assertProblem(retry, 409, "account-exists");
            assertThat(gateway.submitted.get(0).command().accountId()).isEqualTo(gateway.submitted.get(1).command().accountId());
            assertThat(gateway.submitted.get(0).bodyHash()).isEqualTo(gateway.submitted.get(1).bodyHash());
            assertThat(gateway.submitted.get(0).command().commandId()).isNotEqualTo(gateway.submitted.get(1).command().commandId());
            var unkeyed = send(client.getOrigin(), "POST", "/accounts", "{\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            assertThat(JSON.readTree(unkeyed.body()).path("accountId").asText())
                    .isNotEqualTo(gateway.submitted.get(0).command().accountId());
        });
    }

    @Test
    void shouldHashOnlyTheMeaningNotTheBytesOfARequest() {
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            send(origin, "POST", "/accounts/acc-1/deposits", "{\"amount\":5,\"currency\":\"EUR\"}", "k");
            send(origin, "POST", "/accounts/acc-1/deposits", "{ \"currency\":\"EUR\",\n \"amount\" : 5 }", "k");
            send(origin, "POST", "/accounts/acc-1/deposits", "{\"amount\":6,\"currency\":\"EUR\"}", "k");
            send(origin, "POST", "/accounts/acc-1/withdrawals", "{\"amount\":5,\"currency\":\"EUR\"}", "k");
            var hashes = gateway.submitted.stream().skip(1).map(c -> c.bodyHash()).toList();
            assertThat(hashes.get(0)).isEqualTo(hashes.get(1)).matches("[0-9a-f]{64}");
            assertThat(hashes.get(2)).isNotEqualTo(hashes.get(0));
            assertThat(hashes.get(3)).isNotEqualTo(hashes.get(0));
        });
    }

    @Test
    void shouldAnswerOutcomeUnknownWithRetryAfterWhenNoResultArrives() {
        gateway.mode = FakeCommandGateway.Mode.TIME_OUT;
        JavalinTest.test(app, (server, client) -> {
            var keyed = send(client.getOrigin(), "POST", "/accounts/acc-1/deposits", "{\"amount\":5}", "key-1");
            assertProblem(keyed, 503, "outcome-unknown");
            assertThat(keyed.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(keyed.body()).path("detail").asText()).contains("same Idempotency-Key is safe");
        });
    }

    @Test
    void shouldRefuseASecondRequestWithTheSameKeyWhileTheFirstIsInFlight() throws Exception {
        gateway.mode = FakeCommandGateway.Mode.HOLD;
        JavalinTest.test(app, (server, client) -> {
            var first = sendAsync(client.getOrigin(), "/accounts/acc-1/deposits", "{\"amount\":5}", "key-1");
            org.awaitility.Awaitility.await().until(() -> gateway.waiting() == 1);
            assertProblem(send(client.getOrigin(), "POST", "/accounts/acc-1/deposits", "{\"amount\":5}", "key-1"), 409, "request-in-flight");
            // Another key is fine, until the bound of 2 waiting requests is reached: then 503 not-ready.
            var second = sendAsync(client.getOrigin(), "/accounts/acc-1/deposits", "{\"amount\":5}", "key-2");
            org.awaitility.Awaitility.await().until(() -> gateway.waiting() == 2);
            var full = send(client.getOrigin(), "POST", "/accounts/acc-1/deposits", "{\"amount\":5}", "key-3");
            assertProblem(full, 503, "not-ready");
            assertThat(full.headers().firstValue("Retry-After")).isPresent();
            first.cancel(true);
            second.cancel(true);
        });
    }

    @Test
    void shouldAnswerNotReadyWhileStartingAndReportReadiness() {
        notReady.set(Optional.of("the command processor is REBALANCING"));
        JavalinTest.test(app, (server, client) -> {
            var command = send(client.getOrigin(), "POST", "/accounts/acc-1/deposits", "{\"amount\":5}", null);
            assertProblem(command, 503, "not-ready");
            assertThat(command.headers().firstValue("Retry-After")).hasValue("1");
            assertProblem(send(client.getOrigin(), "GET", "/health/ready", null, null), 503, "not-ready");
            assertThat(send(client.getOrigin(), "GET", "/health/live", null, null).statusCode()).isEqualTo(200);
            notReady.set(Optional.empty());
            assertThat(send(client.getOrigin(), "GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
        });
    }

    @Test
    void shouldServeMetricsAndTheOpenApiDocument() {
        JavalinTest.test(app, (server, client) -> {
            send(client.getOrigin(), "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            send(client.getOrigin(), "POST", "/accounts/acc-1/withdrawals", "{\"amount\":5}", null);
            String metrics = send(client.getOrigin(), "GET", "/metrics", null, null).body();
            assertThat(metrics).contains("bank_commands_total{outcome=\"accepted\",type=\"open\"} 1.0")
                    .contains("bank_commands_total{outcome=\"insufficient-funds\",type=\"withdraw\"} 1.0")
                    .contains("bank_command_duration_seconds_bucket");
            JsonNode openApi = JSON.readTree(send(client.getOrigin(), "GET", "/openapi.json", null, null).body());
            assertThat(openApi.path("openapi").asText()).startsWith("3.");
            assertThat(openApi.path("paths").has("/accounts/{id}/withdrawals")).isTrue();
            JsonNode close = openApi.path("paths").path("/accounts/{id}/close").path("post");
            assertThat(close.path("responses").fieldNames()).toIterable()
                    .contains("201", "400", "404", "409", "422", "501", "503");
            assertThat(close.path("responses").path("422").path("description").asText()).contains("account-closed", "balance-not-zero");
            assertThat(close.path("responses").path("409").path("description").asText()).contains("transfers-in-flight");
            assertThat(close.path("responses").path("501").path("description").asText()).contains("not-enabled");
            assertThat(openApi.path("components").path("schemas").path("CloseAccountRequest").path("additionalProperties").asBoolean(true))
                    .isFalse();
            JsonNode lookup = openApi.path("paths").path("/accounts/{id}/commands/{commandId}").path("get");
            assertThat(lookup.path("responses").fieldNames()).toIterable().contains("200", "400", "404", "503");
            assertThat(openApi.path("components").path("schemas").path("CommandStatus").path("properties").path("outcome")
                    .path("enum")).extracting(JsonNode::asText).containsExactly("applied", "refused", "expired", "pending",
                            "transfer-pending");
            JsonNode transfers = openApi.path("paths").path("/transfers").path("post");
            assertThat(transfers.path("responses").fieldNames()).toIterable()
                    .contains("201", "202", "400", "401", "403", "404", "409", "422", "501", "503");
            assertThat(transfers.path("responses").path("202").path("headers").has("Location")).isTrue();
            assertThat(transfers.path("responses").path("400").path("description").asText()).contains("same-account");
            assertThat(transfers.path("responses").path("422").path("description").asText())
                    .contains("insufficient-funds", "currency-mismatch", "account-closed", "transfer-reversed");
            assertThat(transfers.path("responses").path("404").path("description").asText()).contains("account-not-found");
            assertThat(transfers.path("responses").path("501").path("description").asText()).contains("not-enabled");
            JsonNode transferRequest = openApi.path("components").path("schemas").path("TransferRequest");
            assertThat(transferRequest.path("additionalProperties").asBoolean(true)).isFalse();
            assertThat(transferRequest.path("properties").fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("reference", "fromAccountId", "toAccountId", "amount", "currency");
            assertThat(transferRequest.path("required")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("fromAccountId", "toAccountId", "amount");
            assertThat(openApi.path("components").path("schemas").path("TransferResponse").path("properties").fieldNames())
                    .toIterable().containsExactly("transferId", "status", "fromAccountId", "toAccountId", "amount", "currency",
                            "debitVersion", "creditVersion");
            assertThat(openApi.path("paths").path("/accounts/{id}/deposits").path("post").path("responses").path("503")
                    .path("description").asText()).contains("expired");
        });
    }

    // ---- closing (contract v2) ----

    @Test
    void shouldCloseAnEmptiedAccountAnsweringItsFinalVersionBalanceZeroAndStatusClosed() {
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            send(origin, "POST", "/accounts/acc-1/deposits", "{\"amount\":5}", null);
            send(origin, "POST", "/accounts/acc-1/withdrawals", "{\"amount\":5}", null);

            var closed = send(origin, "POST", "/accounts/acc-1/close", "", "close-1");

            assertThat(closed.statusCode()).as(closed.body()).isEqualTo(201);
            JsonNode body = JSON.readTree(closed.body());
            assertThat(body.fieldNames()).toIterable()
                    .containsExactly("accountId", "eventId", "version", "balance", "currency", "status");
            assertThat(body).isEqualTo(JSON.readTree("{\"accountId\":\"acc-1\",\"eventId\":\""
                    + AccountDecider.eventId("acc-1", 4) + "\",\"version\":4,\"balance\":0,\"currency\":\"EUR\",\"status\":\"closed\"}"));
            assertThat(closed.headers().firstValue("Command-Id")).isPresent();
            var sent = gateway.submitted.get(gateway.submitted.size() - 1);
            assertThat(sent.command()).isInstanceOfSatisfying(AccountCommand.CloseAccount.class, command -> {
                assertThat(command.reason()).isEmpty();
                assertThat(command.expectedVersion()).isEmpty();
                assertThat(command.origin()).isEqualTo(new Origin(Optional.of(new Initiator(TestTokens.DEV,
                        Optional.of(LocalIssuer.CLIENT_ID))), Optional.empty()));
                assertThat(command.actingAs()).hasValue(ActingAs.TELLER);
            });
            assertThat(sent.idempotencyKey()).hasValue("close-1");
        });
    }

    @Test
    void shouldSendTheReasonAndExpectedVersionOfAClose() {
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            String reason = "r".repeat(200);
            var closed = send(origin, "POST", "/accounts/acc-1/close", "{\"reason\":\"" + reason + "\",\"expectedVersion\":1}", null);
            assertThat(closed.statusCode()).as(closed.body()).isEqualTo(201);
            assertThat(gateway.submitted.get(1).command()).isInstanceOfSatisfying(AccountCommand.CloseAccount.class, command -> {
                assertThat(command.reason()).hasValue(reason);
                assertThat(command.expectedVersion()).hasValue(1);
            });
        });
    }

    @Test
    void shouldAnswerEveryClosingRejectionWithItsProblem() {
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            assertProblem(send(origin, "POST", "/accounts/nobody/close", "", null), 404, "account-not-found");
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            send(origin, "POST", "/accounts/acc-1/deposits", "{\"amount\":5}", null);
            var notEmpty = send(origin, "POST", "/accounts/acc-1/close", "{}", null);
            assertProblem(notEmpty, 422, "balance-not-zero");
            assertThat(JSON.readTree(notEmpty.body()).path("detail").asText()).contains("the balance is 5, not 0");
            assertProblem(send(origin, "POST", "/accounts/acc-1/close", "{\"expectedVersion\":1}", null), 409, "version-conflict");

            send(origin, "POST", "/accounts/acc-1/withdrawals", "{\"amount\":5}", null);
            assertThat(send(origin, "POST", "/accounts/acc-1/close", "{}", null).statusCode()).isEqualTo(201);

            assertProblem(send(origin, "POST", "/accounts/acc-1/deposits", "{\"amount\":5}", null), 422, "account-closed");
            assertProblem(send(origin, "POST", "/accounts/acc-1/withdrawals", "{\"amount\":5}", null), 422, "account-closed");
            assertProblem(send(origin, "POST", "/accounts/acc-1/close", "", null), 422, "account-closed");
            assertProblem(send(origin, "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null),
                    409, "account-exists");
        });
    }

    @Test
    void shouldAnswerTransfersInFlightWhileATransferOutIsNotSettled() {
        gateway.givenState("acc-1", new AccountState(AccountStatus.OPEN, "o", "EUR", 0, 7, Instant.EPOCH, 1));
        JavalinTest.test(app, (server, client) -> {
            var answer = send(client.getOrigin(), "POST", "/accounts/acc-1/close", "", null);
            assertProblem(answer, 409, "transfers-in-flight");
            assertThat(JSON.readTree(answer.body()).path("detail").asText()).contains("not yet credited or reversed");
        });
    }

    @Test
    void shouldAnswerNotEnabledNamingOnlyTheSettingsBelowV2AndSendNothing() {
        Javalin pinned = appWith(new ContractFeatures(List.of("BANK_EVENT_SCHEMA_VERSION", "BANK_RESULT_SCHEMA_VERSION"),
                List.of("BANK_RESULT_SCHEMA_VERSION")));
        JavalinTest.test(pinned, (server, client) -> {
            String origin = client.getOrigin();
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            int sentBefore = gateway.submitted.size();

            var refused = send(origin, "POST", "/accounts/acc-1/close", "{\"reason\":\"moving\"}", "close-1");

            assertProblem(refused, 501, "not-enabled");
            assertThat(JSON.readTree(refused.body()).path("detail").asText()).isEqualTo("closing accounts needs contract v2;"
                    + " promote with BANK_EVENT_SCHEMA_VERSION=2 and BANK_RESULT_SCHEMA_VERSION=2 once every reader runs this release");
            // Decided before the body, the key and readiness: nothing the client changes helps until the operator promotes.
            assertProblem(send(origin, "POST", "/accounts/acc-1/close", "{\"bogus\":1}", "k".repeat(256)), 501, "not-enabled");
            notReady.set(Optional.of("starting"));
            assertProblem(send(origin, "POST", "/accounts/acc-1/close", "", null), 501, "not-enabled");
            notReady.set(Optional.empty());
            // Only the path's account id is checked first.
            assertProblem(send(origin, "POST", "/accounts/bad%20id/close", "", null), 400, "invalid-account-id");
            assertThat(gateway.submitted).hasSize(sentBefore);
            // Everything else still works.
            assertThat(send(origin, "POST", "/accounts/acc-1/deposits", "{\"amount\":5}", null).statusCode()).isEqualTo(201);
            assertThat(send(origin, "GET", "/metrics", null, null).body())
                    .contains("bank_commands_total{outcome=\"not-enabled\",type=\"close\"} 3.0");
        });
    }

    // ---- deadlines (decision 0014) ----

    @Test
    void shouldStampEveryCommandWithItsDeadlineWhileDeadlinesAreOn() {
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            send(origin, "POST", "/accounts/acc-1/deposits", "{\"amount\":5}", null);
            send(origin, "POST", "/accounts/acc-1/withdrawals", "{\"amount\":5}", null);
            send(origin, "POST", "/accounts/acc-1/close", "", null);
            assertThat(gateway.submitted).hasSize(4).allSatisfy(sent -> {
                assertThat(sent.command().issuedAt()).isEqualTo(NOW);
                assertThat(sent.command().notAfter()).hasValue(NOW.plus(DEADLINE));
            });
        });
    }

    @Test
    void shouldSendNoDeadlineWhileCommandsOrResultsArePinnedBelowV2() {
        Javalin pinned = appWith(new ContractFeatures(List.of(), List.of("BANK_COMMAND_SCHEMA_VERSION")));
        JavalinTest.test(pinned, (server, client) -> {
            var opened = send(client.getOrigin(), "POST", "/accounts",
                    "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            assertThat(opened.statusCode()).isEqualTo(201);
            assertThat(gateway.submitted).singleElement().satisfies(sent -> assertThat(sent.command().notAfter()).isEmpty());
        });
    }

    @Test
    void shouldAnswerExpiredWithRetryAfterWhenTheCommandWasNotDecidedBeforeItsDeadline() {
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null);
            gateway.decideAt = NOW.plus(DEADLINE).plusMillis(1);

            var expired = send(origin, "POST", "/accounts/acc-1/deposits", "{\"amount\":5}", "dep-1");

            assertProblem(expired, 503, "expired");
            assertThat(expired.headers().firstValue("Retry-After")).hasValue("1");
            String commandId = expired.headers().firstValue("Command-Id").orElseThrow();
            assertThat(JSON.readTree(expired.body()).path("detail").asText())
                    .startsWith("command " + commandId + " not decided before its deadline 2026-05-01T00:00:12Z")
                    .endsWith("a retry, also with the same Idempotency-Key, runs as a new attempt");
            assertThat(send(origin, "GET", "/metrics", null, null).body())
                    .contains("bank_commands_total{outcome=\"expired\",type=\"deposit\"} 1.0");
        });
    }

    // ---- learning an outcome (decision 0014) ----

    @Test
    void shouldTellAnAppliedCommandWithTheAnswerItsRequestWouldHaveGot() {
        String id = CommandIds.mint(NOW, Optional.of(DEADLINE));
        statuses.put(id, new CommandStatus.Decided(new CommandOutcome.Accepted("acc-1", "ev-2", 2, 150, "EUR", Optional.empty(),
                false)));
        JavalinTest.test(app, (server, client) -> {
            var answer = send(client.getOrigin(), "GET", "/accounts/acc-1/commands/" + id, null, null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(answer.body());
            assertThat(body.path("commandId").asText()).isEqualTo(id);
            assertThat(body.path("accountId").asText()).isEqualTo("acc-1");
            assertThat(body.path("outcome").asText()).isEqualTo("applied");
            assertThat(body.path("issuedAt").asText()).isEqualTo("2026-05-01T00:00:00Z");
            assertThat(body.path("notAfter").asText()).isEqualTo("2026-05-01T00:00:12Z");
            assertThat(body.path("replayed").asBoolean()).isFalse();
            assertThat(body.path("answer").path("status").asInt()).isEqualTo(201);
            assertThat(body.path("answer").path("body")).isEqualTo(JSON.readTree(
                    "{\"accountId\":\"acc-1\",\"eventId\":\"ev-2\",\"version\":2,\"balance\":150,\"currency\":\"EUR\"}"));
        });
    }

    @Test
    void shouldTellARefusedCommandWithItsProblemAndAnExpiredOneAsExpired() {
        String refused = CommandIds.mint(NOW, Optional.of(DEADLINE));
        String expired = CommandIds.mint(NOW, Optional.of(DEADLINE));
        String neverApplied = CommandIds.mint(NOW, Optional.of(DEADLINE));
        statuses.put(refused, new CommandStatus.Decided(new CommandOutcome.Rejected(OutcomeCode.INSUFFICIENT_FUNDS,
                Optional.of("balance 5 is less than 9"), false)));
        statuses.put(expired, new CommandStatus.Decided(new CommandOutcome.Rejected(OutcomeCode.EXPIRED,
                Optional.of("not decided before its deadline"), false)));
        statuses.put(neverApplied, new CommandStatus.NeverApplied(NOW.plus(DEADLINE)));
        JavalinTest.test(app, (server, client) -> {
            JsonNode first = JSON.readTree(send(client.getOrigin(), "GET", "/accounts/acc-1/commands/" + refused, null, null).body());
            assertThat(first.path("outcome").asText()).isEqualTo("refused");
            assertThat(first.path("answer").path("status").asInt()).isEqualTo(422);
            assertThat(first.path("answer").path("body").path("type").asText()).isEqualTo("/problems/insufficient-funds");
            assertThat(first.path("answer").path("body").path("detail").asText()).isEqualTo("balance 5 is less than 9");
            for (String id : List.of(expired, neverApplied)) {
                JsonNode body = JSON.readTree(send(client.getOrigin(), "GET", "/accounts/acc-1/commands/" + id, null, null).body());
                assertThat(body.path("outcome").asText()).as(id).isEqualTo("expired");
                assertThat(body.path("answer").path("status").asInt()).isEqualTo(503);
                assertThat(body.path("answer").path("body").path("type").asText()).isEqualTo("/problems/expired");
            }
        });
    }

    @Test
    void shouldTellAPendingCommandWhenItsOutcomeIsFinalAndAnswerTheRestWithProblems() {
        String pending = CommandIds.mint(NOW, Optional.of(DEADLINE));
        String busy = CommandIds.mint(NOW, Optional.of(DEADLINE));
        statuses.put(pending, new CommandStatus.Pending(NOW.plus(DEADLINE), NOW.plusSeconds(35)));
        statuses.put(busy, new CommandStatus.Unavailable("too many command lookups are running on this instance"));
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            var waiting = send(origin, "GET", "/accounts/acc-1/commands/" + pending, null, null);
            assertThat(waiting.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(waiting.body()).path("outcome").asText()).isEqualTo("pending");
            assertThat(JSON.readTree(waiting.body()).path("finalBy").asText()).isEqualTo("2026-05-01T00:00:35Z");
            assertThat(waiting.headers().firstValue("Retry-After")).hasValue("35");

            var unknown = send(origin, "GET", "/accounts/acc-1/commands/" + UUID.randomUUID(), null, null);
            assertProblem(unknown, 404, "not-found");
            assertThat(JSON.readTree(unknown.body()).path("detail").asText()).startsWith("no such command");
            var unavailable = send(origin, "GET", "/accounts/acc-1/commands/" + busy, null, null);
            assertProblem(unavailable, 503, "not-ready");
            assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
            assertProblem(send(origin, "GET", "/accounts/bad%20id/commands/" + pending, null, null), 400, "invalid-account-id");
            assertProblem(send(origin, "POST", "/accounts/acc-1/commands/" + pending, "{}", null), 405, "method-not-allowed");
        });
    }

    @Test
    void shouldIssueCommandIdsThatCarryTheIssueInstantAndTheDeadline() {
        JavalinTest.test(app, (server, client) -> {
            var opened = send(client.getOrigin(), "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}",
                    null);
            String id = opened.headers().firstValue("Command-Id").orElseThrow();
            assertThat(CommandIds.stampOf(id)).hasValue(new CommandIds.Stamp(NOW, Optional.of(NOW.plus(DEADLINE))));
            assertThat(gateway.submitted).singleElement().satisfies(sent -> assertThat(sent.command().commandId()).isEqualTo(id));
        });
    }

    @Test
    void shouldHashAnEmptyCloseLikeAnEmptyObjectAndTheReasonByMeaning() {
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            send(origin, "POST", "/accounts/acc-1/close", "", "k");
            send(origin, "POST", "/accounts/acc-1/close", "{ }", "k");
            send(origin, "POST", "/accounts/acc-1/close", "{\"reason\":\"x\"}", "k");
            send(origin, "POST", "/accounts/acc-1/close", "{ \"reason\" : \"x\" }", "k");
            send(origin, "POST", "/accounts/acc-1/close", "{\"reason\":\"y\"}", "k");
            var hashes = gateway.submitted.stream().map(FakeCommandGateway.Submitted::bodyHash).toList();
            assertThat(hashes.get(0)).isEqualTo(hashes.get(1));
            assertThat(hashes.get(2)).isEqualTo(hashes.get(3)).isNotEqualTo(hashes.get(0));
            assertThat(hashes.get(4)).isNotEqualTo(hashes.get(2));
        });
    }

    // ---- transfers (decision 0016) ----

    /** acc-1 (EUR, 100 in it) and acc-2 (EUR, empty), opened by the teller. */
    private void twoAccounts(String origin) throws Exception {
        send(origin, "POST", "/accounts", "{\"accountId\":\"acc-1\",\"owner\":\"o\",\"currency\":\"EUR\"}", null);
        send(origin, "POST", "/accounts/acc-1/deposits", "{\"amount\":100}", null);
        send(origin, "POST", "/accounts", "{\"accountId\":\"acc-2\",\"owner\":\"p\",\"currency\":\"EUR\"}", null);
    }

    @Test
    void shouldAnswer201WithTheContractsBodyOnceTheTransferIsCredited() {
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            twoAccounts(origin);

            var answer = send(origin, "POST", "/transfers", transfer("acc-1", "acc-2", "30", "EUR", "invoice 7"), "t-1");

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            JsonNode body = JSON.readTree(answer.body());
            assertThat(body.fieldNames()).toIterable().containsExactly("transferId", "status", "fromAccountId", "toAccountId",
                    "amount", "currency", "debitVersion", "creditVersion");
            String transferId = body.path("transferId").asText();
            assertThat(UUID.fromString(transferId).toString()).isEqualTo(transferId);
            assertThat(body).isEqualTo(JSON.readTree("{\"transferId\":\"" + transferId + "\",\"status\":\"completed\","
                    + "\"fromAccountId\":\"acc-1\",\"toAccountId\":\"acc-2\",\"amount\":30,\"currency\":\"EUR\","
                    + "\"debitVersion\":3,\"creditVersion\":2}"));
            String commandId = answer.headers().firstValue("Command-Id").orElseThrow();
            var sent = gateway.submitted.get(gateway.submitted.size() - 1);
            assertThat(sent.idempotencyKey()).hasValue("t-1");
            assertThat(sent.bodyHash()).matches("[0-9a-f]{64}");
            assertThat(sent.command()).isEqualTo(new AccountCommand.Transfer(commandId, "acc-1", java.util.OptionalLong.empty(), NOW,
                    transferId, "acc-2", 30, Optional.of("EUR"), Optional.of("invoice 7"), new Origin(Optional.of(new Initiator(
                    TestTokens.DEV, Optional.of(LocalIssuer.CLIENT_ID))), Optional.of(transferId)), Optional.of(ActingAs.TELLER),
                    Optional.of(NOW.plus(DEADLINE))));
            // Both legs happened: the payer is down and settled, the payee up.
            assertThat(gateway.state("acc-1")).isEqualTo(new AccountState(AccountStatus.OPEN, "o", "EUR", 70, 3, NOW, 0, 0));
            assertThat(gateway.state("acc-2").balanceMinor()).isEqualTo(30);
        });
    }

    @Test
    void shouldAnswer202WithWhereToFollowTheTransferWhileItsCreditIsOnItsWay() {
        gateway.creditsPending = true;
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            twoAccounts(origin);

            var answer = send(origin, "POST", "/transfers", transfer("acc-1", "acc-2", "30", null, null), "t-1");

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            JsonNode body = JSON.readTree(answer.body());
            String transferId = body.path("transferId").asText();
            assertThat(answer.headers().firstValue("Location")).hasValue("/transfers/" + transferId);
            assertThat(body).isEqualTo(JSON.readTree("{\"transferId\":\"" + transferId + "\",\"status\":\"pending\","
                    + "\"fromAccountId\":\"acc-1\",\"toAccountId\":\"acc-2\",\"amount\":30,\"currency\":\"EUR\","
                    + "\"debitVersion\":3}"));
            assertThat(send(origin, "GET", "/metrics", null, null).body())
                    .contains("bank_commands_total{outcome=\"pending\",type=\"transfer\"} 1.0");
        });
    }

    @Test
    void shouldAnswer422TransferReversedWithTheReasonWhenThePayeeCannotTakeIt() {
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            twoAccounts(origin);
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-usd\",\"owner\":\"q\",\"currency\":\"USD\"}", null);
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-shut\",\"owner\":\"q\",\"currency\":\"EUR\"}", null);
            send(origin, "POST", "/accounts/acc-shut/close", "", null);
            Map<String, String> reasons = Map.of("acc-nobody", "(payee-not-found): account acc-nobody does not exist",
                    "acc-usd", "(currency-mismatch): account acc-usd holds USD, not EUR",
                    "acc-shut", "(payee-closed): account acc-shut is closed");
            for (var payee : reasons.entrySet()) {
                var answer = send(origin, "POST", "/transfers", transfer("acc-1", payee.getKey(), "30", null, null), null);
                assertProblem(answer, 422, "transfer-reversed");
                JsonNode problem = JSON.readTree(answer.body());
                assertThat(problem.path("detail").asText()).as(payee.getKey())
                        .startsWith("transfer ").contains(" was reversed " + payee.getValue())
                        .endsWith("; the money is back on account acc-1");
                // The same facts as extension members (RFC 9457), so a program need not parse the detail.
                assertThat(problem.path("transferId").asText()).as(payee.getKey()).isNotEmpty();
                assertThat(problem.path("detail").asText()).contains(problem.path("transferId").asText());
                assertThat("(" + problem.path("reason").asText() + ")").as(payee.getKey()).isEqualTo(payee.getValue().split(":")[0]);
                assertThat(problem.path("fromAccountId").asText()).isEqualTo("acc-1");
                assertThat(problem.path("toAccountId").asText()).isEqualTo(payee.getKey());
                assertThat(problem.path("amount").asLong()).isEqualTo(30);
                assertThat(problem.path("currency").asText()).isEqualTo("EUR");
                assertThat(problem.path("debitVersion").isNumber()).isTrue();
            }
            // All of it came back.
            assertThat(gateway.state("acc-1").balanceMinor()).isEqualTo(100);
            assertThat(gateway.state("acc-1").outgoingTransfersInFlight()).isZero();
            assertThat(send(origin, "GET", "/metrics", null, null).body())
                    .contains("bank_commands_total{outcome=\"transfer-reversed\",type=\"transfer\"} 3.0");
        });
    }

    @Test
    void shouldAnswerThePayersRefusalsWithTheirProblems() {
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            twoAccounts(origin);
            assertProblem(send(origin, "POST", "/transfers", transfer("acc-1", "acc-2", "101", null, null), null), 422,
                    "insufficient-funds");
            assertProblem(send(origin, "POST", "/transfers", transfer("acc-1", "acc-2", "5", "USD", null), null), 422,
                    "currency-mismatch");
            assertProblem(send(origin, "POST", "/transfers", transfer("acc-nobody", "acc-2", "5", null, null), null), 404,
                    "account-not-found");
            send(origin, "POST", "/accounts/acc-2/close", "", null);
            assertProblem(send(origin, "POST", "/transfers", transfer("acc-2", "acc-1", "5", null, null), null), 422,
                    "account-closed");
            assertThat(gateway.state("acc-1").balanceMinor()).isEqualTo(100);
        });
    }

    @Test
    void shouldAnswerOutcomeUnknownWhenNotEvenTheDebitIsKnown() {
        gateway.mode = FakeCommandGateway.Mode.TIME_OUT;
        JavalinTest.test(app, (server, client) -> {
            var answer = send(client.getOrigin(), "POST", "/transfers", transfer("acc-1", "acc-2", "5", null, null), "t-1");
            assertProblem(answer, 503, "outcome-unknown");
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        });
    }

    @Test
    void shouldNameOneTransferPerKeyAndCallerAndOnePerRequestWithoutAKey() {
        gateway.creditsPending = true;
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            twoAccounts(origin);
            send(origin, "POST", "/transfers", transfer("acc-1", "acc-2", "5", null, null), "same-key");
            send(origin, "POST", "/transfers", "{ \"amount\" : 5, \"toAccountId\":\"acc-2\", \"fromAccountId\":\"acc-1\" }", "same-key");
            send(origin, "POST", "/transfers", transfer("acc-1", "acc-2", "5", null, null), "other-key");
            send(origin, "POST", "/transfers", transfer("acc-1", "acc-2", "6", null, null), null);
            send(origin, "POST", "/transfers", transfer("acc-1", "acc-2", "6", null, null), null);
            List<AccountCommand.Transfer> sent = gateway.submitted.stream().map(FakeCommandGateway.Submitted::command)
                    .filter(AccountCommand.Transfer.class::isInstance).map(AccountCommand.Transfer.class::cast).toList();
            assertThat(sent).hasSize(5);
            assertThat(sent.get(1).transferId()).as("a retry with the same key names the same transfer")
                    .isEqualTo(sent.get(0).transferId());
            assertThat(sent.get(1).commandId()).isNotEqualTo(sent.get(0).commandId());
            assertThat(sent.get(2).transferId()).as("another key, another transfer").isNotEqualTo(sent.get(0).transferId());
            assertThat(sent.get(3).transferId()).as("no key: every request its own transfer").isNotEqualTo(sent.get(4).transferId());
            assertThat(sent).allSatisfy(command -> assertThat(command.origin().correlationId()).hasValue(command.transferId()));
            var hashes = gateway.submitted.stream().skip(3).map(FakeCommandGateway.Submitted::bodyHash).toList();
            assertThat(hashes.get(1)).as("the same meaning hashes the same").isEqualTo(hashes.get(0));
            assertThat(hashes.get(3)).as("another amount, another hash").isNotEqualTo(hashes.get(0));
        });
    }

    @Test
    void shouldAnswerNotEnabledToATransferUntilEveryFamilyIsAtV3AndSendNothing() {
        Javalin pinned = appWith(new ContractFeatures(List.of(), List.of(), List.of(), List.of("BANK_RESULT_SCHEMA_VERSION")));
        JavalinTest.test(pinned, (server, client) -> {
            String origin = client.getOrigin();
            twoAccounts(origin);
            int sentBefore = gateway.submitted.size();

            var refused = send(origin, "POST", "/transfers", transfer("acc-1", "acc-2", "5", null, null), "t-1");

            assertProblem(refused, 501, "not-enabled");
            assertThat(JSON.readTree(refused.body()).path("detail").asText()).isEqualTo("a transfer needs contract v3; promote with"
                    + " BANK_RESULT_SCHEMA_VERSION=3 once every reader runs this release");
            // Decided before the body and readiness: nothing the client changes helps until the operator promotes.
            assertProblem(send(origin, "POST", "/transfers", "{\"bogus\":1}", null), 501, "not-enabled");
            notReady.set(Optional.of("starting"));
            assertProblem(send(origin, "POST", "/transfers", transfer("acc-1", "acc-1", "5", null, null), null), 501, "not-enabled");
            notReady.set(Optional.empty());
            assertThat(gateway.submitted).hasSize(sentBefore);
            assertThat(send(origin, "POST", "/accounts/acc-1/deposits", "{\"amount\":5}", null).statusCode()).isEqualTo(201);
        });
    }

    @Test
    void shouldTellATransferCommandPendingCompletedOrReversed() {
        String pending = CommandIds.mint(NOW, Optional.of(DEADLINE));
        String completed = CommandIds.mint(NOW, Optional.of(DEADLINE));
        String reversed = CommandIds.mint(NOW, Optional.of(DEADLINE));
        TransferProgress debited = new TransferProgress(TransferProgress.Stage.PENDING, "tr-1", "acc-1", "acc-2", 30, "EUR", 3,
                java.util.OptionalLong.empty(), Optional.empty());
        statuses.put(pending, new CommandStatus.Decided(new CommandOutcome.Transfer(debited, Optional.empty(), Optional.of("o"),
                false)));
        statuses.put(completed, new CommandStatus.Decided(new CommandOutcome.Transfer(new TransferProgress(
                TransferProgress.Stage.COMPLETED, "tr-1", "acc-1", "acc-2", 30, "EUR", 3, java.util.OptionalLong.of(2), Optional.empty()),
                Optional.empty(), Optional.of("o"), true)));
        statuses.put(reversed, new CommandStatus.Decided(new CommandOutcome.Transfer(new TransferProgress(
                TransferProgress.Stage.REVERSED, "tr-1", "acc-1", "acc-2", 30, "EUR", 3, java.util.OptionalLong.empty(),
                Optional.of("PAYEE_CLOSED")), Optional.of("account acc-2 is closed"), Optional.of("o"), false)));
        JavalinTest.test(app, (server, client) -> {
            String origin = client.getOrigin();
            JsonNode first = JSON.readTree(send(origin, "GET", "/accounts/acc-1/commands/" + pending, null, null).body());
            assertThat(first.path("outcome").asText()).isEqualTo("transfer-pending");
            assertThat(first.path("answer").path("status").asInt()).isEqualTo(202);
            assertThat(first.path("answer").path("body")).isEqualTo(JSON.readTree("{\"transferId\":\"tr-1\",\"status\":\"pending\","
                    + "\"fromAccountId\":\"acc-1\",\"toAccountId\":\"acc-2\",\"amount\":30,\"currency\":\"EUR\",\"debitVersion\":3}"));

            JsonNode second = JSON.readTree(send(origin, "GET", "/accounts/acc-1/commands/" + completed, null, null).body());
            assertThat(second.path("outcome").asText()).isEqualTo("applied");
            assertThat(second.path("replayed").asBoolean()).isTrue();
            assertThat(second.path("answer").path("status").asInt()).isEqualTo(201);
            assertThat(second.path("answer").path("body").path("status").asText()).isEqualTo("completed");
            assertThat(second.path("answer").path("body").path("creditVersion").asLong()).isEqualTo(2);

            JsonNode third = JSON.readTree(send(origin, "GET", "/accounts/acc-1/commands/" + reversed, null, null).body());
            assertThat(third.path("outcome").asText()).isEqualTo("refused");
            assertThat(third.path("answer").path("status").asInt()).isEqualTo(422);
            assertThat(third.path("answer").path("body").path("type").asText()).isEqualTo("/problems/transfer-reversed");
            assertThat(third.path("answer").path("body").path("detail").asText()).isEqualTo("transfer tr-1 was reversed"
                    + " (payee-closed): account acc-2 is closed; the money is back on account acc-1");
            assertThat(third.path("answer").path("body").path("transferId").asText()).isEqualTo("tr-1");
            assertThat(third.path("answer").path("body").path("reason").asText()).isEqualTo("payee-closed");
        });
    }

    /** A {@code POST /transfers} body; a null argument leaves the field out, the amount is written as given (raw JSON). */
    private static String transfer(String from, String to, String amount, String currency, String reference) {
        StringBuilder body = new StringBuilder("{");
        if (reference != null) {
            body.append("\"reference\":\"").append(reference).append("\",");
        }
        if (from != null) {
            body.append("\"fromAccountId\":\"").append(from).append("\",");
        }
        if (to != null) {
            body.append("\"toAccountId\":\"").append(to).append("\",");
        }
        if (amount != null) {
            body.append("\"amount\":").append(amount).append(",");
        }
        if (currency != null) {
            body.append("\"currency\":\"").append(currency).append("\",");
        }
        if (body.charAt(body.length() - 1) == ',') {
            body.setLength(body.length() - 1);
        }
        return body.append("}").toString();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).path("type").asText()).isEqualTo("/problems/" + code);
    }

    private HttpResponse<String> send(String origin, String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", TestTokens.dev());
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> sendAsync(String origin, String path, String body, String key) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(origin + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Idempotency-Key", key).header("Authorization", TestTokens.dev()).build(), HttpResponse.BodyHandlers.ofString());
    }
}

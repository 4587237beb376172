package org.eventbank.account.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

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
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eventbank.account.TestTokens;
import org.eventbank.account.app.CommandLookup;
import org.eventbank.account.app.CommandOutcome;
import org.eventbank.account.app.CommandStatus;
import org.eventbank.account.app.ContractFeatures;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.ActingAs;
import org.eventbank.account.domain.Initiator;
import org.eventbank.account.domain.Origin;
import org.eventbank.kit.auth.Caller;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.auth.Scope;
import org.junit.jupiter.api.Test;

/**
 * Who may call account-service and what they may do (issue 14, decision 0015), over HTTP against the real edge with
 * real tokens of a local issuer; the fake gateway decides with the real decider, so the owner checks of the single
 * writer answer here as they do on Kafka.
 */
class AccountHttpAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");
    private static final String ALICE = TestTokens.customer("alice");
    private static final String BOB = TestTokens.customer("bob");
    private static final String TELLER = TestTokens.bearer("teller-1", "bank:teller");
    private static final String READ_ONLY = TestTokens.bearer("alice", "accounts:read");
    private static final String NO_BANK_SCOPE = TestTokens.bearer("alice", "openid profile");

    /** Every guarded route, with a body it would accept. */
    private static final List<String[]> ROUTES = List.of(
            new String[] {"POST", "/accounts", "{\"owner\":\"alice\",\"currency\":\"EUR\"}"},
            new String[] {"POST", "/accounts/acc-a/deposits", "{\"amount\":5}"},
            new String[] {"POST", "/accounts/acc-a/withdrawals", "{\"amount\":5}"},
            new String[] {"POST", "/accounts/acc-a/close", ""},
            new String[] {"POST", "/transfers", "{\"fromAccountId\":\"acc-a\",\"toAccountId\":\"acc-b\",\"amount\":5}"},
            new String[] {"GET", "/accounts/acc-a/commands/00000000-0000-8000-8000-000000000000", null},
            new String[] {"GET", "/metrics", null});

    private final FakeCommandGateway gateway = new FakeCommandGateway();
    private final Map<String, CommandStatus> statuses = new ConcurrentHashMap<>();
    private final CommandLookup lookup = (accountId, commandId) ->
            statuses.getOrDefault(commandId, new CommandStatus.Unknown("command " + commandId + " is not known here"));
    private final HttpClient http = HttpClient.newHttpClient();

    private Javalin app(ContractFeatures features) {
        return AccountHttpApp.create(gateway, lookup, Optional::empty, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                16 * 1024, Clock.fixed(NOW, ZoneOffset.UTC), features, Duration.ofSeconds(12), TestTokens.verifier());
    }

    private Javalin app() {
        return app(ContractFeatures.ALL_ENABLED);
    }

    @Test
    void shouldAnswerEveryGuardedRouteWithoutATokenWith401AndABearerChallengeSendingNothing() {
        JavalinTest.test(app(), (server, client) -> {
            for (String[] route : ROUTES) {
                var response = send(client.getOrigin(), route[0], route[1], route[2], null, null);
                assertProblem(response, 401, "unauthorized");
                assertThat(response.headers().firstValue("WWW-Authenticate")).as(route[1]).hasValue("Bearer realm=\"eventbank\"");
            }
            assertThat(gateway.submitted).isEmpty();
        });
    }

    @Test
    void shouldAnswerAnInvalidTokenWith401InvalidToken() {
        JavalinTest.test(app(), (server, client) -> {
            for (String[] route : ROUTES) {
                var response = send(client.getOrigin(), route[0], route[1], route[2], "Bearer not.a.token", null);
                assertProblem(response, 401, "unauthorized");
                assertThat(response.headers().firstValue("WWW-Authenticate")).as(route[1])
                        .hasValueSatisfying(challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
            }
            assertThat(gateway.submitted).isEmpty();
        });
    }

    @Test
    void shouldLeaveHealthAndTheOpenApiDocumentOpen() {
        JavalinTest.test(app(), (server, client) -> {
            for (String path : List.of("/health/live", "/health/ready", "/openapi.json")) {
                assertThat(send(client.getOrigin(), "GET", path, null, null, null).statusCode()).as(path).isEqualTo(200);
            }
        });
    }

    @Test
    void shouldAnswer403InsufficientScopeToATokenThatMayNotDoIt() {
        JavalinTest.test(app(), (server, client) -> {
            for (String[] route : ROUTES.subList(0, 5)) {
                var response = send(client.getOrigin(), route[0], route[1], route[2], READ_ONLY, null);
                assertProblem(response, 403, "forbidden");
                assertThat(response.headers().firstValue("WWW-Authenticate")).as(route[1]).hasValueSatisfying(challenge ->
                        assertThat(challenge).contains("error=\"insufficient_scope\"", "scope=\"accounts:write bank:teller\""));
            }
            assertProblem(send(client.getOrigin(), "GET", ROUTES.get(5)[1], null, NO_BANK_SCOPE, null), 403, "forbidden");
            assertProblem(send(client.getOrigin(), "GET", "/metrics", null, ALICE, null), 403, "forbidden");
            assertThat(send(client.getOrigin(), "GET", "/metrics", null, TestTokens.bearer("ops", "bank:auditor"), null)
                    .statusCode()).isEqualTo(200);
            assertThat(gateway.submitted).isEmpty();
        });
    }

    @Test
    void shouldLetACustomerOpenOnlyInTheirOwnNameAndSendWhoAsked() {
        JavalinTest.test(app(), (server, client) -> {
            var forBob = send(client.getOrigin(), "POST", "/accounts", "{\"accountId\":\"acc-b\",\"owner\":\"bob\",\"currency\":\"EUR\"}",
                    ALICE, null);
            assertProblem(forBob, 403, "forbidden");
            assertThat(JSON.readTree(forBob.body()).path("detail").asText()).contains("owner must be 'alice'");
            assertThat(gateway.submitted).isEmpty();

            var own = send(client.getOrigin(), "POST", "/accounts", "{\"accountId\":\"acc-a\",\"owner\":\"alice\",\"currency\":\"EUR\"}",
                    ALICE, null);

            assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
            AccountCommand sent = gateway.submitted.get(0).command();
            assertThat(sent.origin()).isEqualTo(new Origin(Optional.of(new Initiator("alice", Optional.of(LocalIssuer.CLIENT_ID))),
                    Optional.empty()));
            assertThat(sent.actingAs()).hasValue(ActingAs.CUSTOMER);
        });
    }

    @Test
    void shouldAnswerACustomerOnAnotherCustomersAccountExactlyAsOnAnUnknownAccount() {
        JavalinTest.test(app(), (server, client) -> {
            String origin = client.getOrigin();
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-a\",\"owner\":\"alice\",\"currency\":\"EUR\"}", ALICE, null);
            send(origin, "POST", "/accounts/acc-a/deposits", "{\"amount\":100}", ALICE, null);

            for (String action : List.of("deposits", "withdrawals")) {
                var theirs = send(origin, "POST", "/accounts/acc-a/" + action, "{\"amount\":5}", BOB, null);
                var unknown = send(origin, "POST", "/accounts/acc-x/" + action, "{\"amount\":5}", BOB, null);
                assertProblem(theirs, 404, "account-not-found");
                assertThat(withoutInstance(theirs)).isEqualTo(withoutInstance(unknown).replace("acc-x", "acc-a"));
            }
            assertProblem(send(origin, "POST", "/accounts/acc-a/close", "", BOB, null), 404, "account-not-found");
            // The teller may; alice's balance is untouched by bob's attempts.
            var tellers = send(origin, "POST", "/accounts/acc-a/withdrawals", "{\"amount\":100}", TELLER, null);
            assertThat(tellers.statusCode()).as(tellers.body()).isEqualTo(201);
            assertThat(JSON.readTree(tellers.body()).path("balance").asLong()).isZero();
            assertThat(send(origin, "POST", "/accounts/acc-a/close", "", TELLER, null).statusCode()).isEqualTo(201);
        });
    }

    // ---- transfers (decision 0016) ----

    private static String transfer(String from, String to, long amount) {
        return "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to + "\",\"amount\":" + amount + "}";
    }

    @Test
    void shouldLetACustomerTransferFromTheirOwnAccountAndSendWhoAsked() {
        JavalinTest.test(app(), (server, client) -> {
            String origin = client.getOrigin();
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-a\",\"owner\":\"alice\",\"currency\":\"EUR\"}", ALICE, null);
            send(origin, "POST", "/accounts/acc-a/deposits", "{\"amount\":100}", ALICE, null);
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-b\",\"owner\":\"bob\",\"currency\":\"EUR\"}", BOB, null);

            var own = send(origin, "POST", "/transfers", transfer("acc-a", "acc-b", 30), ALICE, "t-1");

            assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
            AccountCommand sent = gateway.submitted.get(gateway.submitted.size() - 1).command();
            String transferId = JSON.readTree(own.body()).path("transferId").asText();
            assertThat(sent.origin()).isEqualTo(new Origin(Optional.of(new Initiator("alice", Optional.of(LocalIssuer.CLIENT_ID))),
                    Optional.of(transferId)));
            assertThat(sent.actingAs()).hasValue(ActingAs.CUSTOMER);
            // Paying into another's account is what a transfer is for: only the payer must be one's own.
            assertThat(send(origin, "POST", "/transfers", transfer("acc-b", "acc-a", 5), BOB, null).statusCode()).isEqualTo(201);
        });
    }

    @Test
    void shouldAnswerATransferFromAnotherCustomersAccountExactlyAsFromAnUnknownAccount() {
        JavalinTest.test(app(), (server, client) -> {
            String origin = client.getOrigin();
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-a\",\"owner\":\"alice\",\"currency\":\"EUR\"}", ALICE, null);
            send(origin, "POST", "/accounts/acc-a/deposits", "{\"amount\":100}", ALICE, null);
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-b\",\"owner\":\"bob\",\"currency\":\"EUR\"}", BOB, null);

            var theirs = send(origin, "POST", "/transfers", transfer("acc-a", "acc-b", 30), BOB, null);
            var unknown = send(origin, "POST", "/transfers", transfer("acc-x", "acc-b", 30), BOB, null);

            assertProblem(theirs, 404, "account-not-found");
            assertThat(withoutInstance(theirs)).isEqualTo(withoutInstance(unknown).replace("acc-x", "acc-a"));
            assertThat(gateway.state("acc-a").balanceMinor()).as("alice's money untouched").isEqualTo(100);
            // A teller may.
            assertThat(send(origin, "POST", "/transfers", transfer("acc-a", "acc-b", 30), TELLER, null).statusCode()).isEqualTo(201);
            assertThat(gateway.state("acc-b").balanceMinor()).isEqualTo(30);
        });
    }

    @Test
    void shouldNameTheSameTransferForTheSameKeyAndCallerOnlyAndDifferentOnesAcrossCallersAndKeys() {
        gateway.creditsPending = true;
        JavalinTest.test(app(), (server, client) -> {
            String origin = client.getOrigin();
            send(origin, "POST", "/accounts", "{\"accountId\":\"acc-a\",\"owner\":\"alice\",\"currency\":\"EUR\"}", ALICE, null);
            send(origin, "POST", "/accounts/acc-a/deposits", "{\"amount\":100}", ALICE, null);
            String alices = transferId(send(origin, "POST", "/transfers", transfer("acc-a", "acc-b", 5), ALICE, "k"));
            String alicesRetry = transferId(send(origin, "POST", "/transfers", transfer("acc-a", "acc-b", 5), ALICE, "k"));
            String tellers = transferId(send(origin, "POST", "/transfers", transfer("acc-a", "acc-b", 5), TELLER, "k"));
            String alicesOtherKey = transferId(send(origin, "POST", "/transfers", transfer("acc-a", "acc-b", 5), ALICE, "k2"));
            assertThat(alicesRetry).isEqualTo(alices);
            assertThat(tellers).as("another caller's equal key").isNotEqualTo(alices);
            assertThat(alicesOtherKey).isNotEqualTo(alices).isNotEqualTo(tellers);
        });
    }

    @Test
    void shouldDeriveATransferIdFromThePayerTheCallerAndTheKeyOrElseTheCommandId() {
        CommandSubmitter.Sender alice = new CommandSubmitter.Sender(new Caller("alice", Optional.empty(), Set.of(Scope.ACCOUNTS_WRITE)),
                Origin.NONE, Optional.of(ActingAs.CUSTOMER));
        CommandSubmitter.Sender bob = new CommandSubmitter.Sender(new Caller("bob", Optional.empty(), Set.of(Scope.ACCOUNTS_WRITE)),
                Origin.NONE, Optional.of(ActingAs.CUSTOMER));
        String id = TransferHandler.transferId("acc-a", alice, Optional.of("k"), "cmd-1");
        assertThat(TransferHandler.transferId("acc-a", alice, Optional.of("k"), "cmd-2")).as("whatever the command").isEqualTo(id);
        assertThat(TransferHandler.transferId("acc-a", bob, Optional.of("k"), "cmd-1")).isNotEqualTo(id);
        assertThat(TransferHandler.transferId("acc-b", alice, Optional.of("k"), "cmd-1")).isNotEqualTo(id);
        assertThat(TransferHandler.transferId("acc-a", alice, Optional.of("k2"), "cmd-1")).isNotEqualTo(id);
        String unkeyed = TransferHandler.transferId("acc-a", alice, Optional.empty(), "cmd-1");
        assertThat(unkeyed).isNotEqualTo(id).isEqualTo(TransferHandler.transferId("acc-a", bob, Optional.empty(), "cmd-1"));
        assertThat(TransferHandler.transferId("acc-a", alice, Optional.empty(), "cmd-2")).isNotEqualTo(unkeyed);
        assertThat(java.util.UUID.fromString(id).version()).as("name-based").isEqualTo(3);
    }

    private static String transferId(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        try {
            return JSON.readTree(response.body()).path("transferId").asText();
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }

    @Test
    void shouldLetOnlyTellersWriteWhileTheContractCannotCarryWhoAsked() {
        ContractFeatures pinned = new ContractFeatures(List.of(), List.of(), List.of("BANK_COMMAND_SCHEMA_VERSION"));
        JavalinTest.test(app(pinned), (server, client) -> {
            var customer = send(client.getOrigin(), "POST", "/accounts", "{\"accountId\":\"acc-a\",\"owner\":\"alice\",\"currency\":\"EUR\"}",
                    ALICE, null);
            assertProblem(customer, 501, "not-enabled");
            assertThat(JSON.readTree(customer.body()).path("detail").asText())
                    .contains("BANK_COMMAND_SCHEMA_VERSION=2", "bank:teller");
            assertThat(gateway.submitted).isEmpty();

            var teller = send(client.getOrigin(), "POST", "/accounts", "{\"accountId\":\"acc-a\",\"owner\":\"alice\",\"currency\":\"EUR\"}",
                    TELLER, null);
            assertThat(teller.statusCode()).as(teller.body()).isEqualTo(201);
            assertThat(gateway.submitted.get(0).command().origin()).isEqualTo(Origin.NONE);
            assertThat(gateway.submitted.get(0).command().actingAs()).isEmpty();
        });
    }

    @Test
    void shouldDeriveAnAccountIdFromTheCallerAndTheKey() {
        JavalinTest.test(app(), (server, client) -> {
            String origin = client.getOrigin();
            String body = "{\"owner\":\"%s\",\"currency\":\"EUR\"}";
            var alices = send(origin, "POST", "/accounts", body.formatted("alice"), ALICE, "same-key");
            var alicesRetry = send(origin, "POST", "/accounts", body.formatted("alice"), ALICE, "same-key");
            var bobs = send(origin, "POST", "/accounts", body.formatted("bob"), BOB, "same-key");

            String alicesId = JSON.readTree(alices.body()).path("accountId").asText();
            assertThat(alices.statusCode()).isEqualTo(201);
            assertThat(bobs.statusCode()).as("bob's key names his own account, not alice's").isEqualTo(201);
            assertThat(JSON.readTree(bobs.body()).path("accountId").asText()).isNotEqualTo(alicesId);
            assertThat(gateway.submitted.get(1).command().accountId()).isEqualTo(alicesId);
            assertProblem(alicesRetry, 409, "account-exists");
        });
    }

    @Test
    void shouldShowACommandsOutcomeOnlyToItsAccountsOwnerATellerOrAnAuditor() {
        String commandId = "0192f1a0-0000-8000-8000-000000000001";
        statuses.put(commandId, new CommandStatus.Decided(new CommandOutcome.Accepted("acc-a", "e-2", 2, 70, "EUR",
                Optional.of("alice"), false)));
        String path = "/accounts/acc-a/commands/" + commandId;
        JavalinTest.test(app(), (server, client) -> {
            String origin = client.getOrigin();
            assertThat(send(origin, "GET", path, null, ALICE, null).statusCode()).isEqualTo(200);
            assertThat(send(origin, "GET", path, null, TELLER, null).statusCode()).isEqualTo(200);
            assertThat(send(origin, "GET", path, null, TestTokens.bearer("ops", "bank:auditor"), null).statusCode()).isEqualTo(200);
            var bobs = send(origin, "GET", path, null, BOB, null);
            assertProblem(bobs, 404, "not-found");
            assertThat(bobs.body()).doesNotContain("\"balance\"", "alice");
        });
    }

    /**
     * The property of the issue: no request without a valid token changes the ledger. Any guarded route, any body, and
     * a credential that is missing, malformed, of another scheme, expired, or signed by another issuer: 401 and nothing
     * reaches the single writer.
     */
    @Test
    void noRequestWithoutAValidTokenReachesTheLedger() throws Exception {
        LocalIssuer stranger = LocalIssuer.openOrCreate(Files.createTempDirectory("stranger-issuer"));
        String validToken = TestTokens.dev().substring("Bearer ".length());
        String[] parts = validToken.split("\\.");
        List<String> credentials = List.of(
                "",
                "Bearer",
                "Bearer " + "x".repeat(40),
                "Basic ZGV2OmRldg==",
                "bearer " + parts[0] + "." + parts[1],
                "Bearer " + parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA",
                "Bearer " + parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "." + parts[2],
                "Bearer " + TestTokens.ISSUER.mint("dev", List.of(LocalIssuer.allScopes().split(" ")), Duration.ofMinutes(-5)),
                "Bearer " + stranger.mint("dev", List.of(LocalIssuer.allScopes().split(" ")), Duration.ofHours(1)),
                "Bearer " + validToken + "x");
        List<String> bodies = List.of("{\"amount\":5}", "{\"owner\":\"dev\",\"currency\":\"EUR\"}", "", "{", "[]",
                "{\"accountId\":\"acc-z\",\"owner\":\"dev\",\"currency\":\"EUR\"}",
                "{\"fromAccountId\":\"acc-a\",\"toAccountId\":\"acc-b\",\"amount\":5}");
        JavalinTest.test(app(), (server, client) -> {
            qt().withExamples(150).forAll(integers().between(0, 4), integers().between(0, bodies.size() - 1),
                    integers().between(0, credentials.size() - 1)).checkAssert((route, body, credential) -> {
                        String[] target = ROUTES.get(route);
                        String authorization = credentials.get(credential);
                        var response = send(client.getOrigin(), target[0], target[1], bodies.get(body),
                                authorization.isEmpty() ? null : authorization, "k-" + credential);
                        assertThat(response.statusCode()).as(authorization + " " + target[1]).isEqualTo(401);
                        assertThat(gateway.submitted).as("nothing reached the gateway").isEmpty();
                    });
        });
    }

    private static String withoutInstance(HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove("instance");
            return body.toString();
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).path("type").asText()).isEqualTo("/problems/" + code);
    }

    private HttpResponse<String> send(String origin, String method, String path, String body, String authorization,
                                      String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

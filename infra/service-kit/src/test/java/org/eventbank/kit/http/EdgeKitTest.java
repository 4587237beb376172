package org.eventbank.kit.http;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eventbank.kit.auth.AuthSettings;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.auth.TokenVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one problem+json edge and the operational routes, on a real Javalin app over HTTP. */
class EdgeKitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProblemType OVERDRAWN = ProblemType.of("insufficient-funds", 422);

    /** The local issuer's keys: tokens for /metrics, which needs bank:auditor (decision 0015). */
    @TempDir
    static Path dataDir;
    private static LocalIssuer issuer;
    private static TokenVerifier verifier;

    private final AtomicReference<Optional<String>> notReady = new AtomicReference<>(Optional.of("the processor is REBALANCING"));

    @BeforeAll
    static void makeTheLocalIssuer() {
        issuer = LocalIssuer.openOrCreate(dataDir);
        verifier = TokenVerifier.fromSettings(AuthSettings.localIssuer(dataDir));
    }

    private Javalin app() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("kit.test.requests").increment();
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/refused", ctx -> {
                throw new ProblemException(OVERDRAWN, "balance 5 is less than 10", Map.of("X-Why", "test"));
            });
            config.routes.get("/refused-with-members", ctx ->
                    Problems.write(ctx, OVERDRAWN, "balance 5 is less than 10", Map.of("balance", 5, "requested", 10)));
            config.routes.get("/member-clash", ctx -> Problems.write(ctx, OVERDRAWN, "clash", Map.of("status", 200)));
            config.routes.get("/bug", ctx -> {
                throw new IllegalStateException("a bug");
            });
            config.routes.post("/only-post", ctx -> ctx.result("ok"));
            OperationalRoutes.install(config, notReady::get, registry, "/org/eventbank/kit/test-openapi.json", verifier);
            Problems.install(config);
        });
    }

    @Test
    void shouldAnswerAThrownProblemAsAProblemDocumentWithItsHeaders() {
        JavalinTest.test(app(), (server, client) -> {
            HttpResponse<String> response = get(client.getOrigin(), "/refused", token("accounts:read"));

            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(Problems.CONTENT_TYPE));
            assertThat(response.headers().firstValue("X-Why")).hasValue("test");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("type").asText()).isEqualTo("/problems/insufficient-funds");
            assertThat(body.path("title").asText()).isEqualTo("Insufficient funds");
            assertThat(body.path("status").asInt()).isEqualTo(422);
            assertThat(body.path("detail").asText()).isEqualTo("balance 5 is less than 10");
            assertThat(body.path("instance").asText()).isEqualTo("/refused");
        });
    }

    @Test
    void shouldWriteExtensionMembersAfterTheStandardOnesAndNeverInsteadOfOne() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode body = JSON.readTree(get(client.getOrigin(), "/refused-with-members", token("accounts:read")).body());
            assertThat(body.path("type").asText()).isEqualTo("/problems/insufficient-funds");
            assertThat(body.path("detail").asText()).isEqualTo("balance 5 is less than 10");
            assertThat(body.path("balance").asInt()).isEqualTo(5);
            assertThat(body.path("requested").asInt()).isEqualTo(10);

            // A member named like a standard one is a bug of the caller: 500, never a problem claiming status 200.
            HttpResponse<String> clash = get(client.getOrigin(), "/member-clash", token("accounts:read"));
            assertThat(clash.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(clash.body()).path("status").asInt()).isEqualTo(500);
        });
    }

    @Test
    void shouldMakeUnknownPathsWrongMethodsAndBugsProblemDocuments() {
        JavalinTest.test(app(), (server, client) -> {
            // unknown paths and wrong methods need no token: they reveal nothing
            assertProblem(get(client.getOrigin(), "/nowhere"), 404, "not-found", "no resource at /nowhere");
            assertProblem(get(client.getOrigin(), "/only-post"), 405, "method-not-allowed", "GET is not allowed on /only-post");
            assertProblem(get(client.getOrigin(), "/bug", token("accounts:read")), 500, "internal-error",
                    "an unexpected error occurred (IllegalStateException); it is logged and is a bug");
        });
    }

    @Test
    void shouldAnswerReadinessFromTheReadinessPortAndStayLive() {
        JavalinTest.test(app(), (server, client) -> {
            HttpResponse<String> notYet = get(client.getOrigin(), "/health/ready");
            assertProblem(notYet, 503, "not-ready", "the processor is REBALANCING");
            assertThat(notYet.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(get(client.getOrigin(), "/health/live").body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(get(client.getOrigin(), "/metrics", token("bank:auditor")).body()).contains("bank_ready 0.0");

            notReady.set(Optional.empty());
            HttpResponse<String> ready = get(client.getOrigin(), "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"READY\"}");
            assertThat(get(client.getOrigin(), "/metrics", token("bank:auditor")).body()).contains("bank_ready 1.0");
        });
    }

    @Test
    void shouldFailLivenessOnlyWhenAPartDiedOfAFaultARestartCures() {
        AtomicReference<Optional<String>> dead = new AtomicReference<>(Optional.empty());
        Readiness stoppedOnData = new Readiness() {
            @Override
            public Optional<String> notReadyReason() {
                return Optional.of("the processor is ERROR");
            }

            @Override
            public Optional<String> deadReason() {
                return dead.get();
            }
        };
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            OperationalRoutes.install(config, stoppedOnData, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    "/org/eventbank/kit/test-openapi.json", verifier);
            Problems.install(config);
        });
        JavalinTest.test(app, (server, client) -> {
            assertThat(get(client.getOrigin(), "/health/live").statusCode()).as("not ready, but a restart would not help").isEqualTo(200);

            dead.set(Optional.of("the listener stopped"));
            assertProblem(get(client.getOrigin(), "/health/live"), 503, "not-live", "the listener stopped; restart this instance");
        });
    }

    @Test
    void shouldServeMetricsToAnAuditorAndTheOpenApiDocumentToAnyone() {
        JavalinTest.test(app(), (server, client) -> {
            HttpResponse<String> metrics = get(client.getOrigin(), "/metrics", token("bank:auditor"));
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("kit_test_requests_total 1.0");
            HttpResponse<String> openApi = get(client.getOrigin(), "/openapi.json");
            assertThat(openApi.statusCode()).isEqualTo(200);
            assertThat(openApi.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(JSON.readTree(openApi.body()).path("info").path("title").asText()).isEqualTo("kit test");
        });
    }

    @Test
    void shouldRefuseMetricsWithoutATokenAsUnauthorized() {
        JavalinTest.test(app(), (server, client) -> {
            HttpResponse<String> response = get(client.getOrigin(), "/metrics");

            assertProblem(response, 401, "unauthorized", "this request needs an access token: send Authorization: Bearer <token>");
            assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"eventbank\"");
            assertThat(response.body()).doesNotContain("kit_test_requests_total");
        });
    }

    @Test
    void shouldRefuseMetricsToATokenWithoutTheAuditorScopeAsForbidden() {
        JavalinTest.test(app(), (server, client) -> {
            HttpResponse<String> response = get(client.getOrigin(), "/metrics", token("accounts:read bank:teller"));

            assertProblem(response, 403, "forbidden", "this needs the scope bank:auditor");
            assertThat(response.headers().allValues("WWW-Authenticate"))
                    .containsExactly("Bearer realm=\"eventbank\", error=\"insufficient_scope\", scope=\"bank:auditor\"");
            assertThat(response.body()).doesNotContain("kit_test_requests_total");
        });
    }

    @Test
    void shouldKeepHealthAndTheOpenApiDocumentOpenEvenToABadToken() {
        JavalinTest.test(app(), (server, client) -> {
            for (String path : List.of("/health/live", "/openapi.json")) {
                assertThat(get(client.getOrigin(), path).statusCode()).as(path).isEqualTo(200);
                assertThat(get(client.getOrigin(), path, "Bearer not-a-jwt").statusCode()).as(path).isEqualTo(200);
            }
            assertThat(get(client.getOrigin(), "/health/ready").statusCode()).isEqualTo(503);
        });
    }

    @Test
    void shouldAnswerWhatJettyRefusesItselfWithProblemDocumentsToo() {
        JavalinTest.test(app(), (server, client) -> {
            int port = server.port();
            String longUri = "/health/live?q=" + "a".repeat(9 * 1024);
            assertRawProblem(raw(port, "GET " + longUri + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414, "uri-too-long");
            assertRawProblem(raw(port, "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(20 * 1024)
                    + "\r\n\r\n"), 431, "headers-too-large");
            assertRawProblem(raw(port, "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Bad: a\u0001b\r\n\r\n"), 400,
                    "malformed-request");
        });
    }

    /** Sends bytes as they are (no client would send these) and returns the raw answer, headers and body. */
    private static String raw(int port, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static void assertRawProblem(String answer, int status, String code) throws Exception {
        assertThat(answer).as("status line").startsWith("HTTP/1.1 " + status + " ");
        String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
        assertThat(head.toLowerCase(java.util.Locale.ROOT)).contains("content-type: " + Problems.CONTENT_TYPE);
        JsonNode body = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(body.path("type").asText()).isEqualTo("/problems/" + code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asText()).startsWith("the request was refused before it reached the service");
    }

    @Test
    void shouldDeriveTitlesFromCodesAndRefuseMalformedCodes() {
        assertThat(ProblemType.ACCOUNT_NOT_FOUND.title()).isEqualTo("Account not found");
        assertThat(ProblemType.of("min-version-timeout", 504).type()).isEqualTo("/problems/min-version-timeout");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProblemType.of("Not Found", 404)).hasMessageContaining("Not Found");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProblemType.of("ok", 200)).hasMessageContaining("200");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code, String detail) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(Problems.CONTENT_TYPE));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("/problems/" + code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asText()).isEqualTo(detail);
    }

    private static String token(String scopes) {
        return "Bearer " + issuer.mint("caller-1", List.of(scopes.split(" ")), Duration.ofMinutes(5));
    }

    private static HttpResponse<String> get(String origin, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(origin + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String origin, String path, String authorization) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(origin + path))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}

package org.eventbank.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventbank.kit.auth.TestTokens.EC;
import static org.eventbank.kit.auth.TestTokens.RSA;
import static org.eventbank.kit.auth.TestTokens.claims;
import static org.eventbank.kit.auth.TestTokens.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.eventbank.kit.http.Problems;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BearerAuth} in a Javalin app: 403 with the scopes that would do, open paths, and keys that cannot be had. */
class BearerAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static TokenVerifier verifier;

    @BeforeAll
    static void publishTheProvidersKeys() {
        verifier = TokenVerifier.fromSettings(TestTokens.settings(
                TestTokens.writeJwks(dir.resolve("jwks.json"), RSA, EC).toUri()));
    }

    @Test
    void shouldForbidAValidTokenLackingTheScopeNamingIt() {
        JavalinTest.test(app(verifier), (server, client) -> {
            HttpResponse<String> response = get(client.getOrigin(), "/audit", withScope("accounts:read accounts:write"));

            assertProblem(response, 403, "forbidden", "this needs the scope bank:auditor");
            assertThat(response.headers().allValues("WWW-Authenticate"))
                    .containsExactly("Bearer realm=\"eventbank\", error=\"insufficient_scope\", scope=\"bank:auditor\"");
        });
    }

    @Test
    void shouldNameEveryScopeThatWouldDoWhenAnyOfSeveralIsEnough() {
        JavalinTest.test(app(verifier), (server, client) -> {
            HttpResponse<String> response = get(client.getOrigin(), "/teller-or-auditor", withScope("accounts:write"));

            assertProblem(response, 403, "forbidden", "this needs the scope bank:teller or bank:auditor");
            assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(
                    "Bearer realm=\"eventbank\", error=\"insufficient_scope\", scope=\"bank:teller bank:auditor\"");
        });
    }

    @Test
    void shouldLetATokenWithTheScopeThroughWithItsCaller() {
        JavalinTest.test(app(verifier), (server, client) -> {
            HttpResponse<String> audit = get(client.getOrigin(), "/audit", withScope("bank:auditor"));
            assertThat(audit.statusCode()).isEqualTo(200);
            assertThat(audit.body()).isEqualTo(TestTokens.SUBJECT + " via mobile-app");

            HttpResponse<String> either = get(client.getOrigin(), "/teller-or-auditor", withScope("bank:teller"));
            assertThat(either.statusCode()).isEqualTo(200);
        });
    }

    @Test
    void shouldLeaveHealthOpenAndAnswerUnknownPathsAndWrongMethodsWithoutAToken() {
        JavalinTest.test(app(verifier), (server, client) -> {
            assertThat(get(client.getOrigin(), "/health/live", Optional.empty()).statusCode()).isEqualTo(200);
            assertProblem(get(client.getOrigin(), "/nowhere", Optional.empty()), 404, "not-found", "no resource at /nowhere");
            assertProblem(get(client.getOrigin(), "/audit-log", Optional.empty()), 404, "not-found",
                    "no resource at /audit-log");
            assertProblem(post(client.getOrigin(), "/audit"), 405, "method-not-allowed", "POST is not allowed on /audit");
            assertThat(get(client.getOrigin(), "/audit", Optional.empty()).statusCode()).isEqualTo(401);
        });
    }

    @Test
    void shouldAnswerNotReadyNotUnauthorizedWhenTheKeysCannotBeFetched() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TokenVerifier withoutKeys = TokenVerifier.fromSettings(TestTokens.settings(
                URI.create("http://127.0.0.1:" + closedPort + "/jwks.json")));
        String token = TestTokens.token();

        assertThatThrownBy(() -> withoutKeys.authenticate(TestTokens.bearer(token)))
                .isInstanceOf(TokenVerifier.KeysUnavailableException.class)
                .hasMessageContaining("the signing keys (JWKS) cannot be fetched");
        JavalinTest.test(app(withoutKeys), (server, client) -> {
            HttpResponse<String> response = get(client.getOrigin(), "/audit", TestTokens.bearer(token));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(response.body()).path("type").asText()).isEqualTo("/problems/not-ready");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        });
    }

    private static Javalin app(TokenVerifier verifier) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            BearerAuth.install(config, verifier);
            config.routes.get("/health/live", ctx -> ctx.result("UP"));
            config.routes.get("/audit", ctx -> {
                Caller caller = BearerAuth.require(ctx, Scope.AUDITOR);
                ctx.result(caller.ownerReference() + " via " + caller.clientId().orElse("?"));
            });
            config.routes.get("/teller-or-auditor", ctx -> ctx.result(BearerAuth.require(ctx, Scope.TELLER, Scope.AUDITOR)
                    .ownerReference()));
            Problems.install(config);
        });
    }

    private static Optional<String> withScope(String scope) {
        return TestTokens.bearer(sign(RSA, claims().claim("scope", scope).build()));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code, String detail)
            throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(Problems.CONTENT_TYPE));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asText()).isEqualTo("/problems/" + code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asText()).isEqualTo(detail);
    }

    private static HttpResponse<String> get(String origin, String path, Optional<String> authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).GET();
        authorization.ifPresent(value -> request.header("Authorization", value));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String origin, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(origin + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}

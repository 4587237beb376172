package org.eventbank.ledger.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eventbank.kit.auth.Scope;
import org.eventbank.kit.auth.TokenVerifier;
import org.eventbank.kit.http.Readiness;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.eventbank.ledger.LedgerFixtures.AccountHistory;
import org.eventbank.ledger.TestTokens;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.Initiator;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.domain.TransferReversalReason;
import org.eventbank.ledger.domain.TransferView;
import org.eventbank.ledger.query.ClusterMembers;
import org.eventbank.ledger.query.Finality;
import org.eventbank.ledger.query.KeyRouter;
import org.eventbank.ledger.query.LedgerQueries;
import org.eventbank.ledger.query.Read;
import org.eventbank.ledger.query.Route;
import org.eventbank.ledger.query.TransferQueries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerHttpAppTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MIN_VERSION_WAIT = Duration.ofMillis(300);

    @TempDir
    Path stateDir;

    /** One key pair for the class: every app of every test verifies the tokens of this local issuer. */
    @TempDir
    static Path authDir;
    private static TestTokens tokens;
    private static TokenVerifier verifier;
    /** Reads every account: the caller of the tests that are not about who may read what. */
    private static String auditor;

    private DriverBackedStores stores;
    private final AtomicReference<Route> route = new AtomicReference<>(new Route.Local(0));
    /** Where the transfers' router sends every transferId: this app's partition 0 unless a test says otherwise. */
    private final AtomicReference<Route> transferRoute = new AtomicReference<>(new Route.Local(0));
    private final AtomicBoolean ready = new AtomicBoolean(true);
    /** Every instant of the fixtures is final unless a test says otherwise; null: none is vouched for yet. */
    private final AtomicReference<Instant> finalUpTo = new AtomicReference<>(T0.plus(Duration.ofDays(365)));
    private static final Duration TRAIL_MAX = Duration.ofMillis(23_000);
    private final List<Route.Remote> members = new ArrayList<>();
    private final Route.Remote self = new Route.Remote("localhost", 1);
    private int partitions = 1;
    /** The waits of every app a test built, closed after it. */
    private final List<VersionWaits> versionWaits = new ArrayList<>();

    @BeforeAll
    static void issueTokens() {
        tokens = TestTokens.in(authDir);
        verifier = tokens.verifier();
        auditor = tokens.auditor();
    }

    @BeforeEach
    void foldALedger() {
        stores = new DriverBackedStores(stateDir, 0);
        stores.write(new AccountHistory("acc-1", "EUR", T0).deposit(500, T0.plusSeconds(10)).withdraw(120, T0.plusSeconds(20)).events());
        stores.write(new AccountHistory("acc-2", "USD", T0).deposit(7, T0.plusSeconds(5)).events());
        members.add(self);
    }

    @AfterEach
    void closeStores() {
        versionWaits.forEach(VersionWaits::close);
        stores.close();
    }

    private Javalin app() {
        return app(stores, accountId -> route.get());
    }

    private Javalin app(LedgerQueries queries, KeyRouter router) {
        return app(queries, router, verifier);
    }

    private Javalin app(LedgerQueries queries, KeyRouter router, TokenVerifier tokenVerifier) {
        return app(queries, router, tokenVerifier, MIN_VERSION_WAIT, LedgerProjectorConfig.Http.DEFAULT_MIN_VERSION_WAITERS_MAX,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    private Javalin app(LedgerQueries queries, KeyRouter router, TokenVerifier tokenVerifier, Duration minVersionWaitMax,
                        int minVersionWaitersMax, PrometheusMeterRegistry registry) {
        // an app over other stores serves their transfers too; one over a stand-in for the queries, this test's stores'
        TransferQueries transfers = queries instanceof TransferQueries own ? own : stores;
        return app(queries, router, tokenVerifier, minVersionWaitMax, minVersionWaitersMax, registry, transfers,
                transferId -> transferRoute.get());
    }

    /** An app whose transfers come from {@code transfers}, routed by {@code transferRouter}. */
    private Javalin transfersApp(TransferQueries transfers, KeyRouter transferRouter) {
        return app(stores, accountId -> route.get(), verifier, MIN_VERSION_WAIT, LedgerProjectorConfig.Http.DEFAULT_MIN_VERSION_WAITERS_MAX,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), transfers, transferRouter);
    }

    private Javalin app(LedgerQueries queries, KeyRouter router, TokenVerifier tokenVerifier, Duration minVersionWaitMax,
                        int minVersionWaitersMax, PrometheusMeterRegistry registry, TransferQueries transfers, KeyRouter transferRouter) {
        Readiness readiness = () -> ready.get() ? Optional.empty() : Optional.of("the ledger projector is REBALANCING");
        ClusterMembers cluster = new ClusterMembers() {
            @Override
            public Read<List<Route.Remote>> all() {
                return Read.ok(List.copyOf(members));
            }

            @Override
            public Route.Remote self() {
                return self;
            }
        };
        Finality finality = new Finality() {
            @Override
            public Optional<Instant> finalUpTo(int partition) {
                return Optional.ofNullable(finalUpTo.get());
            }

            @Override
            public Duration trailMax() {
                return TRAIL_MAX;
            }
        };
        VersionWaits waits = new VersionWaits(minVersionWaitersMax, registry);
        versionWaits.add(waits);
        return LedgerHttpApp.create(new LedgerHttpApp.Collaborators(router, queries, finality, cluster,
                new Forwarder(Duration.ofSeconds(2), "test"), readiness, registry, partitions, minVersionWaitMax,
                LedgerProjectorConfig.Http.DEFAULT_MIN_VERSION_AHEAD_MAX, waits, Duration.ofSeconds(2), tokenVerifier,
                transferRouter, transfers));
    }

    /** GET as the auditor, who reads every account. */
    private static Response get(HttpClient client, String path) {
        return get(client, path, auditor);
    }

    /** GET with this {@code Authorization} header, or none when null. */
    private static Response get(HttpClient client, String path, String authorization) {
        return client.get(path, request -> {
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
        });
    }

    private static JsonNode json(Response response) {
        return Json.parse(response.body().string());
    }

    private static void assertProblem(Response response, int status, String code) {
        assertThat(response.code()).isEqualTo(status);
        assertThat(response.headers().get("Content-Type")).anySatisfy(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).isEqualTo("/problems/" + code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        // A readable title, the same wording account-service uses: "account-not-found" -> "Account not found".
        assertThat(problem.get("title").asText()).isNotEqualTo(code)
                .isEqualToIgnoringCase(code.replace('-', ' ')).startsWith(code.substring(0, 1).toUpperCase());
    }

    @Test
    void shouldAnswerTheCurrentBalance() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = get(client, "/accounts/acc-1/balance");

            assertThat(response.code()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.get("accountId").asText()).isEqualTo("acc-1");
            assertThat(body.get("balance").asLong()).isEqualTo(380);
            assertThat(body.get("currency").asText()).isEqualTo("EUR");
            assertThat(body.get("version").asLong()).isEqualTo(3);
            assertThat(body.get("updatedAt").asText()).isEqualTo("2026-01-01T00:00:20Z");
        });
    }

    @Test
    void shouldAnswerTheBalanceAsOfAnInstantAnd404BeforeTheOpening() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode between = json(get(client, "/accounts/acc-1/balance?asOf=2026-01-01T00:00:15Z"));
            assertThat(between.get("balance").asLong()).isEqualTo(500);
            assertThat(between.get("version").asLong()).isEqualTo(2);
            assertThat(between.get("updatedAt").asText()).isEqualTo("2026-01-01T00:00:10Z");

            JsonNode onEvent = json(get(client, "/accounts/acc-1/balance?asOf=2026-01-01T00:00:20Z"));
            assertThat(onEvent.get("version").asLong()).isEqualTo(3);

            JsonNode withOffset = json(get(client, "/accounts/acc-1/balance?asOf=2026-01-01T01:00:15%2B01:00"));
            assertThat(withOffset.get("version").asLong()).isEqualTo(2);

            assertProblem(get(client, "/accounts/acc-1/balance?asOf=2025-12-31T23:59:59.999Z"), 404, "account-not-found");
            assertProblem(get(client, "/accounts/acc-1/balance?asOf=yesterday"), 400, "malformed-request");
        });
    }

    @Test
    void shouldAnswerAsOfOnlyForFinalInstantsAnd503WithRetryAfterUntilTheyAre() {
        finalUpTo.set(T0.plusSeconds(15));
        JavalinTest.test(app(), (server, client) -> {
            assertThat(json(get(client, "/accounts/acc-1/balance?asOf=2026-01-01T00:00:15Z")).get("version").asLong()).isEqualTo(2);
            // a 404 is an answer too: final before the opening
            assertProblem(get(client, "/accounts/acc-1/balance?asOf=2025-12-31T23:59:59Z"), 404, "account-not-found");

            Response justAfter = get(client, "/accounts/acc-1/balance?asOf=2026-01-01T00:00:15.001Z");
            assertProblem(justAfter, 503, "not-ready");
            assertThat(justAfter.headers().get("Retry-After")).containsExactly("1");
            assertThat(json(justAfter).get("detail").asText()).contains("not final", "final up to 2026-01-01T00:00:15Z");
            assertThat(get(client, "/accounts/acc-1/balance?asOf=2026-01-01T00:00:20Z").headers().get("Retry-After")).containsExactly("5");
            // far ahead: retry within the longest trail, not in a year
            Response nextYear = get(client, "/accounts/acc-1/balance?asOf=2027-01-01T00:00:00Z");
            assertProblem(nextYear, 503, "not-ready");
            assertThat(nextYear.headers().get("Retry-After")).containsExactly("23");
            assertThat(get(client, "/accounts/acc-1/balance?asOf=%2B1000000000-01-01T00:00:00Z").headers().get("Retry-After"))
                    .containsExactly("23");
            // an account never seen is not 404 either while the instant is not final
            assertProblem(get(client, "/accounts/nobody/balance?asOf=2026-01-01T00:00:16Z"), 503, "not-ready");

            finalUpTo.set(null);
            Response starting = get(client, "/accounts/acc-1/balance?asOf=2026-01-01T00:00:15Z");
            assertProblem(starting, 503, "not-ready");
            assertThat(starting.headers().get("Retry-After")).containsExactly("1");
            // the current balance and minVersion do not wait for finality
            assertThat(get(client, "/accounts/acc-1/balance").code()).isEqualTo(200);
            assertThat(get(client, "/accounts/acc-1/balance?minVersion=3").code()).isEqualTo(200);
        });
    }

    @Test
    void shouldAnswerMinVersionAtOnceWhenFoldedAnd504AfterTheBound() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(json(get(client, "/accounts/acc-1/balance?minVersion=3")).get("version").asLong()).isEqualTo(3);

            long start = System.nanoTime();
            Response late = get(client, "/accounts/acc-1/balance?minVersion=4");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;

            assertProblem(late, 504, "min-version-timeout");
            assertThat(waitedMs).isGreaterThanOrEqualTo(MIN_VERSION_WAIT.toMillis());
            assertProblem(get(client, "/accounts/never-seen/balance?minVersion=1"), 504, "min-version-timeout");
            assertProblem(get(client, "/accounts/acc-1/balance?minVersion=0"), 400, "malformed-request");
            assertProblem(get(client, "/accounts/acc-1/balance?minVersion=x"), 400, "malformed-request");
            assertProblem(get(client, "/accounts/acc-1/balance?minVersion=1&asOf=2026-01-01T00:00:00Z"), 400, "malformed-request");
        });
    }

    /**
     * A minVersion wait holds no server thread (issue 16): the handler reads once, and every further read of the wait
     * happens on the one thread of {@link VersionWaits}.
     */
    @Test
    void shouldWaitForAMinVersionOnTheWaitsThreadNotOnAServerThread() {
        List<String> readers = new CopyOnWriteArrayList<>();
        LedgerQueries recording = new DelegatingQueries(stores) {
            @Override
            public Read<Optional<BalanceView>> balance(int partition, String accountId) {
                readers.add(Thread.currentThread().getName());
                return super.balance(partition, accountId);
            }
        };
        JavalinTest.test(app(recording, accountId -> route.get()), (server, client) -> {
            assertProblem(get(client, "/accounts/acc-1/balance?minVersion=4"), 504, "min-version-timeout");

            assertThat(readers).hasSizeGreaterThanOrEqualTo(3);
            assertThat(readers.get(0)).as("the handler's own read").isNotEqualTo(VersionWaits.THREAD_NAME);
            assertThat(readers.subList(1, readers.size())).as("the reads while waiting").containsOnly(VersionWaits.THREAD_NAME);
        });
    }

    /**
     * At most BANK_MIN_VERSION_WAITERS_MAX minVersion queries wait at once: the ones waiting are answered once their
     * version is folded, one more is refused at once (503 not-ready with Retry-After), never queued.
     */
    @Test
    void shouldHoldAtMostTheCapOfMinVersionWaitsAndRefuseOneMoreAtOnce() throws Exception {
        Map<String, BalanceView> views = new ConcurrentHashMap<>(Map.of("acc-1", new BalanceView(380, "EUR", 3, T0)));
        LedgerQueries settable = new DelegatingQueries(stores) {
            @Override
            public Read<Optional<BalanceView>> balance(int partition, String accountId) {
                return Read.ok(Optional.ofNullable(views.get(accountId)));
            }
        };
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        java.net.http.HttpClient async = java.net.http.HttpClient.newHttpClient();
        JavalinTest.test(app(settable, accountId -> route.get(), verifier, Duration.ofSeconds(30), 2, registry), (server, client) -> {
            CompletableFuture<HttpResponse<String>> first = getAsync(async, server.port(), "/accounts/acc-1/balance?minVersion=4");
            CompletableFuture<HttpResponse<String>> second = getAsync(async, server.port(), "/accounts/acc-1/balance?minVersion=4");
            await().atMost(Duration.ofSeconds(10)).until(() -> waiters(registry) == 2);

            long start = System.nanoTime();
            Response third = get(client, "/accounts/acc-1/balance?minVersion=4");
            assertThat((System.nanoTime() - start) / 1_000_000).as("refused at once, not queued").isLessThan(5_000);
            assertProblem(third, 503, "not-ready");
            assertThat(third.headers().get("Retry-After")).containsExactly("1");
            assertThat(json(third).get("detail").asText()).contains("BANK_MIN_VERSION_WAITERS_MAX", "2");
            assertThat(first).isNotDone();
            assertThat(second).isNotDone();

            views.put("acc-1", new BalanceView(400, "EUR", 4, T0));
            for (CompletableFuture<HttpResponse<String>> waited : List.of(first, second)) {
                HttpResponse<String> answer = waited.get(10, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(Json.parse(answer.body()).get("version").asLong()).isEqualTo(4);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> waiters(registry) == 0);

            CompletableFuture<HttpResponse<String>> again = getAsync(async, server.port(), "/accounts/acc-1/balance?minVersion=5");
            await().atMost(Duration.ofSeconds(10)).until(() -> waiters(registry) == 1);
            views.put("acc-1", new BalanceView(450, "EUR", 5, T0));
            assertThat(again.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        });
    }

    /**
     * A minVersion more than BANK_MIN_VERSION_AHEAD_MAX (1000) above the version the caller sees is refused at once, 400;
     * for an account the caller may not read, counted from 0, as for an account that does not exist.
     */
    @Test
    void shouldRefuseAMinVersionTooFarAheadOfTheVersionTheCallerSeesAtOnce() {
        String owner = tokens.customer("owner-acc-1");
        String mallory = tokens.customer("mallory");
        Duration bound = Duration.ofSeconds(1);
        JavalinTest.test(app(stores, accountId -> route.get(), verifier, bound, LedgerProjectorConfig.Http.DEFAULT_MIN_VERSION_WAITERS_MAX,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), (server, client) -> {
            assertThat(get(client, "/accounts/acc-1/balance?minVersion=3").code()).isEqualTo(200);
            // acc-1 is at version 3
            for (String caller : List.of(auditor, owner)) {
                long start = System.nanoTime();
                Response tooFar = get(client, "/accounts/acc-1/balance?minVersion=1004", caller);
                assertThat((System.nanoTime() - start) / 1_000_000).as("refused without waiting").isLessThan(bound.toMillis() / 2);
                assertProblem(tooFar, 400, "malformed-request");
                assertThat(json(tooFar).get("detail").asText()).contains("BANK_MIN_VERSION_AHEAD_MAX", "1000");

                start = System.nanoTime();
                assertProblem(get(client, "/accounts/acc-1/balance?minVersion=1003", caller), 504, "min-version-timeout");
                assertThat((System.nanoTime() - start) / 1_000_000).as("waited").isGreaterThanOrEqualTo(bound.toMillis());
            }
            // an account the caller may not see, like one that does not exist: from 0
            for (String account : List.of("acc-1", "nobody")) {
                long start = System.nanoTime();
                Response tooFar = get(client, "/accounts/" + account + "/balance?minVersion=1001", mallory);
                assertThat((System.nanoTime() - start) / 1_000_000).as("refused without waiting").isLessThan(bound.toMillis() / 2);
                assertProblem(tooFar, 400, "malformed-request");
                assertThat(json(tooFar).get("detail").asText()).contains("BANK_MIN_VERSION_AHEAD_MAX", "account " + account + " (0)");

                start = System.nanoTime();
                assertProblem(get(client, "/accounts/" + account + "/balance?minVersion=1000", mallory), 404, "account-not-found");
                assertThat((System.nanoTime() - start) / 1_000_000).as("waited").isGreaterThanOrEqualTo(bound.toMillis());
            }
        });
    }

    /**
     * A wait answers like every other query also when a read fails while it waits: the store gone, 503 not-ready with
     * Retry-After; a bug, the kit's 500 problem. Its latency is recorded when it is answered, the wait included.
     */
    @Test
    void shouldAnswerAWaitWhoseReadFailsWithAProblemAndRecordItsLatencyWhenAnswered() {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        LedgerQueries failing = new DelegatingQueries(stores) {
            @Override
            public Read<Optional<BalanceView>> balance(int partition, String accountId) {
                // the handler's own read succeeds, so the query waits; the reads while waiting fail
                if (failure.get() != null && VersionWaits.THREAD_NAME.equals(Thread.currentThread().getName())) {
                    throw failure.get();
                }
                return super.balance(partition, accountId);
            }
        };
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JavalinTest.test(app(failing, accountId -> route.get(), verifier, MIN_VERSION_WAIT,
                LedgerProjectorConfig.Http.DEFAULT_MIN_VERSION_WAITERS_MAX, registry), (server, client) -> {
            assertProblem(get(client, "/accounts/acc-1/balance?minVersion=4"), 504, "min-version-timeout");
            assertThat(registry.get("ledger.projector.query").tag("query", "minVersion").timer().max(TimeUnit.MILLISECONDS))
                    .as("recorded when answered, after the wait").isGreaterThanOrEqualTo(MIN_VERSION_WAIT.toMillis());

            failure.set(LedgerProjectorProblems.notReady("the store cannot be read here now"));
            Response storeGone = get(client, "/accounts/acc-1/balance?minVersion=4");
            assertProblem(storeGone, 503, "not-ready");
            assertThat(storeGone.headers().get("Retry-After")).containsExactly("1");
            assertThat(json(storeGone).get("detail").asText()).isEqualTo("the store cannot be read here now");

            failure.set(new IllegalStateException("a bug"));
            assertProblem(get(client, "/accounts/acc-1/balance?minVersion=4"), 500, "internal-error");
            assertThat(registry.get("ledger.projector.query").tag("query", "minVersion").timer().count()).isEqualTo(3);
        });
    }

    private static CompletableFuture<HttpResponse<String>> getAsync(java.net.http.HttpClient http, int port, String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", auditor)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double waiters(PrometheusMeterRegistry registry) {
        return registry.get(VersionWaits.WAITERS_GAUGE).gauge().value();
    }

    /** Reads through to other queries; a test overrides what it watches or sets. */
    private static class DelegatingQueries implements LedgerQueries {

        private final LedgerQueries delegate;

        DelegatingQueries(LedgerQueries delegate) {
            this.delegate = delegate;
        }

        @Override
        public Read<Optional<BalanceView>> balance(int partition, String accountId) {
            return delegate.balance(partition, accountId);
        }

        @Override
        public Read<Optional<AsOf>> asOf(int partition, String accountId, Instant instant) {
            return delegate.asOf(partition, accountId, instant);
        }

        @Override
        public Read<Optional<StatementPage>> statement(int partition, String accountId, long fromVersion, int limit) {
            return delegate.statement(partition, accountId, fromVersion, limit);
        }

        @Override
        public Read<LocalTotals> localTotals() {
            return delegate.localTotals();
        }
    }

    @Test
    void shouldRejectBadAccountIdsUnknownAccountsAndUnknownParameters() {
        JavalinTest.test(app(), (server, client) -> {
            assertProblem(get(client, "/accounts/bad%21id/balance"), 400, "invalid-account-id");
            assertProblem(get(client, "/accounts/" + "x".repeat(65) + "/balance"), 400, "invalid-account-id");
            assertProblem(get(client, "/accounts/nobody/balance"), 404, "account-not-found");
            assertProblem(get(client, "/accounts/acc-1/balance?asof=2026-01-01T00:00:00Z"), 400, "malformed-request");
            assertProblem(get(client, "/accounts/nobody/events"), 404, "account-not-found");
        });
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsWithProblems() {
        JavalinTest.test(app(), (server, client) -> {
            assertProblem(get(client, "/nothing-here", null), 404, "not-found");
            // without a token: an unknown path or method reveals nothing, so it needs none
            Response post = client.request("/accounts/acc-1/balance", builder -> builder.post(HttpRequest.BodyPublishers.ofString("{}")));
            assertProblem(post, 405, "method-not-allowed");
        });
    }

    @Test
    void shouldPageTheStatementWithANextHint() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode first = json(get(client, "/accounts/acc-1/events?limit=2"));
            assertThat(first.get("events")).hasSize(2);
            JsonNode deposit = first.get("events").get(1);
            assertThat(deposit.get("type").asText()).isEqualTo("Deposited");
            assertThat(deposit.get("amount").asLong()).isEqualTo(500);
            assertThat(deposit.get("balanceAfter").asLong()).isEqualTo(500);
            assertThat(deposit.get("version").asLong()).isEqualTo(2);
            assertThat(deposit.get("occurredAt").asText()).isEqualTo("2026-01-01T00:00:10Z");
            assertThat(first.get("nextFromVersion").asLong()).isEqualTo(3);

            JsonNode last = json(get(client, first.get("next").asText()));
            assertThat(last.get("events")).hasSize(1);
            assertThat(last.get("events").get(0).get("type").asText()).isEqualTo("Withdrawn");
            assertThat(last.get("next").isNull()).isTrue();

            assertThat(json(get(client, "/accounts/acc-1/events")).get("events")).hasSize(3);
            assertProblem(get(client, "/accounts/acc-1/events?limit=1001"), 400, "malformed-request");
            assertProblem(get(client, "/accounts/acc-1/events?limit=0"), 400, "malformed-request");
            assertProblem(get(client, "/accounts/acc-1/events?fromVersion=0"), 400, "malformed-request");
        });
    }

    @Test
    void shouldShowAClosedAccountAsClosedNowAndAsOpenAsOfBeforeItsClose() {
        stores.write(new AccountHistory("acc-3", "EUR", T0).deposit(500, T0.plusSeconds(10)).withdraw(500, T0.plusSeconds(20))
                .close(T0.plusSeconds(30)).events());
        JavalinTest.test(app(), (server, client) -> {
            JsonNode closed = json(get(client, "/accounts/acc-3/balance"));
            assertThat(closed.get("status").asText()).isEqualTo("closed");
            assertThat(closed.get("balance").asLong()).isZero();
            assertThat(closed.get("version").asLong()).isEqualTo(4);

            JsonNode beforeTheClose = json(get(client, "/accounts/acc-3/balance?asOf=2026-01-01T00:00:29Z"));
            assertThat(beforeTheClose.get("status").asText()).isEqualTo("open");
            assertThat(beforeTheClose.get("version").asLong()).isEqualTo(3);
            JsonNode atTheClose = json(get(client, "/accounts/acc-3/balance?asOf=2026-01-01T00:00:30Z"));
            assertThat(atTheClose.get("status").asText()).isEqualTo("closed");

            assertThat(json(get(client, "/accounts/acc-1/balance")).get("status").asText()).isEqualTo("open");
            assertThat(json(get(client, "/accounts/acc-3/balance?minVersion=4")).get("status").asText()).isEqualTo("closed");
        });
    }

    @Test
    void shouldShowTheCloseWhoAskedAndTheCorrelationInTheStatement() {
        stores.write(List.of(
                new LedgerEvent.AccountOpened("acc-3", 1, T0, "EUR", "owner", "e1", new Initiator("teller-7", "branch-app"), null),
                new LedgerEvent.Deposited("acc-3", 2, T0, 5, "EUR", 5, "e2", null, "transfer-9"),
                new LedgerEvent.Withdrawn("acc-3", 3, T0, 5, "EUR", 0, "e3"),
                new LedgerEvent.AccountClosed("acc-3", 4, T0, "EUR", 0, "moved", "e4", new Initiator("customer-1", null), "close-1")));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode statement = json(get(client, "/accounts/acc-3/events"));

            assertThat(statement.get("status").asText()).isEqualTo("closed");
            JsonNode events = statement.get("events");
            assertThat(events).extracting(event -> event.get("type").asText())
                    .containsExactly("AccountOpened", "Deposited", "Withdrawn", "AccountClosed");
            JsonNode opened = events.get(0);
            assertThat(opened.get("initiatedBy").get("subject").asText()).isEqualTo("teller-7");
            assertThat(opened.get("initiatedBy").get("clientId").asText()).isEqualTo("branch-app");
            assertThat(opened.get("correlationId").isNull()).isTrue();
            JsonNode deposit = events.get(1);
            assertThat(deposit.get("initiatedBy").isNull()).isTrue();
            assertThat(deposit.get("correlationId").asText()).isEqualTo("transfer-9");
            JsonNode closing = events.get(3);
            assertThat(closing.get("amount").asLong()).isZero();
            assertThat(closing.get("balanceAfter").asLong()).isZero();
            assertThat(closing.get("version").asLong()).isEqualTo(4);
            assertThat(closing.get("initiatedBy").get("subject").asText()).isEqualTo("customer-1");
            assertThat(closing.get("initiatedBy").get("clientId").isNull()).isTrue();
            assertThat(closing.get("correlationId").asText()).isEqualTo("close-1");

            JsonNode open = json(get(client, "/accounts/acc-1/events"));
            assertThat(open.get("status").asText()).isEqualTo("open");
            assertThat(open.get("events").get(1).has("initiatedBy")).as("null, not absent").isTrue();
        });
    }

    @Test
    void shouldReadPartialTotalsWithoutAClosedCountAsNoneClosed() {
        // what /internal/totals of an instance still on the release before v2 answers during a rolling upgrade
        JsonNode previousRelease = Json.parse("{\"EUR\": {\"accounts\": 2, \"balanceSum\": 5, \"depositVolume\": 7,"
                + " \"withdrawalVolume\": 2}}");

        assertThat(TotalsJson.parseCurrencies(previousRelease)).containsExactly(Map.entry("EUR",
                new CurrencyTotals(BigInteger.TWO, BigInteger.valueOf(5), BigInteger.valueOf(7), BigInteger.TWO, BigInteger.ZERO)));
    }

    @Test
    void shouldBe503WithRetryAfterWhenNotReadyOrRebalancing() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(get(client, "/health/ready", null).code()).isEqualTo(200);
            assertThat(get(client, "/health/live", null).code()).isEqualTo(200);

            ready.set(false);
            route.set(new Route.Unavailable("rebalancing"));

            Response notReady = get(client, "/health/ready", null);
            assertProblem(notReady, 503, "not-ready");
            assertThat(notReady.headers().get("Retry-After")).containsExactly("1");
            Response balance = get(client, "/accounts/acc-1/balance");
            assertProblem(balance, 503, "not-ready");
            assertThat(balance.headers().get("Retry-After")).containsExactly("1");
            assertThat(get(client, "/health/live", null).code()).isEqualTo(200);
        });
    }

    @Test
    void shouldForwardToTheOwnerAndRelayItsAnswer() {
        Javalin owner = app().start(0);
        try {
            Route.Remote ownerAddress = new Route.Remote("localhost", owner.port());
            JavalinTest.test(app(stores, accountId -> ownerAddress), (server, client) -> {
                Response balance = get(client, "/accounts/acc-1/balance?asOf=2026-01-01T00:00:15Z");
                assertThat(balance.code()).isEqualTo(200);
                assertThat(json(balance).get("balance").asLong()).isEqualTo(500);

                assertProblem(get(client, "/accounts/nobody/balance"), 404, "account-not-found");
                assertThat(json(get(client, "/accounts/acc-1/events?limit=1")).get("nextFromVersion").asLong()).isEqualTo(2);

                // the owner decides finality; its 503 and Retry-After come back as they are
                finalUpTo.set(T0.plusSeconds(15));
                Response notFinal = get(client, "/accounts/acc-1/balance?asOf=2026-01-01T00:00:17Z");
                assertProblem(notFinal, 503, "not-ready");
                assertThat(notFinal.headers().get("Retry-After")).containsExactly("2");
            });
        } finally {
            owner.stop();
        }
    }

    @Test
    void shouldNotForwardAForwardedRequestAgain() {
        route.set(new Route.Remote("localhost", 9));
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/accounts/acc-1/balance", builder -> builder.header(Forwarder.FORWARDED_HEADER, "elsewhere:1")
                    .header("Authorization", auditor));

            assertProblem(response, 503, "not-ready");
        });
    }

    @Test
    void shouldSumTotalsOverEveryInstanceAndRefusePartialCoverage() throws Exception {
        try (DriverBackedStores otherPartition = new DriverBackedStores(stateDir.resolve("other"), 1)) {
            otherPartition.write(new AccountHistory("acc-3", "EUR", T0).deposit(Long.MAX_VALUE, T0).events());
            otherPartition.write(new AccountHistory("acc-4", "EUR", T0).deposit(Long.MAX_VALUE, T0).withdraw(1, T0).events());
            // closed on the other instance: its count must survive the hop through /internal/totals
            otherPartition.write(new AccountHistory("acc-5", "EUR", T0).close(T0).events());
            Javalin other = app(otherPartition, id -> new Route.Local(1)).start(0);
            try {
                partitions = 2;
                members.add(new Route.Remote("localhost", other.port()));
                JavalinTest.test(app(), (server, client) -> {
                    JsonNode totals = json(get(client, "/totals"));
                    JsonNode eur = totals.get("currencies").get("EUR");
                    assertThat(eur.get("accounts").bigIntegerValue()).isEqualTo(BigInteger.valueOf(4));
                    assertThat(eur.get("openAccounts").bigIntegerValue()).isEqualTo(BigInteger.valueOf(3));
                    assertThat(eur.get("closedAccounts").bigIntegerValue()).isEqualTo(BigInteger.ONE);
                    assertThat(totals.get("currencies").get("USD").get("closedAccounts").asLong()).isZero();
                    BigInteger twiceMax = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TWO);
                    assertThat(eur.get("balanceSum").bigIntegerValue()).isEqualTo(twiceMax.add(BigInteger.valueOf(380 - 1)));
                    assertThat(eur.get("depositVolume").bigIntegerValue()).isEqualTo(twiceMax.add(BigInteger.valueOf(500)));
                    assertThat(eur.get("withdrawalVolume").bigIntegerValue()).isEqualTo(BigInteger.valueOf(121));
                    assertThat(totals.get("currencies").get("USD").get("balanceSum").asLong()).isEqualTo(7);
                    assertThat(totals.get("pointInTime").asBoolean()).isFalse();

                    members.remove(1);
                    assertProblem(get(client, "/totals"), 503, "not-ready");
                });
            } finally {
                other.stop();
            }
        }
    }

    @Test
    void shouldAnswer503WhenAStoreMovesAnd500ForABug() {
        // the Kafka implementation answers a store that moved (InvalidStateStoreException) with this value
        LedgerQueries moving = new LedgerQueries() {
            @Override
            public Read<Optional<BalanceView>> balance(int partition, String accountId) {
                return Read.unavailable("the store cannot be read here now: migrated");
            }

            @Override
            public Read<Optional<AsOf>> asOf(int partition, String accountId, Instant instant) {
                return Read.unavailable("the store cannot be read here now: migrated");
            }

            @Override
            public Read<Optional<StatementPage>> statement(int partition, String accountId, long fromVersion, int limit) {
                return Read.unavailable("the store cannot be read here now: migrated");
            }

            @Override
            public Read<LocalTotals> localTotals() {
                throw new IllegalStateException("a bug");
            }
        };
        JavalinTest.test(app(moving, id -> new Route.Local(0)), (server, client) -> {
            Response balance = get(client, "/accounts/acc-1/balance");
            assertProblem(balance, 503, "not-ready");
            assertThat(balance.headers().get("Retry-After")).containsExactly("1");
            assertProblem(get(client, "/totals"), 500, "internal-error");
        });
    }

    @Test
    void shouldExposeMetricsAndTheOpenApiDocument() {
        JavalinTest.test(app(), (server, client) -> {
            get(client, "/accounts/acc-1/balance");
            get(client, "/accounts/acc-1/balance?asOf=2026-01-01T00:00:15Z");

            String metrics = get(client, "/metrics").body().string();
            assertThat(metrics).contains("ledger_projector_query_seconds_bucket{query=\"balance\"")
                    .contains("ledger_projector_query_seconds_count{query=\"asOf\"} 1");

            Response openApi = get(client, "/openapi.json", null);
            assertThat(openApi.code()).isEqualTo(200);
            JsonNode document = json(openApi);
            assertThat(document.get("openapi").asText()).startsWith("3.");
            assertThat(document.get("paths").has("/accounts/{id}/balance")).isTrue();
            assertThat(document.get("paths").has("/totals")).isTrue();
            JsonNode schemas = document.get("components").get("schemas");
            assertThat(schemas.get("Balance").get("required")).extracting(JsonNode::asText).contains("status");
            assertThat(schemas.get("AccountStatus").get("enum")).extracting(JsonNode::asText).containsExactly("open", "closed");
            assertThat(schemas.get("Statement").get("properties").get("events").get("items").get("properties").get("type").get("enum"))
                    .extracting(JsonNode::asText).contains("AccountClosed");
            JsonNode currencyTotals = schemas.get("Totals").get("properties").get("currencies").get("additionalProperties").get("properties");
            assertThat(currencyTotals.has("openAccounts")).isTrue();
            assertThat(currencyTotals.has("closedAccounts")).isTrue();
            assertThat(currencyTotals.has("inFlight")).isTrue();
            assertThat(document.get("paths").has("/transfers/{id}")).isTrue();
            JsonNode entry = schemas.get("Statement").get("properties").get("events").get("items").get("properties");
            assertThat(entry.get("type").get("enum")).extracting(JsonNode::asText)
                    .contains("TransferDebited", "TransferCredited", "TransferReversed");
            assertThat(entry.has("counterpartyAccountId") && entry.has("transferId") && entry.has("reference") && entry.has("reason")).isTrue();
            assertThat(schemas.get("Transfer").get("properties").get("status").get("enum")).extracting(JsonNode::asText)
                    .containsExactly("pending", "completed", "reversed");
            assertThat(schemas.get("Problem").get("properties").get("type").get("enum")).extracting(JsonNode::asText)
                    .contains("/problems/transfer-not-found", "/problems/invalid-transfer-id");
        });
    }

    // Identity (issue 14): who may read what, decided where the account is held.

    /** Every guarded query of the projector, each about acc-1 (owned by owner-acc-1) where it is about an account. */
    private static final List<String> GUARDED = List.of("/accounts/acc-1/balance", "/accounts/acc-1/balance?asOf=2026-01-01T00:00:15Z",
            "/accounts/acc-1/balance?minVersion=1", "/accounts/acc-1/events", "/totals", "/internal/totals", "/metrics",
            "/transfers/0e1f2a3b-4c5d-3e6f-8a9b-0c1d2e3f4a5b");
    private static final List<String> ACCOUNT_QUERIES = GUARDED.subList(0, 4);

    @Test
    void shouldAnswer401WithAChallengeWithoutAValidTokenAndLeaveHealthAndTheDocumentOpen() {
        String otherIssuers = TestTokens.in(stateDir.resolve("another-issuer")).auditor();
        JavalinTest.test(app(), (server, client) -> {
            for (String path : GUARDED) {
                Response none = get(client, path, null);
                assertProblem(none, 401, "unauthorized");
                assertThat(none.headers().get("WWW-Authenticate")).as(path).containsExactly("Bearer realm=\"eventbank\"");
                Response notAToken = get(client, path, "Bearer not.a.token");
                assertProblem(notAToken, 401, "unauthorized");
                assertThat(notAToken.headers().get("WWW-Authenticate").get(0)).as(path).contains("error=\"invalid_token\"");
                // the same claims, signed with a key the projector does not trust
                assertProblem(get(client, path, otherIssuers), 401, "unauthorized");
            }
            for (String open : List.of("/health/live", "/health/ready", "/openapi.json")) {
                assertThat(get(client, open, null).code()).as(open).isEqualTo(200);
            }
        });
    }

    @Test
    void shouldAnswer403ToATokenWithoutAReadScopeBeforeLookingAtAnything() {
        // the owner of acc-1, but only allowed to write: accounts:write and bank:teller read nothing here
        String writerAndTeller = tokens.bearer("owner-acc-1", Scope.ACCOUNTS_WRITE, Scope.TELLER);
        JavalinTest.test(app(), (server, client) -> {
            for (String path : GUARDED) {
                Response refused = get(client, path, writerAndTeller);
                assertProblem(refused, 403, "forbidden");
                assertThat(refused.headers().get("WWW-Authenticate").get(0)).as(path).contains("error=\"insufficient_scope\"");
            }
            assertProblem(get(client, "/accounts/nobody/balance", writerAndTeller), 403, "forbidden");
            assertProblem(get(client, "/accounts/bad%21id/events?limit=0", writerAndTeller), 403, "forbidden");
        });
    }

    @Test
    void shouldLetACustomerReadOwnAccountsAndAnAuditorEveryAccountTheTotalsAndTheMetrics() {
        String owner = tokens.customer("owner-acc-1");
        JavalinTest.test(app(), (server, client) -> {
            for (String path : ACCOUNT_QUERIES) {
                Response asOwner = get(client, path, owner);
                assertThat(asOwner.code()).as(path).isEqualTo(200);
                assertThat(asOwner.body().string()).as(path).isEqualTo(get(client, path, auditor).body().string());
            }
            assertThat(json(get(client, "/accounts/acc-2/balance", auditor)).get("balance").asLong()).isEqualTo(7);
            for (String path : List.of("/totals", "/internal/totals", "/metrics")) {
                assertProblem(get(client, path, owner), 403, "forbidden");
                assertThat(get(client, path, auditor).code()).as(path).isEqualTo(200);
            }
        });
    }

    /**
     * The bank does not tell a customer that someone else's account exists: the same request, answered by a projector
     * that holds acc-1 (owned by another) and by one that has never heard of it, gives the same answer, byte for byte,
     * for every kind of account query (asOf: 404 once final, the partition's 503 before; minVersion: 404 after the whole
     * wait).
     */
    @Test
    void shouldAnswerACustomerAskingForAnotherCustomersAccountExactlyAsForOneThatDoesNotExist() throws Exception {
        String mallory = tokens.customer("mallory");
        List<String> queries = new ArrayList<>(ACCOUNT_QUERIES);
        queries.add("/accounts/acc-1/balance?asOf=2026-01-01T00:00:17Z");
        queries.add("/accounts/acc-1/events?fromVersion=2&limit=1");
        finalUpTo.set(T0.plusSeconds(16));
        try (DriverBackedStores empty = new DriverBackedStores(stateDir.resolve("without-acc-1"), 0)) {
            Javalin withoutTheAccount = app(empty, id -> new Route.Local(0)).start(0);
            try {
                HttpClient toTheOther = new HttpClient(withoutTheAccount, java.net.http.HttpClient.newHttpClient());
                JavalinTest.test(app(), (server, client) -> {
                    for (String path : queries) {
                        long start = System.nanoTime();
                        Response another = get(client, path, mallory);
                        long waitedMs = (System.nanoTime() - start) / 1_000_000;
                        Response unknown = get(toTheOther, path, mallory);

                        assertThat(another.code()).as(path).isEqualTo(unknown.code()).isIn(404, 503);
                        assertThat(another.body().string()).as(path).isEqualTo(unknown.body().string());
                        assertThat(another.headers().get("Content-Type")).as(path).isEqualTo(unknown.headers().get("Content-Type"));
                        assertThat(another.headers().get("Retry-After")).as(path).isEqualTo(unknown.headers().get("Retry-After"));
                        if (path.contains("minVersion")) {
                            assertThat(waitedMs).as("a refusal sooner than for an unknown account would tell it exists")
                                    .isGreaterThanOrEqualTo(MIN_VERSION_WAIT.toMillis());
                        }
                    }
                    assertProblem(get(client, "/accounts/acc-1/balance", mallory), 404, "account-not-found");
                    assertProblem(get(client, "/accounts/acc-1/balance?minVersion=1", mallory), 404, "account-not-found");
                    assertProblem(get(client, "/accounts/acc-1/balance?asOf=2026-01-01T00:00:15Z", mallory), 404, "account-not-found");
                    assertProblem(get(client, "/accounts/acc-1/balance?asOf=2026-01-01T00:00:17Z", mallory), 503, "not-ready");
                    assertProblem(get(client, "/accounts/acc-1/events", mallory), 404, "account-not-found");
                    // an auditor still tells a slow projector (504) from a missing account
                    assertProblem(get(client, "/accounts/nobody/balance?minVersion=1", auditor), 504, "min-version-timeout");
                });
            } finally {
                withoutTheAccount.stop();
            }
        }
    }

    /** A view carried over from a store of the release before owners were kept: only auditors can read it until a rebuild. */
    @Test
    void shouldShowAnAccountWhoseOwnerTheStoreDoesNotKnowToAuditorsOnly() {
        stores.putBalance("acc-1", new BalanceView(380, "EUR", 3, T0.plusSeconds(20)));
        String formerOwner = tokens.customer("owner-acc-1");
        JavalinTest.test(app(), (server, client) -> {
            for (String path : ACCOUNT_QUERIES) {
                assertThat(get(client, path, auditor).code()).as(path).isEqualTo(200);
                assertProblem(get(client, path, formerOwner), 404, "account-not-found");
            }
        });
    }

    /** A customer sees who acted on the account only where it was the customer; a teller's identity stays with the bank. */
    @Test
    void shouldHideFromTheOwnerWhoElseActedOnTheAccountButShowAnAuditorEveryone() {
        Initiator teller = new Initiator("teller-7", "branch-app");
        stores.write(List.of(
                new LedgerEvent.AccountOpened("acc-3", 1, T0, "EUR", "customer-1", "e1", teller, null),
                new LedgerEvent.Deposited("acc-3", 2, T0, 5, "EUR", 5, "e2", new Initiator("customer-1", "mobile-app"), null),
                new LedgerEvent.Withdrawn("acc-3", 3, T0, 5, "EUR", 0, "e3", teller, "op-1"),
                new LedgerEvent.Deposited("acc-3", 4, T0, 7, "EUR", 7, "e4")));
        JsonNode hidden = Json.parse("{\"subject\": null, \"clientId\": null, \"redacted\": true}");
        JsonNode tellerShown = Json.parse("{\"subject\": \"teller-7\", \"clientId\": \"branch-app\"}");
        JsonNode ownerShown = Json.parse("{\"subject\": \"customer-1\", \"clientId\": \"mobile-app\"}");
        JavalinTest.test(app(), (server, client) -> {
            JsonNode asOwner = json(get(client, "/accounts/acc-3/events", tokens.customer("customer-1"))).get("events");
            assertThat(asOwner).extracting(event -> event.get("initiatedBy"))
                    .containsExactly(hidden, ownerShown, hidden, Json.MAPPER.nullNode());
            // only who acted is hidden: the entry itself is the owner's
            assertThat(asOwner.get(2).get("amount").asLong()).isEqualTo(5);
            assertThat(asOwner.get(2).get("correlationId").asText()).isEqualTo("op-1");

            JsonNode asAuditor = json(get(client, "/accounts/acc-3/events", auditor)).get("events");
            assertThat(asAuditor).extracting(event -> event.get("initiatedBy"))
                    .containsExactly(tellerShown, ownerShown, tellerShown, Json.MAPPER.nullNode());
        });
    }

    /**
     * A query forwarded to the owning instance carries the caller's token, and the owner authenticates and authorizes it
     * again: the forwarding instance holds nothing of the account (it cannot tell an owner), and the forwarding header
     * grants nothing.
     */
    @Test
    void shouldForwardTheCallersTokenAndLetTheOwningInstanceDecide() {
        Javalin owner = app().start(0);
        LedgerQueries holdsNothing = new LedgerQueries() {
            @Override
            public Read<Optional<BalanceView>> balance(int partition, String accountId) {
                throw new AssertionError("the forwarding instance read an account");
            }

            @Override
            public Read<Optional<AsOf>> asOf(int partition, String accountId, Instant instant) {
                throw new AssertionError("the forwarding instance read an account");
            }

            @Override
            public Read<Optional<StatementPage>> statement(int partition, String accountId, long fromVersion, int limit) {
                throw new AssertionError("the forwarding instance read an account");
            }

            @Override
            public Read<LocalTotals> localTotals() {
                throw new AssertionError("the forwarding instance read totals");
            }
        };
        String ownerOfAcc1 = tokens.customer("owner-acc-1");
        String mallory = tokens.customer("mallory");
        try {
            Route.Remote ownerAddress = new Route.Remote("localhost", owner.port());
            HttpClient direct = new HttpClient(owner, java.net.http.HttpClient.newHttpClient());
            JavalinTest.test(app(holdsNothing, accountId -> ownerAddress), (server, client) -> {
                for (String path : ACCOUNT_QUERIES) {
                    assertThat(get(client, path, ownerOfAcc1).code()).as("%s forwarded with the owner's token", path).isEqualTo(200);
                    Response refused = get(client, path, mallory);
                    assertProblem(refused, 404, "account-not-found");
                    assertThat(refused.body().string()).as(path).isEqualTo(get(direct, path, mallory).body().string());
                    // refused here, never forwarded
                    assertProblem(get(client, path, null), 401, "unauthorized");
                }
                // a request that claims to be forwarded still needs a token, and its owner check
                Response claimsForwarded = direct.get("/accounts/acc-1/balance", request -> request.header(Forwarder.FORWARDED_HEADER, "localhost:1"));
                assertProblem(claimsForwarded, 401, "unauthorized");
                assertThat(claimsForwarded.headers().get("WWW-Authenticate")).containsExactly("Bearer realm=\"eventbank\"");
                assertProblem(direct.get("/accounts/acc-1/balance", request -> request.header(Forwarder.FORWARDED_HEADER, "localhost:1")
                        .header("Authorization", mallory)), 404, "account-not-found");
            });
        } finally {
            owner.stop();
        }
    }

    /** /totals asks every instance for its share with the caller's token; an instance that refuses it is not papered over. */
    @Test
    void shouldAskEveryInstanceForItsTotalsWithTheCallersTokenAndRelayARefusal() throws Exception {
        try (DriverBackedStores otherPartition = new DriverBackedStores(stateDir.resolve("other"), 1)) {
            otherPartition.write(new AccountHistory("acc-3", "EUR", T0).deposit(5, T0).events());
            // an instance that trusts another issuer's keys only (a key rotation gone wrong)
            Javalin distrusting = app(otherPartition, id -> new Route.Local(1),
                    TestTokens.in(stateDir.resolve("another-issuer")).verifier()).start(0);
            Javalin trusting = app(otherPartition, id -> new Route.Local(1)).start(0);
            try {
                partitions = 2;
                members.add(new Route.Remote("localhost", trusting.port()));
                JavalinTest.test(app(), (server, client) -> {
                    assertThat(json(get(client, "/totals", auditor)).get("currencies").get("EUR").get("accounts").asLong()).isEqualTo(2);

                    members.set(1, new Route.Remote("localhost", distrusting.port()));
                    Response refused = get(client, "/totals", auditor);
                    assertProblem(refused, 401, "unauthorized");
                    assertThat(refused.headers().get("WWW-Authenticate").get(0)).contains("error=\"invalid_token\"");
                });
            } finally {
                distrusting.stop();
                trusting.stop();
            }
        }
    }

    /**
     * The OpenAPI document says which operations need a token, and it agrees with the routes: each operation without
     * {@code security: []} answers 401 without a token and documents 401 and 403; the open ones answer without one.
     */
    @Test
    void shouldDocumentTheBearerSchemeAndWhichOperationsItGuards() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode document = json(get(client, "/openapi.json", null));
            JsonNode scheme = document.get("components").get("securitySchemes").get("bearerAuth");
            assertThat(scheme.get("type").asText()).isEqualTo("http");
            assertThat(scheme.get("scheme").asText()).isEqualTo("bearer");
            assertThat(scheme.get("bearerFormat").asText()).isEqualTo("JWT");
            assertThat(document.get("security")).isEqualTo(Json.parse("[{\"bearerAuth\": []}]"));
            assertThat(document.get("components").get("schemas").get("Problem").get("properties").get("type").get("enum"))
                    .extracting(JsonNode::asText).contains("/problems/unauthorized", "/problems/forbidden");

            List<String> open = new ArrayList<>();
            document.get("paths").fields().forEachRemaining(path -> {
                JsonNode operation = path.getValue().get("get");
                String url = path.getKey().replace("{id}", "acc-1");
                int status = get(client, url, null).code();
                if (operation.has("security") && operation.get("security").isEmpty()) {
                    open.add(path.getKey());
                    assertThat(status).as("open %s", url).isNotEqualTo(401);
                } else {
                    assertThat(status).as("guarded %s", url).isEqualTo(401);
                    assertThat(operation.get("responses").has("401")).as("401 documented on %s", url).isTrue();
                    assertThat(operation.get("responses").has("403")).as("403 documented on %s", url).isTrue();
                }
            });
            assertThat(open).containsExactlyInAnyOrder("/health/live", "/health/ready", "/openapi.json");
        });
    }

    // Contract v3 (issue 15): transfers.

    private static final String DONE = "0e1f2a3b-4c5d-3e6f-8a9b-0c1d2e3f4a5b";
    private static final String SENT_BACK = "1f2a3b4c-5d6e-3f7a-9b0c-1d2e3f4a5b6c";
    private static final String WAITING = "2a3b4c5d-6e7f-3a8b-8c1d-2e3f4a5b6c7d";
    private static final String NEVER = "3b4c5d6e-7f8a-3b9c-8d2e-3f4a5b6c7d8e";

    /**
     * alice-acc (owner-alice-acc) pays bob-acc (owner-bob-acc): 300 completed (DONE), 50 sent back (SENT_BACK), 20 still
     * pending (WAITING).
     */
    private static void writeTransfers(DriverBackedStores into) {
        AccountHistory alice = new AccountHistory("alice-acc", "EUR", T0).deposit(1000, T0.plusSeconds(1))
                .transferOut(DONE, "bob-acc", 300, T0.plusSeconds(2), "rent")
                .transferOut(SENT_BACK, "bob-acc", 50, T0.plusSeconds(3), null)
                .transferBack(SENT_BACK, "bob-acc", 4, 50, TransferReversalReason.PAYEE_NOT_FOUND, T0.plusSeconds(4))
                .transferOut(WAITING, "bob-acc", 20, T0.plusSeconds(5), null);
        AccountHistory bob = new AccountHistory("bob-acc", "EUR", T0).transferIn(DONE, "alice-acc", 3, 300, T0.plusSeconds(2));
        into.write(alice.events());
        into.write(bob.events());
    }

    @Test
    void shouldAnswerACompletedTransferAlikeToTheOwnerOfEitherAccountAndToAnAuditor() {
        writeTransfers(stores);
        JavalinTest.test(app(), (server, client) -> {
            Response asPayer = get(client, "/transfers/" + DONE, tokens.customer("owner-alice-acc"));
            assertThat(asPayer.code()).isEqualTo(200);
            String body = asPayer.body().string();
            assertThat(get(client, "/transfers/" + DONE, tokens.customer("owner-bob-acc")).body().string()).isEqualTo(body);
            assertThat(get(client, "/transfers/" + DONE, auditor).body().string()).isEqualTo(body);

            JsonNode transfer = Json.parse(body);
            assertThat(transfer.get("transferId").asText()).isEqualTo(DONE);
            assertThat(transfer.get("status").asText()).isEqualTo("completed");
            assertThat(transfer.has("reason")).isFalse();
            assertThat(transfer.get("fromAccountId").asText()).isEqualTo("alice-acc");
            assertThat(transfer.get("toAccountId").asText()).isEqualTo("bob-acc");
            assertThat(transfer.get("amount").asLong()).isEqualTo(300);
            assertThat(transfer.get("currency").asText()).isEqualTo("EUR");
            assertThat(transfer.get("events")).extracting(event -> event.get("type").asText() + " " + event.get("accountId").asText()
                            + " v" + event.get("version").asLong() + " " + event.get("occurredAt").asText())
                    .containsExactly("TransferDebited alice-acc v3 2026-01-01T00:00:02Z", "TransferCredited bob-acc v2 2026-01-01T00:00:02Z");
            // neither side's owner nor balance is the other's business
            assertThat(body).doesNotContain("owner-", "balance");
            // the id is a UUID whatever its case
            assertThat(get(client, "/transfers/" + DONE.toUpperCase(java.util.Locale.ROOT), auditor).body().string()).isEqualTo(body);
        });
    }

    @Test
    void shouldShowAReversedTransfersReasonAndAPendingOneToThePayersOwnerOnly() {
        writeTransfers(stores);
        String payer = tokens.customer("owner-alice-acc");
        String payee = tokens.customer("owner-bob-acc");
        JavalinTest.test(app(), (server, client) -> {
            JsonNode reversed = json(get(client, "/transfers/" + SENT_BACK, payer));
            assertThat(reversed.get("status").asText()).isEqualTo("reversed");
            assertThat(reversed.get("reason").asText()).isEqualTo("payee-not-found");
            assertThat(reversed.get("events")).extracting(event -> event.get("type").asText())
                    .containsExactly("TransferDebited", "TransferReversed");

            JsonNode pending = json(get(client, "/transfers/" + WAITING, payer));
            assertThat(pending.get("status").asText()).isEqualTo("pending");
            assertThat(pending.has("reason")).isFalse();
            assertThat(pending.get("amount").asLong()).isEqualTo(20);
            assertThat(pending.get("events")).hasSize(1);

            // the payee's owner is known only from a credit: none was folded for these two
            assertProblem(get(client, "/transfers/" + SENT_BACK, payee), 404, "transfer-not-found");
            assertProblem(get(client, "/transfers/" + WAITING, payee), 404, "transfer-not-found");
            assertThat(get(client, "/transfers/" + WAITING, auditor).code()).isEqualTo(200);
        });
    }

    /** As for accounts: a transfer the caller may not read is answered, byte for byte, like one that does not exist. */
    @Test
    void shouldAnswerAStrangerExactlyAsForATransferThatDoesNotExist() throws Exception {
        writeTransfers(stores);
        String mallory = tokens.customer("mallory");
        try (DriverBackedStores empty = new DriverBackedStores(stateDir.resolve("without-transfers"), 0)) {
            Javalin withoutTheTransfers = app(empty, id -> new Route.Local(0)).start(0);
            try {
                HttpClient toTheOther = new HttpClient(withoutTheTransfers, java.net.http.HttpClient.newHttpClient());
                JavalinTest.test(app(), (server, client) -> {
                    for (String id : List.of(DONE, SENT_BACK, WAITING)) {
                        Response another = get(client, "/transfers/" + id, mallory);
                        Response unknown = get(toTheOther, "/transfers/" + id, mallory);
                        assertProblem(another, 404, "transfer-not-found");
                        assertThat(another.body().string()).as(id).isEqualTo(unknown.body().string());
                        assertThat(another.headers().get("Content-Type")).isEqualTo(unknown.headers().get("Content-Type"));
                        assertThat(get(toTheOther, "/transfers/" + id, auditor).code()).as("truly unknown there").isEqualTo(404);
                    }
                    assertProblem(get(client, "/transfers/" + NEVER, auditor), 404, "transfer-not-found");
                    // tellers read nothing here, as for accounts
                    assertProblem(get(client, "/transfers/" + DONE, tokens.bearer("teller-7", Scope.TELLER)), 403, "forbidden");
                });
            } finally {
                withoutTheTransfers.stop();
            }
        }
    }

    @Test
    void shouldRefuseATransferIdThatIsNotAUuidAndUnknownParameters() {
        JavalinTest.test(app(), (server, client) -> {
            for (String id : List.of("not-a-uuid", "1-2-3-4-5", DONE + "0", DONE.replace('-', '_'), "acc-1")) {
                Response refused = get(client, "/transfers/" + id, tokens.customer("owner-alice-acc"));
                assertProblem(refused, 400, "invalid-transfer-id");
                assertThat(json(refused).get("detail").asText()).contains("UUID");
            }
            assertProblem(get(client, "/transfers/" + DONE + "?verbose=true"), 400, "malformed-request");
        });
    }

    /**
     * The transfers store is partitioned by transferId, not by account: the query goes to the instance its router
     * names, with the caller's token, and that instance decides who may read it.
     */
    @Test
    void shouldForwardATransferQueryToTheInstanceHoldingItsPartition() {
        writeTransfers(stores);
        Javalin holder = app().start(0);
        TransferQueries holdsNoTransfer = (partition, transferId) -> {
            throw new AssertionError("the forwarding instance read a transfer");
        };
        try {
            Route.Remote holderAddress = new Route.Remote("localhost", holder.port());
            HttpClient direct = new HttpClient(holder, java.net.http.HttpClient.newHttpClient());
            JavalinTest.test(transfersApp(holdsNoTransfer, transferId -> holderAddress), (server, client) -> {
                Response forwarded = get(client, "/transfers/" + DONE, tokens.customer("owner-bob-acc"));
                assertThat(forwarded.code()).isEqualTo(200);
                assertThat(json(forwarded).get("status").asText()).isEqualTo("completed");
                String mallory = tokens.customer("mallory");
                Response refused = get(client, "/transfers/" + DONE, mallory);
                assertProblem(refused, 404, "transfer-not-found");
                assertThat(refused.body().string()).isEqualTo(get(direct, "/transfers/" + DONE, mallory).body().string());
                assertProblem(get(client, "/transfers/" + DONE, null), 401, "unauthorized");
            });
        } finally {
            holder.stop();
        }
    }

    @Test
    void shouldAnswer503WhenTheTransfersPartitionIsNotHere() {
        transferRoute.set(new Route.Unavailable("rebalancing"));
        JavalinTest.test(app(), (server, client) -> {
            Response response = get(client, "/transfers/" + DONE);
            assertProblem(response, 503, "not-ready");
            assertThat(response.headers().get("Retry-After")).containsExactly("1");
        });
    }

    /**
     * Each side's statement shows the transfer with the other account, its transferId, the debit's reference and the
     * reversal's reason; who initiated it stays hidden from the payee's owner (it was the payer's side).
     */
    @Test
    void shouldShowTransfersInTheStatementsOfBothAccounts() {
        Initiator alice = new Initiator("owner-alice-acc", "mobile-app");
        stores.write(List.of(
                new LedgerEvent.AccountOpened("alice-acc", 1, T0, "EUR", "owner-alice-acc", "a1"),
                new LedgerEvent.Deposited("alice-acc", 2, T0, 100, "EUR", 100, "a2"),
                new LedgerEvent.TransferDebited("alice-acc", 3, T0, 30, "EUR", 70, "a3", alice, DONE, "bob-acc", "invoice 9"),
                new LedgerEvent.TransferDebited("alice-acc", 4, T0, 5, "EUR", 65, "a4", alice, SENT_BACK, "bob-acc", null),
                new LedgerEvent.TransferReversed("alice-acc", 5, T0, 5, "EUR", 70, "a5", alice, SENT_BACK, "bob-acc", 4,
                        TransferReversalReason.PAYEE_CLOSED),
                new LedgerEvent.AccountOpened("bob-acc", 1, T0, "EUR", "owner-bob-acc", "b1"),
                new LedgerEvent.TransferCredited("bob-acc", 2, T0, 30, "EUR", 30, "b2", alice, DONE, "alice-acc", 3)));
        JavalinTest.test(app(), (server, client) -> {
            JsonNode payerEvents = json(get(client, "/accounts/alice-acc/events", tokens.customer("owner-alice-acc"))).get("events");
            JsonNode debit = payerEvents.get(2);
            assertThat(debit.get("type").asText()).isEqualTo("TransferDebited");
            assertThat(debit.get("amount").asLong()).isEqualTo(30);
            assertThat(debit.get("balanceAfter").asLong()).isEqualTo(70);
            assertThat(debit.get("transferId").asText()).isEqualTo(DONE);
            assertThat(debit.get("correlationId").asText()).isEqualTo(DONE);
            assertThat(debit.get("counterpartyAccountId").asText()).isEqualTo("bob-acc");
            assertThat(debit.get("reference").asText()).isEqualTo("invoice 9");
            assertThat(debit.get("reason").isNull()).isTrue();
            assertThat(debit.get("initiatedBy").get("subject").asText()).isEqualTo("owner-alice-acc");
            JsonNode reversal = payerEvents.get(4);
            assertThat(reversal.get("type").asText()).isEqualTo("TransferReversed");
            assertThat(reversal.get("reason").asText()).isEqualTo("payee-closed");
            assertThat(reversal.get("balanceAfter").asLong()).isEqualTo(70);
            JsonNode deposit = payerEvents.get(1);
            for (String field : List.of("transferId", "counterpartyAccountId", "reference", "reason")) {
                assertThat(deposit.has(field)).as("%s: null, not absent", field).isTrue();
                assertThat(deposit.get(field).isNull()).as(field).isTrue();
            }

            JsonNode credit = json(get(client, "/accounts/bob-acc/events", tokens.customer("owner-bob-acc"))).get("events").get(1);
            assertThat(credit.get("type").asText()).isEqualTo("TransferCredited");
            assertThat(credit.get("counterpartyAccountId").asText()).isEqualTo("alice-acc");
            assertThat(credit.get("transferId").asText()).isEqualTo(DONE);
            assertThat(credit.get("reference").isNull()).isTrue();
            assertThat(credit.get("initiatedBy")).isEqualTo(Json.parse("{\"subject\": null, \"clientId\": null, \"redacted\": true}"));
            JsonNode creditToAuditor = json(get(client, "/accounts/bob-acc/events", auditor)).get("events").get(1);
            assertThat(creditToAuditor.get("initiatedBy").get("subject").asText()).isEqualTo("owner-alice-acc");
        });
    }

    @Test
    void shouldReportMoneyInFlightInTheTotalsAndSumNegativePartials() throws Exception {
        try (DriverBackedStores payeePartition = new DriverBackedStores(stateDir.resolve("payee-partition"), 1)) {
            // the payer on this instance's partition, the payee on the other's: each partial alone is lopsided
            stores.write(new AccountHistory("alice-acc", "EUR", T0).deposit(1000, T0).transferOut(DONE, "bob-acc", 300, T0, null)
                    .transferOut(WAITING, "bob-acc", 20, T0, null).events());
            payeePartition.write(new AccountHistory("bob-acc", "EUR", T0).transferIn(DONE, "alice-acc", 3, 300, T0).events());
            Javalin other = app(payeePartition, id -> new Route.Local(1)).start(0);
            try {
                partitions = 2;
                members.add(new Route.Remote("localhost", other.port()));
                JavalinTest.test(app(), (server, client) -> {
                    JsonNode otherShare = json(get(new HttpClient(other, java.net.http.HttpClient.newHttpClient()), "/internal/totals"));
                    assertThat(otherShare.get("currencies").get("EUR").get("inFlight").bigIntegerValue()).isEqualTo(BigInteger.valueOf(-300));

                    JsonNode eur = json(get(client, "/totals")).get("currencies").get("EUR");
                    assertThat(eur.get("inFlight").bigIntegerValue()).isEqualTo(BigInteger.valueOf(20));
                    // acc-1's 380 plus alice's 680 and bob's 300
                    assertThat(eur.get("balanceSum").bigIntegerValue()).isEqualTo(BigInteger.valueOf(380 + 680 + 300));
                    assertThat(eur.get("depositVolume").bigIntegerValue()).isEqualTo(BigInteger.valueOf(500 + 1000));
                    assertThat(eur.get("withdrawalVolume").bigIntegerValue()).isEqualTo(BigInteger.valueOf(120));
                    assertThat(eur.get("balanceSum").bigIntegerValue().add(eur.get("inFlight").bigIntegerValue()))
                            .isEqualTo(eur.get("depositVolume").bigIntegerValue().subtract(eur.get("withdrawalVolume").bigIntegerValue()));
                    assertThat(json(get(client, "/totals")).get("currencies").get("USD").get("inFlight").asLong()).isZero();
                });
            } finally {
                other.stop();
            }
        }
    }

    @Test
    void shouldReadPartialTotalsWithoutInFlightAsNothingInFlight() {
        // what /internal/totals of an instance still on the release before v3 answers
        JsonNode previousRelease = Json.parse("{\"EUR\": {\"accounts\": 2, \"balanceSum\": 5, \"depositVolume\": 7,"
                + " \"withdrawalVolume\": 2, \"closedAccounts\": 1}}");

        assertThat(TotalsJson.parseCurrencies(previousRelease).get("EUR").inFlight()).isZero();
        assertThat(TotalsJson.parseCurrencies(TotalsJson.currencies(Map.of("EUR", new CurrencyTotals(BigInteger.ONE, BigInteger.ONE,
                BigInteger.TEN, BigInteger.ZERO, BigInteger.ZERO, BigInteger.valueOf(-9))))).get("EUR").inFlight())
                .isEqualTo(BigInteger.valueOf(-9));
    }
}

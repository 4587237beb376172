package org.eventbank.ledger.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eventbank.kit.http.Readiness;
import org.eventbank.ledger.LedgerFixtures.AccountHistory;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.Initiator;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.query.ClusterMembers;
import org.eventbank.ledger.query.Finality;
import org.eventbank.ledger.query.KeyRouter;
import org.eventbank.ledger.query.LedgerQueries;
import org.eventbank.ledger.query.Read;
import org.eventbank.ledger.query.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerHttpAppTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MIN_VERSION_WAIT = Duration.ofMillis(300);

    @TempDir
    Path stateDir;

    private DriverBackedStores stores;
    private final AtomicReference<Route> route = new AtomicReference<>(new Route.Local(0));
    private final AtomicBoolean ready = new AtomicBoolean(true);
    /** Every instant of the fixtures is final unless a test says otherwise; null: none is vouched for yet. */
    private final AtomicReference<Instant> finalUpTo = new AtomicReference<>(T0.plus(Duration.ofDays(365)));
    private static final Duration TRAIL_MAX = Duration.ofMillis(23_000);
    private final List<Route.Remote> members = new ArrayList<>();
    private final Route.Remote self = new Route.Remote("localhost", 1);
    private int partitions = 1;

    @BeforeEach
    void foldALedger() {
        stores = new DriverBackedStores(stateDir, 0);
        stores.write(new AccountHistory("acc-1", "EUR", T0).deposit(500, T0.plusSeconds(10)).withdraw(120, T0.plusSeconds(20)).events());
        stores.write(new AccountHistory("acc-2", "USD", T0).deposit(7, T0.plusSeconds(5)).events());
        members.add(self);
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    private Javalin app() {
        return app(stores, accountId -> route.get());
    }

    private Javalin app(LedgerQueries queries, KeyRouter router) {
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
        return LedgerHttpApp.create(new LedgerHttpApp.Collaborators(router, queries, finality, cluster,
                new Forwarder(Duration.ofSeconds(2), "test"), readiness, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                partitions, MIN_VERSION_WAIT, Duration.ofSeconds(2)));
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
            Response response = client.get("/accounts/acc-1/balance");

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
            JsonNode between = json(client.get("/accounts/acc-1/balance?asOf=2026-01-01T00:00:15Z"));
            assertThat(between.get("balance").asLong()).isEqualTo(500);
            assertThat(between.get("version").asLong()).isEqualTo(2);
            assertThat(between.get("updatedAt").asText()).isEqualTo("2026-01-01T00:00:10Z");

            JsonNode onEvent = json(client.get("/accounts/acc-1/balance?asOf=2026-01-01T00:00:20Z"));
            assertThat(onEvent.get("version").asLong()).isEqualTo(3);

            JsonNode withOffset = json(client.get("/accounts/acc-1/balance?asOf=2026-01-01T01:00:15%2B01:00"));
            assertThat(withOffset.get("version").asLong()).isEqualTo(2);

            assertProblem(client.get("/accounts/acc-1/balance?asOf=2025-12-31T23:59:59.999Z"), 404, "account-not-found");
            assertProblem(client.get("/accounts/acc-1/balance?asOf=yesterday"), 400, "malformed-request");
        });
    }

    @Test
    void shouldAnswerAsOfOnlyForFinalInstantsAnd503WithRetryAfterUntilTheyAre() {
        finalUpTo.set(T0.plusSeconds(15));
        JavalinTest.test(app(), (server, client) -> {
            assertThat(json(client.get("/accounts/acc-1/balance?asOf=2026-01-01T00:00:15Z")).get("version").asLong()).isEqualTo(2);
            // a 404 is an answer too: final before the opening
            assertProblem(client.get("/accounts/acc-1/balance?asOf=2025-12-31T23:59:59Z"), 404, "account-not-found");

            Response justAfter = client.get("/accounts/acc-1/balance?asOf=2026-01-01T00:00:15.001Z");
            assertProblem(justAfter, 503, "not-ready");
            assertThat(justAfter.headers().get("Retry-After")).containsExactly("1");
            assertThat(json(justAfter).get("detail").asText()).contains("not final", "final up to 2026-01-01T00:00:15Z");
            assertThat(client.get("/accounts/acc-1/balance?asOf=2026-01-01T00:00:20Z").headers().get("Retry-After")).containsExactly("5");
            // far ahead: retry within the longest trail, not in a year
            Response nextYear = client.get("/accounts/acc-1/balance?asOf=2027-01-01T00:00:00Z");
            assertProblem(nextYear, 503, "not-ready");
            assertThat(nextYear.headers().get("Retry-After")).containsExactly("23");
            assertThat(client.get("/accounts/acc-1/balance?asOf=%2B1000000000-01-01T00:00:00Z").headers().get("Retry-After"))
                    .containsExactly("23");
            // an account never seen is not 404 either while the instant is not final
            assertProblem(client.get("/accounts/nobody/balance?asOf=2026-01-01T00:00:16Z"), 503, "not-ready");

            finalUpTo.set(null);
            Response starting = client.get("/accounts/acc-1/balance?asOf=2026-01-01T00:00:15Z");
            assertProblem(starting, 503, "not-ready");
            assertThat(starting.headers().get("Retry-After")).containsExactly("1");
            // the current balance and minVersion do not wait for finality
            assertThat(client.get("/accounts/acc-1/balance").code()).isEqualTo(200);
            assertThat(client.get("/accounts/acc-1/balance?minVersion=3").code()).isEqualTo(200);
        });
    }

    @Test
    void shouldAnswerMinVersionAtOnceWhenFoldedAnd504AfterTheBound() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(json(client.get("/accounts/acc-1/balance?minVersion=3")).get("version").asLong()).isEqualTo(3);

            long start = System.nanoTime();
            Response late = client.get("/accounts/acc-1/balance?minVersion=4");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;

            assertProblem(late, 504, "min-version-timeout");
            assertThat(waitedMs).isGreaterThanOrEqualTo(MIN_VERSION_WAIT.toMillis());
            assertProblem(client.get("/accounts/never-seen/balance?minVersion=1"), 504, "min-version-timeout");
            assertProblem(client.get("/accounts/acc-1/balance?minVersion=0"), 400, "malformed-request");
            assertProblem(client.get("/accounts/acc-1/balance?minVersion=x"), 400, "malformed-request");
            assertProblem(client.get("/accounts/acc-1/balance?minVersion=1&asOf=2026-01-01T00:00:00Z"), 400, "malformed-request");
        });
    }

    @Test
    void shouldRejectBadAccountIdsUnknownAccountsAndUnknownParameters() {
        JavalinTest.test(app(), (server, client) -> {
            assertProblem(client.get("/accounts/bad%21id/balance"), 400, "invalid-account-id");
            assertProblem(client.get("/accounts/" + "x".repeat(65) + "/balance"), 400, "invalid-account-id");
            assertProblem(client.get("/accounts/nobody/balance"), 404, "account-not-found");
            assertProblem(client.get("/accounts/acc-1/balance?asof=2026-01-01T00:00:00Z"), 400, "malformed-request");
            assertProblem(client.get("/accounts/nobody/events"), 404, "account-not-found");
        });
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsWithProblems() {
        JavalinTest.test(app(), (server, client) -> {
            assertProblem(client.get("/nothing-here"), 404, "not-found");
            Response post = client.request("/accounts/acc-1/balance", builder -> builder.post(HttpRequest.BodyPublishers.ofString("{}")));
            assertProblem(post, 405, "method-not-allowed");
        });
    }

    @Test
    void shouldPageTheStatementWithANextHint() {
        JavalinTest.test(app(), (server, client) -> {
            JsonNode first = json(client.get("/accounts/acc-1/events?limit=2"));
            assertThat(first.get("events")).hasSize(2);
            JsonNode deposit = first.get("events").get(1);
            assertThat(deposit.get("type").asText()).isEqualTo("Deposited");
            assertThat(deposit.get("amount").asLong()).isEqualTo(500);
            assertThat(deposit.get("balanceAfter").asLong()).isEqualTo(500);
            assertThat(deposit.get("version").asLong()).isEqualTo(2);
            assertThat(deposit.get("occurredAt").asText()).isEqualTo("2026-01-01T00:00:10Z");
            assertThat(first.get("nextFromVersion").asLong()).isEqualTo(3);

            JsonNode last = json(client.get(first.get("next").asText()));
            assertThat(last.get("events")).hasSize(1);
            assertThat(last.get("events").get(0).get("type").asText()).isEqualTo("Withdrawn");
            assertThat(last.get("next").isNull()).isTrue();

            assertThat(json(client.get("/accounts/acc-1/events")).get("events")).hasSize(3);
            assertProblem(client.get("/accounts/acc-1/events?limit=1001"), 400, "malformed-request");
            assertProblem(client.get("/accounts/acc-1/events?limit=0"), 400, "malformed-request");
            assertProblem(client.get("/accounts/acc-1/events?fromVersion=0"), 400, "malformed-request");
        });
    }

    @Test
    void shouldShowAClosedAccountAsClosedNowAndAsOpenAsOfBeforeItsClose() {
        stores.write(new AccountHistory("acc-3", "EUR", T0).deposit(500, T0.plusSeconds(10)).withdraw(500, T0.plusSeconds(20))
                .close(T0.plusSeconds(30)).events());
        JavalinTest.test(app(), (server, client) -> {
            JsonNode closed = json(client.get("/accounts/acc-3/balance"));
            assertThat(closed.get("status").asText()).isEqualTo("closed");
            assertThat(closed.get("balance").asLong()).isZero();
            assertThat(closed.get("version").asLong()).isEqualTo(4);

            JsonNode beforeTheClose = json(client.get("/accounts/acc-3/balance?asOf=2026-01-01T00:00:29Z"));
            assertThat(beforeTheClose.get("status").asText()).isEqualTo("open");
            assertThat(beforeTheClose.get("version").asLong()).isEqualTo(3);
            JsonNode atTheClose = json(client.get("/accounts/acc-3/balance?asOf=2026-01-01T00:00:30Z"));
            assertThat(atTheClose.get("status").asText()).isEqualTo("closed");

            assertThat(json(client.get("/accounts/acc-1/balance")).get("status").asText()).isEqualTo("open");
            assertThat(json(client.get("/accounts/acc-3/balance?minVersion=4")).get("status").asText()).isEqualTo("closed");
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
            JsonNode statement = json(client.get("/accounts/acc-3/events"));

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

            JsonNode open = json(client.get("/accounts/acc-1/events"));
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
            assertThat(client.get("/health/ready").code()).isEqualTo(200);
            assertThat(client.get("/health/live").code()).isEqualTo(200);

            ready.set(false);
            route.set(new Route.Unavailable("rebalancing"));

            Response notReady = client.get("/health/ready");
            assertProblem(notReady, 503, "not-ready");
            assertThat(notReady.headers().get("Retry-After")).containsExactly("1");
            Response balance = client.get("/accounts/acc-1/balance");
            assertProblem(balance, 503, "not-ready");
            assertThat(balance.headers().get("Retry-After")).containsExactly("1");
            assertThat(client.get("/health/live").code()).isEqualTo(200);
        });
    }

    @Test
    void shouldForwardToTheOwnerAndRelayItsAnswer() {
        Javalin owner = app().start(0);
        try {
            Route.Remote ownerAddress = new Route.Remote("localhost", owner.port());
            JavalinTest.test(app(stores, accountId -> ownerAddress), (server, client) -> {
                Response balance = client.get("/accounts/acc-1/balance?asOf=2026-01-01T00:00:15Z");
                assertThat(balance.code()).isEqualTo(200);
                assertThat(json(balance).get("balance").asLong()).isEqualTo(500);

                assertProblem(client.get("/accounts/nobody/balance"), 404, "account-not-found");
                assertThat(json(client.get("/accounts/acc-1/events?limit=1")).get("nextFromVersion").asLong()).isEqualTo(2);

                // the owner decides finality; its 503 and Retry-After come back as they are
                finalUpTo.set(T0.plusSeconds(15));
                Response notFinal = client.get("/accounts/acc-1/balance?asOf=2026-01-01T00:00:17Z");
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
            Response response = client.get("/accounts/acc-1/balance", builder -> builder.header(Forwarder.FORWARDED_HEADER, "elsewhere:1"));

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
                    JsonNode totals = json(client.get("/totals"));
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
                    assertProblem(client.get("/totals"), 503, "not-ready");
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
            Response balance = client.get("/accounts/acc-1/balance");
            assertProblem(balance, 503, "not-ready");
            assertThat(balance.headers().get("Retry-After")).containsExactly("1");
            assertProblem(client.get("/totals"), 500, "internal-error");
        });
    }

    @Test
    void shouldExposeMetricsAndTheOpenApiDocument() {
        JavalinTest.test(app(), (server, client) -> {
            client.get("/accounts/acc-1/balance");
            client.get("/accounts/acc-1/balance?asOf=2026-01-01T00:00:15Z");

            String metrics = client.get("/metrics").body().string();
            assertThat(metrics).contains("ledger_projector_query_seconds_bucket{query=\"balance\"")
                    .contains("ledger_projector_query_seconds_count{query=\"asOf\"} 1");

            Response openApi = client.get("/openapi.json");
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
        });
    }
}

package org.eventbank.ledger.http;

import java.time.Duration;

import org.apache.kafka.streams.errors.InvalidStateStoreException;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projector's REST edge: routes, one problem+json mapper, nothing else. Every collaborator is
 * handed in, so tests run the same app over a TopologyTestDriver's stores.
 */
public final class LedgerHttpApp {

    private static final Logger log = LoggerFactory.getLogger(LedgerHttpApp.class);
    /** Set once a handler has written the whole answer (a problem, or a relayed one), so the status-code error handlers leave it alone. */
    static final String ANSWER_WRITTEN = "answer-written";

    /** What the HTTP edge needs from the rest of the projector. */
    public record Collaborators(
            KeyRouter router,
            LocalStores stores,
            ClusterMembers members,
            Forwarder forwarder,
            Readiness readiness,
            PrometheusMeterRegistry registry,
            int partitions,
            Duration minVersionWaitMax,
            Duration forwardTimeout) {
    }

    private LedgerHttpApp() {
    }

    public static Javalin create(Collaborators c) {
        QueryMetrics metrics = new QueryMetrics(c.registry());
        RoutedQuery routedQuery = new RoutedQuery(c.router(), c.forwarder(), c.forwardTimeout());
        BalanceHandler balance = new BalanceHandler(routedQuery, c.stores(), c.minVersionWaitMax(), metrics);
        StatementHandler statement = new StatementHandler(routedQuery, c.stores(), metrics);
        TotalsHandler totals = new TotalsHandler(c.members(), c.stores(), c.forwarder(), c.forwardTimeout(), c.partitions(), metrics);
        StaticResourceHandler openApi = new StaticResourceHandler("/org/eventbank/ledger/openapi.json", Json.APPLICATION_JSON);

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            config.routes.get("/accounts/{id}/balance", balance);
            config.routes.get("/accounts/{id}/events", statement);
            config.routes.get("/totals", totals);
            config.routes.get(LocalTotalsHandler.PATH, new LocalTotalsHandler(c.stores()));
            config.routes.get("/health/live", HealthHandlers.live());
            config.routes.get("/health/ready", HealthHandlers.ready(c.readiness()));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(c.registry().scrape()));
            config.routes.get("/openapi.json", openApi);

            config.routes.exception(ProblemException.class, (problem, ctx) -> writeProblem(ctx, problem));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> writeProblem(ctx, fromJavalin(e, ctx)));
            // a store that moved or closed between routing and reading: the same answer as during a rebalance
            config.routes.exception(InvalidStateStoreException.class, (e, ctx) ->
                    writeProblem(ctx, ProblemException.notReady("the store cannot be read here now: " + e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("Unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
                writeProblem(ctx, ProblemException.internalError(e));
            });
            // Javalin answers unmatched paths itself; these make those answers problem documents too
            config.routes.error(404, ctx -> {
                if (ctx.attribute(ANSWER_WRITTEN) == null) {
                    writeProblem(ctx, ProblemException.notFound(ctx.path()));
                }
            });
            config.routes.error(405, ctx -> {
                if (ctx.attribute(ANSWER_WRITTEN) == null) {
                    writeProblem(ctx, ProblemException.methodNotAllowed(ctx.method().name(), ctx.path()));
                }
            });
        });
    }

    private static ProblemException fromJavalin(HttpResponseException e, Context ctx) {
        if (e.getStatus() == 405) {
            return ProblemException.methodNotAllowed(ctx.method().name(), ctx.path());
        }
        if (e.getStatus() == 404) {
            return ProblemException.notFound(ctx.path());
        }
        return ProblemException.malformedRequest(e.getMessage());
    }

    private static void writeProblem(Context ctx, ProblemException problem) {
        ctx.attribute(ANSWER_WRITTEN, Boolean.TRUE);
        ctx.status(problem.status()).contentType(Json.PROBLEM_JSON).result(Json.problem(problem, ctx.path()));
        if (problem.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Integer.toString(problem.retryAfterSeconds()));
        }
    }
}

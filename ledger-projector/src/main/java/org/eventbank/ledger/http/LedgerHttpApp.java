package org.eventbank.ledger.http;

import java.time.Duration;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eventbank.kit.auth.TokenVerifier;
import org.eventbank.kit.http.OperationalRoutes;
import org.eventbank.kit.http.Problems;
import org.eventbank.kit.http.Readiness;
import org.eventbank.ledger.query.ClusterMembers;
import org.eventbank.ledger.query.Finality;
import org.eventbank.ledger.query.KeyRouter;
import org.eventbank.ledger.query.LedgerQueries;
import org.eventbank.ledger.query.TransferQueries;

/**
 * The projector's REST edge: its routes, the kit's problem+json mapper and operational routes
 * (health, metrics, OpenAPI), nothing else. Every collaborator is handed in, so tests run the same app
 * over a TopologyTestDriver's stores.
 *
 * <p>Every route but health and the OpenAPI document needs a bearer token (the kit's {@code BearerAuth}, installed
 * by {@link OperationalRoutes}: 401 without a valid one), also a query forwarded from another instance; the
 * handlers then check scopes and owners ({@link AccountAccess}, for accounts and for {@code /transfers/{id}}; {@code /totals}, {@code /internal/totals} and
 * {@code /metrics} for {@code bank:auditor}).
 */
public final class LedgerHttpApp {

    static final String OPENAPI_RESOURCE = "/org/eventbank/ledger/openapi.json";

    /**
     * What the HTTP edge needs from the rest of the projector.
     *
     * @param minVersionAheadMax how far above the version a caller sees a minVersion may ask ({@code BANK_MIN_VERSION_AHEAD_MAX})
     * @param versionWaits       where minVersion queries wait; its owner closes it (the projector, with the server)
     * @param transferRouter     finds the instance holding a transferId's partition of the transfers store
     * @param transfers          this instance's transfers store
     */
    public record Collaborators(
            KeyRouter router,
            LedgerQueries queries,
            Finality finality,
            ClusterMembers members,
            Forwarder forwarder,
            Readiness readiness,
            PrometheusMeterRegistry registry,
            int partitions,
            Duration minVersionWaitMax,
            long minVersionAheadMax,
            VersionWaits versionWaits,
            Duration forwardTimeout,
            TokenVerifier verifier,
            KeyRouter transferRouter,
            TransferQueries transfers) {
    }

    private LedgerHttpApp() {
    }

    public static Javalin create(Collaborators c) {
        QueryMetrics metrics = new QueryMetrics(c.registry());
        RoutedQuery routedQuery = new RoutedQuery(c.router(), c.forwarder(), c.forwardTimeout());
        BalanceHandler balance = new BalanceHandler(routedQuery, c.queries(), c.finality(), c.minVersionWaitMax(), c.minVersionAheadMax(),
                c.versionWaits(), metrics);
        StatementHandler statement = new StatementHandler(routedQuery, c.queries(), metrics);
        TransferHandler transfer = new TransferHandler(new RoutedQuery(c.transferRouter(), c.forwarder(), c.forwardTimeout(), "transfer"),
                c.transfers(), metrics);
        TotalsHandler totals = new TotalsHandler(c.members(), c.queries(), c.forwarder(), c.forwardTimeout(), c.partitions(), metrics);

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            Problems.install(config);
            config.routes.get("/accounts/{id}/balance", balance);
            config.routes.get("/accounts/{id}/events", statement);
            config.routes.get("/transfers/{id}", transfer);
            config.routes.get("/totals", totals);
            config.routes.get(LocalTotalsHandler.PATH, new LocalTotalsHandler(c.queries()));
            OperationalRoutes.install(config, c.readiness(), c.registry(), OPENAPI_RESOURCE, c.verifier());
        });
    }
}

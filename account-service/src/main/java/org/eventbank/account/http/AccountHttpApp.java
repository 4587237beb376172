package org.eventbank.account.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eventbank.account.app.CommandGateway;
import org.eventbank.account.app.CommandLookup;
import org.eventbank.account.app.ContractFeatures;
import org.eventbank.kit.auth.TokenVerifier;
import org.eventbank.kit.http.OperationalRoutes;
import org.eventbank.kit.http.Problems;
import org.eventbank.kit.http.Readiness;

/**
 * The REST edge of account-service, one Javalin app:
 * <ul>
 *   <li>{@code POST /accounts}, {@code POST /accounts/{id}/deposits}, {@code POST /accounts/{id}/withdrawals},
 *       {@code POST /accounts/{id}/close} (501 not-enabled until the contract versions written allow it)
 *   <li>{@code POST /transfers} (501 not-enabled until the contract versions written are v3)
 *   <li>{@code GET /accounts/{id}/commands/{commandId}}: a command's final outcome, from the committed results
 *   <li>the kit's {@link OperationalRoutes}: {@code GET /health/live}, {@code GET /health/ready} (ready once the
 *       Streams client is RUNNING and the result listener is assigned), {@code GET /metrics} (Prometheus text),
 *       {@code GET /openapi.json} (OpenAPI 3)
 * </ul>
 * Every route but health and the OpenAPI document needs a bearer token (the kit's {@code BearerAuth}; 401
 * unauthorized, 403 forbidden; decision 0015). Every error is an {@code application/problem+json} document (the kit's {@link Problems}); unknown paths answer
 * 404 not-found and known paths with another method 405 method-not-allowed. {@link #create} builds the app without
 * starting it, so tests run the same factory with a fake {@link CommandGateway} and {@link CommandLookup}.
 */
public final class AccountHttpApp {

    static final String OPENAPI_RESOURCE = "/org/eventbank/account/openapi.json";

    private AccountHttpApp() {
    }

    /**
     * @param lookup          answers {@code GET /accounts/{id}/commands/{commandId}}
     * @param clock           stamps each command's {@code issuedAt}
     * @param features        what the contract versions this instance writes allow; closing answers 501 not-enabled
     *                        while they cannot carry it, and commands carry a deadline only while they can
     * @param commandDeadline each command's {@code notAfter} is its {@code issuedAt} plus this, while deadlines are on
     * @param tokens          verifies the bearer token of every request but health and the OpenAPI document
     */
    public static Javalin create(CommandGateway gateway, CommandLookup lookup, Readiness readiness,
                                 PrometheusMeterRegistry registry, int requestBodyBytesMax, Clock clock,
                                 ContractFeatures features, Duration commandDeadline, TokenVerifier tokens) {
        ObjectMapper mapper = StrictJson.mapper();
        RequestInput input = new RequestInput(mapper, requestBodyBytesMax);
        CommandSubmitter submitter = new CommandSubmitter(gateway, readiness, new CommandMetrics(registry), clock,
                features.deadlinesEnabled() ? Optional.of(commandDeadline) : Optional.empty(), features);
        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.maxRequestSize = requestBodyBytesMax;
            config.startup.showJavalinBanner = false;
            config.routes.post("/accounts", new OpenAccountHandler(mapper, input, submitter));
            config.routes.post("/accounts/{id}/deposits",
                    new MoneyCommandHandler(MoneyCommandHandler.Kind.DEPOSIT, mapper, input, submitter));
            config.routes.post("/accounts/{id}/withdrawals",
                    new MoneyCommandHandler(MoneyCommandHandler.Kind.WITHDRAW, mapper, input, submitter));
            config.routes.post("/accounts/{id}/close", new CloseAccountHandler(features, mapper, input, submitter));
            config.routes.post("/transfers", new TransferHandler(features, mapper, input, submitter));
            config.routes.get("/accounts/{id}/commands/{commandId}", new CommandStatusHandler(lookup, input, clock));
            OperationalRoutes.install(config, readiness, registry, OPENAPI_RESOURCE, tokens);
            Problems.install(config);
        });
    }
}

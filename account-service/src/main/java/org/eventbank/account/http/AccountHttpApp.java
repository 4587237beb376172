package org.eventbank.account.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST edge of account-service, one Javalin app:
 * <ul>
 *   <li>{@code POST /accounts}, {@code POST /accounts/{id}/deposits}, {@code POST /accounts/{id}/withdrawals}
 *   <li>{@code GET /health/live}, {@code GET /health/ready}, {@code GET /metrics} (Prometheus text),
 *       {@code GET /openapi.json} (OpenAPI 3)
 * </ul>
 * Every error is an {@code application/problem+json} document; unknown paths answer 404 not-found and
 * known paths with another method 405 method-not-allowed. {@link #create} builds the app without
 * starting it, so tests run the same factory with a fake {@link CommandGateway}.
 */
public final class AccountHttpApp {

    private static final Logger log = LoggerFactory.getLogger(AccountHttpApp.class);
    static final String OPENAPI_RESOURCE = "/org/eventbank/account/openapi.json";

    private AccountHttpApp() {
    }

    public static Javalin create(CommandGateway gateway, Readiness readiness, PrometheusMeterRegistry registry,
                                 int requestBodyBytesMax, Clock clock) {
        ObjectMapper mapper = StrictJson.mapper();
        ProblemWriter problems = new ProblemWriter(mapper);
        RequestInput input = new RequestInput(mapper, requestBodyBytesMax);
        CommandSubmitter submitter = new CommandSubmitter(gateway, readiness, new CommandMetrics(registry), problems, clock);
        HealthHandlers health = new HealthHandlers(readiness);
        byte[] openApi = openApiDocument();
        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.maxRequestSize = requestBodyBytesMax;
            config.http.prefer405over404 = true;
            config.startup.showJavalinBanner = false;
            config.routes.post("/accounts", new OpenAccountHandler(mapper, input, submitter));
            config.routes.post("/accounts/{id}/deposits",
                    new MoneyCommandHandler(MoneyCommandHandler.Kind.DEPOSIT, mapper, input, submitter));
            config.routes.post("/accounts/{id}/withdrawals",
                    new MoneyCommandHandler(MoneyCommandHandler.Kind.WITHDRAW, mapper, input, submitter));
            config.routes.get("/health/live", health::live);
            config.routes.get("/health/ready", health::ready);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));

            config.routes.exception(ProblemException.class, (e, ctx) -> problems.write(ctx, e));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> problems.write(ctx, problemFor(e.getStatus()),
                    e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                problems.write(ctx, ProblemType.INTERNAL_ERROR, "an unexpected error occurred; see the service log");
            });
            config.routes.error(404, ctx -> unlessWritten(ctx, problems, ProblemType.NOT_FOUND,
                    "no resource at " + ctx.path()));
            config.routes.error(405, ctx -> unlessWritten(ctx, problems, ProblemType.METHOD_NOT_ALLOWED,
                    ctx.method() + " is not allowed on " + ctx.path()));
        });
    }

    private static void unlessWritten(Context ctx, ProblemWriter problems, ProblemType type, String detail) {
        if (!ProblemWriter.isWritten(ctx)) {
            problems.write(ctx, type, detail);
        }
    }

    private static ProblemType problemFor(int status) {
        switch (status) {
            case 404: return ProblemType.NOT_FOUND;
            case 405: return ProblemType.METHOD_NOT_ALLOWED;
            case 413: return ProblemType.BODY_TOO_LARGE;
            case 503: return ProblemType.NOT_READY;
            default: return status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.MALFORMED_REQUEST;
        }
    }

    private static byte[] openApiDocument() {
        try (InputStream in = AccountHttpApp.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.eventbank.kit.http;

import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.eventbank.kit.auth.BearerAuth;
import org.eventbank.kit.auth.Scope;
import org.eventbank.kit.auth.TokenVerifier;

/**
 * The routes every service has besides its own, written once:
 * <ul>
 *   <li>{@code GET /health/live}: 200 {@code {"status":"UP"}}, or 503 not-live once a part of the instance died of a
 *       fault a restart cures ({@link Readiness#deadReason}); a stop on bad data keeps it live (a restart would loop);
 *   <li>{@code GET /health/ready}: 200 {@code {"status":"READY"}}, or 503 not-ready (with Retry-After) saying why;
 *       the same as the gauge {@code bank_ready} (1 or 0) on {@code /metrics}, for alerting;
 *   <li>{@code GET /metrics}: the Prometheus text of the service's registry, for {@code bank:auditor} tokens
 *       (decision 0015: one port, one way to authenticate; Prometheus sends a bearer token);
 *   <li>{@code GET /openapi.json}: the service's OpenAPI document, a classpath resource read once at start.
 * </ul>
 * and {@link BearerAuth} in front of every route but health and the OpenAPI document.
 */
public final class OperationalRoutes {

    /** {@code /health/live} failing: a part of the instance died of a fault a restart cures. */
    public static final ProblemType NOT_LIVE = ProblemType.of("not-live", 503);

    /** The readiness gauge: {@code bank_ready} in the Prometheus text. */
    public static final String READY_GAUGE = "bank.ready";

    private OperationalRoutes() {
    }

    public static void install(JavalinConfig config, Readiness readiness, PrometheusMeterRegistry registry,
                               String openApiResource, TokenVerifier verifier) {
        BearerAuth.install(config, verifier);
        // What /health/ready answers, as a number an alert rule can watch: 1 ready, 0 not.
        Gauge.builder(READY_GAUGE, readiness, r -> r.notReadyReason().isEmpty() ? 1 : 0)
                .description("1 while this instance answers 200 on /health/ready, 0 while it answers 503 not-ready")
                .register(registry);
        byte[] openApi = resource(openApiResource);
        config.routes.get("/health/live", ctx -> {
            Optional<String> dead = readiness.deadReason();
            if (dead.isPresent()) {
                throw new ProblemException(NOT_LIVE, dead.get() + "; restart this instance");
            }
            ctx.json(Map.of("status", "UP"));
        });
        config.routes.get("/health/ready", ctx -> {
            Optional<String> notReady = readiness.notReadyReason();
            if (notReady.isPresent()) {
                throw ProblemException.notReady(notReady.get());
            }
            ctx.json(Map.of("status", "READY"));
        });
        config.routes.get("/metrics", ctx -> {
            BearerAuth.require(ctx, Scope.AUDITOR);
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
        });
        config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    }

    static byte[] resource(String name) {
        try (InputStream in = OperationalRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

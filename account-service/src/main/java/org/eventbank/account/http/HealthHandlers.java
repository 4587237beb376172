package org.eventbank.account.http;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /health/live} (the process answers) and {@code GET /health/ready} (200 once the
 * Streams client is RUNNING and the result listener is assigned; otherwise 503 not-ready with
 * Retry-After).
 */
public final class HealthHandlers {

    private final Readiness readiness;

    public HealthHandlers(Readiness readiness) {
        this.readiness = readiness;
    }

    public void live(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    public void ready(Context ctx) {
        Optional<String> notReady = readiness.notReadyReason();
        if (notReady.isPresent()) {
            throw new ProblemException(ProblemType.NOT_READY, notReady.get(),
                    Map.of("Retry-After", CommandSubmitter.RETRY_AFTER_SECONDS));
        }
        ctx.json(Map.of("status", "UP"));
    }
}

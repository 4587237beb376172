package org.eventbank.ledger.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/** {@code GET /health/live} (the process answers) and {@code GET /health/ready} (the Streams client is RUNNING). */
final class HealthHandlers {

    private HealthHandlers() {
    }

    static Handler live() {
        return ctx -> Json.write(ctx, 200, Json.object().put("status", "UP"));
    }

    static Handler ready(Readiness readiness) {
        return (Context ctx) -> {
            if (!readiness.ready()) {
                throw ProblemException.notReady("the projector is not running (Kafka Streams state " + readiness.state() + ")");
            }
            Json.write(ctx, 200, Json.object().put("status", "READY").put("state", readiness.state()));
        };
    }
}

package org.eventbank.kit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way both services answer with an RFC 9457 problem document: {@code application/problem+json}
 * with type, title, status, detail and instance (the request path). {@link #install} makes every
 * error of a Javalin app such a document: thrown {@link ProblemException}s, Javalin's own 404, 405 and
 * 413, unexpected exceptions (500, logged with their stack trace), and the answers Jetty gives before
 * a request reaches the app (400, 414, 431: {@link ProblemErrorHandler}).
 */
public final class Problems {

    public static final String CONTENT_TYPE = "application/problem+json";
    /** Set once a handler has written the whole answer, so the status-code error handlers leave it alone. */
    private static final String ANSWER_WRITTEN = "problem-answer-written";
    private static final int QUOTED_PATH_LENGTH_MAX = 100;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /**
     * Registers the mappers on {@code config}. A service may register handlers for more specific exception
     * classes besides; Javalin picks the closest match.
     */
    public static void install(JavalinConfig config) {
        config.http.prefer405over404 = true;
        // Jetty answers some requests itself, before they reach the app (bad bytes, a URI or headers too large)
        config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
        config.routes.exception(ProblemException.class, (problem, ctx) -> write(ctx, problem));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromStatus(e, ctx)));
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, ProblemType.INTERNAL_ERROR, "an unexpected error occurred (" + e.getClass().getSimpleName()
                    + "); it is logged and is a bug");
        });
        // Javalin answers unmatched paths itself; these make those answers problem documents too.
        config.routes.error(404, ctx -> {
            if (!isWritten(ctx)) {
                write(ctx, ProblemType.NOT_FOUND, "no resource at " + abbreviate(ctx.path()));
            }
        });
        config.routes.error(405, ctx -> {
            if (!isWritten(ctx)) {
                write(ctx, ProblemType.METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on " + abbreviate(ctx.path()));
            }
        });
    }

    public static void write(Context ctx, ProblemException problem) {
        problem.headers().forEach(ctx::header);
        write(ctx, problem.problemType(), problem.getMessage());
    }

    public static void write(Context ctx, ProblemType type, String detail) {
        write(ctx, type, detail, Map.of());
    }

    /**
     * A problem with extension members (RFC 9457, section 3.2): what a program needs from the answer, beside the detail
     * written for people. They follow the standard members and never replace one.
     */
    public static void write(Context ctx, ProblemType type, String detail, Map<String, ?> extensions) {
        ctx.status(type.status()).contentType(CONTENT_TYPE).result(body(type, detail, ctx.path(), extensions));
        markWritten(ctx);
    }

    /** The JSON bytes of a problem document; {@code instance} (the request path) is left out when null. */
    static byte[] body(ProblemType type, String detail, String instance) {
        return body(type, detail, instance, Map.of());
    }

    private static byte[] body(ProblemType type, String detail, String instance, Map<String, ?> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.type());
        body.put("title", type.title());
        body.put("status", type.status());
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        extensions.forEach((name, value) -> {
            if (body.containsKey(name)) {
                throw new IllegalArgumentException("extension member " + name + " would replace a standard member");
            }
            body.put(name, value);
        });
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem document", e);
        }
    }

    /** For a handler that writes a whole error answer itself (a relayed one): keeps the 404/405 handlers off it. */
    public static void markWritten(Context ctx) {
        ctx.attribute(ANSWER_WRITTEN, Boolean.TRUE);
    }

    public static boolean isWritten(Context ctx) {
        return ctx.attribute(ANSWER_WRITTEN) != null;
    }

    private static ProblemException fromStatus(HttpResponseException e, Context ctx) {
        ProblemType type = typeFor(e.getStatus());
        if (type == ProblemType.NOT_FOUND) {
            return new ProblemException(type, "no resource at " + abbreviate(ctx.path()));
        }
        if (type == ProblemType.METHOD_NOT_ALLOWED) {
            return new ProblemException(type, ctx.method() + " is not allowed on " + abbreviate(ctx.path()));
        }
        return type == ProblemType.NOT_READY ? ProblemException.notReady(e.getMessage()) : new ProblemException(type, e.getMessage());
    }

    /** The problem an HTTP error status stands for, whether Javalin or Jetty chose the status. */
    static ProblemType typeFor(int status) {
        switch (status) {
            case 404: return ProblemType.NOT_FOUND;
            case 405: return ProblemType.METHOD_NOT_ALLOWED;
            case 413: return ProblemType.BODY_TOO_LARGE;
            case 414: return ProblemType.URI_TOO_LONG;
            case 431: return ProblemType.HEADERS_TOO_LARGE;
            case 503: return ProblemType.NOT_READY;
            default: return status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.MALFORMED_REQUEST;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > QUOTED_PATH_LENGTH_MAX ? text.substring(0, QUOTED_PATH_LENGTH_MAX) + "..." : text;
    }
}

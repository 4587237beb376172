package org.eventbank.account.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes RFC 9457 problem documents: {@code application/problem+json} with type, title, status, detail. */
public final class ProblemWriter {

    public static final String CONTENT_TYPE = "application/problem+json";

    private final ObjectMapper mapper;

    public ProblemWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void write(Context ctx, ProblemException problem) {
        problem.headers().forEach(ctx::header);
        write(ctx, problem.problemType(), problem.getMessage());
    }

    public void write(Context ctx, ProblemType type, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.type());
        body.put("title", type.title());
        body.put("status", type.status());
        body.put("detail", detail);
        body.put("instance", ctx.path());
        try {
            ctx.status(type.status()).contentType(CONTENT_TYPE).result(mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem document", e);
        }
    }

    public static boolean isWritten(Context ctx) {
        String contentType = ctx.res().getContentType();
        return contentType != null && contentType.startsWith(CONTENT_TYPE);
    }
}

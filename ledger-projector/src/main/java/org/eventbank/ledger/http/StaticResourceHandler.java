package org.eventbank.ledger.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/** Serves one classpath resource, read once at start-up (the OpenAPI document). */
final class StaticResourceHandler implements Handler {

    private final byte[] content;
    private final String contentType;

    StaticResourceHandler(String resource, String contentType) {
        try (InputStream in = StaticResourceHandler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            this.content = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.contentType = contentType;
    }

    @Override
    public void handle(Context ctx) {
        ctx.contentType(contentType).result(content);
    }
}

package org.eventbank.kit.auth;

import com.nimbusds.jose.jwk.JWK;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** An identity provider's JWKS endpoint on loopback http (the JDK's server), counting how often it is fetched. */
final class JwksServer implements AutoCloseable {

    private static final String PATH = "/.well-known/jwks.json";

    private final HttpServer server;
    private final AtomicReference<byte[]> document = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();

    private JwksServer(JWK... keys) {
        publish(keys);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PATH, exchange -> {
            fetches.incrementAndGet();
            byte[] body = document.get();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** A started server publishing the public halves of {@code keys}. */
    static JwksServer serving(JWK... keys) {
        return new JwksServer(keys);
    }

    /** From now on the endpoint publishes {@code keys}: the provider rotated. */
    void publish(JWK... keys) {
        document.set(TestTokens.jwks(keys).getBytes(StandardCharsets.UTF_8));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** How many times the JWKS has been fetched. */
    int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package org.eventbank.account.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eventbank.account.TestTokens;

/**
 * A plain java.net.http client for the account-service REST contract, as a user would call it, with one bearer token
 * on every request: by default the every-scope token of {@code ./bank token} ({@link TestTokens#dev()}).
 */
final class BankHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The Authorization header sent, or null for none. */
    private final String authorization;

    BankHttp() {
        this(TestTokens.dev());
    }

    BankHttp(String authorization) {
        this.authorization = authorization;
    }

    HttpResponse<String> send(int port, String method, String path, String body, String idempotencyKey) {
        try {
            return client.send(request(port, method, path, body == null ? null : HttpRequest.BodyPublishers.ofString(body),
                    idempotencyKey), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<HttpResponse<String>> sendAsync(int port, String path, String body, String idempotencyKey) {
        return client.sendAsync(request(port, "POST", path, HttpRequest.BodyPublishers.ofString(body), idempotencyKey),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> sendBytes(int port, String path, byte[] body) throws IOException, InterruptedException {
        return client.send(request(port, "POST", path, HttpRequest.BodyPublishers.ofByteArray(body), null),
                HttpResponse.BodyHandlers.ofString());
    }

    /** True when the instance on {@code port} answers its readiness check with 200; false while it cannot be reached. */
    boolean isReady(int port) {
        try {
            return send(port, "GET", "/health/ready", null, null).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    static String problemType(HttpResponse<String> response) {
        return json(response).path("type").asText();
    }

    private HttpRequest request(int port, String method, String path, HttpRequest.BodyPublisher body, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body)
                .header("Content-Type", "application/json");
        if (key != null) {
            builder.header("Idempotency-Key", key);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }
}

package org.eventbank.platform.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain JDK HTTP calls to a service on localhost, as a client of the REST contract makes them: each with the bearer
 * token this instance was made with ({@link #as}), or none ({@link #anonymous}).
 */
final class ServiceHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String token;

    private ServiceHttp(String token) {
        this.token = token;
    }

    /** Calls sending {@code Authorization: Bearer <token>}. */
    static ServiceHttp as(String token) {
        return new ServiceHttp(java.util.Objects.requireNonNull(token));
    }

    /** Calls without a token: health checks, and the 401s. */
    static ServiceHttp anonymous() {
        return new ServiceHttp(null);
    }

    /** One answer: the status and the body, parsed as JSON where it is JSON. */
    record Answer(int status, HttpHeaders headers, String text) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text, e);
            }
        }
    }

    Answer post(int port, String path, String body) {
        return send(request(port, path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer post(int port, String path, String body, String idempotencyKey) {
        return send(request(port, path).header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer get(int port, String path) {
        return send(request(port, path).GET());
    }

    private HttpRequest.Builder request(int port, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(REQUEST_TIMEOUT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

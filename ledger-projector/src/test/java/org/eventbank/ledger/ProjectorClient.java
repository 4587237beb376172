package org.eventbank.ledger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a user of the REST API sees: status and JSON body. Every request carries a bearer token: the auditor's of
 * {@link ProjectorTestConfigs#TOKENS} (who reads every account, the totals and the metrics) unless another is given.
 */
final class ProjectorClient {

    record Answer(int status, JsonNode body, String retryAfter, String wwwAuthenticate) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String auditor = ProjectorTestConfigs.TOKENS.auditor();

    /** As the auditor. */
    Answer get(int port, String pathAndQuery) {
        return get(port, pathAndQuery, auditor, Map.of());
    }

    /** With this {@code Authorization} header (none when null) and these other headers. */
    Answer get(int port, String pathAndQuery, String authorization, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        headers.forEach(builder::header);
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isEmpty() || !body.trim().startsWith("{") ? null : MAPPER.readTree(body);
            return new Answer(response.statusCode(), json, response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("WWW-Authenticate").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + pathAndQuery + " on port " + port + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body as text, as the auditor (the metrics are the auditor's). */
    String text(int port, String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", auditor)
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

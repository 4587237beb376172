package org.eventbank.ledger.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.eventbank.kit.http.ProblemException;
import org.eventbank.ledger.query.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a query to the instance that owns the key and brings back its answer as-is. Every call has
 * a timeout; a forwarded request carries {@value #FORWARDED_HEADER} so the receiver never forwards
 * it again (during a rebalance two instances could otherwise bounce a request between them).
 */
public class Forwarder {

    public static final String FORWARDED_HEADER = "Bank-Forwarded-By";

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    /** The owner's answer. */
    public record Answer(int status, String contentType, String retryAfter, String body) {
    }

    private final HttpClient client;
    private final String selfAuthority;

    public Forwarder(Duration connectTimeout, String selfAuthority) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
        this.selfAuthority = selfAuthority;
    }

    /**
     * @throws ProblemException not-ready when the owner does not answer within the timeout
     */
    public Answer get(Route.Remote owner, String pathAndQuery, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + owner.authority() + pathAndQuery))
                .timeout(timeout).header(FORWARDED_HEADER, selfAuthority).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(Json.APPLICATION_JSON),
                    response.headers().firstValue("Retry-After").orElse(null), response.body());
        } catch (IOException e) {
            log.warn("Forwarding {} to {} failed: {}", pathAndQuery, owner.authority(), e.toString());
            throw ProblemException.notReady("the instance owning this account (" + owner.authority() + ") did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.notReady("interrupted while forwarding to " + owner.authority());
        }
    }
}

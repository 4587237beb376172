package org.eventbank.ledger.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import io.javalin.http.Context;
import org.eventbank.kit.http.ProblemException;
import org.eventbank.kit.http.Problems;
import org.eventbank.ledger.query.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a query to the instance that owns the key and brings back its answer as-is. Every call has
 * a timeout; a forwarded request carries {@value #FORWARDED_HEADER} so the receiver never forwards
 * it again (during a rebalance two instances could otherwise bounce a request between them).
 *
 * <p>It also carries the caller's own {@code Authorization} header, and nothing else of identity: the
 * receiver authenticates and authorizes the request again like any other (it alone holds the account,
 * so it alone can tell whether the caller owns it). {@value #FORWARDED_HEADER} grants nothing.
 */
public class Forwarder {

    public static final String FORWARDED_HEADER = "Bank-Forwarded-By";

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    /** The owner's answer; {@code retryAfter} and {@code wwwAuthenticate} are null when it sent none. */
    public record Answer(int status, String contentType, String retryAfter, String wwwAuthenticate, String body) {
    }

    private final HttpClient client;
    private final String selfAuthority;

    public Forwarder(Duration connectTimeout, String selfAuthority) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
        this.selfAuthority = selfAuthority;
    }

    /**
     * @param authorization the caller's {@code Authorization} header, passed on as it came (empty: none is sent, and
     *                      the owner answers 401)
     * @throws ProblemException not-ready when the owner does not answer within the timeout
     */
    public Answer get(Route.Remote owner, String pathAndQuery, Duration timeout, Optional<String> authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + owner.authority() + pathAndQuery))
                .timeout(timeout).header(FORWARDED_HEADER, selfAuthority).GET();
        authorization.ifPresent(value -> builder.header("Authorization", value));
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(Json.APPLICATION_JSON),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("WWW-Authenticate").orElse(null), response.body());
        } catch (IOException e) {
            log.warn("Forwarding {} to {} failed: {}", pathAndQuery, owner.authority(), e.toString());
            throw ProblemException.notReady("the instance owning this account (" + owner.authority() + ") did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.notReady("interrupted while forwarding to " + owner.authority());
        }
    }

    /** Writes the owner's answer as this request's answer: status, body and the headers a client acts on. */
    static void relay(Context ctx, Answer answer) {
        Problems.markWritten(ctx);
        ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
        if (answer.retryAfter() != null) {
            ctx.header("Retry-After", answer.retryAfter());
        }
        if (answer.wwwAuthenticate() != null) {
            ctx.header("WWW-Authenticate", answer.wwwAuthenticate());
        }
    }
}

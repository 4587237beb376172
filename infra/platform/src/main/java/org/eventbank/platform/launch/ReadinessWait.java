package org.eventbank.platform.launch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Polls a service's {@code GET /health/ready} until it answers 200, within a bound, reporting what it sees meanwhile. */
public final class ReadinessWait {

    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** How often a still-waiting line is reported. */
    static final Duration REPORT_INTERVAL = Duration.ofSeconds(5);

    private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"([^\"]*)\"");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    /**
     * Returns once {@code url} answers 200.
     *
     * @param report gets a line every {@link #REPORT_INTERVAL} while waiting, with the last answer seen
     * @throws IllegalStateException naming the service and its last answer if it is not ready within {@code timeout}
     */
    public void await(String service, URI url, Duration timeout, Consumer<String> report) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextReport = start + REPORT_INTERVAL.toNanos();
        String last = "no answer yet";
        while (true) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + oneLine(response.body());
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service, e);
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException(service + " was not ready within " + timeout.toSeconds() + " s; its last answer: " + last);
            }
            if (now > nextReport) {
                report.accept("still waiting for " + service + " (" + last + ")");
                nextReport = now + REPORT_INTERVAL.toNanos();
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service, e);
            }
        }
    }

    /** The problem document's detail if there is one (the services answer problem+json), else the body on one line. */
    private static String oneLine(String body) {
        Matcher detail = DETAIL.matcher(body);
        if (detail.find()) {
            return detail.group(1);
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }
}

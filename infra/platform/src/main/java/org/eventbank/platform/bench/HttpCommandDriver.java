package org.eventbank.platform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Drives the account-service's REST endpoint: {@code POST /accounts}, {@code /accounts/{id}/deposits}
 * and {@code /withdrawals}, one blocking request at a time per client thread, over HTTP/1.1 keep-alive
 * connections (the JDK client pools them). 201 is accepted; a problem document with a 4xx status is a
 * rejection under its problem code; 503 and everything else is an error. No Idempotency-Key is sent: the
 * bench does not retry, and the service still names the command in its {@code Command-Id} header,
 * which the self-check matches against the ledger.
 */
final class HttpCommandDriver implements CommandDriver {

    static final String COMMAND_ID_HEADER = "Command-Id";
    private static final String PROBLEM_PREFIX = "/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Workload workload;
    private final URI accountUrl;
    private final int clients;
    private final Duration requestTimeout;
    private final HttpClient http;

    HttpCommandDriver(Workload workload, URI accountUrl, int clients, Duration requestTimeout) {
        this.workload = workload;
        this.accountUrl = accountUrl;
        this.clients = clients;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public int issuerThreads() {
        return clients;
    }

    @Override
    public void submit(Workload.Command command, Consumer<Completion> onDone) throws InterruptedException {
        HttpRequest request = request(command);
        long sentNanos = System.nanoTime();
        Completion completion;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            completion = classify(response.statusCode(), response.headers().firstValue(COMMAND_ID_HEADER), response.body(),
                    sentNanos);
        } catch (HttpTimeoutException e) {
            completion = Completion.unknown("timeout", null, sentNanos);
        } catch (IOException e) {
            completion = Completion.unknown("io-error", null, sentNanos);
        }
        onDone.accept(completion);
    }

    private HttpRequest request(Workload.Command command) {
        String accountId = workload.accountId(command.accountIndex());
        String path;
        String body;
        switch (command.kind()) {
            case OPEN:
                path = "/accounts";
                body = "{\"accountId\":\"" + accountId + "\",\"owner\":\"" + CommandRecords.owner(workload)
                        + "\",\"currency\":\"" + Workload.CURRENCY + "\"}";
                break;
            case DEPOSIT:
                path = "/accounts/" + accountId + "/deposits";
                body = "{\"amount\":" + command.amountMinor() + "}";
                break;
            case WITHDRAW:
                path = "/accounts/" + accountId + "/withdrawals";
                body = "{\"amount\":" + command.amountMinor() + "}";
                break;
            default:
                throw new IllegalArgumentException("unknown command kind " + command.kind());
        }
        return HttpRequest.newBuilder(accountUrl.resolve(path))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** What an answer of the account-service means for the report and for the self-check. */
    static Completion classify(int status, Optional<String> commandIdHeader, String responseBody, long sentNanos) {
        UUID commandId = commandIdHeader.map(HttpCommandDriver::uuidOrNull).orElse(null);
        if (status == 201) {
            JsonNode version = readTree(responseBody).map(body -> body.get("version")).orElse(null);
            if (version == null || !version.canConvertToLong() || commandId == null) {
                // a 2xx we cannot attribute: the self-check must not trust it either way
                return Completion.unknown("unparseable-201", commandId, sentNanos);
            }
            return Completion.accepted(commandId, version.asLong(), sentNanos);
        }
        String code = readTree(responseBody)
                .map(body -> body.path("type").asText(""))
                .filter(type -> type.startsWith(PROBLEM_PREFIX))
                .map(type -> type.substring(PROBLEM_PREFIX.length()))
                .orElse("http-" + status);
        if (status >= 400 && status < 500) {
            return Completion.rejected(code, commandId, sentNanos);
        }
        if (status == 503 && code.equals("not-ready")) {
            // refused before the command was produced (readiness, or the pending-request bound)
            return Completion.refused(code, commandId, sentNanos);
        }
        return Completion.unknown(code, commandId, sentNanos);
    }

    private static Optional<JsonNode> readTree(String body) {
        try {
            return Optional.ofNullable(JSON.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static UUID uuidOrNull(String text) {
        try {
            return UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        // the JDK 17 HttpClient has no close(); its pooled connections end with the JVM or idle out
    }
}

package org.eventbank.bench;

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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the account-service's REST endpoint: {@code POST /accounts}, {@code /accounts/{id}/deposits},
 * {@code /withdrawals} and {@code POST /transfers}, each with the bench's bearer token ({@link BenchToken}: a teller, so it may open
 * accounts for the run's owner and move money on them), as a windowed asynchronous client: one issuer thread sends with
 * {@link HttpClient#sendAsync} and at most {@code clients} requests are in flight ({@link #submit} blocks while
 * the window is full), over HTTP/1.1 keep-alive connections. 201 is accepted; a problem document with a 4xx
 * status is a rejection under its problem code; 503 and everything else is an error; a timeout or an I/O
 * error is an error with unknown outcome. A transfer's 201 is completed, its 202 pending (the answer's wait ended
 * before the credit: it is counted as pending and its settlement left to the self-check), its 422 transfer-reversed a
 * debit sent back, named by the problem's extension members (see {@link #classifyTransfer}). No Idempotency-Key is sent unless the run asks for one per command
 * ({@code --idempotency-keys true}, to load the idempotency store): the bench does not retry, and the
 * service still names the command in its {@code Command-Id} header, which the self-check matches against the
 * ledger.
 *
 * <p>Connections: HTTP/1.1 has no multiplexing, so the JDK client opens one connection per concurrent request
 * and pools it for reuse once its response is read: up to {@code clients} connections to the account-service.
 * The JDK 17 client has no per-host limit on open connections; {@code jdk.httpclient.connectionPoolSize}
 * (default 0 = unbounded) only caps how many <em>idle</em> connections it keeps, so do not set it below
 * {@code clients}, or connections are closed and reopened all the time. What can still cap the connections is
 * the process's file-descriptor limit ({@code ulimit -n}) and the account-service's own connection handling.
 *
 * <p>Threads: the client does its I/O on its own selector thread and runs its tasks on a fixed pool of
 * {@value #HTTP_THREADS} daemon threads ({@code bench-http-<n>}) instead of its default unbounded cached pool.
 * {@code sendAsync} hands every completion to the default executor of {@code CompletableFuture}, which is the
 * common fork-join pool only when that has a parallelism of 2 or more: on a 2-core machine (parallelism 1) the
 * JDK starts a new short-lived thread per completion. Run the bench with
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2} (e.g. in {@code JAVA_TOOL_OPTIONS}) to
 * avoid that; it cannot be set from here, as {@code CompletableFuture} reads it once, at class initialisation,
 * and the bench's Kafka clients have initialised it before this driver is created.
 */
final class HttpCommandDriver implements CommandDriver {

    static final String COMMAND_ID_HEADER = "Command-Id";
    static final int HTTP_THREADS = 2;
    private static final Logger log = LoggerFactory.getLogger(HttpCommandDriver.class);
    private static final String PROBLEM_PREFIX = "/problems/";
    static final String TRANSFER_REVERSED = "transfer-reversed";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final IdempotencyKeys keys;
    private final Supplier<String> authorization;
    private final Workload workload;
    private final URI accountUrl;
    private final Duration requestTimeout;
    private final Semaphore window;
    private final ExecutorService httpThreads;
    private final HttpClient http;

    HttpCommandDriver(Workload workload, URI accountUrl, int clients, Duration requestTimeout) {
        this(workload, accountUrl, clients, requestTimeout, IdempotencyKeys.none(), () -> null);
    }

    /**
     * @param authorization the {@code Authorization} header each request sends ({@link BenchToken}), asked per request
     *                      (it returns the same token until that is close to expiring); null for none
     */
    HttpCommandDriver(Workload workload, URI accountUrl, int clients, Duration requestTimeout, IdempotencyKeys keys,
                      Supplier<String> authorization) {
        this.keys = keys;
        this.authorization = authorization;
        this.workload = workload;
        this.accountUrl = accountUrl;
        this.requestTimeout = requestTimeout;
        this.window = new Semaphore(clients);
        this.httpThreads = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads("bench-http-"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(httpThreads)
                .build();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public int issuerThreads() {
        return 1;
    }

    @Override
    public void submit(Workload.Command command, Consumer<Completion> onDone) throws InterruptedException {
        // a request ends by its timeout at the latest, so a window that stays full means the client is stuck
        long patienceNanos = 2 * (requestTimeout.toNanos() + CONNECT_TIMEOUT.toNanos());
        if (!window.tryAcquire(patienceNanos, TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("no HTTP request completed for " + patienceNanos / 1_000_000
                    + " ms: is the HTTP client still running (see the log)?");
        }
        long sentNanos = System.nanoTime();
        try {
            boolean transfer = command.transfer();
            http.sendAsync(request(command), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> finish(onDone, completionOf(response, error, sentNanos, transfer)));
        } catch (RuntimeException e) {
            // nothing was sent, or the client could not say whether it was: still exactly one answer
            log.warn("could not send a {} request", command.kind(), e);
            finish(onDone, Completion.unknown("client-error", null, sentNanos));
        }
    }

    /** How one request ended, from the response or from the exception its future failed with. */
    static Completion completionOf(HttpResponse<String> response, Throwable error, long sentNanos) {
        return completionOf(response, error, sentNanos, false);
    }

    /** @param transfer whether the request was a {@code POST /transfers} */
    static Completion completionOf(HttpResponse<String> response, Throwable error, long sentNanos, boolean transfer) {
        try {
            if (error == null) {
                Optional<String> commandId = response.headers().firstValue(COMMAND_ID_HEADER);
                return transfer ? classifyTransfer(response.statusCode(), commandId, response.body(), sentNanos)
                        : classify(response.statusCode(), commandId, response.body(), sentNanos);
            }
            Throwable cause = unwrap(error);
            if (cause instanceof HttpTimeoutException) {
                return Completion.unknown("timeout", null, sentNanos);
            }
            if (cause instanceof IOException) {
                return Completion.unknown("io-error", null, sentNanos);
            }
            log.warn("an HTTP request failed unexpectedly", cause);
            return Completion.unknown("client-error", null, sentNanos);
        } catch (RuntimeException e) {
            log.warn("could not read an HTTP answer", e);
            return Completion.unknown("client-error", null, sentNanos);
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void finish(Consumer<Completion> onDone, Completion completion) {
        // free the slot first: the issuer may be waiting for it, and a failing listener must not keep it
        window.release();
        try {
            onDone.accept(completion);
        } catch (RuntimeException e) {
            // this runs on the thread completing the HTTP future, where the exception would otherwise vanish
            log.error("a listener failed on a completed command", e);
        }
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
            case TRANSFER:
                path = "/transfers";
                body = "{\"fromAccountId\":\"" + accountId + "\",\"toAccountId\":\""
                        + workload.accountId(command.toAccountIndex()) + "\",\"amount\":" + command.amountMinor() + "}";
                break;
            default:
                throw new IllegalArgumentException("unknown command kind " + command.kind());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(accountUrl.resolve(path))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        String key = keys.next();
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        String credentials = authorization.get();
        if (credentials != null) {
            request.header("Authorization", credentials);
        }
        return request.build();
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

    /**
     * What an answer to {@code POST /transfers} means: 201 completed (the debit and the credit, at the versions
     * answered), 202 pending (the debit; the credit or a reversal follows), 422 transfer-reversed (the debit and its
     * reversal), any other 4xx refused by the payer's writer (nothing written), and the errors as for every command.
     */
    static Completion classifyTransfer(int status, Optional<String> commandIdHeader, String responseBody, long sentNanos) {
        UUID commandId = commandIdHeader.map(HttpCommandDriver::uuidOrNull).orElse(null);
        if (status == 201 || status == 202) {
            Optional<JsonNode> body = readTree(responseBody);
            String transferId = body.map(b -> b.path("transferId").asText(null)).orElse(null);
            JsonNode debit = body.map(b -> b.get("debitVersion")).orElse(null);
            JsonNode credit = body.map(b -> b.get("creditVersion")).orElse(null);
            boolean completed = status == 201;
            if (commandId == null || transferId == null || debit == null || !debit.canConvertToLong()
                    || completed && (credit == null || !credit.canConvertToLong())) {
                return Completion.unknown("unparseable-" + status, commandId, sentNanos);
            }
            return completed ? Completion.transferCompleted(commandId, transferId, debit.asLong(), credit.asLong(), sentNanos)
                    : Completion.transferPending(commandId, transferId, debit.asLong(), sentNanos);
        }
        Completion answer = classify(status, commandIdHeader, responseBody, sentNanos);
        if (answer.answer() == Completion.Answer.REJECTED && answer.code().equals(TRANSFER_REVERSED)) {
            if (commandId == null) {
                return Completion.unknown("unattributable-transfer-reversed", null, sentNanos);
            }
            // the problem's extension members name the transfer and the debit's version; an answer without them (a
            // service before they existed) leaves the self-check to find the debit by the command id
            Optional<JsonNode> problem = readTree(responseBody);
            String transferId = problem.map(b -> b.path("transferId").asText(null)).orElse(null);
            JsonNode debit = problem.map(b -> b.get("debitVersion")).orElse(null);
            return Completion.transferReversed(commandId, transferId,
                    debit != null && debit.canConvertToLong() ? debit.asLong() : 0, sentNanos);
        }
        return answer;
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
        // the JDK 17 HttpClient has no close(); its selector thread and pooled connections end with the JVM
        // or idle out, but its task threads are ours to stop
        httpThreads.shutdown();
        try {
            if (!httpThreads.awaitTermination(5, TimeUnit.SECONDS)) {
                httpThreads.shutdownNow();
            }
        } catch (InterruptedException e) {
            httpThreads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

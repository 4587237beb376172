package org.eventbank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.eventbank.bench.Completion.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The http driver as a windowed asynchronous client, against a fake account-service on a free port. */
class HttpCommandDriverTest {

    /** Generous: the machine may be busy; every wait ends as soon as its condition holds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** More handler threads than any window below, so the fake server never is what bounds concurrency. */
    private static final int SERVER_THREADS = 16;

    private final Workload workload = new Workload("t" + UUID.randomUUID().toString().substring(0, 8), 100, 42, 10_000);
    private final AtomicInteger inFlightAtServer = new AtomicInteger();
    private final AtomicInteger maxInFlightAtServer = new AtomicInteger();
    private final AtomicInteger requestsAtServer = new AtomicInteger();
    private final CountDownLatch neverAnswer = new CountDownLatch(1);
    private ExecutorService serverThreads;
    private HttpServer server;

    @AfterEach
    void stopServer() {
        neverAnswer.countDown();
        if (server != null) {
            server.stop(0);
        }
        if (serverThreads != null) {
            serverThreads.shutdownNow();
        }
    }

    @Test
    void shouldKeepAtMostClientsRequestsInFlightAndAnswerEverySubmitExactlyOnce() throws Exception {
        URI url = startServer(exchange -> answerAfter(exchange, 50));
        int clients = 4;
        int commands = 40;
        AtomicIntegerArray calls = new AtomicIntegerArray(commands);
        ConcurrentLinkedQueue<Completion> answers = new ConcurrentLinkedQueue<>();

        try (HttpCommandDriver driver = new HttpCommandDriver(workload, url, clients, TIMEOUT)) {
            assertThat(driver.issuerThreads()).isEqualTo(1);
            for (int i = 0; i < commands; i++) {
                int index = i;
                driver.submit(workload.open(i % workload.accounts()), completion -> {
                    calls.incrementAndGet(index);
                    answers.add(completion);
                });
            }
            await().atMost(TIMEOUT).until(() -> answers.size() >= commands);
            // a late second call for a command would show up here
            Thread.sleep(100);
        }

        for (int i = 0; i < commands; i++) {
            assertThat(calls.get(i)).as("onDone calls for command %d", i).isEqualTo(1);
        }
        assertThat(answers).hasSize(commands).allSatisfy(completion -> {
            assertThat(completion.answer()).isEqualTo(Answer.ACCEPTED);
            assertThat(completion.version()).isEqualTo(1);
        });
        assertThat(requestsAtServer.get()).isEqualTo(commands);
        // never more than the window, and the window was used: one issuer thread got 4 requests in flight
        assertThat(maxInFlightAtServer.get()).isEqualTo(clients);
    }

    @Test
    void shouldBlockSubmitWhileTheWindowIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        URI url = startServer(exchange -> {
            waitFor(release);
            answerAfter(exchange, 0);
        });
        ConcurrentLinkedQueue<Completion> answers = new ConcurrentLinkedQueue<>();

        try (HttpCommandDriver driver = new HttpCommandDriver(workload, url, 2, TIMEOUT)) {
            driver.submit(workload.open(0), answers::add);
            driver.submit(workload.open(1), answers::add);
            Thread third = new Thread(() -> {
                try {
                    driver.submit(workload.open(2), answers::add);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "third-submit");
            third.start();
            await().atMost(TIMEOUT).until(() -> inFlightAtServer.get() >= 2);

            third.join(300);
            assertThat(third.isAlive()).as("third submit blocked on the full window").isTrue();
            assertThat(requestsAtServer.get()).isEqualTo(2);

            release.countDown();
            third.join(TIMEOUT.toMillis());
            assertThat(third.isAlive()).isFalse();
            await().atMost(TIMEOUT).until(() -> answers.size() == 3);
        }
        assertThat(answers).extracting(Completion::answer).containsOnly(Answer.ACCEPTED);
    }

    @Test
    void shouldSendTheBenchsBearerTokenWithEveryCommand() throws Exception {
        ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
        URI url = startServer(exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            answerAfter(exchange, 0);
        });
        ConcurrentLinkedQueue<Completion> answers = new ConcurrentLinkedQueue<>();
        AtomicInteger minted = new AtomicInteger();

        try (HttpCommandDriver driver = new HttpCommandDriver(workload, url, 2, TIMEOUT, IdempotencyKeys.none(),
                () -> "Bearer token-" + (minted.incrementAndGet() <= 3 ? "a" : "b"))) {
            driver.submit(workload.open(0), answers::add);
            driver.submit(new Workload.Command(Workload.Kind.DEPOSIT, 0, 10), answers::add);
            driver.submit(new Workload.Command(Workload.Kind.WITHDRAW, 0, 5), answers::add);
            driver.submit(new Workload.Command(Workload.Kind.DEPOSIT, 0, 10), answers::add);
            await().atMost(TIMEOUT).until(() -> answers.size() >= 4);
        }

        assertThat(authorizations).containsExactlyInAnyOrder("Bearer token-a", "Bearer token-a", "Bearer token-a", "Bearer token-b");
    }

    @Test
    void shouldEndARequestWithoutAnAnswerAsATimeoutAndFreeItsSlot() throws Exception {
        URI url = startServer(exchange -> waitFor(neverAnswer));
        ConcurrentLinkedQueue<Completion> answers = new ConcurrentLinkedQueue<>();

        // one slot: the second and third submit only get through if each timeout gave the slot back
        try (HttpCommandDriver driver = new HttpCommandDriver(workload, url, 1, Duration.ofMillis(200))) {
            for (int i = 0; i < 3; i++) {
                driver.submit(workload.open(i), answers::add);
            }
            await().atMost(TIMEOUT).until(() -> answers.size() >= 3);
            Thread.sleep(100);
        }

        assertThat(answers).hasSize(3).allSatisfy(completion -> {
            assertThat(completion.answer()).isEqualTo(Answer.ERROR);
            assertThat(completion.code()).isEqualTo("timeout");
            assertThat(completion.ledger()).isEqualTo(Completion.LedgerExpectation.UNKNOWN);
        });
    }

    @Test
    void shouldEndARequestToAClosedPortAsAnIoErrorAndFreeItsSlot() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closedPort);
        ConcurrentLinkedQueue<Completion> answers = new ConcurrentLinkedQueue<>();

        try (HttpCommandDriver driver = new HttpCommandDriver(workload, url, 1, TIMEOUT)) {
            for (int i = 0; i < 3; i++) {
                driver.submit(workload.open(i), answers::add);
            }
            await().atMost(TIMEOUT).until(() -> answers.size() >= 3);
            Thread.sleep(100);
        }

        assertThat(answers).hasSize(3).extracting(Completion::code).containsOnly("io-error");
    }

    private URI startServer(Handler handler) throws IOException {
        serverThreads = Executors.newFixedThreadPool(SERVER_THREADS);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            requestsAtServer.incrementAndGet();
            int now = inFlightAtServer.incrementAndGet();
            maxInFlightAtServer.accumulateAndGet(now, Math::max);
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
                handler.handle(exchange);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers 201 like the account-service; leaves the in-flight count before the client can see the answer. */
    private void answerAfter(HttpExchange exchange, long millis) throws IOException {
        sleep(millis);
        byte[] body = "{\"version\":1}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add(HttpCommandDriver.COMMAND_ID_HEADER, UUID.randomUUID().toString());
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        inFlightAtServer.decrementAndGet();
        exchange.sendResponseHeaders(201, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }
}

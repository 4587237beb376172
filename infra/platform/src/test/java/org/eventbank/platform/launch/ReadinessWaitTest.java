package org.eventbank.platform.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessWaitTest {

    @Test
    void shouldReturnOnceTheServiceAnswers200AndReportWhatItSawMeanwhile() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = server(exchangeStatus -> calls.incrementAndGet() < 25 ? 503 : 200);
        try {
            List<String> reports = new ArrayList<>();
            new ReadinessWait().await("ledger-projector", uri(server), Duration.ofSeconds(30), reports::add);

            assertThat(calls.get()).isGreaterThanOrEqualTo(25);
            assertThat(reports).isNotEmpty().allSatisfy(line -> assertThat(line).isEqualTo("still waiting for ledger-projector (503 the command processor is REBALANCING)"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldGiveUpAfterItsBoundNamingTheServiceAndItsLastAnswer() throws Exception {
        HttpServer server = server(call -> 503);
        try {
            assertThatThrownBy(() -> new ReadinessWait().await("account-service", uri(server), Duration.ofSeconds(1), line -> { }))
                    .hasMessageContaining("account-service was not ready within 1 s").hasMessageEndingWith("its last answer: 503 the command processor is REBALANCING");
        } finally {
            server.stop(0);
        }
    }

    interface Status {
        int of(int call);
    }

    private static HttpServer server(Status status) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        AtomicInteger call = new AtomicInteger();
        server.createContext("/health/ready", exchange -> {
            int code = status.of(call.incrementAndGet());
            byte[] body = (code == 200 ? "{\"status\":\"ready\"}"
                    : "{\"type\":\"/problems/not-ready\",\"status\":503,\"detail\":\"the command processor is REBALANCING\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static URI uri(HttpServer server) {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/health/ready");
    }
}

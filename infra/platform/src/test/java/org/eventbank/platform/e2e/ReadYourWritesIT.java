package org.eventbank.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eventbank.account.AccountService;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.platform.e2e.ServiceHttp.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-your-writes across the two services: every 201 from account-service names a version, and a
 * balance query with that {@code minVersion} to either of two projector instances answers with that
 * version or a later one, also for an account opened a moment before (one the projector has not
 * seen yet when the query arrives).
 */
@ExtendWith(KafkaBrokerExtension.class)
class ReadYourWritesIT {

    @TempDir
    Path stateDir;

    private LocalServices services;
    /** The token of {@code ./bank token}: writes any account, reads any account. */
    private ServiceHttp teller;

    @AfterEach
    void stop() throws Exception {
        services.close();
    }

    @Test
    void shouldAnswerEveryMinVersionQueryWithThatVersionOrLaterOnEitherProjectorInstance(KafkaBroker broker) throws Exception {
        String run = "ryw" + UUID.randomUUID().toString().substring(0, 8);
        services = new LocalServices(broker.bootstrapServers(), run + ".", stateDir);
        teller = services.teller();
        AccountService accounts = services.accounts(run + "-accounts", "accounts", Map.of());
        List<Integer> projectorPorts = new ArrayList<>();
        for (String name : List.of("projector-a", "projector-b")) {
            projectorPorts.add(services.projector(run + "-ledger", name, false).httpPort());
        }
        // Readiness first: while the two projectors rebalance, the contract is 503 not-ready.
        projectorPorts.forEach(LocalServices::awaitReady);

        int queries = 0;
        for (int account = 0; account < 10; account++) {
            String accountId = "ryw-" + account;
            JsonNode opened = post(accounts.httpPort(), "/accounts",
                    "{\"accountId\":\"" + accountId + "\",\"owner\":\"customer-" + account + "\",\"currency\":\"EUR\"}");
            long expectedBalance = 0;
            assertSeesAtLeast(projectorPorts.get(queries++ % 2), accountId, opened.path("version").asLong(), expectedBalance);
            for (int deposit = 1; deposit <= 5; deposit++) {
                JsonNode deposited = post(accounts.httpPort(), "/accounts/" + accountId + "/deposits", "{\"amount\":" + deposit * 100 + "}");
                expectedBalance += deposit * 100;
                assertThat(deposited.path("balance").asLong()).isEqualTo(expectedBalance);
                assertSeesAtLeast(projectorPorts.get(queries++ % 2), accountId, deposited.path("version").asLong(), expectedBalance);
            }
        }
        assertThat(queries).isEqualTo(60);
    }

    /**
     * The query must reflect the acknowledged version (a single writer per account means no later
     * version exists here). A 503 with Retry-After is the contract while the projectors rebalance
     * (Streams may follow the first assignment with a probing rebalance): retried as a client
     * would, within a bound; any other answer, and any answer older than the version, fails.
     */
    private void assertSeesAtLeast(int projectorPort, String accountId, long version, long balance) throws Exception {
        String path = "/accounts/" + accountId + "/balance?minVersion=" + version;
        Answer response = teller.get(projectorPort, path);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (response.status() == 503 && response.headers().firstValue("Retry-After").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = teller.get(projectorPort, path);
        }

        assertThat(response.status()).as("minVersion=%d for %s: %s", version, accountId, response.text()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("version").asLong()).isGreaterThanOrEqualTo(version);
        assertThat(body.path("balance").asLong()).isEqualTo(balance);
    }

    private JsonNode post(int port, String path, String body) {
        Answer answer = teller.post(port, path, body);
        assertThat(answer.status()).as("POST %s: %s", path, answer.text()).isEqualTo(201);
        return answer.json();
    }
}

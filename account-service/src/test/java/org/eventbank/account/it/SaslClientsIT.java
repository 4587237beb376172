package org.eventbank.account.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eventbank.account.AccountService;
import org.eventbank.kafka.local.BrokerSecurity;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.LockedKafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * account-service on a broker that authenticates every connection (SASL/SCRAM-SHA-512, no PLAINTEXT client listener):
 * every client of the service (Streams and its internal clients, the command producer, the result listener, the
 * lookups, the group guard, the purge, the topic bootstrap) connects as the principal of {@code BANK_KAFKA_USERNAME},
 * or the service would never get ready or answer. A wrong password stops the start, saying so, within a bound.
 * Here the principal is a super user: least-privilege ACLs come with the topic bootstrap as a step of its own (issue 17).
 */
@ExtendWith(LockedKafkaBrokerExtension.class)
class SaslClientsIT {

    private static final Duration START_REFUSED_WITHIN = Duration.ofSeconds(60);
    private static final BrokerSecurity SECURITY = LockedKafkaBrokerExtension.SECURITY;

    private final BankHttp http = new BankHttp();

    @Test
    void shouldServeCommandsWithEveryClientAuthenticated(KafkaBroker broker) throws Exception {
        try (AccountService service = ServiceInstances.start(environment(broker, SECURITY.passwords().get(SECURITY.adminUser())))) {
            ServiceInstances.awaitReady(service);
            String account = "sasl-" + UUID.randomUUID().toString().substring(0, 8);
            HttpResponse<String> opened = http.send(service.httpPort(), "POST", "/accounts",
                    "{\"accountId\":\"" + account + "\",\"owner\":\"o\",\"currency\":\"EUR\"}", "open-" + account);
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            HttpResponse<String> deposited = http.send(service.httpPort(), "POST", "/accounts/" + account + "/deposits",
                    "{\"amount\":250}", "deposit-" + account);
            assertThat(deposited.statusCode()).as(deposited.body()).isEqualTo(201);
            assertThat(BankHttp.json(deposited).path("balance").asLong()).isEqualTo(250);
        }
    }

    @Test
    void shouldRefuseToStartWithAWrongPasswordSayingWhy(KafkaBroker broker) throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> ServiceInstances.startWithoutTopicBootstrap(environment(broker, "wrong-secret")).close())
                .hasStackTraceContaining("Authentication failed").hasStackTraceContaining("invalid credentials");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(START_REFUSED_WITHIN);
    }

    private static Map<String, String> environment(KafkaBroker broker, String password) throws Exception {
        Map<String, String> env = new HashMap<>(ServiceInstances.environment(broker.bootstrapServers(),
                ServiceInstances.uniquePrefix(), "sasl-" + UUID.randomUUID()));
        env.put("BANK_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("BANK_KAFKA_USERNAME", SECURITY.adminUser());
        env.put("BANK_KAFKA_PASSWORD", password);
        return env;
    }
}

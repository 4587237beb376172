package org.eventbank.account.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eventbank.account.AccountService;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stores live in Kafka, not on one disk: an instance started on an empty state directory restores
 * balances and remembered Idempotency-Keys from the changelogs.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RestartRestoresStateIT {

    private final BankHttp http = new BankHttp();

    @Test
    void shouldRememberBalancesAndIdempotencyKeysAfterARestartOnAnEmptyStateDirectory(KafkaBroker broker) throws Exception {
        String prefix = ServiceInstances.uniquePrefix();
        String applicationId = "restart-" + UUID.randomUUID();
        String account = "restart-" + UUID.randomUUID();
        HttpResponse<String> firstDeposit;
        try (AccountService first = ServiceInstances.start(ServiceInstances.environment(broker.bootstrapServers(), prefix, applicationId))) {
            ServiceInstances.awaitReady(first);
            assertThat(http.send(first.httpPort(), "POST", "/accounts",
                    "{\"accountId\":\"" + account + "\",\"owner\":\"o\",\"currency\":\"EUR\"}", null).statusCode()).isEqualTo(201);
            firstDeposit = http.send(first.httpPort(), "POST", "/accounts/" + account + "/deposits", "{\"amount\":40}", "dep-1");
            assertThat(firstDeposit.statusCode()).isEqualTo(201);
        }

        Map<String, String> fresh = new HashMap<>(ServiceInstances.environment(broker.bootstrapServers(), prefix, applicationId));
        try (AccountService second = ServiceInstances.start(fresh)) {
            ServiceInstances.awaitReady(second);
            HttpResponse<String> retry = http.send(second.httpPort(), "POST", "/accounts/" + account + "/deposits",
                    "{\"amount\":40}", "dep-1");
            assertThat(retry.statusCode()).isEqualTo(201);
            assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(BankHttp.json(retry)).isEqualTo(BankHttp.json(firstDeposit));
            HttpResponse<String> overdraft = http.send(second.httpPort(), "POST", "/accounts/" + account + "/withdrawals",
                    "{\"amount\":41}", null);
            assertThat(overdraft.statusCode()).isEqualTo(422);
            HttpResponse<String> withdrawal = http.send(second.httpPort(), "POST", "/accounts/" + account + "/withdrawals",
                    "{\"amount\":40}", null);
            assertThat(BankHttp.json(withdrawal).path("balance").asLong()).isZero();
            assertThat(BankHttp.json(withdrawal).path("version").asLong()).isEqualTo(3);
        }
        BankTopics topics = BankTopics.of(new TopicSettings(prefix, 6, (short) 1), BankSerdes.singleObject());
        assertThat(LedgerReader.of(LedgerReader.readAll(broker.bootstrapServers(), topics.events()), account))
                .extracting(AccountEvent::version).containsExactly(1L, 2L, 3L);
    }
}

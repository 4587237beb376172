package org.eventbank.account.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.eventbank.account.AccountService;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.kafka.CommandGroupGuard;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No configuration makes the command processor decide a command twice or emit a version an account already has
 * (decision 0014), on a real broker and a ledger with events: its consumer group set back to the earliest offset,
 * the group deleted, and another application id on the same topics. The request timeout is a minute, so every old
 * command is still inside its deadline when it is read again: only the offsets guard stands between it and a second
 * decision.
 */
@ExtendWith(KafkaBrokerExtension.class)
class OffsetsAndIdentityIT {

    private final BankHttp http = new BankHttp();

    @Test
    void shouldNeverDecideACommandTwiceNorWriteAVersionTwiceAfterAGroupResetADeletedGroupOrAnotherApplicationId(
            KafkaBroker broker) throws Exception {
        String prefix = ServiceInstances.uniquePrefix();
        String applicationId = "identity-" + UUID.randomUUID();
        String account = "identity-" + UUID.randomUUID();
        BankTopics topics = BankTopics.of(new TopicSettings(prefix, 6, (short) 1), BankSerdes.singleObject());
        List<TopicPartition> commandPartitions = IntStream.range(0, 6)
                .mapToObj(p -> new TopicPartition(topics.commands().name(), p)).toList();

        try (AccountService first = start(broker, prefix, applicationId, Map.of());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            created(first, "/accounts", "{\"accountId\":\"" + account + "\",\"owner\":\"c-1\",\"currency\":\"EUR\"}", 1);
            created(first, "/accounts/" + account + "/deposits", "{\"amount\":100}", 2);
            created(first, "/accounts/" + account + "/deposits", "{\"amount\":50}", 3);
            first.close();

            // 1. The group set back to the start of the commands topic; a fresh state directory restores the stores.
            admin.alterConsumerGroupOffsets(applicationId, commandPartitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(0)))).all().get();
            try (AccountService reset = start(broker, prefix, applicationId, Map.of())) {
                JsonAnswer next = created(reset, "/accounts/" + account + "/deposits", "{\"amount\":1}", 4);
                assertThat(next.balance()).as("the two deposits were not applied again").isEqualTo(151);
            }
            assertThat(versions(broker, topics, account)).containsExactly(1L, 2L, 3L, 4L);

            // 2. The group deleted: a new group on a ledger with events is refused, until the explicit init step.
            admin.deleteConsumerGroups(List.of(applicationId)).all().get();
            assertThatThrownBy(() -> start(broker, prefix, applicationId, Map.of()))
                    .isInstanceOf(CommandGroupGuard.RefusedException.class)
                    .hasMessageContaining("consumer group " + applicationId + " has no committed offset")
                    .hasMessageContaining("BANK_COMMAND_GROUP_INIT=commands-end");
            try (AccountService initialised = start(broker, prefix, applicationId,
                    Map.of("BANK_COMMAND_GROUP_INIT", "commands-end"))) {
                created(initialised, "/accounts/" + account + "/deposits", "{\"amount\":1}", 5);
            }

            // 3. Another application id on the same topics: refused while the first group exists, and on its own.
            String otherId = "identity-other-" + UUID.randomUUID();
            assertThatThrownBy(() -> start(broker, prefix, otherId, Map.of()))
                    .isInstanceOf(CommandGroupGuard.RefusedException.class)
                    .hasMessageContaining("[" + applicationId + "] also read " + topics.commands().name());
            admin.deleteConsumerGroups(List.of(applicationId)).all().get();
            assertThatThrownBy(() -> start(broker, prefix, otherId, Map.of()))
                    .isInstanceOf(CommandGroupGuard.RefusedException.class)
                    .hasMessageContaining("consumer group " + otherId + " has no committed offset");
            // Even with the init step its empty stores stop it before it decides anything.
            try (AccountService other = ServiceInstances.start(environment(broker, prefix, otherId,
                    Map.of("BANK_COMMAND_GROUP_INIT", "commands-end")))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> other.streamsState() == KafkaStreams.State.ERROR);
                HttpResponse<String> refused = http.send(other.httpPort(), "POST", "/accounts/" + account + "/deposits",
                        "{\"amount\":1}", null);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(BankHttp.problemType(refused)).isEqualTo("/problems/not-ready");
            }
        }
        assertThat(versions(broker, topics, account)).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    private AccountService start(KafkaBroker broker, String prefix, String applicationId, Map<String, String> extra)
            throws Exception {
        AccountService service = ServiceInstances.start(environment(broker, prefix, applicationId, extra));
        ServiceInstances.awaitReady(service);
        return service;
    }

    private static Map<String, String> environment(KafkaBroker broker, String prefix, String applicationId,
                                                   Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(ServiceInstances.environment(broker.bootstrapServers(), prefix, applicationId));
        env.put("BANK_REQUEST_TIMEOUT_MS", "60000");
        env.putAll(extra);
        return env;
    }

    private record JsonAnswer(long version, long balance) {
    }

    private JsonAnswer created(AccountService service, String path, String body, long version) {
        HttpResponse<String> response = http.send(service.httpPort(), "POST", path, body, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(BankHttp.json(response).path("version").asLong()).isEqualTo(version);
        return new JsonAnswer(version, BankHttp.json(response).path("balance").asLong());
    }

    private static List<Long> versions(KafkaBroker broker, BankTopics topics, String account) {
        return LedgerReader.of(LedgerReader.readAll(broker.bootstrapServers(), topics.events()), account).stream()
                .map(AccountEvent::version).toList();
    }
}

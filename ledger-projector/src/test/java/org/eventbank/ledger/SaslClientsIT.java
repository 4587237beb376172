package org.eventbank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eventbank.kafka.local.BrokerSecurity;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.LockedKafkaBrokerExtension;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.ledger.LedgerFixtures.AccountHistory;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projector on a broker that authenticates every connection (SASL/SCRAM-SHA-512, no PLAINTEXT client listener):
 * the projector's clients (Streams and its internal clients, the topic bootstrap and the contract-version book, the Admin
 * that lag and finality read offsets with) connect as {@code BANK_KAFKA_USERNAME}, or a balance, an asOf answer or the
 * totals would never come (the committed-record probe, used only behind an aborted transaction, takes its settings
 * through the same {@code CommittedReads} as the book). A wrong password stops the start, saying so.
 * The principal is a super user here: least-privilege ACLs come with the topic bootstrap as a step of its own (issue 17).
 */
@ExtendWith(LockedKafkaBrokerExtension.class)
class SaslClientsIT {

    private static final int PARTITIONS = 3;
    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final BrokerSecurity SECURITY = LockedKafkaBrokerExtension.SECURITY;

    private final ProjectorClient client = new ProjectorClient();

    @Test
    void shouldAnswerBalancesAsOfAndTotalsWithEveryClientAuthenticated(KafkaBroker broker, @TempDir Path stateDir) {
        String prefix = ProjectorTestConfigs.uniquePrefix();
        KafkaConnection connection = KafkaConnection.scram(broker.bootstrapServers(), SECURITY.adminUser(),
                SECURITY.passwords().get(SECURITY.adminUser()));
        BankTopics topics = BankTopics.of(new TopicSettings(prefix, PARTITIONS, (short) 1), BankSerdes.singleObject());
        AccountHistory account = new AccountHistory("sasl-acc", "EUR", T0).deposit(700, T0.plusSeconds(60));
        try (LedgerTopicWriter writer = new LedgerTopicWriter(connection, topics);
             LedgerProjector projector = LedgerProjector.start(config(connection, prefix, stateDir))) {
            writer.write(account.events());
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                ProjectorClient.Answer balance = client.get(projector.httpPort(), "/accounts/sasl-acc/balance?minVersion=2");
                assertThat(balance.status()).isEqualTo(200);
                assertThat(balance.body().get("balance").asLong()).isEqualTo(700);
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ProjectorClient.Answer asOf = client.get(projector.httpPort(), "/accounts/sasl-acc/balance?asOf=" + T0.plusSeconds(30));
                assertThat(asOf.status()).as("asOf is answered once finality has read the offsets").isEqualTo(200);
                assertThat(asOf.body().get("balance").asLong()).isZero();
            });
            assertThat(client.get(projector.httpPort(), "/totals").status()).isEqualTo(200);
        }
    }

    @Test
    void shouldRefuseToStartWithAWrongPasswordSayingWhy(KafkaBroker broker, @TempDir Path stateDir) {
        KafkaConnection wrong = KafkaConnection.scram(broker.bootstrapServers(), SECURITY.adminUser(), "wrong-secret");
        assertThatThrownBy(() -> LedgerProjector.start(config(wrong, ProjectorTestConfigs.uniquePrefix(), stateDir)).close())
                .hasStackTraceContaining("Authentication failed").hasStackTraceContaining("invalid credentials");
    }

    private static LedgerProjectorConfig config(KafkaConnection connection, String prefix, Path stateDir) {
        LedgerProjectorConfig plain = ProjectorTestConfigs.config(connection.bootstrapServers(), prefix, PARTITIONS, stateDir,
                "sasl-" + UUID.randomUUID(), 2_000);
        return plain.withCluster(new ClusterSettings(connection, plain.cluster().topics(), "", WriterVersions.newest()));
    }
}

package org.eventbank.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eventbank.account.AccountService;
import org.eventbank.account.AccountServiceConfig;
import org.eventbank.config.Env;
import org.eventbank.kafka.local.BrokerSecurity;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.LockedKafkaBrokerExtension;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.kafka.BankAclsMain;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.topics.TopicBootstrap;
import org.eventbank.kit.topics.TopicMismatchException;
import org.eventbank.ledger.LedgerProjector;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both services on a locked broker (SASL/SCRAM, KRaft's StandardAuthorizer) with exactly the ACLs of
 * {@link org.eventbank.kit.kafka.BankAcls} (granted by the ACL step, {@link BankAclsMain}), on topics the admin's
 * bootstrap created: a command is decided and its balance read; and the projector's principal can neither write the
 * ledger nor join account-service's group.
 */
@ExtendWith(LockedKafkaBrokerExtension.class)
class LeastPrivilegeIT {

    private static final String ACCOUNT_APP = "lp-account-service";
    private static final String PROJECTOR_APP = "lp-ledger-projector";
    private static final Duration REFUSAL_WITHIN = Duration.ofSeconds(15);

    private static final BrokerSecurity SECURITY = LockedKafkaBrokerExtension.SECURITY;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldRunBothServicesWithOnlyTheirAclsAndRefuseTheProjectorTheLedgerAndTheCommandGroup(KafkaBroker broker, @TempDir Path dir)
            throws Exception {
        TopicSettings topicSettings = new TopicSettings("lp.", 3, (short) 1);
        BankTopics topics = BankTopics.of(topicSettings, BankSerdes.singleObject());
        LocalIssuer issuer = LocalIssuer.openOrCreate(dir.resolve("auth-data"));
        String token = "Bearer " + issuer.mint("teller-1", List.of("accounts:read", "accounts:write", "bank:teller", "bank:auditor"),
                Duration.ofHours(1));
        try (Admin admin = Admin.create(withBootstrap(broker, SECURITY.adminClientConfig()))) {
            new TopicBootstrap(admin, Duration.ofSeconds(30)).ensure(topics.all());
        }
        grantAcls(broker, topicSettings, ACCOUNT_APP, PROJECTOR_APP);
        Map<String, String> accountEnv = environment(broker, dir, "account-service", ACCOUNT_APP);
        Map<String, String> projectorEnv = environment(broker, dir, "ledger-projector", PROJECTOR_APP);
        try (AccountService account = AccountService.start(AccountServiceConfig.fromEnvironment(Env.of(accountEnv)));
             LedgerProjector projector = LedgerProjector.start(LedgerProjectorConfig.fromEnvironment(Env.of(projectorEnv)))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> account.isReady() && projector.ready());
            HttpResponse<String> opened = post(account.httpPort(), "/accounts",
                    "{\"accountId\":\"lp-1\",\"owner\":\"customer-1\",\"currency\":\"EUR\"}", "open-lp-1", token);
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            HttpResponse<String> deposited = post(account.httpPort(), "/accounts/lp-1/deposits", "{\"amount\":900}", "dep-lp-1", token);
            assertThat(deposited.statusCode()).as(deposited.body()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> balance = get(projector.httpPort(), "/accounts/lp-1/balance?minVersion=2", token);
                assertThat(balance.statusCode()).as(balance.body()).isEqualTo(200);
                assertThat(json.readTree(balance.body()).path("balance").asLong()).isEqualTo(900);
            });
        }

        Map<String, Object> projectorClient = withBootstrap(broker, SECURITY.clientConfig("ledger-projector"));
        assertThatThrownBy(() -> writeOne(projectorClient, topics.events().name()))
                .as("only account-service writes the ledger").hasCauseInstanceOf(TopicAuthorizationException.class);
        Map<String, Object> joiner = new HashMap<>(projectorClient);
        joiner.put(ConsumerConfig.GROUP_ID_CONFIG, ACCOUNT_APP);
        try (KafkaConsumer<byte[], byte[]> intruder = new KafkaConsumer<>(joiner, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            intruder.subscribe(List.of(topics.events().name()));
            assertThatThrownBy(() -> intruder.poll(REFUSAL_WITHIN)).as("nobody else joins account-service's group")
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    /**
     * Before the topic bootstrap has run: each service, granted its ACLs on topics that do not exist yet, refuses to
     * start naming the bootstrap step, and creates nothing (it could not: it holds no CREATE).
     */
    @Test
    void shouldRefuseToStartEitherServiceBeforeTheTopicBootstrapNamingIt(KafkaBroker broker, @TempDir Path dir) throws Exception {
        String prefix = "lp-none.";
        BankTopics topics = BankTopics.of(new TopicSettings(prefix, 3, (short) 1), BankSerdes.singleObject());
        LocalIssuer.openOrCreate(dir.resolve("auth-data"));
        grantAcls(broker, topics.settings(), ACCOUNT_APP + "-none", PROJECTOR_APP + "-none");
        try (Admin admin = Admin.create(withBootstrap(broker, SECURITY.adminClientConfig()))) {

            Map<String, String> accountEnv = environment(broker, dir, "account-service", ACCOUNT_APP + "-none", prefix);
            assertThatThrownBy(() -> AccountService.start(AccountServiceConfig.fromEnvironment(Env.of(accountEnv))).close())
                    .isInstanceOf(TopicMismatchException.class)
                    .hasMessageContaining("topic " + topics.events().name() + " does not exist")
                    .hasMessageContaining("TopicBootstrapMain");
            Map<String, String> projectorEnv = environment(broker, dir, "ledger-projector", PROJECTOR_APP + "-none", prefix);
            assertThatThrownBy(() -> LedgerProjector.start(LedgerProjectorConfig.fromEnvironment(Env.of(projectorEnv))).close())
                    .isInstanceOf(TopicMismatchException.class)
                    .hasMessageContaining("topic " + topics.balances().name() + " does not exist")
                    .hasMessageContaining("TopicBootstrapMain");
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).noneMatch(name -> name.startsWith(prefix));
        }
    }

    /** The ACL step as the admin: exactly BankAcls for both principals, returning once the broker enforces them. */
    private static void grantAcls(KafkaBroker broker, TopicSettings topics, String accountApp, String projectorApp) {
        KafkaConnection admin = KafkaConnection.scram(broker.bootstrapServers(), SECURITY.adminUser(),
                SECURITY.passwords().get(SECURITY.adminUser()));
        BankAclsMain.grant(admin, new BankAclsMain.Settings("account-service", accountApp, "ledger-projector", projectorApp, topics),
                Duration.ofSeconds(30));
    }

    private static Map<String, String> environment(KafkaBroker broker, Path dir, String user, String applicationId) throws Exception {
        return environment(broker, dir, user, applicationId, "lp.");
    }

    private static Map<String, String> environment(KafkaBroker broker, Path dir, String user, String applicationId, String prefix)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("BANK_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("BANK_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("BANK_KAFKA_USERNAME", user);
        env.put("BANK_KAFKA_PASSWORD", SECURITY.passwords().get(user));
        env.put("BANK_TOPIC_PREFIX", prefix);
        env.put("BANK_PARTITIONS", "3");
        env.put("BANK_APPLICATION_ID", applicationId);
        env.put("BANK_STATE_DIR", Files.createDirectories(dir.resolve(applicationId)).toString());
        env.put("BANK_HTTP_PORT", "0");
        env.put("BANK_AUTH_DEV", "true");
        env.put("BANK_DATA_DIR", dir.resolve("auth-data").toString());
        return env;
    }

    private static Map<String, Object> withBootstrap(KafkaBroker broker, Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put("bootstrap.servers", broker.bootstrapServers());
        return config;
    }

    private static void writeOne(Map<String, Object> client, String topic) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) REFUSAL_WITHIN.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) REFUSAL_WITHIN.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "forged".getBytes(), "an event".getBytes()))
                    .get(REFUSAL_WITHIN.toMillis() * 2, TimeUnit.MILLISECONDS);
        }
    }

    private HttpResponse<String> post(int port, String path, String body, String key, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Idempotency-Key", key).header("Authorization", token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}

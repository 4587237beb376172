package org.eventbank.platform.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventbank.platform.compose.ComposeFileTest.OPERATOR_ENVIRONMENT;
import static org.eventbank.platform.compose.ComposeFileTest.environment;
import static org.eventbank.platform.compose.ComposeFileTest.interpolate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.eventbank.config.Env;
import org.eventbank.kit.kafka.BankAclsMain;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.platform.tail.EventTail;
import org.eventbank.platform.tail.TailOptions;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-broker compose stack's Kafka, as near to the container as this machine gets without a Docker engine: a
 * real KRaft broker in this JVM, started from exactly the server properties the image would render from the compose
 * file's settings (rendered by the stack's entrypoint script), its storage formatted by the format that script asks
 * for, with the certificates make-local-ca.sh makes. Only the host names (kafka becomes localhost, which the
 * certificate also carries) and the ports (free ones) are changed. On it, as in the stack: the health check's admin
 * settings reach the broker over TLS; the ACL step runs as acl-init runs it; then account-service may write the
 * ledger and ledger-projector may not, and a wrong password is refused at the handshake. The controller listener is
 * mutual TLS here too: the broker could not start otherwise (it registers with its controller over it).
 */
class ComposeBrokerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void shouldRunTheStacksBrokerLockedAndLetTheAclStepAndTheServicesDoExactlyTheirShare(@TempDir Path dir) throws Exception {
        Path certificates = dir.resolve("tls");
        ComposeTools.Run made = ComposeTlsTest.makeLocalCa(certificates);
        assertThat(made.exitCode()).as(made.output()).isZero();
        Path ca = certificates.resolve("ca.crt");
        int internal = freePort();
        int external = freePort();
        int controller = freePort();

        Map<String, String> env = ComposeKafkaEntrypointTest.standIns(dir);
        env.put("KAFKA_LISTENERS", "INTERNAL://localhost:" + internal + ",EXTERNAL://localhost:" + external + ",CONTROLLER://localhost:" + controller);
        env.put("KAFKA_ADVERTISED_LISTENERS", "INTERNAL://localhost:" + internal + ",EXTERNAL://localhost:" + external);
        env.put("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:" + controller);
        env.put("KAFKA_SSL_KEYSTORE_LOCATION", certificates.resolve("kafka-broker.pem").toString());
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", ca.toString());

        ComposeTools.Run entrypoint = ComposeKafkaEntrypointTest.entrypoint(dir, env);
        assertThat(entrypoint.exitCode()).as(entrypoint.output()).isZero();
        List<String> format = new ArrayList<>(Files.readAllLines(dir.resolve("format-arguments")));
        format.set(format.indexOf("--config") + 1, dir.resolve("format-config.properties").toString());
        assertThat(StorageTool.execute(format.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .as("the format the entrypoint asks for").isZero();
        ComposeTools.Run rendered = ComposeKafkaEntrypointTest.entrypoint(dir, env, "--print-properties");
        Properties serverProperties = new Properties();
        serverProperties.load(new java.io.StringReader(rendered.output()));

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(serverProperties, false), Time.SYSTEM);
        server.startup();
        try {
            String bootstrap = "localhost:" + internal;
            Properties healthcheck = new Properties();
            try (Reader reader = Files.newBufferedReader(dir.resolve("admin-client.properties"))) {
                healthcheck.load(reader);
            }
            healthcheck.put("bootstrap.servers", bootstrap);
            try (Admin admin = Admin.create(healthcheck)) {
                assertThat(admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)).as("the health check's admin gets in over TLS").hasSize(1);
            }

            Map<String, String> aclInit = new HashMap<>();
            environment(ComposeFileTest.Compose.parse("infra/docker-compose.yml").services().get("acl-init"))
                    .forEach((key, value) -> aclInit.put(key, interpolate(value, OPERATOR_ENVIRONMENT)));
            aclInit.put("BANK_BOOTSTRAP_SERVERS", "localhost:" + external);
            aclInit.put("BANK_KAFKA_SSL_TRUSTSTORE", ca.toString());
            BankTopics topics = BankTopics.of(TopicSettings.fromEnvironment(Env.of(aclInit)), BankSerdes.singleObject());
            KafkaConnection admin = KafkaConnection.fromEnvironment(Env.of(aclInit));
            try (Admin topicInit = Admin.create(admin.clientConfig())) {
                topicInit.createTopics(topics.all().stream().map(topic -> new NewTopic(topic.name(), 1, (short) 1)).toList())
                        .all().get(60, TimeUnit.SECONDS);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int granted = BankAclsMain.run(Env.of(aclInit), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), TIMEOUT);
            assertThat(granted).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("(SASL_SSL as bank-admin", "0 already there");

            KafkaConnection accountService = KafkaConnection.scramOverTls(bootstrap, "account-service",
                    OPERATOR_ENVIRONMENT.get("BANK_KAFKA_ACCOUNT_SERVICE_PASSWORD"), ca);
            KafkaConnection ledgerProjector = KafkaConnection.scramOverTls(bootstrap, "ledger-projector",
                    OPERATOR_ENVIRONMENT.get("BANK_KAFKA_LEDGER_PROJECTOR_PASSWORD"), ca);
            writeOne(accountService, topics.events().name());
            assertThatThrownBy(() -> writeOne(ledgerProjector, topics.events().name())).as("only account-service writes the ledger")
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> writeOne(KafkaConnection.scramOverTls(bootstrap, "account-service", "not-the-password-at-all", ca),
                    topics.events().name())).as("a wrong password").hasCauseInstanceOf(SaslAuthenticationException.class);

            // ./bank tail from the host, as the README says: the EXTERNAL listener, a principal named by BANK_KAFKA_*, the CA
            Map<String, String> tailEnvironment = Map.of("BANK_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "BANK_KAFKA_USERNAME", "bank-admin",
                    "BANK_KAFKA_PASSWORD", OPERATOR_ENVIRONMENT.get("BANK_KAFKA_ADMIN_PASSWORD"), "BANK_KAFKA_SSL_TRUSTSTORE", ca.toString(),
                    "BANK_DATA_DIR", dir.toString());
            TailOptions tailOptions = TailOptions.parse(List.of("--bootstrap-servers", "localhost:" + external, "--from-end", "--until-end"),
                    Env.of(tailEnvironment));
            ByteArrayOutputStream tailErr = new ByteArrayOutputStream();
            int tailed = new EventTail(tailOptions, BankSerdes.singleObject(), new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8), new PrintStream(tailErr, true, StandardCharsets.UTF_8)).run();
            assertThat(tailed).as(tailErr.toString(StandardCharsets.UTF_8)).isEqualTo(EventTail.EXIT_OK);
            assertThat(tailErr.toString(StandardCharsets.UTF_8)).contains("following " + topics.events().name() + " on localhost:" + external);
        } finally {
            server.shutdown();
            server.awaitShutdown();
        }
    }

    private static void writeOne(KafkaConnection connection, String topic) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        Map<String, Object> config = new HashMap<>(connection.clientConfig());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "compose-broker-it", "not a real event")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package org.eventbank.platform.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eventbank.platform.compose.ComposeFileTest.ROOT;
import static org.eventbank.platform.compose.ComposeFileTest.TLS_SCRIPT;
import static org.eventbank.platform.compose.ComposeFileTest.TLS_SOURCE_DIR;
import static org.eventbank.platform.compose.ComposeFileTest.bindMounts;
import static org.eventbank.platform.compose.ComposeFileTest.brokerProperties;
import static org.eventbank.platform.compose.ComposeFileTest.environment;
import static org.eventbank.platform.compose.ComposeFileTest.listenerPort;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import kafka.server.KafkaConfig;
import scala.jdk.javaapi.CollectionConverters;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.network.ChannelBuilder;
import org.apache.kafka.common.network.ChannelBuilders;
import org.apache.kafka.common.network.ConnectionMode;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.authenticator.CredentialCache;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.ssl.SslFactory;
import org.apache.kafka.common.security.token.delegation.internals.DelegationTokenCache;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.raft.QuorumConfig;
import org.eventbank.kit.kafka.KafkaConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compose stacks' TLS, without a Docker engine: {@code infra/docker/tls/make-local-ca.sh} makes a CA and a broker
 * certificate that {@code openssl verify} accepts, with a name for every host a client connects to; it changes nothing
 * when run again and refuses a partial set; and Kafka's own SSL code, configured from each broker's compose settings
 * with those files where the compose file mounts them, accepts them on every listener and completes TLS handshakes:
 * a service (configured by {@link KafkaConnection} with the CA) with each listener under every name it may use, and
 * a broker with the CONTROLLER listener by its certificate (mutual TLS). A host name the certificate does not carry,
 * and a client without a certificate on CONTROLLER, are refused. Needs {@code openssl} ({@link ComposeTools}).
 */
class ComposeTlsTest {

    static final List<String> FILES = List.of("ca.crt", "kafka-broker.pem", "kafka-broker.crt");
    @TempDir
    static Path certificates;

    @BeforeAll
    static void makeTheStacksCertificates() throws Exception {
        ComposeTools.Run made = makeLocalCa(certificates.resolve("local"));
        assertThat(made.exitCode()).as(made.output()).isZero();
    }

    @Test
    void shouldMakeACaAndABrokerCertificateForEveryNameAClientConnectsTo() throws Exception {
        Path dir = certificates.resolve("local");
        Path openssl = ComposeTools.binary("openssl", "openssl");

        ComposeTools.Run verify = openssl(dir, openssl, "verify", "-CAfile", "ca.crt", "kafka-broker.crt");
        ComposeTools.Run broker = openssl(dir, openssl, "x509", "-in", "kafka-broker.crt", "-noout", "-subject",
                "-ext", "subjectAltName,extendedKeyUsage,basicConstraints");
        ComposeTools.Run ca = openssl(dir, openssl, "x509", "-in", "ca.crt", "-noout", "-ext", "basicConstraints");

        assertThat(verify.output()).as(verify.output()).contains("kafka-broker.crt: OK");
        assertThat(subjectAlternativeNames(broker.output())).as("every broker's compose name and localhost (the EXTERNAL listeners)")
                .isEqualTo(hostsClientsConnectTo()).isEqualTo(new TreeSet<>(List.of("kafka", "kafka-1", "kafka-2", "kafka-3", "localhost")));
        assertThat(broker.output()).contains("subject=CN = kafka-broker", "TLS Web Server Authentication", "TLS Web Client Authentication",
                "CA:FALSE");
        assertThat(ca.output()).contains("CA:TRUE");
        String keyStore = Files.readString(dir.resolve("kafka-broker.pem"));
        assertThat(keyStore).as("PKCS#8, the key form Kafka's PEM key store reads").startsWith("-----BEGIN PRIVATE KEY-----")
                .containsOnlyOnce("PRIVATE KEY-----\n-----BEGIN CERTIFICATE");
        assertThat(keyStore.split("-----BEGIN CERTIFICATE-----", -1)).as("the broker certificate, then the CA's").hasSize(3);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).as("the CA's key is not kept").containsExactlyInAnyOrderElementsOf(FILES);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as("the folder is its owner's only").isEqualTo("rwx------");
    }

    @Test
    void shouldChangeNothingWhenRunAgainAndReplaceAPartialSetOnlyWithForce(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("local");
        assertThat(makeLocalCa(local).exitCode()).isZero();
        Map<String, String> first = contents(local);

        ComposeTools.Run again = makeLocalCa(local);

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("nothing changed");
        assertThat(contents(local)).as("the same files, byte for byte").containsExactlyInAnyOrderEntriesOf(first);

        Files.delete(local.resolve("kafka-broker.crt"));
        ComposeTools.Run partial = makeLocalCa(local);

        assertThat(partial.exitCode()).as(partial.output()).isEqualTo(1);
        assertThat(partial.output()).contains("refusing", "--force");
        assertThat(Files.readString(local.resolve("ca.crt"))).as("nothing overwritten").isEqualTo(first.get("ca.crt"));

        Files.delete(local.resolve("ca.crt"));
        Files.createDirectory(local.resolve("ca.crt"));
        ComposeTools.Run folder = makeLocalCa(local);

        assertThat(folder.exitCode()).as("a folder Docker made in place of a missing file").isEqualTo(1);
        assertThat(folder.output()).contains("ca.crt is not a regular file");

        ComposeTools.Run forced = makeLocalCa(local, "--force");

        assertThat(forced.exitCode()).as(forced.output()).isZero();
        assertThat(contents(local).keySet()).containsExactlyInAnyOrderElementsOf(FILES);
        assertThat(Files.readString(local.resolve("ca.crt"))).as("a new CA").isNotEqualTo(first.get("ca.crt"));
    }

    /** Every listener of every broker, built by Kafka's own channel builders from the broker's settings, as at its start. */
    @ParameterizedTest
    @MethodSource("org.eventbank.platform.compose.ComposeFileTest#composeFiles")
    void shouldConfigureEveryListenerOfEveryBrokerWithTheseFiles(String file) {
        ComposeFileTest.Compose.parse(file).brokers().forEach((name, broker) -> {
            KafkaConfig config = brokerConfig(broker);
            CollectionConverters.asJava(config.listeners()).forEach(endpoint -> {
                ListenerName listener = new ListenerName(endpoint.listener());
                assertThatCode(() -> {
                    CredentialCache credentials = new CredentialCache();
                    ScramMechanism.mechanismNames().forEach(mechanism -> credentials.createCache(mechanism,
                            ScramCredential.class));
                    ChannelBuilder builder = ChannelBuilders.serverChannelBuilder(listener,
                            listener.equals(config.interBrokerListenerName()), endpoint.securityProtocol(), config, credentials,
                            new DelegationTokenCache(ScramMechanism.mechanismNames()), Time.SYSTEM, new LogContext(), version -> null);
                    builder.close();
                }).as(name + " listener " + endpoint).doesNotThrowAnyException();
            });
        });
    }

    @ParameterizedTest
    @MethodSource("org.eventbank.platform.compose.ComposeFileTest#composeFiles")
    void shouldShakeHandsWithTheServicesUnderEveryNameTheyMayUseAndRefuseOthers(String file) throws Exception {
        SslFactory service = clientFactory(serviceClientConfig());
        try {
            for (Map.Entry<String, JsonNode> entry : ComposeFileTest.Compose.parse(file).brokers().entrySet()) {
                KafkaConfig config = brokerConfig(entry.getValue());
                Map<String, String> env = environment(entry.getValue());
                for (String listener : List.of("INTERNAL", "EXTERNAL")) {
                    SslFactory server = serverFactory(config, listener);
                    int port = Integer.parseInt(listenerPort(env.get("KAFKA_LISTENERS"), listener));
                    String host = listener.equals("INTERNAL") ? entry.getKey() : "localhost";
                    try {
                        assertThatCode(() -> handshake(service.createSslEngine(host, port), server.createSslEngine(host, port)))
                                .as("a service to " + host + ":" + port + " (" + listener + ")").doesNotThrowAnyException();
                        assertThatThrownBy(() -> handshake(service.createSslEngine("kafka-4", port), server.createSslEngine("kafka-4", port)))
                                .as("a name the certificate does not carry").isInstanceOf(SSLHandshakeException.class);
                    } finally {
                        server.close();
                    }
                }
            }
        } finally {
            service.close();
        }
    }

    @ParameterizedTest
    @MethodSource("org.eventbank.platform.compose.ComposeFileTest#composeFiles")
    void shouldLetOnlyTheBrokersIntoTheControllerListenerByTheirCertificate(String file) throws Exception {
        SslFactory service = clientFactory(serviceClientConfig());
        try {
            for (Map.Entry<String, JsonNode> entry : ComposeFileTest.Compose.parse(file).brokers().entrySet()) {
                KafkaConfig config = brokerConfig(entry.getValue());
                SslFactory controller = serverFactory(config, "CONTROLLER");
                // a broker's own client side of the controller channel: the CONTROLLER listener's settings
                SslFactory brokerAsClient = clientFactory(config.valuesWithPrefixOverride(new ListenerName("CONTROLLER").configPrefix()));
                try {
                    for (String voter : voterHosts(config)) {
                        SSLEngine server = controller.createSslEngine(voter, 9093);
                        handshake(brokerAsClient.createSslEngine(voter, 9093), server);
                        String principal = "User:" + server.getSession().getPeerPrincipal().getName();
                        assertThat(config.originals().get("super.users").toString().split(";")).as(voter + ": " + principal + " is a super user")
                                .contains(principal);
                    }
                    assertThatThrownBy(() -> handshake(service.createSslEngine(entry.getKey(), 9093), controller.createSslEngine(entry.getKey(), 9093)))
                            .as("a client without the broker certificate").isInstanceOf(SSLHandshakeException.class);
                } finally {
                    controller.close();
                    brokerAsClient.close();
                }
            }
        } finally {
            service.close();
        }
    }

    // ---------------------------------------------------------------------------------------------

    static ComposeTools.Run makeLocalCa(Path dir, String... flags) throws Exception {
        ComposeTools.binary("openssl", "openssl");
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve(TLS_SCRIPT).toString()));
        command.addAll(List.of(flags));
        command.add(dir.toString());
        return ComposeTools.run(ROOT, Map.of(), command);
    }

    static ComposeTools.Run openssl(Path dir, Path openssl, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(openssl.toString()));
        command.addAll(List.of(arguments));
        ComposeTools.Run run = ComposeTools.run(dir, Map.of(), command);
        assertThat(run.exitCode()).as(String.join(" ", command) + ": " + run.output()).isZero();
        return run;
    }

    /** The DNS names of {@code openssl x509 -ext subjectAltName}'s output. */
    static Set<String> subjectAlternativeNames(String output) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("DNS:([^,\\s]+)").matcher(output);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Every host a client is told to connect to: the advertised listeners' hosts and the KRaft voters of both stacks. */
    static Set<String> hostsClientsConnectTo() {
        Set<String> hosts = new TreeSet<>();
        ComposeFileTest.composeFiles().forEach(file -> ComposeFileTest.Compose.parse(file).brokers().values().forEach(broker -> {
            KafkaConfig config = brokerConfig(broker);
            CollectionConverters.asJava(config.effectiveAdvertisedBrokerListeners()).forEach(endpoint -> hosts.add(endpoint.host()));
            hosts.addAll(voterHosts(config));
        }));
        return hosts;
    }

    static List<String> voterHosts(KafkaConfig config) {
        return QuorumConfig.parseVoterConnections(config.quorumConfig().voters()).values().stream().map(InetSocketAddress::getHostString).toList();
    }

    /** The broker's settings as compose gives them, the TLS files where its mounts put them: here, the ones made above. */
    static KafkaConfig brokerConfig(JsonNode broker) {
        Map<String, Object> props = brokerProperties(broker);
        bindMounts(broker).forEach((target, source) -> {
            if (source.startsWith(TLS_SOURCE_DIR)) {
                Path local = certificates.resolve("local").resolve(source.substring(TLS_SOURCE_DIR.length()));
                props.replaceAll((key, value) -> value.equals(target) ? local.toString() : value);
            }
        });
        return new KafkaConfig(props, false);
    }

    /** How every bank service connects: the kit's SASL_SSL client settings with the stack's CA, parsed as a client does. */
    static Map<String, ?> serviceClientConfig() {
        KafkaConnection connection = KafkaConnection.scramOverTls("kafka:29092", "account-service", "account-0123456789abcdef0123",
                certificates.resolve("local/ca.crt"));
        return new AdminClientConfig(connection.clientConfig()).values();
    }

    static SslFactory serverFactory(KafkaConfig config, String listener) {
        // true: as for the inter-broker listener, the key store must verify against the trust store
        SslFactory factory = new SslFactory(ConnectionMode.SERVER, null, true);
        factory.configure(config.valuesWithPrefixOverride(new ListenerName(listener).configPrefix()));
        return factory;
    }

    static SslFactory clientFactory(Map<String, ?> config) {
        SslFactory factory = new SslFactory(ConnectionMode.CLIENT);
        factory.configure(config);
        return factory;
    }

    /** Runs a TLS handshake between two engines in memory; throws what either side throws. */
    static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
        ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        ByteBuffer clientData = ByteBuffer.allocate(1 << 17);
        ByteBuffer serverData = ByteBuffer.allocate(1 << 17);
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < 200; step++) {
            if (finished(client) && finished(server)) {
                return;
            }
            advance(client, toClient, toServer, clientData);
            advance(server, toServer, toClient, serverData);
        }
        throw new AssertionError("the handshake did not finish: client " + client.getHandshakeStatus() + ", server " + server.getHandshakeStatus());
    }

    private static boolean finished(SSLEngine engine) {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING || engine.getHandshakeStatus() == HandshakeStatus.FINISHED;
    }

    private static void advance(SSLEngine engine, ByteBuffer incoming, ByteBuffer outgoing, ByteBuffer data) throws SSLException {
        switch (engine.getHandshakeStatus()) {
            case NEED_WRAP -> engine.wrap(ByteBuffer.allocate(0), outgoing);
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                incoming.flip();
                engine.unwrap(incoming, data);
                incoming.compact();
            }
            case NEED_TASK -> {
                for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                    task.run();
                }
            }
            default -> {
            }
        }
    }

    /** Each of the files there, as text (PEM is text): equal maps are equal bytes. */
    private static Map<String, String> contents(Path dir) throws Exception {
        Map<String, String> contents = new HashMap<>();
        for (String file : FILES) {
            if (Files.isRegularFile(dir.resolve(file))) {
                contents.put(file, Files.readString(dir.resolve(file)));
            }
        }
        return contents;
    }
}

package org.eventbank.platform.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.security.auth.login.AppConfigurationEntry;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.eventbank.account.AccountServiceConfig;
import org.eventbank.config.Env;
import org.eventbank.kit.kafka.BankAclsMain;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.eventbank.platform.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What can be checked of the Docker setup without a Docker engine (there is none on the build
 * machines): each compose file is parsed and cross-checked against the code it runs.
 *
 * <ul>
 *   <li>Every {@code BANK_*} variable is one the service's code reads (a string literal in its
 *       sources; for a broker, its entrypoint script), so a typo or a stale setting cannot silently do nothing.
 *   <li>Every {@code KAFKA_*} variable is a real broker setting (listener-prefixed ones included), and each
 *       broker's settings, with the passwords filled in as compose would, pass Kafka's own {@link KafkaConfig}
 *       validation as a KRaft node and its own JAAS parsing for every SASL listener.
 *   <li>The lock: SASL_SSL with SCRAM-SHA-512 on every client listener, mutual TLS on the unpublished CONTROLLER
 *       listener, the StandardAuthorizer with nothing allowed without an ACL, PEM files mounted read-only; every bank
 *       service connects as its own principal, its password from the operator's environment, and the ACL step grants
 *       the users and application ids the instances run as.
 *   <li>Ports, {@code application.server} hosts, instance ids, topic layout, volumes, depends_on
 *       targets, Dockerfiles and build contexts agree with each other and exist.
 * </ul>
 * {@link ComposeTlsTest} makes the certificates and proves Kafka accepts them as configured here;
 * {@link ComposeConfigCheckTest} runs {@code docker-compose config} on the files.
 */
class ComposeFileTest {

    static final Path ROOT = RepoRoot.find();
    static final Pattern BANK_SETTING = Pattern.compile("\"(BANK_[A-Z0-9_]+)\"");
    static final String TOPIC_BOOTSTRAP_MAIN = "org.eventbank.kit.topics.TopicBootstrapMain";
    static final String ACL_STEP_MAIN = "org.eventbank.kit.kafka.BankAclsMain";
    /** The one-shot steps before the services, in order: the topics, then the ACLs on them. */
    static final List<String> STEP_MAINS = List.of(TOPIC_BOOTSTRAP_MAIN, ACL_STEP_MAIN);
    /** The brokers' entrypoint: the image's own, wrapped to format the storage with the SCRAM principals. */
    static final Path KAFKA_ENTRYPOINT = Path.of("infra/docker/kafka/bank-kafka-run.sh");
    /** Where make-local-ca.sh writes by default (git-ignored), as the compose files' bind mounts name it. */
    static final String TLS_SOURCE_DIR = "./docker/tls/local/";
    static final Path TLS_SCRIPT = Path.of("infra/docker/tls/make-local-ca.sh");
    static final String ADMIN_USER = "bank-admin";
    /** Each principal's password variable, as the operator exports it and the brokers format it. */
    static final Map<String, String> PASSWORD_VARIABLES = Map.of(ADMIN_USER, "BANK_KAFKA_ADMIN_PASSWORD",
            "account-service", "BANK_KAFKA_ACCOUNT_SERVICE_PASSWORD", "ledger-projector", "BANK_KAFKA_LEDGER_PROJECTOR_PASSWORD");
    /** What compose interpolates the required variables with in these tests (as an operator's environment would). */
    static final Map<String, String> OPERATOR_ENVIRONMENT = Map.of(
            "BANK_KAFKA_ADMIN_PASSWORD", "admin-0123456789abcdef0123",
            "BANK_KAFKA_ACCOUNT_SERVICE_PASSWORD", "account-0123456789abcdef0123",
            "BANK_KAFKA_LEDGER_PROJECTOR_PASSWORD", "projector-0123456789abcdef0123",
            "BANK_JWKS_URI", "https://idp.example/jwks",
            "BANK_TOKEN_ISSUER", "https://idp.example/",
            "BANK_TOKEN_AUDIENCE", "eventbank");
    static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    static final Path TOPIC_SETTINGS = Path.of("schemas/src/main/java/org/eventbank/schemas/topics/TopicSettings.java");
    /** The service kit's settings records (cluster, Streams) that both services read their common variables through. */
    static final Path SERVICE_KIT_SOURCES = Path.of("infra/service-kit/src/main/java");
    /** The cluster and principal settings the topic bootstrap reads through the kit's connection. */
    static final String KAFKA_CONNECTION = "org/eventbank/kit/kafka/KafkaConnection.java";

    static Stream<String> composeFiles() {
        return Stream.of("infra/docker-compose.yml", "infra/docker-compose.3-brokers.yml");
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldGiveEveryServiceOnlySettingsItsCodeReads(String file) {
        Compose compose = Compose.parse(file);
        List<String> problems = new ArrayList<>();
        compose.services.forEach((name, service) -> {
            Map<String, String> env = environment(service);
            if (isKafka(service)) {
                Set<String> listeners = listenerNames(env.get("KAFKA_LISTENERS"));
                Set<String> entrypointReads = settingsIn(read(ROOT.resolve(KAFKA_ENTRYPOINT)), Pattern.compile("\\b(BANK_[A-Z0-9_]+)\\b"));
                env.keySet().stream().filter(key -> !key.equals("CLUSTER_ID"))
                        .filter(key -> key.startsWith("KAFKA_") ? !isBrokerSetting(kafkaProperty(key), listeners) : !entrypointReads.contains(key))
                        .forEach(key -> problems.add(name + ": " + key + (key.startsWith("KAFKA_") ? " is not a Kafka broker setting"
                                : " is read neither by Kafka nor by " + KAFKA_ENTRYPOINT)));
            } else {
                Set<String> read = settingsReadBy(service);
                env.keySet().stream().filter(key -> !read.contains(key))
                        .forEach(key -> problems.add(name + ": " + key + " is not read by its code (it reads " + new TreeSet<>(read) + ")"));
            }
        });
        assertThat(problems).isEmpty();
        assertThat(compose.services.keySet()).as("services").contains("topic-init", "acl-init", "account-service-1", "account-service-2",
                "ledger-projector-1", "ledger-projector-2");
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldConfigureEveryBrokerAsAValidKRaftNodeOfOneQuorum(String file) {
        Compose compose = Compose.parse(file);
        Map<String, JsonNode> brokers = compose.brokers();
        assertThat(brokers).isNotEmpty();
        Set<String> expectedVoters = new TreeSet<>();
        Set<String> clusterIds = new HashSet<>();
        brokers.forEach((name, broker) -> {
            Map<String, String> env = environment(broker);
            Map<String, Object> props = brokerProperties(broker);
            assertThatCode(() -> new KafkaConfig(props, false)).as(name + " is a valid broker configuration").doesNotThrowAnyException();
            assertThatCode(() -> Uuid.fromString(env.get("CLUSTER_ID"))).as(name + " CLUSTER_ID").doesNotThrowAnyException();
            clusterIds.add(env.get("CLUSTER_ID"));
            assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
            expectedVoters.add(env.get("KAFKA_NODE_ID") + "@" + name + ":" + listenerPort(env.get("KAFKA_LISTENERS"), "CONTROLLER"));
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).as(name + " advertises its compose name in-network")
                    .contains("INTERNAL://" + name + ":" + listenerPort(env.get("KAFKA_LISTENERS"), "INTERNAL"));
            assertThat(Set.of(env.get("KAFKA_LOG_DIRS"))).as(name + " keeps its log on its named volume").isEqualTo(namedVolumePaths(broker));

            int replicas = brokers.size();
            int minIsr = replicas == 1 ? 1 : 2;
            for (String setting : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                    "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "KAFKA_DEFAULT_REPLICATION_FACTOR")) {
                assertThat(env.get(setting)).as(name + " " + setting).isEqualTo(Integer.toString(replicas));
            }
            for (String setting : List.of("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "KAFKA_MIN_INSYNC_REPLICAS")) {
                assertThat(env.get(setting)).as(name + " " + setting).isEqualTo(Integer.toString(minIsr));
            }
            assertThat(env.get("KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS"))
                    .as(name + " aborts a crashed writer's timed-out transaction within a second (fail-over)").isEqualTo("1000");
        });
        assertThat(clusterIds).as("one cluster").hasSize(1);
        brokers.values().forEach(broker -> assertThat(new TreeSet<>(List.of(environment(broker).get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(","))))
                .as("every broker names the same voters: the brokers of this file").isEqualTo(expectedVoters));
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldLayOutTheTopicsIdenticallyInEveryBankServiceAndReachTheBrokersInNetwork(String file) {
        Compose compose = Compose.parse(file);
        Set<String> internalListeners = new TreeSet<>();
        compose.brokers().forEach((name, broker) ->
                internalListeners.add(name + ":" + listenerPort(environment(broker).get("KAFKA_LISTENERS"), "INTERNAL")));
        Map<String, Set<String>> valuesBySetting = new LinkedHashMap<>();
        compose.bankServices().forEach((name, service) -> {
            Map<String, String> env = environment(service);
            for (String setting : List.of("BANK_TOPIC_PREFIX", "BANK_PARTITIONS", "BANK_REPLICATION_FACTOR")) {
                assertThat(env).as(name + " sets " + setting).containsKey(setting);
                valuesBySetting.computeIfAbsent(setting, key -> new TreeSet<>()).add(env.get(setting));
            }
            assertThat(new TreeSet<>(List.of(env.get("BANK_BOOTSTRAP_SERVERS").split(",")))).as(name + " bootstrap servers")
                    .isEqualTo(internalListeners);
        });
        valuesBySetting.forEach((setting, values) -> assertThat(values).as(setting + " is the same everywhere").hasSize(1));
        assertThat(valuesBySetting.get("BANK_REPLICATION_FACTOR")).containsExactly(Integer.toString(compose.brokers().size()));
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldListenAdvertiseAndPublishConsistentPortsAndIdentities(String file) {
        Compose compose = Compose.parse(file);
        List<String> hostPorts = new ArrayList<>();
        Map<String, List<String>> applicationIdsByImage = new HashMap<>();
        Set<String> instanceIds = new HashSet<>();
        Set<String> applicationServers = new HashSet<>();
        compose.services.forEach((name, service) -> {
            for (JsonNode port : service.path("ports")) {
                String[] parts = port.asText().split(":");
                hostPorts.add(parts[0]);
                Map<String, String> env = environment(service);
                if (env.containsKey("BANK_HTTP_PORT")) {
                    assertThat(parts[1]).as(name + " publishes the port it listens on").isEqualTo(env.get("BANK_HTTP_PORT"));
                }
            }
        });
        compose.instances().forEach((name, service) -> {
            Map<String, String> env = environment(service);
            assertThat(service.path("ports")).as(name + " is reachable from the host").hasSize(1);
            applicationIdsByImage.computeIfAbsent(service.path("image").asText(), key -> new ArrayList<>()).add(env.get("BANK_APPLICATION_ID"));
            if (moduleOf(service).equals("account-service")) {
                assertThat(instanceIds.add(env.get("BANK_INSTANCE_ID"))).as(name + " has its own BANK_INSTANCE_ID (results are routed by it)").isTrue();
            } else {
                String host = env.get("BANK_ADVERTISED_HOST");
                assertThat(host).as(name + " advertises a host the other instances can resolve").isIn(name, service.path("hostname").asText());
                assertThat(applicationServers.add(host + ":" + env.get("BANK_HTTP_PORT"))).as(name + " application.server is its own").isTrue();
            }
        });
        assertThat(hostPorts).as("host ports").doesNotHaveDuplicates();
        assertThat(applicationIdsByImage).hasSize(2);
        applicationIdsByImage.forEach((image, ids) -> assertThat(new HashSet<>(ids)).as("instances of " + image + " form one Streams application")
                .hasSize(1).doesNotContainNull());
        assertThat(applicationIdsByImage.values().stream().map(ids -> ids.get(0)).distinct()).as("the two services are different applications").hasSize(2);
        assertThat(instanceIds).hasSize(2);
        assertThat(applicationServers).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldBuildEveryImageFromADockerfileAndContextInThisRepository(String file) throws IOException {
        Compose compose = Compose.parse(file);
        for (Map.Entry<String, JsonNode> entry : compose.services.entrySet()) {
            JsonNode build = entry.getValue().path("build");
            if (build.isMissingNode()) {
                assertThat(entry.getValue().path("image").asText()).as(entry.getKey() + " is pulled").startsWith("apache/kafka:4.3.1");
                continue;
            }
            Path context = compose.dir.resolve(build.path("context").asText()).normalize();
            assertThat(context).as(entry.getKey() + " build context").isEqualTo(ROOT);
            Path dockerfile = context.resolve(build.path("dockerfile").asText());
            assertThat(dockerfile).as(entry.getKey() + " Dockerfile").isRegularFile();
            String module = moduleOf(entry.getValue());
            assertThat(ROOT.resolve(module).resolve("pom.xml")).isRegularFile();

            String text = Files.readString(dockerfile, StandardCharsets.UTF_8);
            assertThat(text).contains("FROM eclipse-temurin:17-jdk AS build", "FROM eclipse-temurin:17-jre",
                    "./mvnw -B -q -pl " + module + " -am package -Dmaven.test.skip=true",
                    "COPY --from=build /src/" + module + "/target/" + artifactIdOf(module) + ".jar /app/app.jar",
                    "/health/ready", "ENTRYPOINT [\"java\"");
            Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(text);
            assertThat(user.find()).as(dockerfile + " switches user").isTrue();
            assertThat(user.group(1)).isNotIn("root", "0");
        }
        Map<String, String> stepMains = Map.of("topic-init", TOPIC_BOOTSTRAP_MAIN, "acl-init", ACL_STEP_MAIN);
        for (Map.Entry<String, String> step : stepMains.entrySet()) {
            JsonNode init = compose.services.get(step.getKey());
            assertThat(init.path("entrypoint").toString()).as(step.getKey()).contains(step.getValue(), "/app/app.jar");
            assertThat(ROOT.resolve(SERVICE_KIT_SOURCES).resolve(step.getValue().replace('.', '/') + ".java")).isRegularFile();
            assertThat(Files.readString(ROOT.resolve(moduleOf(init)).resolve("pom.xml"))).as("the " + step.getKey() + " image contains the service kit")
                    .contains("<artifactId>service-kit</artifactId>");
        }
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldStartInDependencyOrderOnConditionsThatCanBeMet(String file) throws IOException {
        Compose compose = Compose.parse(file);
        for (Map.Entry<String, JsonNode> entry : compose.services.entrySet()) {
            var dependencies = entry.getValue().path("depends_on").fields();
            while (dependencies.hasNext()) {
                var dependency = dependencies.next();
                String target = dependency.getKey();
                assertThat(compose.services).as(entry.getKey() + " depends on an existing service").containsKey(target);
                String condition = dependency.getValue().path("condition").asText();
                JsonNode targetService = compose.services.get(target);
                switch (condition) {
                    case "service_healthy" -> assertThat(hasHealthCheck(targetService)).as(target + " has a health check").isTrue();
                    case "service_completed_successfully" ->
                            assertThat(targetService.path("restart").asText()).as(target + " is a one-shot step").isEqualTo("no");
                    default -> throw new AssertionError(entry.getKey() + " -> " + target + ": unexpected condition " + condition);
                }
            }
        }
        compose.instances().forEach((name, service) -> {
            assertThat(service.path("depends_on").path("topic-init").path("condition").asText()).as(name + " waits for the topics")
                    .isEqualTo("service_completed_successfully");
            assertThat(service.path("depends_on").path("acl-init").path("condition").asText()).as(name + " waits for its ACLs")
                    .isEqualTo("service_completed_successfully");
            assertThat(hasHealthCheckUnchecked(service)).as(name + " has a readiness health check").isTrue();
        });
        assertThat(compose.services.get("acl-init").path("depends_on").path("topic-init").path("condition").asText())
                .as("the ACLs are granted once the topics exist: the topic bootstrap, then the ACL step").isEqualTo("service_completed_successfully");
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldKeepBrokerDataAndStreamsStateOnOneNamedVolumeEach(String file) {
        Compose compose = Compose.parse(file);
        Set<String> declared = new TreeSet<>();
        compose.root.path("volumes").fieldNames().forEachRemaining(declared::add);
        List<String> used = new ArrayList<>();
        compose.services.forEach((name, service) -> service.path("volumes").forEach(mount -> {
            if (!isBindMount(mount.asText())) {
                used.add(mount.asText().split(":")[0]);
            }
        }));
        assertThat(used).as("each volume belongs to one service").doesNotHaveDuplicates();
        assertThat(new TreeSet<>(used)).as("named volumes, all declared").isEqualTo(declared);
        compose.instances().forEach((name, service) -> assertThat(namedVolumePaths(service)).as(name + " keeps its Streams state on its volume")
                .containsExactly(environment(service).get("BANK_STATE_DIR")));
    }

    /**
     * Files from this checkout go into the containers read-only, and only these: the brokers' entrypoint script and the
     * TLS files make-local-ca.sh writes into its git-ignored folder (missing until it has run: the broker and the kit
     * then refuse to start, naming the file).
     */
    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldMountOnlyTheEntrypointAndTheTlsFilesReadOnly(String file) {
        Compose compose = Compose.parse(file);
        String tlsScript = read(ROOT.resolve(TLS_SCRIPT));
        compose.services.forEach((name, service) -> service.path("volumes").forEach(mount -> {
            String[] parts = mount.asText().split(":");
            if (!isBindMount(mount.asText())) {
                return;
            }
            assertThat(parts).as(name + " mounts " + mount.asText() + " read-only").hasSize(3);
            assertThat(parts[2]).as(name + " " + mount.asText()).isEqualTo("ro");
            if (parts[0].startsWith(TLS_SOURCE_DIR)) {
                String tlsFile = parts[0].substring(TLS_SOURCE_DIR.length());
                assertThat(tlsScript).as(name + ": " + tlsFile + " is one make-local-ca.sh writes").containsPattern("FILES=\"[^\"]*\\b" + Pattern.quote(tlsFile) + "\\b");
                assertThat(isBroker(name, compose) || tlsFile.equals("ca.crt")).as(name + " gets the CA, and only a broker its key").isTrue();
            } else {
                assertThat(compose.dir.resolve(parts[0]).normalize()).as(name + " mounts a file of this repository")
                        .isEqualTo(ROOT.resolve(KAFKA_ENTRYPOINT)).isRegularFile();
            }
        }));
        assertThat(read(ROOT.resolve(".gitignore"))).as("the keys never get committed").contains("infra/docker/tls/local/");
        for (String dockerignore : List.of("infra/docker/account-service.Dockerfile.dockerignore", "infra/docker/ledger-projector.Dockerfile.dockerignore")) {
            assertThat(read(ROOT.resolve(dockerignore))).as(dockerignore + ": the broker key stays out of the images' build context")
                    .contains("infra/docker/tls/local/");
        }
    }

    /**
     * The services refuse to start without an identity provider, and a compose stack has none of its own: each instance
     * takes the three required settings from the operator's environment, as {@code ${VAR:?message}}, so compose itself
     * stops, naming the variable, before anything starts; none runs the local issuer of {@code ./bank up}.
     */
    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldRequireTheOperatorsIdentityProviderInEveryServiceInstance(String file) {
        Compose compose = Compose.parse(file);
        compose.instances().forEach((name, service) -> {
            Map<String, String> env = environment(service);
            for (String setting : List.of("BANK_JWKS_URI", "BANK_TOKEN_ISSUER", "BANK_TOKEN_AUDIENCE")) {
                assertThat(env.get(setting)).as(name + " " + setting + " comes from the operator, or compose stops")
                        .matches(Pattern.quote("${" + setting + ":?set " + setting) + " .+}");
            }
            assertThat(env.get("BANK_OWNER_CLAIM")).as(name).isEqualTo("${BANK_OWNER_CLAIM:-sub}");
            assertThat(env).as(name + " accepts no local issuer").doesNotContainKeys("BANK_AUTH_DEV", "BANK_DATA_DIR");
        });
        Map<String, String> first = environment(compose.instances().values().iterator().next());
        compose.instances().forEach((name, service) -> List.of("BANK_JWKS_URI", "BANK_TOKEN_ISSUER", "BANK_TOKEN_AUDIENCE",
                "BANK_OWNER_CLAIM").forEach(setting -> assertThat(environment(service).get(setting))
                .as(name + " " + setting + " is the same in every instance: both services accept the same tokens")
                .isEqualTo(first.get(setting))));
    }

    @Test
    void shouldRunTheSameServicesOnOneBrokerAndOnThree() {
        Compose one = Compose.parse("infra/docker-compose.yml");
        Compose three = Compose.parse("infra/docker-compose.3-brokers.yml");

        assertThat(one.brokers()).hasSize(1);
        assertThat(three.brokers()).hasSize(3);
        assertThat(three.bankServices().keySet()).isEqualTo(one.bankServices().keySet());
        assertThat(environment(three.brokers().values().iterator().next()).get("KAFKA_MIN_INSYNC_REPLICAS")).isEqualTo("2");
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldPackageEachServiceAsTheRunnableJarItsDockerfileCopies(String file) throws IOException {
        Compose compose = Compose.parse(file);
        for (String module : compose.instances().values().stream().map(ComposeFileTest::moduleOf).distinct().toList()) {
            String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
            assertThat(pom).as(module + " builds the runnable jar its Dockerfile copies").contains("maven-shade-plugin");
            assertThat(pom).as(module + " names its main class for the runnable jar").contains("<main.class>");
        }
    }

    /**
     * Every client listener is SASL_SSL with SCRAM-SHA-512 and nothing else; CONTROLLER is mutual TLS and published nowhere;
     * the StandardAuthorizer allows nothing without an ACL; the brokers talk to each other as the admin; TLS is
     * terminated by the broker with the PEM files make-local-ca.sh writes. Each SASL listener's JAAS line is parsed by
     * Kafka's own {@link JaasContext}, as the broker does at start.
     */
    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldLockEveryBrokerWithTlsScramAndAcls(String file) {
        Compose compose = Compose.parse(file);
        compose.brokers().forEach((name, broker) -> {
            Map<String, String> env = environment(broker);
            Map<String, Object> props = brokerProperties(broker);
            assertThat(props.get("listener.security.protocol.map")).as(name)
                    .isEqualTo("INTERNAL:SASL_SSL,EXTERNAL:SASL_SSL,CONTROLLER:SSL");
            assertThat(listenerNames(env.get("KAFKA_LISTENERS"))).as(name + " has no other listener").containsExactlyInAnyOrder("INTERNAL", "EXTERNAL", "CONTROLLER");
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).as(name + ": the image's configure step demands JKS files for SSL:// URLs")
                    .doesNotContain("SSL://", "CONTROLLER");
            assertThat(broker.path("ports")).as(name + " publishes EXTERNAL only").singleElement()
                    .satisfies(port -> assertThat(port.asText()).isEqualTo(listenerPort(env.get("KAFKA_LISTENERS"), "EXTERNAL") + ":"
                            + listenerPort(env.get("KAFKA_LISTENERS"), "EXTERNAL")));
            assertThat(props).as(name).containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                    .containsEntry("inter.broker.listener.name", "INTERNAL")
                    .containsEntry("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512")
                    .containsEntry("authorizer.class.name", StandardAuthorizer.class.getName())
                    .containsEntry("allow.everyone.if.no.acl.found", "false")
                    .containsEntry("super.users", "User:" + ADMIN_USER + ";User:CN=kafka-broker")
                    .containsEntry("listener.name.controller.ssl.client.auth", "required")
                    .containsEntry("ssl.keystore.type", "PEM").containsEntry("ssl.truststore.type", "PEM")
                    .doesNotContainKeys("ssl.keystore.password", "ssl.truststore.password", "ssl.client.auth");

            AppConfigurationEntry internal = jaasEntry(props, "INTERNAL");
            assertThat(Map.<String, Object>copyOf(internal.getOptions())).as(name + ": the brokers connect to each other as the admin")
                    .containsEntry("username", ADMIN_USER).containsEntry("password", OPERATOR_ENVIRONMENT.get("BANK_KAFKA_ADMIN_PASSWORD"));
            assertThat(jaasEntry(props, "EXTERNAL").getOptions()).as(name + ": nothing connects out through EXTERNAL").isEmpty();

            Map<String, String> mounts = bindMounts(broker);
            assertThat(mounts).as(name + " key store").containsEntry(env.get("KAFKA_SSL_KEYSTORE_LOCATION"), TLS_SOURCE_DIR + "kafka-broker.pem");
            assertThat(mounts).as(name + " trust store").containsEntry(env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"), TLS_SOURCE_DIR + "ca.crt");
            PASSWORD_VARIABLES.values().forEach(variable -> assertThat(env.get(variable)).as(name + " formats with " + variable)
                    .matches(Pattern.quote("${" + variable + ":?set " + variable) + " .+}"));

            String entrypoint = read(ROOT.resolve(KAFKA_ENTRYPOINT));
            assertThat(broker.path("entrypoint").toString()).as(name + " runs the wrapper").contains(mountTarget(mounts, "./" + ROOT.resolve("infra")
                    .relativize(ROOT.resolve(KAFKA_ENTRYPOINT))));
            assertThat(entrypoint).as("the wrapper hands over to the image's own entrypoint").contains("IMAGE_ENTRYPOINT=\"${BANK_KAFKA_IMAGE_ENTRYPOINT:-/etc/kafka/docker/run}\"", "exec \"$IMAGE_ENTRYPOINT\"");
            PASSWORD_VARIABLES.forEach((user, variable) -> assertThat(entrypoint).as("the format adds " + user)
                    .contains("[" + user + "]=\"${" + variable + ":-}\"", "name=" + user + ",password=${passwords[" + user + "]}"));
            String healthcheck = broker.path("healthcheck").path("test").toString();
            assertThat(healthcheck).as(name + " checks itself as the admin over TLS").contains("--command-config")
                    .contains(name + ":" + listenerPort(env.get("KAFKA_LISTENERS"), "INTERNAL"));
            assertThat(entrypoint).as("the wrapper writes the health check's settings").contains(
                    "HEALTHCHECK_CONFIG=\"${BANK_KAFKA_HEALTHCHECK_CONFIG:-" + healthcheck.replaceAll(".*--command-config\",\"([^\"]+)\".*", "$1") + "}\"");
        });
    }

    /**
     * Each bank service connects over SASL_SSL as its own principal (the steps as the admin), with the password the
     * brokers formatted that principal with, and trusts the stack's CA, mounted read-only where
     * {@code BANK_KAFKA_SSL_TRUSTSTORE} says.
     */
    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldConnectEveryBankServiceAsItsOwnPrincipalOverTls(String file) {
        Compose compose = Compose.parse(file);
        Map<String, String> brokerEnv = environment(compose.brokers().values().iterator().next());
        compose.bankServices().forEach((name, service) -> {
            Map<String, String> env = environment(service);
            String user = stepMainOf(service).isPresent() ? ADMIN_USER : moduleOf(service);
            assertThat(env).as(name).containsEntry("BANK_KAFKA_SECURITY_PROTOCOL", "SASL_SSL").containsEntry("BANK_KAFKA_USERNAME", user);
            String variable = PASSWORD_VARIABLES.get(user);
            assertThat(env.get("BANK_KAFKA_PASSWORD")).as(name + " takes " + user + "'s password from the operator, or compose stops")
                    .matches(Pattern.quote("${" + variable + ":?set " + variable) + " .+}")
                    .as(name + ": the same variable the brokers format " + user + " with").isEqualTo(brokerEnv.get(variable));
            assertThat(bindMounts(service)).as(name + " trusts the stack's CA").containsEntry(env.get("BANK_KAFKA_SSL_TRUSTSTORE"), TLS_SOURCE_DIR + "ca.crt");
        });
    }

    /** acl-init grants exactly the users and application ids the instances run as, as the admin, on the same topics. */
    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldGrantTheAclsOfTheUsersAndApplicationIdsTheInstancesRunAs(String file) {
        Compose compose = Compose.parse(file);
        Map<String, String> acl = environment(compose.services.get("acl-init"));
        compose.instances().forEach((name, service) -> {
            Map<String, String> env = environment(service);
            String role = moduleOf(service).equals("account-service") ? "ACCOUNT_SERVICE" : "LEDGER_PROJECTOR";
            assertThat(acl.get("BANK_ACL_" + role + "_USER")).as(name + " principal").isEqualTo(env.get("BANK_KAFKA_USERNAME"));
            assertThat(acl.get("BANK_ACL_" + role + "_APPLICATION_ID")).as(name + " application id").isEqualTo(env.get("BANK_APPLICATION_ID"));
        });
        Map<String, String> resolved = new HashMap<>();
        acl.forEach((key, value) -> resolved.put(key, interpolate(value, OPERATOR_ENVIRONMENT)));
        assertThatCode(() -> BankAclsMain.Settings.fromEnvironment(Env.of(resolved))).as("acl-init's settings are valid").doesNotThrowAnyException();
    }

    @Test
    void shouldDefaultTheAclStepToTheServicesOwnApplicationIds() {
        assertThat(BankAclsMain.Settings.DEFAULT_ACCOUNT_SERVICE_APPLICATION_ID).isEqualTo(AccountServiceConfig.DEFAULT_APPLICATION_ID);
        assertThat(BankAclsMain.Settings.DEFAULT_LEDGER_PROJECTOR_APPLICATION_ID).isEqualTo(LedgerProjectorConfig.DEFAULT_APPLICATION_ID);
    }

    /** The JAAS entry a SASL listener of this broker authenticates with, parsed by Kafka as the broker parses it. */
    static AppConfigurationEntry jaasEntry(Map<String, Object> props, String listener) {
        ListenerName listenerName = new ListenerName(listener);
        String key = listenerName.configPrefix() + "scram-sha-512.sasl.jaas.config";
        assertThat(props).as(listener + " has its JAAS line").containsKey(key);
        JaasContext context = JaasContext.loadServerContext(listenerName, "SCRAM-SHA-512",
                Map.of("scram-sha-512.sasl.jaas.config", new Password((String) props.get(key))));
        assertThat(context.configurationEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.getLoginModuleName()).isEqualTo(SCRAM_LOGIN_MODULE);
            assertThat(entry.getControlFlag()).isEqualTo(AppConfigurationEntry.LoginModuleControlFlag.REQUIRED);
        });
        return context.configurationEntries().get(0);
    }

    static String mountTarget(Map<String, String> mounts, String source) {
        return mounts.entrySet().stream().filter(mount -> mount.getValue().equals(source)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError(source + " is not mounted; mounts: " + mounts));
    }

    // ---------------------------------------------------------------------------------------------

    /** The broker property an apache/kafka image variable sets: KAFKA_ stripped, ___ is '-', __ is '_', _ is '.'. */
    static String kafkaProperty(String variable) {
        return variable.substring("KAFKA_".length()).replace("___", "\u0001").replace("__", "\u0002").replace('_', '.')
                .replace('\u0001', '-').replace('\u0002', '_').toLowerCase(java.util.Locale.ROOT);
    }

    static String listenerPort(String listeners, String name) {
        for (String listener : listeners.split(",")) {
            if (listener.startsWith(name + "://")) {
                return listener.substring(listener.lastIndexOf(':') + 1);
            }
        }
        throw new AssertionError("no " + name + " listener in " + listeners);
    }

    static Set<String> settingsReadBy(JsonNode service) {
        List<Path> sources = new ArrayList<>();
        Optional<String> step = stepMainOf(service);
        if (step.isPresent()) {
            sources.add(ROOT.resolve(SERVICE_KIT_SOURCES).resolve(step.get().replace('.', '/') + ".java"));
        } else {
            sources.addAll(javaFiles(ROOT.resolve(moduleOf(service)).resolve("src/main/java")));
            sources.addAll(javaFiles(ROOT.resolve(SERVICE_KIT_SOURCES)));
        }
        Set<String> settings = new TreeSet<>();
        List<Path> delegates = new ArrayList<>();
        for (Path source : sources) {
            String text = read(source);
            Matcher matcher = BANK_SETTING.matcher(text);
            while (matcher.find()) {
                settings.add(matcher.group(1));
            }
            if (text.contains("TopicSettings.fromEnvironment")) {
                delegates.add(TOPIC_SETTINGS);
            }
            if (text.contains("KafkaConnection.fromEnvironment")) {
                delegates.add(SERVICE_KIT_SOURCES.resolve(KAFKA_CONNECTION));
            }
        }
        for (Path delegate : delegates) {
            Matcher matcher = BANK_SETTING.matcher(read(ROOT.resolve(delegate)));
            while (matcher.find()) {
                settings.add(matcher.group(1));
            }
        }
        return settings;
    }

    static List<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(path -> path.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String moduleOf(JsonNode service) {
        String dockerfile = Path.of(service.path("build").path("dockerfile").asText()).getFileName().toString();
        return dockerfile.replace(".Dockerfile", "");
    }

    static String artifactIdOf(String module) {
        Matcher matcher = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(read(ROOT.resolve(module).resolve("pom.xml")));
        assertThat(matcher.find()).as(module + "/pom.xml artifactId").isTrue();
        return matcher.group(1);
    }

    static boolean isKafka(JsonNode service) {
        return service.path("image").asText().startsWith("apache/kafka");
    }

    static boolean hasHealthCheck(JsonNode service) throws IOException {
        JsonNode healthcheck = service.path("healthcheck");
        if (healthcheck.path("disable").asBoolean(false)) {
            return false;
        }
        if (healthcheck.has("test")) {
            return true;
        }
        JsonNode build = service.path("build");
        return !build.isMissingNode()
                && Files.readString(ROOT.resolve(build.path("dockerfile").asText())).contains("HEALTHCHECK");
    }

    static boolean hasHealthCheckUnchecked(JsonNode service) {
        try {
            return hasHealthCheck(service);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the service's named volumes are mounted (not the files bind-mounted from this checkout). */
    static Set<String> namedVolumePaths(JsonNode service) {
        Set<String> paths = new TreeSet<>();
        service.path("volumes").forEach(mount -> {
            if (!isBindMount(mount.asText())) {
                paths.add(mount.asText().split(":")[1]);
            }
        });
        return paths;
    }

    /** A host path ({@code ./...}, {@code ../...}, {@code /...}), as compose tells it from a volume's name. */
    static boolean isBindMount(String mount) {
        return mount.startsWith(".") || mount.startsWith("/");
    }

    /** Where each read-only bind mount's file lands in the container, by its source relative to the compose file. */
    static Map<String, String> bindMounts(JsonNode service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        service.path("volumes").forEach(mount -> {
            if (isBindMount(mount.asText())) {
                String[] parts = mount.asText().split(":");
                mounts.put(parts[1], parts[0]);
            }
        });
        return mounts;
    }

    static boolean isBroker(String name, Compose compose) {
        return isKafka(compose.services.get(name));
    }

    /** The main class of a one-shot step's entrypoint (topic-init, acl-init); empty for anything else. */
    static Optional<String> stepMainOf(JsonNode service) {
        String entrypoint = service.path("entrypoint").toString();
        return STEP_MAINS.stream().filter(entrypoint::contains).findFirst();
    }

    static Set<String> settingsIn(String text, Pattern pattern) {
        Set<String> settings = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            settings.add(matcher.group(1));
        }
        return settings;
    }

    static Set<String> listenerNames(String listeners) {
        Set<String> names = new TreeSet<>();
        for (String listener : listeners.split(",")) {
            names.add(listener.substring(0, listener.indexOf("://")));
        }
        return names;
    }

    /**
     * A broker property Kafka knows: a name of its configuration, or one set for a single listener of this broker
     * ({@code listener.name.<listener>.<setting>}, a SASL setting also per mechanism:
     * {@code listener.name.<listener>.<mechanism>.sasl.jaas.config}).
     */
    static boolean isBrokerSetting(String property, Set<String> listeners) {
        Set<String> settings = AbstractKafkaConfig.CONFIG_DEF.names();
        // the authorizer's own settings, which KafkaConfig passes it without knowing them
        if (settings.contains(property) || property.equals(StandardAuthorizer.SUPER_USERS_CONFIG)
                || property.equals(StandardAuthorizer.ALLOW_EVERYONE_IF_NO_ACL_IS_FOUND_CONFIG)) {
            return true;
        }
        for (String listener : listeners) {
            String prefix = new ListenerName(listener).configPrefix();
            if (property.startsWith(prefix)) {
                String rest = property.substring(prefix.length());
                return settings.contains(rest) || (rest.startsWith("scram-sha-512.") && settings.contains(rest.substring("scram-sha-512.".length())));
            }
        }
        return false;
    }

    /** The broker's KAFKA_* settings as server properties, with the operator's variables filled in as compose does. */
    static Map<String, Object> brokerProperties(JsonNode broker) {
        Map<String, Object> props = new LinkedHashMap<>();
        environment(broker).forEach((key, value) -> {
            if (key.startsWith("KAFKA_")) {
                props.put(kafkaProperty(key), interpolate(value, OPERATOR_ENVIRONMENT));
            }
        });
        return props;
    }

    static final Pattern INTERPOLATION = Pattern.compile("\\$(?:(\\$)|\\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?\\})");

    /** Compose's variable interpolation: {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?error}}, {@code $$}. */
    static String interpolate(String value, Map<String, String> variables) {
        Matcher matcher = INTERPOLATION.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) != null) {
                replacement = "$";
            } else {
                String set = variables.get(matcher.group(2));
                if (set != null && !set.isEmpty()) {
                    replacement = set;
                } else if ("-".equals(matcher.group(3))) {
                    replacement = matcher.group(4);
                } else if ("?".equals(matcher.group(3))) {
                    throw new AssertionError("compose would stop: " + matcher.group(4));
                } else {
                    replacement = "";
                }
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = service.path("environment");
        if (environment.isArray()) {
            environment.forEach(entry -> env.put(entry.asText().split("=", 2)[0], entry.asText().split("=", 2)[1]));
        } else {
            environment.fields().forEachRemaining(entry -> env.put(entry.getKey(), entry.getValue().asText()));
        }
        return env;
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One parsed compose file. */
    record Compose(Path dir, JsonNode root, Map<String, JsonNode> services) {

        static Compose parse(String relativePath) {
            Path file = ROOT.resolve(relativePath);
            try {
                JsonNode root = new YAMLMapper().readTree(file.toFile());
                Map<String, JsonNode> services = new LinkedHashMap<>();
                root.path("services").fields().forEachRemaining(entry -> services.put(entry.getKey(), entry.getValue()));
                return new Compose(file.getParent(), root, services);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot parse " + file, e);
            }
        }

        Map<String, JsonNode> brokers() {
            return filter(ComposeFileTest::isKafka);
        }

        /** Everything that runs the bank's code: the topic-init and acl-init steps and the service instances. */
        Map<String, JsonNode> bankServices() {
            return filter(service -> !isKafka(service));
        }

        /** The long-running service instances. */
        Map<String, JsonNode> instances() {
            return filter(service -> !isKafka(service) && stepMainOf(service).isEmpty());
        }

        private Map<String, JsonNode> filter(java.util.function.Predicate<JsonNode> predicate) {
            Map<String, JsonNode> result = new LinkedHashMap<>();
            services.forEach((name, service) -> {
                if (predicate.test(service)) {
                    result.put(name, service);
                }
            });
            return result;
        }
    }
}

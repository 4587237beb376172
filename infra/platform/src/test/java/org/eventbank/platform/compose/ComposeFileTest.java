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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.server.config.AbstractKafkaConfig;
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
 *       sources), so a typo or a stale setting cannot silently do nothing.
 *   <li>Every {@code KAFKA_*} variable is a real broker setting, and each broker's settings pass
 *       Kafka's own {@link KafkaConfig} validation as a KRaft node.
 *   <li>Ports, {@code application.server} hosts, instance ids, topic layout, volumes, depends_on
 *       targets, Dockerfiles and build contexts agree with each other and exist.
 * </ul>
 */
class ComposeFileTest {

    static final Path ROOT = RepoRoot.find();
    static final Pattern BANK_SETTING = Pattern.compile("\"(BANK_[A-Z0-9_]+)\"");
    static final String TOPIC_BOOTSTRAP_MAIN = "org.eventbank.kit.topics.TopicBootstrapMain";
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
                Set<String> brokerSettings = AbstractKafkaConfig.CONFIG_DEF.names();
                env.keySet().stream().filter(key -> !key.equals("CLUSTER_ID"))
                        .filter(key -> !key.startsWith("KAFKA_") || !brokerSettings.contains(kafkaProperty(key)))
                        .forEach(key -> problems.add(name + ": " + key + " is not a Kafka broker setting"));
            } else {
                Set<String> read = settingsReadBy(service);
                env.keySet().stream().filter(key -> !read.contains(key))
                        .forEach(key -> problems.add(name + ": " + key + " is not read by its code (it reads " + new TreeSet<>(read) + ")"));
            }
        });
        assertThat(problems).isEmpty();
        assertThat(compose.services.keySet()).as("services").contains("topic-init", "account-service-1", "account-service-2",
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
            Map<String, Object> props = new HashMap<>();
            env.forEach((key, value) -> {
                if (key.startsWith("KAFKA_")) {
                    props.put(kafkaProperty(key), value);
                }
            });
            assertThatCode(() -> new KafkaConfig(props, false)).as(name + " is a valid broker configuration").doesNotThrowAnyException();
            assertThatCode(() -> Uuid.fromString(env.get("CLUSTER_ID"))).as(name + " CLUSTER_ID").doesNotThrowAnyException();
            clusterIds.add(env.get("CLUSTER_ID"));
            assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
            expectedVoters.add(env.get("KAFKA_NODE_ID") + "@" + name + ":" + listenerPort(env.get("KAFKA_LISTENERS"), "CONTROLLER"));
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).as(name + " advertises its compose name in-network")
                    .contains("INTERNAL://" + name + ":" + listenerPort(env.get("KAFKA_LISTENERS"), "INTERNAL"));
            assertThat(Set.of(env.get("KAFKA_LOG_DIRS"))).as(name + " keeps its log on its named volume").isEqualTo(mountPaths(broker));

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
        JsonNode init = compose.services.get("topic-init");
        assertThat(init.path("entrypoint").toString()).contains(TOPIC_BOOTSTRAP_MAIN, "/app/app.jar");
        assertThat(ROOT.resolve(SERVICE_KIT_SOURCES).resolve(TOPIC_BOOTSTRAP_MAIN.replace('.', '/') + ".java")).isRegularFile();
        assertThat(Files.readString(ROOT.resolve(moduleOf(init)).resolve("pom.xml"))).as("the topic-init image contains the service kit")
                .contains("<artifactId>service-kit</artifactId>");
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
            assertThat(hasHealthCheckUnchecked(service)).as(name + " has a readiness health check").isTrue();
        });
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void shouldKeepBrokerDataAndStreamsStateOnOneNamedVolumeEach(String file) {
        Compose compose = Compose.parse(file);
        Set<String> declared = new TreeSet<>();
        compose.root.path("volumes").fieldNames().forEachRemaining(declared::add);
        List<String> used = new ArrayList<>();
        compose.services.forEach((name, service) -> service.path("volumes").forEach(mount -> used.add(mount.asText().split(":")[0])));
        assertThat(used).as("each volume belongs to one service").doesNotHaveDuplicates();
        assertThat(new TreeSet<>(used)).as("named volumes, all declared").isEqualTo(declared);
        compose.instances().forEach((name, service) -> assertThat(mountPaths(service)).as(name + " keeps its Streams state on its volume")
                .containsExactly(environment(service).get("BANK_STATE_DIR")));
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
        if (service.path("entrypoint").toString().contains(TOPIC_BOOTSTRAP_MAIN)) {
            sources.add(ROOT.resolve(SERVICE_KIT_SOURCES).resolve(TOPIC_BOOTSTRAP_MAIN.replace('.', '/') + ".java"));
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

    static Set<String> mountPaths(JsonNode service) {
        Set<String> paths = new TreeSet<>();
        service.path("volumes").forEach(mount -> paths.add(mount.asText().split(":")[1]));
        return paths;
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

        /** Everything that runs the bank's code: the topic-init step and the service instances. */
        Map<String, JsonNode> bankServices() {
            return filter(service -> !isKafka(service));
        }

        /** The long-running service instances. */
        Map<String, JsonNode> instances() {
            return filter(service -> !isKafka(service) && !service.path("entrypoint").toString().contains(TOPIC_BOOTSTRAP_MAIN));
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

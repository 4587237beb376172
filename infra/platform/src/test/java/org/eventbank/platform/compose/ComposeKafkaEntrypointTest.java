package org.eventbank.platform.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventbank.platform.compose.ComposeFileTest.KAFKA_ENTRYPOINT;
import static org.eventbank.platform.compose.ComposeFileTest.OPERATOR_ENVIRONMENT;
import static org.eventbank.platform.compose.ComposeFileTest.ROOT;
import static org.eventbank.platform.compose.ComposeFileTest.environment;
import static org.eventbank.platform.compose.ComposeFileTest.interpolate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import kafka.docker.KafkaDockerWrapper$;
import kafka.tools.StorageTool;
import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.metadata.bootstrap.BootstrapDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The brokers' entrypoint, {@code infra/docker/kafka/bank-kafka-run.sh}, run by bash here without the image: Kafka
 * and the image's own entrypoint are stand-ins that record what they were asked, and the format it asks for is then
 * run by Kafka's real storage tool. It renders the same server properties from the compose file's KAFKA_* settings
 * as the image's own code ({@code kafka.docker.KafkaDockerWrapper} of this Kafka version); formats a new log
 * directory once, with the three SCRAM principals; writes the health check's settings owner-only; hands over to the
 * image's entrypoint; and refuses to start, saying why, without the TLS files or with a password that would break
 * the JAAS line (without printing it).
 */
class ComposeKafkaEntrypointTest {

    private static final List<String> PRINCIPALS = List.of("bank-admin", "account-service", "ledger-projector");

    @ParameterizedTest
    @MethodSource("org.eventbank.platform.compose.ComposeFileTest#composeFiles")
    void shouldRenderTheServerPropertiesTheImageRendersFromTheSameSettings(String file, @TempDir Path dir) throws Exception {
        for (Map.Entry<String, JsonNode> broker : ComposeFileTest.Compose.parse(file).brokers().entrySet()) {
            Map<String, String> env = containerEnvironment(broker.getValue());

            ComposeTools.Run rendered = entrypoint(dir, env, "--print-properties");

            List<String> byTheImage = CollectionConverters.asJava(KafkaDockerWrapper$.MODULE$.getServerConfigsFromEnv(
                    scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(env))));
            assertThat(rendered.exitCode()).as(rendered.output()).isZero();
            assertThat(new TreeSet<>(rendered.output().lines().toList())).as(broker.getKey()).isEqualTo(new TreeSet<>(byTheImage))
                    .contains("listener.name.internal.scram-sha-512.sasl.jaas.config=" + SCRAM_LOGIN
                            + " required username=\"bank-admin\" password=\"" + OPERATOR_ENVIRONMENT.get("BANK_KAFKA_ADMIN_PASSWORD") + "\";");
        }
    }

    @Test
    void shouldFormatOnceWithTheThreePrincipalsThenHandOverToTheImage(@TempDir Path dir) throws Exception {
        Map<String, String> env = standIns(dir);

        ComposeTools.Run first = entrypoint(dir, env);

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("formatted " + dir.resolve("data") + " with the SCRAM-SHA-512 principals")
                .doesNotContain(OPERATOR_ENVIRONMENT.get("BANK_KAFKA_ADMIN_PASSWORD"));
        assertThat(dir.resolve("image-started")).as("handed over to the image's entrypoint").exists();
        List<String> format = Files.readAllLines(dir.resolve("format-arguments"));
        int exitCode = StorageTool.execute(withConfig(format, dir.resolve("format-config.properties")), new PrintStream(new ByteArrayOutputStream(),
                true, StandardCharsets.UTF_8));
        assertThat(exitCode).as("Kafka's storage tool takes the format as asked: " + format).isZero();
        assertThat(scramUsers(dir.resolve("data"))).as("the principals in the bootstrap metadata").containsExactlyInAnyOrderElementsOf(PRINCIPALS);

        Path healthcheck = dir.resolve("admin-client.properties");
        Properties client = new Properties();
        client.load(Files.newBufferedReader(healthcheck));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(healthcheck))).as("it holds the admin password").isEqualTo("rw-------");
        assertThat(client).containsEntry("security.protocol", "SASL_SSL").containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"))
                .containsEntry("sasl.jaas.config", SCRAM_LOGIN + " required username=\"bank-admin\" password=\""
                        + OPERATOR_ENVIRONMENT.get("BANK_KAFKA_ADMIN_PASSWORD") + "\";");

        Files.delete(dir.resolve("format-arguments"));
        Files.delete(dir.resolve("image-started"));
        ComposeTools.Run restart = entrypoint(dir, env);

        assertThat(restart.exitCode()).as(restart.output()).isZero();
        assertThat(restart.output()).contains("formatted already");
        assertThat(dir.resolve("format-arguments")).as("a formatted directory is never formatted again").doesNotExist();
        assertThat(dir.resolve("image-started")).exists();
    }

    @Test
    void shouldRefuseToStartWithoutTheTlsFilesNamingThem(@TempDir Path dir) throws Exception {
        Map<String, String> env = standIns(dir);
        Files.delete(Path.of(env.get("KAFKA_SSL_KEYSTORE_LOCATION")));

        ComposeTools.Run refused = entrypoint(dir, env);

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains(env.get("KAFKA_SSL_KEYSTORE_LOCATION") + " is not a readable file", "make-local-ca.sh");
        assertThat(dir.resolve("format-arguments")).doesNotExist();
        assertThat(dir.resolve("image-started")).doesNotExist();
    }

    @Test
    void shouldRefuseAPasswordThatWouldBreakTheJaasLineWithoutPrintingIt(@TempDir Path dir) throws Exception {
        Map<String, String> env = standIns(dir);
        env.put("BANK_KAFKA_LEDGER_PROJECTOR_PASSWORD", "with\"quote;and-more-than-16");

        ComposeTools.Run refused = entrypoint(dir, env);

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("BANK_KAFKA_LEDGER_PROJECTOR_PASSWORD must be 16-128 letters").doesNotContain("with\"quote");
        assertThat(dir.resolve("format-arguments")).doesNotExist();
        assertThat(dir.resolve("image-started")).doesNotExist();
    }

    // ---------------------------------------------------------------------------------------------

    static final String SCRAM_LOGIN = ComposeFileTest.SCRAM_LOGIN_MODULE;

    /** The single-broker stack's environment as the container gets it: interpolated, as compose does. */
    static Map<String, String> containerEnvironment(JsonNode broker) {
        Map<String, String> env = new HashMap<>();
        environment(broker).forEach((key, value) -> env.put(key, interpolate(value, OPERATOR_ENVIRONMENT)));
        return env;
    }

    /**
     * The single broker's settings with its data, TLS files and health-check settings under {@code dir}, and stand-ins
     * for Kafka's storage tool (it records its arguments and a copy of the config it was given) and for the image's
     * entrypoint (it leaves a mark).
     */
    static Map<String, String> standIns(Path dir) throws Exception {
        Map<String, String> env = containerEnvironment(ComposeFileTest.Compose.parse("infra/docker-compose.yml").brokers().get("kafka"));
        Files.createDirectories(dir.resolve("data"));
        env.put("KAFKA_LOG_DIRS", dir.resolve("data").toString());
        for (String store : List.of("KAFKA_SSL_KEYSTORE_LOCATION", "KAFKA_SSL_TRUSTSTORE_LOCATION")) {
            env.put(store, Files.writeString(dir.resolve(Path.of(env.get(store)).getFileName()), "a PEM file").toString());
        }
        Path bin = Files.createDirectories(dir.resolve("kafka/bin"));
        executable(bin.resolve("kafka-storage.sh"), """
                #!/usr/bin/env bash
                printf '%s\\n' "$@" > "$STAND_IN_DIR/format-arguments"
                while [ $# -gt 0 ]; do [ "$1" = --config ] && cp "$2" "$STAND_IN_DIR/format-config.properties"; shift; done
                """);
        executable(dir.resolve("image-entrypoint"), """
                #!/usr/bin/env bash
                touch "$STAND_IN_DIR/image-started"
                """);
        env.put("STAND_IN_DIR", dir.toString());
        env.put("BANK_KAFKA_HOME", dir.resolve("kafka").toString());
        env.put("BANK_KAFKA_IMAGE_ENTRYPOINT", dir.resolve("image-entrypoint").toString());
        env.put("BANK_KAFKA_HEALTHCHECK_CONFIG", dir.resolve("admin-client.properties").toString());
        return env;
    }

    static ComposeTools.Run entrypoint(Path dir, Map<String, String> env, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve(KAFKA_ENTRYPOINT).toString()));
        command.addAll(List.of(arguments));
        return ComposeTools.run(dir, env, command);
    }

    private static void executable(Path file, String script) throws Exception {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    /** The recorded format arguments, the config file the stand-in kept in place of the deleted one. */
    private static String[] withConfig(List<String> arguments, Path config) {
        List<String> result = new ArrayList<>(arguments);
        result.set(result.indexOf("--config") + 1, config.toString());
        return result.toArray(String[]::new);
    }

    private static Set<String> scramUsers(Path logDir) throws Exception {
        Set<String> users = new TreeSet<>();
        new BootstrapDirectory(logDir.toString()).read().records().forEach(record -> {
            if (record.message() instanceof UserScramCredentialRecord scram) {
                users.add(scram.name());
            }
        });
        return users;
    }
}

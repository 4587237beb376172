package org.eventbank.platform.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eventbank.platform.compose.ComposeFileTest.OPERATOR_ENVIRONMENT;
import static org.eventbank.platform.compose.ComposeFileTest.ROOT;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compose's own reading of the stacks: {@code docker-compose -f FILE config -q} (Debian's docker-compose 1.29, which
 * {@code .ci/run} installs; see {@link ComposeTools} for when this is skipped) accepts each stack alone and with the
 * monitoring overlay ({@code docker-compose.monitoring.yml} is meant to be added to either, never used alone), given
 * the variables an operator must export; and stops, naming the variable, when a Kafka password is missing.
 * It needs no Docker engine: {@code config} only reads, interpolates and validates the files.
 */
class ComposeConfigCheckTest {

    static final String MONITORING_OVERLAY = "infra/docker-compose.monitoring.yml";

    /** Each stack as an operator starts it: alone, and with the monitoring overlay. */
    static Stream<Arguments> stacks() {
        List<Arguments> stacks = new ArrayList<>();
        ComposeFileTest.composeFiles().forEach(file -> {
            stacks.add(Arguments.of(List.of(file)));
            stacks.add(Arguments.of(List.of(file, MONITORING_OVERLAY)));
        });
        return stacks.stream();
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void shouldPassDockerComposeConfigWithTheOperatorsVariables(List<String> files, @TempDir Path home) throws Exception {
        ComposeTools.Run check = dockerComposeConfig(files, operatorEnvironment(home));

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).as("-q prints nothing when the files are valid").isEmpty();
    }

    static Stream<Arguments> missingPasswords() {
        return ComposeFileTest.composeFiles().flatMap(file -> ComposeFileTest.PASSWORD_VARIABLES.values().stream()
                .map(variable -> Arguments.of(file, variable)));
    }

    @ParameterizedTest
    @MethodSource("missingPasswords")
    void shouldStopNamingTheKafkaPasswordThatIsMissing(String file, String variable, @TempDir Path home) throws Exception {
        Map<String, String> environment = operatorEnvironment(home);
        environment.remove(variable);

        ComposeTools.Run check = dockerComposeConfig(List.of(file), environment);

        assertThat(check.exitCode()).as(check.output()).isNotZero();
        assertThat(check.output()).contains("set " + variable + " to ");
    }

    private static ComposeTools.Run dockerComposeConfig(List<String> files, Map<String, String> environment) throws Exception {
        Path dockerCompose = ComposeTools.binary("docker-compose", "docker-compose");
        List<String> command = new ArrayList<>(List.of(dockerCompose.toString()));
        files.forEach(file -> command.addAll(List.of("-f", file)));
        command.addAll(List.of("config", "-q"));
        return ComposeTools.run(ROOT, environment, command);
    }

    /** What an operator exports (ComposeFileTest's values), and a home of its own: nothing of this machine's user. */
    private static Map<String, String> operatorEnvironment(Path home) {
        Map<String, String> environment = new HashMap<>(OPERATOR_ENVIRONMENT);
        environment.put("HOME", home.toString());
        return environment;
    }
}

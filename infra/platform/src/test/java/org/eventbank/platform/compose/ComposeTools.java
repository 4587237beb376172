package org.eventbank.platform.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The tools the compose checks run, from Debian's packages as {@code .ci/run} installs them: {@code docker-compose}
 * (package docker-compose) and {@code openssl} (package openssl). Where one is missing, the tests that need it fail
 * under {@code BANK_REQUIRE_DOCKER_COMPOSE=true} (as {@code .ci/run} sets it once both are installed) and are skipped
 * elsewhere with a message that says how to install it, never silently: the same rule as
 * {@code BANK_REQUIRE_PROMETHEUS} for the monitoring tests.
 */
final class ComposeTools {

    static final String REQUIRE = "BANK_REQUIRE_DOCKER_COMPOSE";

    private ComposeTools() {
    }

    /** The binary {@code name} on the PATH, from Debian's {@code debianPackage}; fails or skips (see above) without it. */
    static Path binary(String name, String debianPackage) {
        return binary(name, debianPackage, System.getenv());
    }

    /** {@link #binary(String, String)} as seen from {@code environment} (its PATH and {@value #REQUIRE}). */
    static Path binary(String name, String debianPackage, Map<String, String> environment) {
        Optional<Path> found = onPath(name, environment.get("PATH"));
        String missing = name + " is not installed: apt-get install " + debianPackage + " (Debian's package, as .ci/run does)";
        if (found.isEmpty()) {
            if ("true".equalsIgnoreCase(environment.get(REQUIRE))) {
                throw new AssertionError(missing + "; " + REQUIRE + "=true says it must be");
            }
            Assumptions.abort(missing + "; skipped");
        }
        return found.get();
    }

    private static Optional<Path> onPath(String name, String pathVariable) {
        String path = Optional.ofNullable(pathVariable).orElse("/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What a command printed (output and errors, in order) and how it ended. */
    record Run(int exitCode, String output) {
    }

    /**
     * Runs {@code command} in {@code dir} with exactly {@code environment} (plus this JVM's PATH, so the tools are found,
     * and nothing else of the developer's shell, whose variables would change what is checked), at most a minute.
     */
    static Run run(Path dir, Map<String, String> environment, List<String> command) throws IOException, InterruptedException {
        // into a file, not a pipe: a command that hangs must not hang the test past its bound
        Path output = Files.createTempFile("compose-tool-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean ended = process.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            assertThat(ended).as(String.join(" ", command) + " ended within a minute").isTrue();
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}

package org.eventbank.platform.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code prometheus} package, which {@code .ci/run} installs: {@code promtool} and the {@code prometheus}
 * server. Where they are missing, the tests that need them fail under {@code BANK_REQUIRE_PROMETHEUS=true} (as
 * {@code .ci/run} sets it) and are skipped elsewhere with a message that says how to install them, never silently.
 */
public final class PrometheusTools {

    static final String REQUIRE = "BANK_REQUIRE_PROMETHEUS";

    private PrometheusTools() {
    }

    /** The binary {@code name} on the PATH; fails or skips (see above) when it is not installed. */
    public static Path binary(String name) {
        Optional<Path> found = onPath(name);
        String missing = name + " is not installed: apt-get install prometheus (Debian's package, as .ci/run does)";
        if (found.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv(REQUIRE))) {
                throw new AssertionError(missing + "; " + REQUIRE + "=true says it must be");
            }
            Assumptions.abort(missing + "; skipped");
        }
        return found.get();
    }

    private static Optional<Path> onPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The result of running a tool to its end. */
    public record Run(int exitCode, String output) {
    }

    /** Runs {@code command} in {@code dir}, output and errors together, at most a minute. */
    public static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true).start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as(String.join(" ", command) + " ended within a minute").isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}

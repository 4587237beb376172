package org.eventbank.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./bank} script, run with bash on a copy of itself next to a stub {@code mvnw} and a stub
 * {@code java} that only record how they were called: so the JDK check, the rebuild decision, the
 * hand-over to the jar and {@code down} are tested without building or starting anything.
 */
class BankScriptTest {

    @TempDir
    Path repo;

    @Test
    void shouldPrintItsCommandsWithoutArguments() throws Exception {
        Run run = bank(Map.of());

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("usage: ./bank <command>", "  up ", "  down ", "  tail ", "  bench ", "--kafka-port", "BANK_KAFKA_PORT",
                "--account-port", "BANK_ACCOUNT_PORT", "--ledger-port", "BANK_LEDGER_PORT", "--data-dir", "BANK_DATA_DIR");
    }

    @Test
    void shouldRefuseAnUnknownCommandWithItsUsage() throws Exception {
        Run run = bank(Map.of(), "upp");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("unknown command 'upp'", "usage:");
    }

    @Test
    void shouldAskForAJdk17WhenOnlyAnOlderJavaIsThere() throws Exception {
        Path jdk = fakeJdk("1.8.0_292");

        Run run = bank(Map.of("JAVA_HOME", jdk.toString()), "up");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("found Java 1.8.0_292", "needs a JDK 17 or newer");
        assertThat(repo.resolve("mvnw.calls")).doesNotExist();
    }

    @Test
    void shouldBuildWhenTheJarIsMissingOrOlderThanASourceAndThenRunTheJar() throws Exception {
        Path jdk = fakeJdk("17.0.15");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());

        Run first = bank(env, "up", "--account-port", "18080");
        Run second = bank(env, "up");
        Path source = repo.resolve("account-service/src/main/java/Changed.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Changed {}");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
        Run third = bank(env, "tail", "--until-end");

        assertThat(first.exitCode).as(first.err).isZero();
        assertThat(first.out).contains("bank: building", "bank: built in");
        assertThat(second.out).doesNotContain("building");
        assertThat(third.out).contains("bank: building");
        assertThat(Files.readAllLines(repo.resolve("mvnw.calls"))).containsExactly(
                "-B -q package -Dmaven.test.skip=true", "-B -q package -Dmaven.test.skip=true");
        assertThat(Files.readAllLines(repo.resolve("java.calls"))).containsExactly(
                "-jar " + repo.resolve("infra/platform/target/bank-platform.jar") + " up --account-port 18080",
                "-jar " + repo.resolve("infra/platform/target/bank-platform.jar") + " up",
                "-jar " + repo.resolve("infra/platform/target/bank-platform.jar") + " tail --until-end");
    }

    @Test
    void shouldHandTokenToTheJarAndKeepTheBuildsWordsOffStandardOutput() throws Exception {
        Path jdk = fakeJdk("17.0.15");
        Path data = repo.resolve("elsewhere");

        Run run = bank(Map.of("JAVA_HOME", jdk.toString(), "BANK_DATA_DIR", data.toString()), "token", "--subject", "alice",
                "--scope", "accounts:read accounts:write");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).as("TOKEN=$(./bank token) gets the jar's output only").isEmpty();
        assertThat(run.err).contains("bank: building", "bank: built in");
        assertThat(Files.readAllLines(repo.resolve("java.calls"))).containsExactly("-jar "
                + repo.resolve("infra/platform/target/bank-platform.jar") + " token --subject alice --scope accounts:read accounts:write");
        assertThat(Files.readString(repo.resolve("java.env"))).as("the jar finds the data folder's key").contains("BANK_DATA_DIR=" + data);
    }

    @Test
    void shouldListTheTokenCommandAndItsFlags() throws Exception {
        Run run = bank(Map.of());

        assertThat(run.out).contains("  token ", "TOKEN=$(./bank token)", "--subject S", "--scope \"...\"", "--ttl DURATION", "30s, 15m, 1h, 2d");
    }

    @Test
    void shouldStopWithTheBuildsExitCodeWhenTheBuildFailsAndNotRunAnything() throws Exception {
        Path jdk = fakeJdk("21.0.2");
        bank(Map.of(), "help");
        executable(repo.resolve("mvnw"), "#!/usr/bin/env bash\necho 'COMPILATION ERROR' >&2\nexit 3\n");

        Run run = bank(Map.of("JAVA_HOME", jdk.toString()), "up");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("COMPILATION ERROR", "bank: the build failed (exit 3)");
        assertThat(repo.resolve("java.calls")).doesNotExist();
    }

    @Test
    void shouldStopTheProcessNamedInThePidFileAndWaitForIt() throws Exception {
        Process running = new ProcessBuilder("sleep", "60").start();
        Path data = repo.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("bank.pid"), running.pid() + "\n");

        Run run = bank(Map.of("BANK_DATA_DIR", data.toString()), "down");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("stopping pid " + running.pid(), "bank: stopped");
        assertThat(running.waitFor(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldSayWhenNothingIsRunning() throws Exception {
        Run run = bank(Map.of(), "down", "--data-dir", repo.resolve("nowhere").toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("not running");
    }

    record Run(int exitCode, String out, String err) {
    }

    /** Runs a copy of the real script in the temporary repository, with a stub mvnw that creates the jar. */
    private Run bank(Map<String, String> env, String... args) throws Exception {
        Path script = repo.resolve("bank");
        if (!Files.exists(script)) {
            Files.copy(RepoRoot.find().resolve("bank"), script);
            executable(repo.resolve("mvnw"), """
                    #!/usr/bin/env bash
                    echo "$*" >> "$(dirname "$0")/mvnw.calls"
                    mkdir -p "$(dirname "$0")/infra/platform/target"
                    touch "$(dirname "$0")/infra/platform/target/bank-platform.jar"
                    mkdir -p "$(dirname "$0")/infra/bench/target"
                    touch "$(dirname "$0")/infra/bench/target/bank-bench.jar"
                    """);
            Files.writeString(repo.resolve("pom.xml"), "<project/>");
            Files.setLastModifiedTime(repo.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(3600)));
        }
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("JAVA_HOME");
        environment.remove("BANK_DATA_DIR");
        environment.putAll(new HashMap<>(env));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }

    /** A JAVA_HOME whose java reports this version and records its arguments instead of running anything. */
    private Path fakeJdk(String version) throws IOException {
        Path home = repo.resolve("jdk-" + version);
        executable(home.resolve("bin/java"), """
                #!/usr/bin/env bash
                if [[ "$1" == "-version" ]]; then echo 'openjdk version "%s" 2025-04-15' >&2; exit 0; fi
                echo "$*" >> "%s"
                echo "BANK_DATA_DIR=${BANK_DATA_DIR:-}" >> "%s"
                """.formatted(version, repo.resolve("java.calls"), repo.resolve("java.env")));
        executable(home.resolve("bin/javac"), "#!/usr/bin/env bash\n");
        return home;
    }

    private static void executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}

package org.eventbank.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Env#readOrExit} in a real child JVM, since it ends the process. */
class ReadOrExitTest {

    /** A program that reads one port setting and prints it. */
    public static final class PortProgram {
        public static void main(String[] args) {
            int port = Env.readOrExit("port-program", env -> env.integer("BANK_HTTP_PORT", 8080, 0, 65_535));
            System.out.println("port " + port);
        }
    }

    @Test
    void shouldPrintOneLineNamingTheSettingAndExitWithStatus2() throws Exception {
        Result result = run("80a");

        assertThat(result.exitCode).isEqualTo(Env.EXIT_BAD_SETTING);
        assertThat(result.err.strip())
                .isEqualTo("port-program: cannot start: BANK_HTTP_PORT must be a whole number from 0 to 65535, not '80a'");
        assertThat(result.out).isEmpty();
    }

    @Test
    void shouldGoOnWithAUsableSetting() throws Exception {
        Result result = run("9090");

        assertThat(result.exitCode).isZero();
        assertThat(result.out.strip()).isEqualTo("port 9090");
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), PortProgram.class.getName());
        builder.environment().put("BANK_HTTP_PORT", port);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}

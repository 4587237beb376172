package org.eventbank.platform.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Checks, before anything starts, that the ports {@code ./bank up} needs are free, and when one is
 * not, says which port, what it was for and (where {@code ss} or {@code lsof} can tell) which
 * process holds it.
 */
public final class PortGuard {

    /** The longest we wait for {@code ss} or {@code lsof} to name the holder. */
    static final Duration HOLDER_LOOKUP_TIMEOUT = Duration.ofSeconds(3);

    private PortGuard() {
    }

    /** A port another process holds; the message is meant for the user as is. */
    public static final class PortInUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Returns normally if {@code port} (0 = any) can be bound on localhost right now.
     *
     * @param purpose what the port is for, e.g. "account-service HTTP", and the flag that changes it
     */
    public static void requireFree(int port, String purpose, String flag) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("localhost"), port), 1);
        } catch (IOException e) {
            String holder = holderOf(port).map(found -> ", held by " + found).orElse("");
            throw new PortInUseException("port " + port + " (" + purpose + ") is already in use" + holder
                    + ". Stop that process, or choose another port: ./bank up " + flag + " <port>", e);
        }
    }

    /** The process listening on the port as {@code ss} or {@code lsof} reports it, if either is installed and can tell. */
    static Optional<String> holderOf(int port) {
        Optional<String> fromSs = run(List.of("ss", "-H", "-ltnp", "sport = :" + port))
                .flatMap(out -> out.lines().filter(line -> line.contains("users:")).findFirst())
                .map(line -> line.substring(line.indexOf("users:")).trim());
        if (fromSs.isPresent()) {
            return fromSs;
        }
        return run(List.of("lsof", "-nP", "-iTCP:" + port, "-sTCP:LISTEN"))
                .flatMap(out -> out.lines().skip(1).findFirst())
                .map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields.length > 1)
                .map(fields -> "pid " + fields[1] + " (" + fields[0] + ")");
    }

    private static Optional<String> run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(HOLDER_LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 && !out.isBlank() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // the tool is not installed: the message just names the port
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

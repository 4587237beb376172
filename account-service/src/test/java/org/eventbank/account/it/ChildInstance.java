package org.eventbank.account.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eventbank.account.AccountServiceMain;

/** An account-service instance in its own JVM (java from java.home, this test classpath), so it can be killed -9. */
final class ChildInstance implements AutoCloseable {

    private final Process process;
    final int httpPort;

    private ChildInstance(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    static ChildInstance start(Map<String, String> env, Path logFile) throws IOException {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                AccountServiceMain.class.getName()));
        builder.environment().putAll(env);
        builder.environment().put("BANK_HTTP_PORT", Integer.toString(port));
        builder.redirectErrorStream(true).redirectOutput(logFile.toFile());
        return new ChildInstance(builder.start(), port);
    }

    /** SIGKILL: no shutdown hook, no graceful close, an open transaction left behind. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}

package org.eventbank.account.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eventbank.account.AccountServiceMain;
import org.eventbank.kafka.local.ChildJvm;

/** An account-service instance in its own JVM ({@link ChildJvm}), on a port of its own, so it can be killed -9. */
final class ChildInstance implements AutoCloseable {

    private final ChildJvm jvm;
    final int httpPort;

    private ChildInstance(ChildJvm jvm, int httpPort) {
        this.jvm = jvm;
        this.httpPort = httpPort;
    }

    static ChildInstance start(Map<String, String> env, Path logFile) {
        int port = ChildJvm.freePort();
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("BANK_HTTP_PORT", Integer.toString(port));
        return new ChildInstance(ChildJvm.start(AccountServiceMain.class, withPort, logFile), port);
    }

    /** SIGKILL: no shutdown hook, no graceful close, an open transaction left behind. */
    void kill() throws InterruptedException {
        jvm.kill();
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    @Override
    public void close() {
        jvm.close();
    }
}

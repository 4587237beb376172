package org.eventbank.account;

import java.util.concurrent.CountDownLatch;
import org.eventbank.account.kafka.CommandGroupGuard;
import org.eventbank.config.Env;
import org.eventbank.kit.topics.TopicMismatchException;

/**
 * Starts one account-service instance from environment variables (see {@link AccountServiceConfig}
 * for each and its default) and closes it on SIGTERM/SIGINT. A setting that cannot be used stops it with
 * one line naming the variable and exit status 2; so does a consumer group that must not start on this ledger
 * (decision 0014: the line says why and what to do).
 *
 * <p>Run: {@code BANK_BOOTSTRAP_SERVERS=localhost:9092 BANK_HTTP_PORT=8080 java -cp ...
 * org.eventbank.account.AccountServiceMain}. A second instance on the same machine needs another
 * {@code BANK_HTTP_PORT} and {@code BANK_STATE_DIR}, and the same {@code BANK_APPLICATION_ID}.
 */
public final class AccountServiceMain {

    private AccountServiceMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AccountServiceConfig config = Env.readOrExit("account-service", AccountServiceConfig::fromEnvironment);
        AccountService service;
        try {
            service = AccountService.start(config);
        } catch (CommandGroupGuard.RefusedException | TopicMismatchException e) {
            // Not a crash: the processor must not start on this ledger as configured (or before the topic bootstrap).
            // The message, what to do included.
            System.err.println("account-service: " + e.getMessage());
            System.exit(Env.EXIT_BAD_SETTING);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "account-service-shutdown"));
        stopped.await();
    }
}

package org.eventbank.ledger;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

import org.eventbank.config.Env;
import org.eventbank.kit.topics.TopicMismatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ledger projector: reads {@link LedgerProjectorConfig} from the environment, checks the
 * bank's topics (the topic bootstrap, a step of its own, creates them: without them it stops with the
 * message naming that step and exit status 2), starts the Streams fold of {@code bank.account-events} (publishing
 * {@code bank.account-balances}) and the REST queries on {@code BANK_HTTP_PORT} (8081), and closes
 * both from a shutdown hook.
 *
 * <pre>
 *   java -cp ledger-projector.jar org.eventbank.ledger.LedgerProjectorMain            # run
 *   java -cp ledger-projector.jar org.eventbank.ledger.LedgerProjectorMain --rebuild  # refold every store from the ledger
 * </pre>
 * A setting that cannot be used stops it with one line naming the variable and exit status 2; among
 * them the token settings, since every request but health needs a bearer token ({@code BANK_JWKS_URI},
 * {@code BANK_TOKEN_ISSUER}, {@code BANK_TOKEN_AUDIENCE}, or {@code BANK_AUTH_DEV=true} for the local
 * bank's issuer: the kit's {@code AuthSettings}).
 * See docs/operations.md for the rebuild and for recovery after the projector stops on a bad record.
 */
public final class LedgerProjectorMain {

    private static final Logger log = LoggerFactory.getLogger(LedgerProjectorMain.class);

    private LedgerProjectorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LedgerProjectorConfig config = Env.readOrExit("ledger-projector", LedgerProjectorConfig::fromEnvironment);
        if (Arrays.asList(args).contains("--rebuild")) {
            config = config.withRebuild(true);
        }
        LedgerProjector projector;
        try {
            projector = LedgerProjector.start(config);
        } catch (TopicMismatchException e) {
            // Not a crash: the bank's topics are not there or not as defined. The message, what to do included.
            System.err.println("ledger-projector: " + e.getMessage());
            System.exit(Env.EXIT_BAD_SETTING);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutting down the ledger projector");
            projector.close();
            stopped.countDown();
        }, "ledger-projector-shutdown"));
        stopped.await();
    }
}

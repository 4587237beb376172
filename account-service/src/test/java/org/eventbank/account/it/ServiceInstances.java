package org.eventbank.account.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eventbank.account.AccountService;
import org.eventbank.account.AccountServiceConfig;
import org.eventbank.account.TestTokens;
import org.eventbank.config.Env;
import org.eventbank.kit.topics.TopicBootstrap;

/** Starts account-service instances in this JVM against a test broker, each with its own state dir and port. */
final class ServiceInstances {

    static final Duration STABLE_FOR = Duration.ofMillis(1500);

    private ServiceInstances() {
    }

    /** Environment for one instance: a unique state dir and instance id, a free port, the given prefix and app id. */
    static Map<String, String> environment(String bootstrapServers, String topicPrefix, String applicationId) throws IOException {
        Path stateDir = Files.createTempDirectory("account-service-it");
        Map<String, String> env = new HashMap<>();
        env.put("BANK_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("BANK_TOPIC_PREFIX", topicPrefix);
        env.put("BANK_APPLICATION_ID", applicationId);
        env.put("BANK_STATE_DIR", stateDir.toString());
        env.put("BANK_INSTANCE_ID", "it-" + UUID.randomUUID());
        env.put("BANK_HTTP_PORT", "0");
        env.put("BANK_PARTITIONS", "6");
        // The test issuer's keys, as ./bank up gives its local issuer's (TestTokens signs the requests' tokens).
        env.put("BANK_AUTH_DEV", "true");
        env.put("BANK_DATA_DIR", TestTokens.DIR.toString());
        return env;
    }

    /**
     * As {@code ./bank up} does: the topic bootstrap (a step of its own: the service only checks the topics), as the
     * environment's principal, then the instance.
     */
    static AccountService start(Map<String, String> env) {
        return AccountService.start(bootstrapTopics(env));
    }

    /** As {@link #start(Map)}, an instance whose HTTP edge stamps commands with {@code edgeClock} (its processor decides by the wall clock). */
    static AccountService start(Map<String, String> env, Clock edgeClock) {
        return AccountService.start(bootstrapTopics(env), edgeClock);
    }

    /** The instance alone, on whatever topics there are: for a start that must be refused by the service itself. */
    static AccountService startWithoutTopicBootstrap(Map<String, String> env) {
        return AccountService.start(AccountServiceConfig.fromEnvironment(Env.of(env)));
    }

    private static AccountServiceConfig bootstrapTopics(Map<String, String> env) {
        AccountServiceConfig config = AccountServiceConfig.fromEnvironment(Env.of(env));
        TopicBootstrap.ensure(config.cluster().connection(), config.cluster().bankTopics().all(), Duration.ofSeconds(30));
        return config;
    }

    /**
     * Waits until every instance has been ready for {@link #STABLE_FOR} without a break: right after
     * start-up a second instance joining can trigger one more rebalance, which would answer 503.
     */
    static void awaitReady(AccountService... services) {
        long[] readySince = {0};
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (AccountService service : services) {
                if (!service.isReady()) {
                    readySince[0] = 0;
                    return false;
                }
            }
            long now = System.nanoTime();
            if (readySince[0] == 0) {
                readySince[0] = now;
            }
            return now - readySince[0] >= STABLE_FOR.toNanos();
        });
    }

    /** Sleeps, turning an interrupt into a failure of the test that waited. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String uniquePrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }
}

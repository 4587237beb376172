package org.eventbank.platform.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.eventbank.account.AccountService;
import org.eventbank.account.AccountServiceConfig;
import org.eventbank.config.Env;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.topics.TopicBootstrap;
import org.eventbank.ledger.LedgerProjector;
import org.eventbank.ledger.LedgerProjectorConfig;

/**
 * Instances of both services on one broker and topic prefix, configured through the environment as an
 * operator would, each with its own state folder; closed in reverse order of starting. They accept the tokens of a
 * local issuer whose keys are in the state folder ({@code BANK_AUTH_DEV=true}, {@code BANK_DATA_DIR}: as a service
 * started by hand next to {@code ./bank up --kafka-only}); {@link #teller()} and {@link #customer} call them with its
 * tokens.
 */
final class LocalServices implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private static final Duration TOKEN_TTL = Duration.ofHours(1);

    private final LocalIssuer issuer;
    private final Map<String, String> shared;
    private final Path stateDir;
    private final List<AutoCloseable> running = new ArrayList<>();

    /**
     * Services of the bank at {@code bootstrapServers} whose topics start with {@code prefix}; runs the topic bootstrap
     * first, the step of its own an operator runs before any service (the services only check the topics).
     */
    LocalServices(String bootstrapServers, String prefix, Path stateDir) {
        this.issuer = LocalIssuer.openOrCreate(stateDir);
        this.shared = Map.of(
                "BANK_BOOTSTRAP_SERVERS", bootstrapServers,
                "BANK_TOPIC_PREFIX", prefix,
                "BANK_HTTP_PORT", "0",
                "BANK_COMMIT_INTERVAL_MS", "50",
                "BANK_AUTH_DEV", "true",
                "BANK_DATA_DIR", stateDir.toString());
        this.stateDir = stateDir;
        ClusterSettings cluster = ClusterSettings.fromEnvironment(Env.of(shared));
        TopicBootstrap.ensure(cluster.connection(), cluster.bankTopics().all(), Duration.ofSeconds(30));
    }

    /** Calls with the token {@code ./bank token} mints without flags: subject dev, every scope (a teller and auditor). */
    ServiceHttp teller() {
        return ServiceHttp.as(issuer.mint("dev", List.of(LocalIssuer.allScopes().split(" ")), TOKEN_TTL));
    }

    /** A raw token of the local issuer for {@code subject} with these scopes (space-separated), for a client of its own. */
    String tokenOf(String subject, String scopes) {
        return issuer.mint(subject, List.of(scopes.split(" ")), TOKEN_TTL);
    }

    /** Calls with a customer's token: {@code accounts:read accounts:write} for the accounts {@code owner} owns. */
    ServiceHttp customer(String owner) {
        return ServiceHttp.as(issuer.mint(owner, List.of("accounts:read", "accounts:write"), TOKEN_TTL));
    }

    /** An account-service instance with these settings on top of the shared ones, once it answers ready. */
    AccountService accounts(String applicationId, String name, Map<String, String> settings) {
        AccountService service = started(AccountService.start(AccountServiceConfig.fromEnvironment(env(applicationId, name, settings))));
        awaitReady(service.httpPort());
        return service;
    }

    /** A ledger-projector instance; {@code awaitReady} false for instances that become ready together. */
    LedgerProjector projector(String applicationId, String name, boolean awaitReady) {
        LedgerProjector projector = started(LedgerProjector.start(LedgerProjectorConfig.fromEnvironment(env(applicationId, name, Map.of()))));
        if (awaitReady) {
            awaitReady(projector.httpPort());
        }
        return projector;
    }

    /** Stops one instance now, as a rolling restart does. */
    void stop(AutoCloseable service) throws Exception {
        running.remove(service);
        service.close();
    }

    static void awaitReady(int port) {
        Awaitility.await().atMost(READY_TIMEOUT).until(() -> ServiceHttp.anonymous().get(port, "/health/ready").status() == 200);
    }

    @Override
    public void close() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        running.clear();
    }

    private <T extends AutoCloseable> T started(T service) {
        running.add(service);
        return service;
    }

    private Env env(String applicationId, String name, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(shared);
        env.put("BANK_APPLICATION_ID", applicationId);
        env.put("BANK_STATE_DIR", stateDir.resolve(name).toString());
        env.putAll(settings);
        return Env.of(env);
    }
}

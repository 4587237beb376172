package org.eventbank.platform;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eventbank.account.AccountService;
import org.eventbank.account.AccountServiceConfig;
import org.eventbank.config.Env;
import org.eventbank.kafka.local.BrokerSettings;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.ledger.LedgerProjector;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.eventbank.platform.launch.LaunchOptions;
import org.eventbank.platform.launch.PortGuard;
import org.eventbank.platform.launch.Progress;
import org.eventbank.platform.launch.ReadinessWait;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.topics.TopicBootstrap;

/**
 * The whole bank in one JVM, as {@code ./bank up} runs it: a persistent single-node KRaft broker
 * (data under {@code <data dir>/kafka}), the topic bootstrap, account-service and ledger-projector
 * (Streams state under {@code <data dir>/account-service} and {@code <data dir>/ledger-projector}).
 * {@link #start} returns once both services answer 200 on {@code /health/ready}; {@link #close}
 * stops the services, then the broker. With {@link LaunchOptions#kafkaOnly()} it stops after the
 * topic bootstrap and runs no service.
 */
public final class Platform implements AutoCloseable {

    /** The longest {@link #start} waits for each service to become ready (a first start restores nothing; a restart may). */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    static final Duration TOPIC_BOOTSTRAP_TIMEOUT = Duration.ofSeconds(60);
    /** account-service's Streams session timeout under the launcher unless BANK_SESSION_TIMEOUT_MS says otherwise; see {@link #accountConfig}. */
    static final Duration LOCAL_SESSION_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaBroker broker;
    private final AccountService account;
    private final LedgerProjector ledger;

    private Platform(KafkaBroker broker, AccountService account, LedgerProjector ledger) {
        this.broker = broker;
        this.account = account;
        this.ledger = ledger;
    }

    /**
     * Starts everything, or nothing: on any failure what was started is closed again before the exception propagates.
     *
     * @param env the caller's environment, read once into each service's typed config; the launcher then sets the
     *            broker, the ports, the state folders and the application ids itself
     * @throws PortGuard.PortInUseException before anything starts, if a requested port is taken
     */
    public static Platform start(LaunchOptions options, Env env, Progress progress) {
        PortGuard.requireFree(options.kafkaPort(), "Kafka broker", "--kafka-port");
        PortGuard.requireFree(options.accountPort(), "account-service HTTP", "--account-port");
        PortGuard.requireFree(options.ledgerPort(), "ledger-projector HTTP", "--ledger-port");
        // Read (and so check) every setting before anything starts: a wrong one stops here, naming the variable.
        AccountServiceConfig accountSettings = AccountServiceConfig.fromEnvironment(env);
        LedgerProjectorConfig ledgerSettings = LedgerProjectorConfig.fromEnvironment(env);
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            boolean existing = Files.isDirectory(options.kafkaDir());
            progress.step("starting Kafka on localhost:" + (options.kafkaPort() == 0 ? "<any free port>" : options.kafkaPort())
                    + (existing ? " (existing data: the ledger is kept)" : " (new data folder)"));
            KafkaBroker broker = KafkaBroker.start(BrokerSettings.persistent(options.kafkaDir(), options.kafkaPort()));
            started.push(broker);
            progress.step("Kafka ready at " + broker.bootstrapServers());

            ClusterSettings cluster = accountSettings.cluster().withBootstrapServers(broker.bootstrapServers());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                TopicBootstrap.Report report = new TopicBootstrap(admin, TOPIC_BOOTSTRAP_TIMEOUT).ensure(cluster.bankTopics().all());
                progress.step("topics " + (report.created().isEmpty() ? "verified: " + report.verified() : "created: " + report.created()));
            }

            if (options.kafkaOnly()) {
                return new Platform(broker, null, null);
            }
            progress.step("starting account-service on port " + portText(options.accountPort()));
            AccountService account = AccountService.start(accountConfig(accountSettings, env, options, cluster));
            started.push(account);

            progress.step("starting ledger-projector on port " + portText(options.ledgerPort()));
            LedgerProjector ledger = LedgerProjector.start(ledgerConfig(ledgerSettings, options, cluster));
            started.push(ledger);

            Platform platform = new Platform(broker, account, ledger);
            ReadinessWait wait = new ReadinessWait();
            progress.step("waiting for both services to be ready (Kafka Streams joining, restoring state)");
            wait.await("account-service", URI.create(platform.accountUrl() + "/health/ready"), READY_TIMEOUT, progress::step);
            wait.await("ledger-projector", URI.create(platform.ledgerUrl() + "/health/ready"), READY_TIMEOUT, progress::step);
            return platform;
        } catch (RuntimeException e) {
            closeAll(started, e);
            throw e;
        }
    }

    /**
     * account-service as the launcher runs it: the caller's settings, with the launcher's broker, port, state folder
     * and the service's own application id (the caller's BANK_APPLICATION_ID would give both services one group).
     */
    static AccountServiceConfig accountConfig(AccountServiceConfig fromEnv, Env env, LaunchOptions options, ClusterSettings cluster) {
        AccountServiceConfig config = fromEnv.withCluster(cluster)
                .withStreams(fromEnv.streams().withApplicationId(AccountServiceConfig.DEFAULT_APPLICATION_ID)
                        .withStateDir(options.accountStateDir()))
                .withHttpPort(options.accountPort());
        // After a restart (or a crash) the previous run's Streams member is still in the group until its session
        // expires, and the command processor stays REBALANCING that long: Kafka's 45 s default made every
        // `./bank up` after the first one wait 45 s. One local instance needs no slow failure detection.
        if (!env.isSet("BANK_SESSION_TIMEOUT_MS")) {
            config = config.withProcessor(config.processor().withSessionTimeoutMs((int) LOCAL_SESSION_TIMEOUT.toMillis()));
        }
        return config;
    }

    /** ledger-projector as the launcher runs it: the caller's settings, with the launcher's broker, port, state folder and host. */
    static LedgerProjectorConfig ledgerConfig(LedgerProjectorConfig fromEnv, LaunchOptions options, ClusterSettings cluster) {
        return fromEnv.withCluster(cluster)
                .withStreams(fromEnv.streams().withApplicationId(LedgerProjectorConfig.DEFAULT_APPLICATION_ID)
                        .withStateDir(options.ledgerStateDir()))
                .withHttp(fromEnv.http().withPort(options.ledgerPort()).withAdvertisedHost("localhost"));
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** False when started with {@code --kafka-only}. */
    public boolean runsServices() {
        return account != null;
    }

    public int accountPort() {
        return account.httpPort();
    }

    public int ledgerPort() {
        return ledger.httpPort();
    }

    public String accountUrl() {
        return "http://localhost:" + accountPort();
    }

    public String ledgerUrl() {
        return "http://localhost:" + ledgerPort();
    }

    /** Stops the services, then the broker (which flushes its log); every part is closed even if another fails. */
    @Override
    public void close() {
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        parts.push(broker);
        if (runsServices()) {
            parts.push(account);
            parts.push(ledger);
        }
        RuntimeException failure = closeAll(parts, null);
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException closeAll(Deque<AutoCloseable> parts, RuntimeException failure) {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping the bank failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }

    private static String portText(int port) {
        return port == 0 ? "<any free port>" : Integer.toString(port);
    }
}

package org.eventbank.platform;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eventbank.account.AccountService;
import org.eventbank.account.AccountServiceConfig;
import org.eventbank.config.Env;
import org.eventbank.kafka.local.BrokerSecurity;
import org.eventbank.kafka.local.BrokerSettings;
import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kit.auth.AuthSettings;
import org.eventbank.kit.auth.LocalIssuer;
import org.eventbank.kit.kafka.BankAclsMain;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.kit.kafka.LocalKafkaCredentials;
import org.eventbank.kit.topics.TopicBootstrap;
import org.eventbank.ledger.LedgerProjector;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.eventbank.platform.launch.LaunchOptions;
import org.eventbank.platform.launch.PortGuard;
import org.eventbank.platform.launch.Progress;
import org.eventbank.platform.launch.ReadinessWait;

/**
 * The whole bank in one JVM, as {@code ./bank up} runs it: a persistent single-node KRaft broker
 * (data under {@code <data dir>/kafka}), the topic bootstrap, account-service and ledger-projector
 * (Streams state under {@code <data dir>/account-service} and {@code <data dir>/ledger-projector}), and the local
 * token issuer's key pair ({@code <data dir>/auth}: {@code ./bank token} signs with it, both services verify with its
 * public JWKS unless {@code BANK_JWKS_URI} names another identity provider).
 * {@link #start} returns once both services answer 200 on {@code /health/ready}; {@link #close}
 * stops the services, then the broker. With {@link LaunchOptions#kafkaOnly()} it stops after the
 * topic bootstrap and runs no service. Locked ({@link LaunchOptions#locked()}, or a data folder made so), the broker
 * authenticates every client with the folder's {@link LocalKafkaCredentials}: the bootstrap and the ACLs as the admin,
 * each service as its own principal with only its ACLs; otherwise it takes anyone, PLAINTEXT, on localhost.
 */
public final class Platform implements AutoCloseable {

    /** The longest {@link #start} waits for each service to become ready (a first start restores nothing; a restart may). */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    static final Duration TOPIC_BOOTSTRAP_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaBroker broker;
    private final AccountService account;
    private final LedgerProjector ledger;
    private final Path dataDir;
    private final LocalKafkaCredentials credentials;

    private Platform(KafkaBroker broker, AccountService account, LedgerProjector ledger, Path dataDir,
                     LocalKafkaCredentials credentials) {
        this.broker = broker;
        this.account = account;
        this.ledger = ledger;
        this.dataDir = dataDir;
        this.credentials = credentials;
    }

    /**
     * Starts everything, or nothing: on any failure what was started is closed again before the exception propagates.
     *
     * @param environment the caller's environment variables, read once into each service's typed config
     *                    ({@link #serviceEnvironment}); the launcher then sets the broker, the ports, the state folders,
     *                    the application ids and, unless {@code BANK_JWKS_URI} is set, the local token issuer itself
     * @throws PortGuard.PortInUseException before anything starts, if a requested port is taken
     */
    public static Platform start(LaunchOptions options, Map<String, String> environment, Progress progress) {
        PortGuard.requireFree(options.kafkaPort(), "Kafka broker", "--kafka-port");
        PortGuard.requireFree(options.accountPort(), "account-service HTTP", "--account-port");
        PortGuard.requireFree(options.ledgerPort(), "ledger-projector HTTP", "--ledger-port");
        // Read (and so check) every setting before anything starts: a wrong one stops here, naming the variable.
        Env env = serviceEnvironment(environment, options.dataDir());
        AccountServiceConfig accountSettings = AccountServiceConfig.fromEnvironment(env);
        LedgerProjectorConfig ledgerSettings = LedgerProjectorConfig.fromEnvironment(env);
        // Also with --kafka-only: a service jar started by hand with BANK_AUTH_DEV=true finds the keys' JWKS here.
        LocalIssuer.openOrCreate(options.dataDir());
        progress.step(usesLocalIssuer(env)
                ? "access tokens: ./bank token (signed with this data folder's key, " + LocalIssuer.signingKeyFile(options.dataDir()) + ")"
                : "access tokens: from your identity provider (BANK_JWKS_URI " + accountSettings.auth().jwksUri() + ", issuer "
                        + accountSettings.auth().issuer() + "); ./bank token's tokens are refused");
        boolean existing = Files.isDirectory(options.kafkaDir());
        // a folder made locked stays locked; one made without cannot be locked: its metadata holds no principals
        Optional<LocalKafkaCredentials> madeLocked = LocalKafkaCredentials.read(options.dataDir());
        if (options.locked() && existing && madeLocked.isEmpty()) {
            throw new IllegalArgumentException("--locked: the data folder " + options.dataDir() + " holds a Kafka broker made"
                    + " without it, whose metadata has no principals; start it without --locked, or lock a new one (--data-dir)");
        }
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            LocalKafkaCredentials credentials = madeLocked.orElseGet(() -> options.locked()
                    ? LocalKafkaCredentials.create(options.dataDir()) : null);
            progress.step("starting Kafka on localhost:" + (options.kafkaPort() == 0 ? "<any free port>" : options.kafkaPort())
                    + (existing ? " (existing data: the ledger is kept)" : " (new data folder)")
                    + (credentials == null ? ", PLAINTEXT (anyone on this machine may connect)"
                    : ", locked: SASL/SCRAM principals " + LocalKafkaCredentials.USERS + ", each with only its ACLs (passwords in "
                    + LocalKafkaCredentials.file(options.dataDir()) + ")"));
            BrokerSettings brokerSettings = BrokerSettings.persistent(options.kafkaDir(), options.kafkaPort());
            KafkaBroker broker = KafkaBroker.start(credentials == null ? brokerSettings
                    : brokerSettings.withSecurity(new BrokerSecurity(LocalKafkaCredentials.ADMIN, credentials.passwords())));
            started.push(broker);
            progress.step("Kafka ready at " + broker.bootstrapServers());

            // its own broker, whatever BANK_KAFKA_* say: PLAINTEXT, or locked with the data folder's principals
            String bootstrapServers = broker.bootstrapServers();
            KafkaConnection admin = credentials == null ? KafkaConnection.plaintext(bootstrapServers)
                    : credentials.connection(bootstrapServers, LocalKafkaCredentials.ADMIN);
            ClusterSettings cluster = accountSettings.cluster().withConnection(admin);
            // the topic bootstrap, the step of its own that precedes the services (decision 0018)
            TopicBootstrap.Report report = TopicBootstrap.ensure(admin, cluster.bankTopics().all(), TOPIC_BOOTSTRAP_TIMEOUT);
            progress.step("topics " + (report.created().isEmpty() ? "verified: " + report.verified() : "created: " + report.created()));
            ClusterSettings accountCluster = cluster;
            ClusterSettings ledgerCluster = cluster;
            if (credentials != null) {
                // the ACL step, as the compose stacks' acl-init runs it: each service's BankAcls, once the broker enforces them
                BankAclsMain.Report acls = BankAclsMain.grant(admin, new BankAclsMain.Settings(LocalKafkaCredentials.ACCOUNT_SERVICE,
                        AccountServiceConfig.DEFAULT_APPLICATION_ID, LocalKafkaCredentials.LEDGER_PROJECTOR,
                        LedgerProjectorConfig.DEFAULT_APPLICATION_ID, cluster.topics()), TOPIC_BOOTSTRAP_TIMEOUT);
                progress.step("ACLs granted: " + acls.granted().size() + " for " + LocalKafkaCredentials.ACCOUNT_SERVICE + " and "
                        + LocalKafkaCredentials.LEDGER_PROJECTOR + " as docs/security.md lists them (" + acls.added() + " new)");
                accountCluster = cluster.withConnection(credentials.connection(bootstrapServers, LocalKafkaCredentials.ACCOUNT_SERVICE));
                ledgerCluster = cluster.withConnection(credentials.connection(bootstrapServers, LocalKafkaCredentials.LEDGER_PROJECTOR));
            }

            if (options.kafkaOnly()) {
                return new Platform(broker, null, null, options.dataDir(), credentials);
            }
            progress.step("starting account-service on port " + portText(options.accountPort()));
            AccountService account = AccountService.start(accountConfig(accountSettings, env, options, accountCluster));
            started.push(account);

            progress.step("starting ledger-projector on port " + portText(options.ledgerPort()));
            LedgerProjector ledger = LedgerProjector.start(ledgerConfig(ledgerSettings, env, options, ledgerCluster));
            started.push(ledger);

            Platform platform = new Platform(broker, account, ledger, options.dataDir(), credentials);
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
     * The environment both services' configs are read from under the launcher: the caller's, and, unless the caller
     * names an identity provider ({@code BANK_JWKS_URI}), {@code BANK_AUTH_DEV=true} with {@code BANK_DATA_DIR} = the
     * data folder. Without that, reading the configs would stop at the unset {@code BANK_JWKS_URI}, which a local
     * bank does not need: its services verify the local issuer's tokens ({@link #authSettings}).
     */
    static Env serviceEnvironment(Map<String, String> environment, Path dataDir) {
        Env given = Env.of(environment);
        if (given.isSet("BANK_JWKS_URI")) {
            return given;
        }
        Map<String, String> local = new HashMap<>(environment);
        local.put("BANK_AUTH_DEV", "true");
        local.put("BANK_DATA_DIR", dataDir.toString());
        return Env.of(local);
    }

    /** True unless the caller named an identity provider: then the services verify the local issuer's tokens. */
    static boolean usesLocalIssuer(Env env) {
        return !env.isSet("BANK_JWKS_URI");
    }

    /**
     * How the launched services verify tokens: the local issuer of the data folder ({@code ./bank token}), unless the
     * caller set {@code BANK_JWKS_URI}: then the caller's own settings, as read from the environment, apply.
     */
    static AuthSettings authSettings(AuthSettings fromEnv, Env env, LaunchOptions options) {
        return usesLocalIssuer(env) ? AuthSettings.localIssuer(options.dataDir()) : fromEnv;
    }

    /**
     * account-service as the launcher runs it: the caller's settings, with the launcher's broker, port, state folder,
     * token issuer ({@link #authSettings}) and the service's own application id (the caller's BANK_APPLICATION_ID
     * would give both services one group).
     */
    static AccountServiceConfig accountConfig(AccountServiceConfig fromEnv, Env env, LaunchOptions options, ClusterSettings cluster) {
        return fromEnv.withCluster(cluster)
                .withStreams(fromEnv.streams().withApplicationId(AccountServiceConfig.DEFAULT_APPLICATION_ID)
                        .withStateDir(options.accountStateDir()))
                .withHttpPort(options.accountPort())
                .withAuth(authSettings(fromEnv.auth(), env, options));
    }

    /**
     * ledger-projector as the launcher runs it: the caller's settings, with the launcher's broker, port, state folder,
     * host and token issuer ({@link #authSettings}).
     */
    static LedgerProjectorConfig ledgerConfig(LedgerProjectorConfig fromEnv, Env env, LaunchOptions options, ClusterSettings cluster) {
        return fromEnv.withCluster(cluster)
                .withStreams(fromEnv.streams().withApplicationId(LedgerProjectorConfig.DEFAULT_APPLICATION_ID)
                        .withStateDir(options.ledgerStateDir()))
                .withHttp(fromEnv.http().withPort(options.ledgerPort()).withAdvertisedHost("localhost"))
                .withAuth(authSettings(fromEnv.auth(), env, options));
    }

    /** The data folder: the broker's log, the Streams state and the local token issuer's keys ({@code auth/}). */
    public Path dataDir() {
        return dataDir;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The principals of a locked bank ({@link LaunchOptions#locked()}, or a data folder made locked); empty if unlocked. */
    public Optional<LocalKafkaCredentials> credentials() {
        return Optional.ofNullable(credentials);
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

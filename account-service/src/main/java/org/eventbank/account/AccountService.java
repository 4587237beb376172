package org.eventbank.account;

import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.eventbank.kit.kafka.KafkaConnection;
import org.eventbank.account.app.ContractFeatures;
import org.eventbank.account.http.AccountHttpApp;
import org.eventbank.account.kafka.AccountStateSerde;
import org.eventbank.account.kafka.CommandGroupGuard;
import org.eventbank.account.kafka.CommandProcessorTopology;
import org.eventbank.account.kafka.CommandResultListener;
import org.eventbank.account.kafka.InstructionPurge;
import org.eventbank.account.kafka.KafkaCommandGateway;
import org.eventbank.account.kafka.PendingRequests;
import org.eventbank.account.kafka.ProcessorSettings;
import org.eventbank.account.kafka.ResultsTopicLookup;
import org.eventbank.kit.auth.TokenVerifier;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.metrics.ServiceMetrics;
import org.eventbank.kit.streams.StreamsReadiness;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;
import org.eventbank.schemas.topics.BankTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running account-service instance: the topic bootstrap, the guard of the processor's consumer group, the
 * command processor (Kafka Streams), the result listener, the command producer, the command lookup and the HTTP
 * edge, started in that order and closed in reverse. {@link #start} returns once the HTTP port is bound; readiness follows when Streams reaches
 * RUNNING. Used by {@link AccountServiceMain}, by tests and by the platform launcher, in-process.
 */
public final class AccountService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    private static final Duration BOOTSTRAP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** The families a close writes, in the order the 501 names their settings. */
    private static final List<Family> CLOSING_FAMILIES = List.of(Family.EVENTS, Family.COMMANDS, Family.RESULTS);
    /** The families a deadline travels in: notAfter on the command, EXPIRED on the result. */
    private static final List<Family> DEADLINE_FAMILIES = List.of(Family.COMMANDS, Family.RESULTS);
    private static final List<Family> IDENTITY_FAMILIES = List.of(Family.EVENTS, Family.COMMANDS);
    private static final List<Family> TRANSFER_FAMILIES = List.of(Family.EVENTS, Family.COMMANDS, Family.RESULTS);

    private final AccountServiceConfig config;
    private final KafkaStreams streams;
    private final CommandResultListener listener;
    private final ExecutorService answers;
    private final KafkaCommandGateway gateway;
    private final ResultsTopicLookup lookup;
    private final Javalin http;
    private final StreamsReadiness readiness;
    private final ServiceMetrics metrics;
    private final InstructionPurge purge;

    private AccountService(AccountServiceConfig config, KafkaStreams streams, CommandResultListener listener,
                           ExecutorService answers, KafkaCommandGateway gateway, ResultsTopicLookup lookup, Javalin http,
                           StreamsReadiness readiness, ServiceMetrics metrics, InstructionPurge purge) {
        this.config = config;
        this.streams = streams;
        this.listener = listener;
        this.answers = answers;
        this.gateway = gateway;
        this.lookup = lookup;
        this.http = http;
        this.readiness = readiness;
        this.metrics = metrics;
        this.purge = purge;
    }

    public static AccountService start(AccountServiceConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * @param edgeClock the clock the HTTP edge stamps commands with ({@code issuedAt}, and {@code notAfter} from it);
     *                  the command processor decides by its own wall clock. Tests shift this one to play an instance
     *                  whose clock is off
     */
    public static AccountService start(AccountServiceConfig config, Clock edgeClock) {
        AccountServiceConfig.Http httpSettings = config.http();
        AccountServiceConfig.Processor processor = config.processor();
        // Before Kafka: a service that cannot check tokens must not start.
        TokenVerifier tokenVerifier = TokenVerifier.fromSettings(config.auth());
        // The processor writes events and results, the gateway commands: each in the version the book settles.
        ClusterSettings cluster = config.cluster().prepare(EnumSet.of(Family.EVENTS, Family.RESULTS, Family.COMMANDS, Family.INSTRUCTIONS),
                "account-service " + httpSettings.instanceId(), config.streams().applicationId(), BOOTSTRAP_TIMEOUT);
        BankSerdes serdes = cluster.serdes();
        // The settled versions decide what this instance may write beyond the topics: the state store's format and
        // whether closing is on. Handed down as values, so the processor and the edge read no setting themselves.
        AccountStateSerde accountStates = AccountStateSerde.forEventsWriterVersion(
                settledVersion(cluster.writerVersions(), Family.EVENTS));
        ContractFeatures features = contractFeatures(cluster.writerVersions());
        features.closingDisabledReason().ifPresent(reason ->
                log.info("POST /accounts/{id}/close answers 501 not-enabled: {}", reason));
        features.transfersDisabledReason().ifPresent(reason ->
                log.info("POST /transfers answers 501 not-enabled: {}", reason));
        features.identityDisabledReason().ifPresent(reason ->
                log.warn("commands and events carry nobody, and customers' writes answer 501 not-enabled: {}", reason));
        features.deadlinesDisabledReason().ifPresent(reason ->
                log.warn("commands carry no deadline, and one without is decided whenever it is reached: {}", reason));
        BankTopics topics = BankTopics.of(cluster.topics(), serdes);
        KafkaConnection connection = cluster.connection();
        // Where the processor's group may start, before it starts: never deciding a command twice (decision 0014).
        Set<Integer> ledgerPartitionsWithEvents;
        try (Admin admin = Admin.create(connection.clientConfig())) {
            ledgerPartitionsWithEvents = new CommandGroupGuard(admin, connection, topics, config.streams().applicationId(),
                    processor.commandGroupInit(), BOOTSTRAP_TIMEOUT).prepare();
        }
        ProcessorSettings processorSettings = new ProcessorSettings(processor.idempotencyRetention(),
                httpSettings.commandDeadline(), processor.clockSkewMax(), features.deadlinesEnabled(),
                settledVersion(cluster.writerVersions(), Family.RESULTS) >= ContractFeatures.DEADLINES_VERSION_MIN,
                ledgerPartitionsWithEvents);
        PendingRequests pending = new PendingRequests(httpSettings.pendingRequestsMax());
        ExecutorService answers = answerThreads();
        ServiceMetrics metrics = ServiceMetrics.create();
        CommandResultListener listener = new CommandResultListener(connection, topics.results(), pending, answers,
                metrics);
        // GET /accounts/{id}/commands/{commandId} reads the committed results, never the processor's store.
        ResultsTopicLookup lookup = new ResultsTopicLookup(connection, topics.results(), processor.clockSkewMax(),
                config.streams().transactionTimeout(), httpSettings.commandLookupsMax(),
                Duration.ofMillis(httpSettings.commandLookupTimeoutMs()), Clock.systemUTC());
        KafkaCommandGateway gateway = null;
        KafkaStreams streams = null;
        InstructionPurge purge = null;
        try {
            listener.start();
            var commandProducer = KafkaCommandGateway.producer(connection, topics.commands(), httpSettings.instanceId(),
                    httpSettings.requestTimeoutMs(), httpSettings.commandLingerMs());
            metrics.bind(commandProducer, "command-gateway");
            gateway = new KafkaCommandGateway(commandProducer, topics.commands(), pending, httpSettings.instanceId(),
                    httpSettings.requestTimeoutMs(), metrics.registry());
            // Ready only while the command processor is RUNNING and the result listener is assigned.
            // Live while the listener thread runs: a dead one answers nobody, and a restart brings it back.
            StreamsReadiness readiness = new StreamsReadiness("the command processor", () -> listener.isAssigned()
                    ? Optional.empty() : Optional.of("the command result listener is not assigned yet"), listener::deathReason);
            streams = new KafkaStreams(
                    CommandProcessorTopology.buildTopology(topics, serdes, processorSettings, accountStates),
                    CommandProcessorTopology.streamsConfig(cluster, config.streams(), httpSettings.instanceId()));
            // A bug or undecodable data stops this client (and readiness), never a thread replaced to loop on it.
            readiness.attach(streams);
            // No cleanUp(): restoring local state from the stores' changelogs is the point.
            streams.start();
            metrics.bind(streams);
            purge = InstructionPurge.start(connection, topics.transferInstructions(), config.streams().applicationId());
            Javalin http = AccountHttpApp.create(gateway, lookup, readiness, metrics.registry(), httpSettings.requestBodyBytesMax(),
                    edgeClock, features, httpSettings.commandDeadline(), tokenVerifier).start(httpSettings.port());
            metrics.bind(http);
            log.info("account-service {} listening on port {} (topics {}*, application {})", httpSettings.instanceId(),
                    http.port(), cluster.topics().prefix(), config.streams().applicationId());
            return new AccountService(config, streams, listener, answers, gateway, lookup, http, readiness, metrics, purge);
        } catch (RuntimeException e) {
            metrics.close();
            // Half started (for example the HTTP port is taken): stop what runs, so the process can exit.
            if (streams != null) {
                streams.close(CLOSE_TIMEOUT);
            }
            if (gateway != null) {
                gateway.close();
            }
            if (purge != null) {
                purge.close();
            }
            listener.close();
            lookup.close();
            answers.shutdown();
            throw e;
        }
    }

    /**
     * Closing needs v2 of every family it touches: the command carries CloseAccount, the event is AccountClosed and
     * the results carry the closing outcomes (ACCOUNT_CLOSED, BALANCE_NOT_ZERO, TRANSFERS_IN_FLIGHT). Deadlines need
     * v2 commands (notAfter) and results (EXPIRED). Identity needs v2 commands (initiatedBy, actingAs) and events
     * (initiatedBy). Transfers need v3 events, commands and results. Each family still below is named by its setting, so the operator
     * knows exactly what to promote.
     */
    static ContractFeatures contractFeatures(WriterVersions settled) {
        return new ContractFeatures(below(settled, CLOSING_FAMILIES, ContractFeatures.CLOSING_VERSION_MIN),
                below(settled, DEADLINE_FAMILIES, ContractFeatures.DEADLINES_VERSION_MIN),
                below(settled, IDENTITY_FAMILIES, ContractFeatures.IDENTITY_VERSION_MIN),
                below(settled, TRANSFER_FAMILIES, ContractFeatures.TRANSFERS_VERSION_MIN));
    }

    private static List<String> below(WriterVersions settled, List<Family> families, int versionMin) {
        return families.stream()
                .filter(family -> settledVersion(settled, family) < versionMin)
                .map(Family::versionSetting)
                .toList();
    }

    /** The version a family's writers emit, as {@link ClusterSettings#prepare} settled it for every family written here. */
    static int settledVersion(WriterVersions settled, Family family) {
        return settled.pin(family).orElseThrow(() -> new IllegalStateException(family
                + " writer version not settled: prepare the cluster settings first"));
    }

    /** Threads that write the HTTP answers as results arrive: one per processor, at least two. */
    private static ExecutorService answerThreads() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), task -> {
            Thread thread = new Thread(task, "command-answer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public int httpPort() {
        return http.port();
    }

    public String instanceId() {
        return config.http().instanceId();
    }

    public boolean isReady() {
        return readiness.notReadyReason().isEmpty();
    }

    public KafkaStreams.State streamsState() {
        return streams.state();
    }

    @Override
    public void close() {
        http.stop();
        // Leave the group on a graceful close, so the partitions move now instead of after the session timeout.
        streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        listener.close();
        lookup.close();
        answers.shutdown();
        gateway.close();
        purge.close();
        metrics.close();
        log.info("account-service {} stopped", config.http().instanceId());
    }
}

package org.eventbank.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.eventbank.kit.auth.TokenVerifier;
import org.eventbank.kit.kafka.ClusterSettings;
import org.eventbank.kit.metrics.ServiceMetrics;
import org.eventbank.ledger.http.Forwarder;
import org.eventbank.ledger.http.LedgerHttpApp;
import org.eventbank.ledger.http.VersionWaits;
import org.eventbank.ledger.kafka.FinalityTracker;
import org.eventbank.ledger.kafka.LagMonitor;
import org.eventbank.ledger.kafka.LedgerProjectorTopology;
import org.eventbank.ledger.kafka.OwnerAudit;
import org.eventbank.ledger.kafka.ProjectionProgress;
import org.eventbank.ledger.kafka.ProjectionReset;
import org.eventbank.ledger.kafka.StreamsClusterMembers;
import org.eventbank.ledger.kafka.StreamsHandle;
import org.eventbank.ledger.kafka.StreamsKeyRouter;
import org.eventbank.ledger.kafka.StreamsLedgerQueries;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.topics.BankTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.Javalin;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * One running instance of the ledger projector: topic bootstrap, (optionally) a rebuild reset, the
 * HTTP server, then the Kafka Streams client folding {@code bank.account-events} into the balances,
 * history and totals stores (and, re-keyed by transferId, the transfers store) and publishing
 * {@code bank.account-balances}, and the finality tracker
 * that decides which asOf instants are final (and holds readiness red after a rebuild until the
 * ledger seen at start is folded). The HTTP server binds first because {@code application.server}
 * must carry the real port (port 0 in tests); it verifies bearer tokens as {@code config.auth()} says.
 * An {@link OwnerAudit} counts the accounts whose owner the stores do not know (stores folded by an
 * earlier release), which only auditors can read until a rebuild. {@link VersionWaits} holds the minVersion queries
 * waiting for their version (no server thread waits). Close it to stop them all.
 */
public final class LedgerProjector implements AutoCloseable {

    static final Duration BOOTSTRAP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(LedgerProjector.class);

    private final Admin admin;
    private final Javalin http;
    private final VersionWaits versionWaits;
    private final KafkaStreams streams;
    private final StreamsHandle handle;
    private final ProjectionProgress progress;
    private final LagMonitor lagMonitor;
    private final FinalityTracker finality;
    private final OwnerAudit ownerAudit;
    private final ServiceMetrics metrics;

    private LedgerProjector(Admin admin, Javalin http, VersionWaits versionWaits, KafkaStreams streams, StreamsHandle handle,
                            ProjectionProgress progress, LagMonitor lagMonitor, FinalityTracker finality, OwnerAudit ownerAudit,
                            ServiceMetrics metrics) {
        this.admin = admin;
        this.http = http;
        this.versionWaits = versionWaits;
        this.streams = streams;
        this.handle = handle;
        this.progress = progress;
        this.lagMonitor = lagMonitor;
        this.finality = finality;
        this.ownerAudit = ownerAudit;
        this.metrics = metrics;
    }

    public static LedgerProjector start(LedgerProjectorConfig config) {
        // The projector writes balances, in the version the contract-version book settles; below AccountBalance v2 the
        // fold stops at the first closed account rather than publish it as open.
        ClusterSettings cluster = config.cluster().prepare(EnumSet.of(Family.BALANCES), "ledger-projector "
                + config.streams().applicationId(), config.streams().applicationId(), BOOTSTRAP_TIMEOUT);
        BankTopics topics = cluster.bankTopics();
        String applicationId = config.streams().applicationId();
        int partitions = cluster.topics().partitions();
        Admin admin = Admin.create(cluster.connection().clientConfig());
        Javalin http = null;
        VersionWaits versionWaits = null;
        FinalityTracker finality = null;
        ServiceMetrics metrics = ServiceMetrics.create();
        try {
            if (config.projection().rebuild()) {
                ProjectionReset.reset(admin, applicationId, config.streams().stateDir());
            }
            PrometheusMeterRegistry registry = metrics.registry();
            ProjectionProgress progress = new ProjectionProgress();
            FunctionCounter.builder("ledger.projector.records.processed", progress, ProjectionProgress::recordsProcessed)
                    .description("Ledger records folded by this instance since it started (restored state not counted)")
                    .register(registry);
            finality = new FinalityTracker(admin, cluster.connection(), applicationId, topics.events().name(), partitions,
                    config.finality().bounds(), config.finality().refresh(), progress, registry);
            if (config.projection().rebuild()) {
                // the stores are empty now: not ready until the ledger as it is at this moment is folded again
                finality.holdReadinessUntilFolded();
            }
            StreamsHandle handle = new StreamsHandle(progress, finality::rebuildPending);
            // the advertised port is only known once bound, so routing is wired through a late-bound self
            AtomicReference<HostInfo> self = new AtomicReference<>();
            Supplier<HostInfo> selfHost = () -> Objects.requireNonNull(self.get(), "the HTTP port is not bound yet");
            Forwarder forwarder = new Forwarder(config.http().forwardTimeout(), config.http().advertisedHost());
            StreamsLedgerQueries queries = new StreamsLedgerQueries(handle, progress);
            versionWaits = new VersionWaits(config.http().minVersionWaitersMax(), registry);
            http = LedgerHttpApp.create(new LedgerHttpApp.Collaborators(
                    StreamsKeyRouter.forAccounts(handle, selfHost),
                    queries,
                    finality,
                    new StreamsClusterMembers(handle, selfHost),
                    forwarder,
                    handle.readiness(),
                    registry,
                    partitions,
                    config.http().minVersionWaitMax(),
                    config.http().minVersionAheadMax(),
                    versionWaits,
                    config.http().forwardTimeout(),
                    TokenVerifier.fromSettings(config.auth()),
                    StreamsKeyRouter.forTransfers(handle, selfHost),
                    queries));
            http.start(config.http().port());
            metrics.bind(http);
            HostInfo host = new HostInfo(config.http().advertisedHost(), http.port());
            self.set(host);

            KafkaStreams streams = new KafkaStreams(LedgerProjectorTopology.buildTopology(cluster, progress),
                    LedgerProjectorTopology.streamsConfig(config.streams(), cluster, config.projection().standbyReplicas(),
                            host.host() + ":" + host.port()));
            // readiness follows the client's state; an uncaught exception shuts the client down (never replacing
            // the thread, which would fail on the same record forever) and readiness turns red
            handle.attach(streams);
            metrics.bind(streams);
            LagMonitor lagMonitor = new LagMonitor(admin, applicationId, topics.events().name(), partitions, progress, registry);
            OwnerAudit ownerAudit = new OwnerAudit(queries, registry);
            streams.start();
            lagMonitor.start();
            finality.start();
            ownerAudit.start();
            log.info("Ledger projector {} started: HTTP on port {}, application.server {}:{}, events from {}, balances to {};"
                            + " asOf final {} ms behind the last stable offsets read; bearer tokens of {} for audience {}{}",
                    applicationId, http.port(), host.host(), host.port(), topics.events().name(), topics.balances().name(),
                    config.finality().bounds().toMillis(), config.auth().issuer(), config.auth().audience(),
                    config.auth().devMode() ? " (BANK_AUTH_DEV: the local issuer)" : "");
            return new LedgerProjector(admin, http, versionWaits, streams, handle, progress, lagMonitor, finality, ownerAudit, metrics);
        } catch (RuntimeException e) {
            if (http != null) {
                http.stop();
            }
            if (versionWaits != null) {
                versionWaits.close();
            }
            if (finality != null) {
                finality.close();
            }
            admin.close();
            metrics.close();
            throw e;
        }
    }

    /** The port the HTTP server is bound to. */
    public int httpPort() {
        return http.port();
    }

    public boolean ready() {
        return handle.ready();
    }

    public String state() {
        return handle.state();
    }

    /** Records folded since this instance started; a restart that resumes folds only what is new. */
    public long recordsProcessed() {
        return progress.recordsProcessed();
    }

    /** The last figures of ledger_projector_lag_records, by partition. */
    public Map<Integer, Long> lagRecords() {
        return lagMonitor.lagRecords();
    }

    /** The instant up to which asOf answers about this partition are final, if any is vouched for yet. */
    public Optional<Instant> finalUpTo(int partition) {
        return finality.finalUpTo(partition);
    }

    @Override
    public void close() {
        ownerAudit.close();
        lagMonitor.close();
        finality.close();
        // leave the group: the other instances take over at once instead of after the session timeout,
        // and a rebuild finds the group empty
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT));
        // the waiters still waiting answer 503 not-ready before the server stops
        versionWaits.close();
        http.stop();
        admin.close();
        metrics.close();
    }

}

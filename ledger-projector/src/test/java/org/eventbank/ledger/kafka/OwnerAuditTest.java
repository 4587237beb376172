package org.eventbank.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eventbank.config.Env;
import org.eventbank.ledger.LedgerFixtures.AccountHistory;
import org.eventbank.ledger.LedgerProjectorConfig;
import org.eventbank.ledger.domain.AccountStatus;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.schemas.topics.BankTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The operator learns that a store carried over from the release before owners were kept holds accounts only auditors
 * can read: a count on /metrics and a WARN line naming the remedy, from one scan per partition, not one per pass.
 */
class OwnerAuditTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private KeyValueStore<String, BalanceView> balances;
    private StreamsLedgerQueries queries;
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Logger logger = (Logger) LoggerFactory.getLogger(OwnerAudit.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void foldAccountsWithOwners() {
        LedgerProjectorConfig config = LedgerProjectorConfig.fromEnvironment(Env.of(Map.of("BANK_STATE_DIR", stateDir.toString(),
                "BANK_AUTH_DEV", "true")));
        BankTopics topics = config.cluster().bankTopics();
        driver = new TopologyTestDriver(LedgerProjectorTopology.buildTopology(config.cluster(), new ProjectionProgress()),
                LedgerProjectorTopology.streamsConfig(config.streams(), config.cluster(), 0, "localhost:8081"));
        var events = driver.createInputTopic(topics.events().name(), topics.events().keySerde().serializer(),
                topics.events().valueSerde().serializer());
        for (String accountId : new String[] {"acc-1", "acc-2"}) {
            for (LedgerEvent event : new AccountHistory(accountId, "EUR", T0).deposit(5, T0).events()) {
                events.pipeInput(accountId, EventMapper.toAvro(event, "cmd"), event.occurredAt());
            }
        }
        balances = driver.getKeyValueStore(LedgerProjectorTopology.BALANCES_STORE);
        KeyValueStore<Bytes, HistoryEntry> history = driver.getKeyValueStore(LedgerProjectorTopology.HISTORY_STORE);
        KeyValueStore<String, CurrencyTotals> totals = driver.getKeyValueStore(LedgerProjectorTopology.TOTALS_STORE);
        queries = StreamsLedgerQueries.overStores(0, balances, history, totals);
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void close() {
        logger.detachAppender(log);
        driver.close();
    }

    private double gauge() {
        return registry.get("ledger.projector.accounts.owner.unknown").gauge().value();
    }

    @Test
    void shouldCountTheAccountsWithoutOwnerOnceAndTellTheOperatorTheRemedy() {
        // as the release before owners were kept left them: an open and a closed account, formats 1 and 2
        balances.put("old-1", new BalanceView(5, "EUR", 2, T0));
        balances.put("old-2", new BalanceView(0, "EUR", 3, T0, AccountStatus.CLOSED));
        OwnerAudit audit = new OwnerAudit(queries, registry);
        assertThat(gauge()).as("not scanned yet").isNaN();

        audit.audit();

        assertThat(gauge()).isEqualTo(2);
        assertThat(log.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).contains("2 account(s)", "have no owner", "{0=2}", "auditors",
                    "--rebuild", "BANK_REBUILD=true", "docs/operations.md");
        });

        // a partition is scanned when it comes here, not at every pass
        balances.put("old-3", new BalanceView(5, "EUR", 2, T0));
        audit.audit();
        assertThat(gauge()).isEqualTo(2);
        assertThat(log.list).hasSize(1);
    }

    @Test
    void shouldCountNoneAndSayNothingWhenEveryOwnerIsKnown() {
        OwnerAudit audit = new OwnerAudit(queries, registry);

        audit.audit();

        assertThat(gauge()).isZero();
        assertThat(log.list).isEmpty();
    }
}

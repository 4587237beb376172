package org.eventbank.ledger.kafka;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eventbank.ledger.query.Read;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Finds the accounts this instance cannot show to their owners: balance views folded by a release before the
 * projector kept owners (store formats 1 and 2) have none, so only auditors read them, and customers get the answer
 * of an account that does not exist. Such views appear only in a store carried over from an earlier release, never
 * in one refolded from the ledger, and none of them ever gains an owner without a refold; so each partition's store
 * is scanned once, when its active task comes to this instance, from a thread of its own (every
 * {@value #REFRESH_SECONDS} s it looks for newly assigned partitions; a store still restoring is tried again then).
 *
 * <ul>
 *   <li>{@code ledger_projector_accounts_owner_unknown}: the count over the partitions this instance owns; NaN until
 *       each of them was scanned once. Anything above 0 means a refold is due.
 *   <li>A WARN line naming the partitions and counts, and the remedy: {@code --rebuild} ({@code BANK_REBUILD=true}),
 *       docs/operations.md.
 * </ul>
 */
public final class OwnerAudit implements AutoCloseable {

    static final long REFRESH_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(OwnerAudit.class);

    private final StreamsLedgerQueries queries;
    /** Partition to its count of ownerless accounts, for the partitions active here that were scanned. */
    private final Map<Integer, Long> byPartition = new ConcurrentHashMap<>();
    private volatile boolean complete;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-projector-owner-audit");
        thread.setDaemon(true);
        return thread;
    });

    public OwnerAudit(StreamsLedgerQueries queries, MeterRegistry registry) {
        this.queries = queries;
        Gauge.builder("ledger.projector.accounts.owner.unknown", this, OwnerAudit::ownerUnknown)
                .description("Accounts in this instance's balance stores without an owner (folded before owners were kept):"
                        + " only auditors can read them until a --rebuild; NaN until every partition here was scanned")
                .register(registry);
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::auditSafely, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private void auditSafely() {
        try {
            audit();
        } catch (RuntimeException e) {
            log.warn("Cannot count the accounts without owner: {}", e.toString());
        }
    }

    /** One pass: forgets partitions that moved away and scans the ones that came here since the last pass. */
    void audit() {
        Read<List<Integer>> active = queries.activePartitions();
        if (!(active instanceof Read.Ok<List<Integer>> ok)) {
            return;
        }
        byPartition.keySet().retainAll(ok.value());
        Map<Integer, Long> found = new TreeMap<>();
        boolean allScanned = true;
        for (int partition : ok.value()) {
            if (byPartition.containsKey(partition)) {
                continue;
            }
            if (queries.accountsWithoutOwner(partition) instanceof Read.Ok<Long> count) {
                byPartition.put(partition, count.value());
                if (count.value() > 0) {
                    found.put(partition, count.value());
                }
            } else {
                allScanned = false;
            }
        }
        complete = allScanned;
        if (!found.isEmpty()) {
            log.warn("{} account(s) in the balance stores of this instance have no owner (by partition: {}): they were folded"
                    + " before the projector kept each account's owner. Customers get 404 account-not-found for them, auditors"
                    + " read them. Refold the stores to learn every owner: restart with --rebuild (BANK_REBUILD=true) as"
                    + " docs/operations.md describes (Rebuild)", found.values().stream().mapToLong(Long::longValue).sum(), found);
        }
    }

    /** The count over the partitions active here, or NaN while one of them has not been scanned yet. */
    double ownerUnknown() {
        if (!complete) {
            return Double.NaN;
        }
        return byPartition.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

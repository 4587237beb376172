package org.eventbank.ledger.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.domain.TransferView;
import org.eventbank.ledger.query.LedgerQueries;
import org.eventbank.ledger.query.Read;
import org.eventbank.ledger.query.TransferQueries;

/**
 * Answers queries from the projector's stores: the current balance, the balance as of an instant, a
 * statement page and the local partial totals. A live instance reads its stores through Kafka Streams
 * interactive queries, one partition at a time, and only the partitions its fold runs on now
 * ({@link ProjectionProgress#folding}: active, restored, not moving away), checked again after the read; so
 * it keeps answering for them through a rebalance, when Kafka Streams' default lookup refuses every store while a
 * stream thread takes its new assignment, and never answers from a standby copy or a store still being restored.
 * {@link #overStores} reads one partition's stores handed in (a TopologyTestDriver's), with the same code.
 *
 * <p>A store that cannot be read here now (not running, migrating, restoring, or moved or closed
 * between routing and reading: Kafka's {@link InvalidStateStoreException}) is answered as
 * {@link Read.Unavailable}, the same answer as during a rebalance; it never leaves this class as an
 * exception.
 *
 * <p>The transfers store (contract v3) is read on its own: its partitions are those of the transferIds, in another
 * sub-topology than the account stores, so the task that holds a transfer's partition may run on another instance
 * than the one holding the same-numbered partition of the accounts. The same rule holds for it, with the partitions
 * whose transfer view runs here ({@link ProjectionProgress#transferViews}).
 */
public final class StreamsLedgerQueries implements LedgerQueries, TransferQueries {

    /** Where the stores of a partition come from. */
    private interface StoreSource {

        Read<Stores> stores(int partition);

        /** Whether a read of the partition's stores just made came from the active, restored fold (checked after it). */
        boolean stillFolding(int partition);

        /** The partitions whose active task of the account stores (the fold of the ledger) runs here. */
        Read<List<Integer>> activePartitions();

        /** The transfers store of a partition of the transferIds. */
        Read<ReadOnlyKeyValueStore<String, TransferView>> transfers(int partition);

        /** Whether a read of that transfers store just made came from the active, restored view (checked after it). */
        boolean stillViewingTransfers(int partition);
    }

    private final StoreSource source;

    /**
     * This instance's stores through Kafka Streams interactive queries.
     *
     * @param progress the fold's progress: which partitions are folded here now
     */
    public StreamsLedgerQueries(StreamsHandle handle, ProjectionProgress progress) {
        this(new InteractiveQueries(handle, progress));
    }

    private StreamsLedgerQueries(StoreSource source) {
        this.source = source;
    }

    /**
     * Queries over one partition's stores read directly (a TopologyTestDriver's), served as if they
     * were this instance's partition {@code partition}; any other partition is unavailable here.
     */
    public static StreamsLedgerQueries overStores(int partition, ReadOnlyKeyValueStore<String, BalanceView> balances,
                                                  ReadOnlyKeyValueStore<Bytes, HistoryEntry> history,
                                                  ReadOnlyKeyValueStore<String, CurrencyTotals> totals) {
        return overStores(partition, balances, history, totals, null);
    }

    /**
     * The same with a transfers store, served as partition {@code partition} of the transferIds (null: no transfer can
     * be read here).
     */
    public static StreamsLedgerQueries overStores(int partition, ReadOnlyKeyValueStore<String, BalanceView> balances,
                                                  ReadOnlyKeyValueStore<Bytes, HistoryEntry> history,
                                                  ReadOnlyKeyValueStore<String, CurrencyTotals> totals,
                                                  ReadOnlyKeyValueStore<String, TransferView> transfers) {
        Stores stores = new Stores(balances, history, totals);
        return new StreamsLedgerQueries(new StoreSource() {
            @Override
            public Read<Stores> stores(int requested) {
                return requested == partition ? Read.ok(stores) : Read.unavailable("partition " + requested + " is not here");
            }

            @Override
            public boolean stillFolding(int requested) {
                return requested == partition;
            }

            @Override
            public Read<List<Integer>> activePartitions() {
                return Read.ok(List.of(partition));
            }

            @Override
            public Read<ReadOnlyKeyValueStore<String, TransferView>> transfers(int requested) {
                return requested == partition && transfers != null ? Read.ok(transfers)
                        : Read.unavailable("partition " + requested + " of the transfers is not here");
            }

            @Override
            public boolean stillViewingTransfers(int requested) {
                return requested == partition;
            }
        });
    }

    @Override
    public Read<Optional<BalanceView>> balance(int partition, String accountId) {
        return read(partition, stores -> stores.balance(accountId));
    }

    @Override
    public Read<Optional<AsOf>> asOf(int partition, String accountId, Instant instant) {
        return read(partition, stores -> stores.asOf(accountId, instant));
    }

    @Override
    public Read<Optional<StatementPage>> statement(int partition, String accountId, long fromVersion, int limit) {
        return read(partition, stores -> stores.statement(accountId, fromVersion, limit));
    }

    @Override
    public Read<LocalTotals> localTotals() {
        return source.activePartitions().flatMap(active -> {
            SortedSet<Integer> partitions = new TreeSet<>();
            Map<String, CurrencyTotals> sums = new TreeMap<>();
            for (int partition : active) {
                Read<Map<String, CurrencyTotals>> partial = read(partition, Stores::localTotals);
                if (partial instanceof Read.Unavailable<Map<String, CurrencyTotals>> unavailable) {
                    return Read.unavailable(unavailable.reason());
                }
                partitions.add(partition);
                ((Read.Ok<Map<String, CurrencyTotals>>) partial).value()
                        .forEach((currency, totals) -> sums.merge(currency, totals, CurrencyTotals::plus));
            }
            return Read.ok(new LocalTotals(Collections.unmodifiableSortedSet(partitions), Collections.unmodifiableMap(sums)));
        });
    }

    @Override
    public Read<Optional<TransferView>> transfer(int partition, String transferId) {
        return source.transfers(partition).flatMap(transfers -> {
            Optional<TransferView> answer;
            try {
                answer = Optional.ofNullable(transfers.get(transferId));
            } catch (InvalidStateStoreException e) {
                return Read.unavailable("the transfers store cannot be read here now: " + e.getMessage());
            }
            return source.stillViewingTransfers(partition) ? Read.ok(answer)
                    : Read.unavailable("partition " + partition + " of the transfers moved away from this instance while it was read");
        });
    }

    /** The partitions whose active task runs here (not part of the port: the {@link OwnerAudit} walks them). */
    Read<List<Integer>> activePartitions() {
        return source.activePartitions();
    }

    /**
     * How many opened accounts of the partition have no owner in the balances store: folded by a release before the
     * projector kept owners. A full scan of the partition's balances: for {@link OwnerAudit}, once per assignment.
     */
    Read<Long> accountsWithoutOwner(int partition) {
        return read(partition, Stores::accountsWithoutOwner);
    }

    private <T> Read<T> read(int partition, Function<Stores, T> query) {
        return source.stores(partition).flatMap(stores -> {
            T answer;
            try {
                answer = query.apply(stores);
            } catch (InvalidStateStoreException e) {
                // a store that moved or closed between routing and reading: the same answer as during a rebalance
                return Read.unavailable("the stores of partition " + partition + " cannot be read here now: " + e.getMessage());
            }
            // the fold may have stopped here during the read (the task moved, or was kept as a standby copy, whose store
            // stays open but falls behind): then the answer is not vouched for
            return source.stillFolding(partition) ? Read.ok(answer)
                    : Read.unavailable("partition " + partition + " moved away from this instance while it was read");
        });
    }

    /**
     * This instance's stores through Kafka Streams interactive queries, one partition at a time, of the partitions folded
     * here now only. The lookup allows "stale" stores, Kafka Streams' name for every local copy (active, restoring or
     * standby) in any state of the stream thread, rebalancing included; the folding partitions narrow it to the active,
     * restored copy, since Kafka Streams never places the active task and a standby of one partition on one instance.
     */
    private record InteractiveQueries(StreamsHandle handle, ProjectionProgress progress) implements StoreSource {

        @Override
        public Read<Stores> stores(int partition) {
            Optional<KafkaStreams> running = handle.running();
            if (running.isEmpty()) {
                return Read.unavailable(handle.notRunning());
            }
            if (!stillFolding(partition)) {
                return Read.unavailable("partition " + partition + " is not folded here now (owned elsewhere, restoring or moving)");
            }
            KafkaStreams streams = running.get();
            try {
                return Read.ok(new Stores(store(streams, LedgerProjectorTopology.BALANCES_STORE, partition),
                        store(streams, LedgerProjectorTopology.HISTORY_STORE, partition),
                        store(streams, LedgerProjectorTopology.TOTALS_STORE, partition)));
            } catch (InvalidStateStoreException e) {
                return Read.unavailable("the stores of partition " + partition + " cannot be read here now: " + e.getMessage());
            }
        }

        private static <K, V> ReadOnlyKeyValueStore<K, V> store(KafkaStreams streams, String name, int partition) {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore())
                    .withPartition(partition).enableStaleStores());
        }

        @Override
        public boolean stillFolding(int partition) {
            return progress.folding().contains(partition);
        }

        @Override
        public boolean stillViewingTransfers(int partition) {
            return progress.transferViews().contains(partition);
        }

        @Override
        public Read<List<Integer>> activePartitions() {
            Optional<KafkaStreams> running = handle.running();
            if (running.isEmpty()) {
                return Read.unavailable(handle.notRunning());
            }
            return Read.ok(progress.folding().now());
        }

        @Override
        public Read<ReadOnlyKeyValueStore<String, TransferView>> transfers(int partition) {
            Optional<KafkaStreams> running = handle.running();
            if (running.isEmpty()) {
                return Read.unavailable(handle.notRunning());
            }
            if (!stillViewingTransfers(partition)) {
                return Read.unavailable("partition " + partition + " of the transfers is not kept here now (owned elsewhere,"
                        + " restoring or moving)");
            }
            try {
                return Read.ok(store(running.get(), LedgerProjectorTopology.TRANSFERS_STORE, partition));
            } catch (InvalidStateStoreException e) {
                return Read.unavailable("the transfers of partition " + partition + " cannot be read here now: " + e.getMessage());
            }
        }
    }

    /**
     * The reads over one set of stores (one partition's, or all local ones): the stores are handed in,
     * so the same code reads a live instance's stores and a TopologyTestDriver's.
     */
    record Stores(ReadOnlyKeyValueStore<String, BalanceView> balances, ReadOnlyKeyValueStore<Bytes, HistoryEntry> history,
                  ReadOnlyKeyValueStore<String, CurrencyTotals> totals) {

        Optional<BalanceView> balance(String accountId) {
            return Optional.ofNullable(balances.get(accountId)).filter(BalanceView::isOpened);
        }

        /**
         * Binary search over versions 1..current: occurredAt never decreases within an account, so the
         * versions at or before the instant form a prefix. About log2(versions) point reads.
         */
        Optional<AsOf> asOf(String accountId, Instant instant) {
            Optional<BalanceView> current = balance(accountId);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            long low = 1;
            long high = current.get().version();
            HistoryEntry found = null;
            while (low <= high) {
                long middle = low + (high - low) / 2;
                HistoryEntry entry = entry(accountId, middle);
                if (entry.occurredAt().isAfter(instant)) {
                    high = middle - 1;
                } else {
                    found = entry;
                    low = middle + 1;
                }
            }
            if (found == null) {
                return Optional.empty();
            }
            return Optional.of(new AsOf(found.balanceAfterMinor(), current.get().currency(), found.version(), found.occurredAt(),
                    found.statusAfter()));
        }

        /** A page of the statement; empty when the account was never opened. */
        Optional<StatementPage> statement(String accountId, long fromVersion, int limit) {
            if (balance(accountId).isEmpty()) {
                return Optional.empty();
            }
            List<HistoryEntry> entries = new ArrayList<>(Math.min(limit, 1024));
            Long next = null;
            try (KeyValueIterator<Bytes, HistoryEntry> range = history.range(HistoryKeys.of(accountId, fromVersion), HistoryKeys.last(accountId))) {
                while (range.hasNext()) {
                    HistoryEntry entry = range.next().value;
                    if (entries.size() == limit) {
                        next = entry.version();
                        break;
                    }
                    entries.add(entry);
                }
            }
            // the status is read again after the page, so it is at least as new as every entry shown
            Long nextFromVersion = next;
            return balance(accountId).map(view -> new StatementPage(List.copyOf(entries), nextFromVersion, view.status()));
        }

        long accountsWithoutOwner() {
            long count = 0;
            try (KeyValueIterator<String, BalanceView> all = balances.all()) {
                while (all.hasNext()) {
                    BalanceView view = all.next().value;
                    if (view.isOpened() && !view.isOwnerKnown()) {
                        count++;
                    }
                }
            }
            return count;
        }

        /** The sum of the partial totals in the stores read (several partitions' when read across local stores). */
        Map<String, CurrencyTotals> localTotals() {
            Map<String, CurrencyTotals> sums = new TreeMap<>();
            try (KeyValueIterator<String, CurrencyTotals> all = totals.all()) {
                while (all.hasNext()) {
                    KeyValue<String, CurrencyTotals> partial = all.next();
                    sums.merge(partial.key, partial.value, CurrencyTotals::plus);
                }
            }
            return sums;
        }

        private HistoryEntry entry(String accountId, long version) {
            HistoryEntry entry = history.get(HistoryKeys.of(accountId, version));
            if (entry == null) {
                throw new IllegalStateException("history of account " + accountId + " has no version " + version
                        + " although the balance store is past it: the stores are inconsistent");
            }
            return entry;
        }
    }
}

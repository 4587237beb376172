package org.eventbank.ledger.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.HistoryEntry;

/**
 * Answers queries from the projector's stores (one partition's, or all local ones): the current
 * balance, the balance as of an instant, a statement page and the local partial totals. The stores
 * are handed in, so the same code reads a live instance's stores and a TopologyTestDriver's.
 */
public final class LedgerReader {

    /** The balance after the last event at or before an instant. */
    public record AsOf(long balanceMinor, String currency, long version, Instant updatedAt) {
    }

    /** One page of a statement, and the fromVersion of the next page when there is one. */
    public record StatementPage(List<HistoryEntry> entries, Long nextFromVersion) {
    }

    private final ReadOnlyKeyValueStore<String, BalanceView> balances;
    private final ReadOnlyKeyValueStore<Bytes, HistoryEntry> history;
    private final ReadOnlyKeyValueStore<String, CurrencyTotals> totals;

    public LedgerReader(ReadOnlyKeyValueStore<String, BalanceView> balances, ReadOnlyKeyValueStore<Bytes, HistoryEntry> history,
                        ReadOnlyKeyValueStore<String, CurrencyTotals> totals) {
        this.balances = balances;
        this.history = history;
        this.totals = totals;
    }

    public Optional<BalanceView> balance(String accountId) {
        return Optional.ofNullable(balances.get(accountId)).filter(BalanceView::isOpened);
    }

    /**
     * Binary search over versions 1..current: occurredAt never decreases within an account, so the
     * versions at or before the instant form a prefix. About log2(versions) point reads.
     */
    public Optional<AsOf> asOf(String accountId, Instant instant) {
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
        return Optional.of(new AsOf(found.balanceAfterMinor(), current.get().currency(), found.version(), found.occurredAt()));
    }

    public StatementPage statement(String accountId, long fromVersion, int limit) {
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
        return new StatementPage(List.copyOf(entries), next);
    }

    /** The sum of the partial totals in the stores read (several partitions' when read across local stores). */
    public Map<String, CurrencyTotals> localTotals() {
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

package org.eventbank.ledger.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

import org.eventbank.ledger.domain.AccountStatus;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.HistoryEntry;

/**
 * The queries this instance answers from its own stores, for the partitions whose active task it
 * runs: the current balance, the balance as of an instant, a statement page and the local partial
 * totals. Every answer is a {@link Read}: {@link Read.Unavailable} when the partition's stores cannot
 * be read here now (migrating, restoring, not running); an account that is not there is an empty
 * {@link Optional}, not an exception.
 */
public interface LedgerQueries {

    /** The balance after the last event at or before an instant, and whether the account was closed by then. */
    record AsOf(long balanceMinor, String currency, long version, Instant updatedAt, AccountStatus status) {
    }

    /**
     * One page of a statement, the fromVersion of the next page when there is one, and the account's
     * status, read after the page: a page that shows the closing never comes with OPEN.
     */
    record StatementPage(List<HistoryEntry> entries, Long nextFromVersion, AccountStatus status) {
    }

    /**
     * This instance's share of the totals.
     *
     * @param partitions the partitions whose partial totals were summed
     * @param currencies their partial totals added up, by currency
     */
    record LocalTotals(SortedSet<Integer> partitions, Map<String, CurrencyTotals> currencies) {
    }

    /** The account's current balance; empty when it was never opened. */
    Read<Optional<BalanceView>> balance(int partition, String accountId);

    /** The balance after the last event at or before {@code instant}; empty when the account was not open then. */
    Read<Optional<AsOf>> asOf(int partition, String accountId, Instant instant);

    /** One page of the statement, oldest first, from {@code fromVersion}; empty when the account was never opened. */
    Read<Optional<StatementPage>> statement(int partition, String accountId, long fromVersion, int limit);

    /** The partial totals of every partition whose active task runs here, added up. */
    Read<LocalTotals> localTotals();
}

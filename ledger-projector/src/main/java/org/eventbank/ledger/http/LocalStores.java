package org.eventbank.ledger.http;

import java.util.Map;

import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.streams.LedgerReader;

/** This instance's stores, for the partitions whose active task it runs. */
public interface LocalStores {

    /**
     * A reader over one partition's stores.
     *
     * @throws ProblemException not-ready when the partition's stores cannot be read here now (migrating, restoring)
     */
    LedgerReader reader(int partition);

    /**
     * The partial totals of every partition whose active task runs here, by partition.
     *
     * @throws ProblemException not-ready while a store cannot be read
     */
    Map<Integer, Map<String, CurrencyTotals>> partialTotals();
}

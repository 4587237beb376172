package org.eventbank.ledger.query;

import java.util.Optional;

import org.eventbank.ledger.domain.TransferView;

/**
 * The transfers this instance answers from its own transfers store, for the partitions (of the transferId, not of an
 * account) whose active task it runs. An unknown transfer is an empty {@link Optional}; a store that cannot be read here
 * now is {@link Read.Unavailable}.
 */
public interface TransferQueries {

    /** The transfer as its events folded so far tell it; empty when none of its events is folded. */
    Read<Optional<TransferView>> transfer(int partition, String transferId);
}

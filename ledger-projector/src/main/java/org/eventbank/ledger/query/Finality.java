package org.eventbank.ledger.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Up to which instant the answers of a partition are final: every event with occurredAt at or before it is folded,
 * and no other can still be committed (docs/decisions/0013-final-asof.md). asOf answers only such instants, so the
 * same question never gets two different answers.
 */
public interface Finality {

    /** The latest final instant of the partition, or empty while the projector vouches for none (starting, rebuilding). */
    Optional<Instant> finalUpTo(int partition);

    /**
     * How far the final instant trails the wall clock on a caught-up partition, at most: the commit window, the clock
     * skew and one refresh. The longest a client has to wait for an instant that has just passed.
     */
    Duration trailMax();
}

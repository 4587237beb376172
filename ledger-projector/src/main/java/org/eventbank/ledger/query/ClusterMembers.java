package org.eventbank.ledger.query;

import java.util.List;

/** The {@code host:port} of every running instance of the projector, this one included. */
public interface ClusterMembers {

    /** Every instance, or why the membership cannot be known here now (this instance is not running). */
    Read<List<Route.Remote>> all();

    Route.Remote self();
}

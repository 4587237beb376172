package org.eventbank.ledger.http;

import java.util.List;

/** The {@code host:port} of every running instance of the projector, this one included. */
public interface ClusterMembers {

    List<Route.Remote> all();

    Route.Remote self();
}

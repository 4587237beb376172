package org.eventbank.ledger.query;

/** Where the answer for one account lives right now. */
public sealed interface Route permits Route.Local, Route.Remote, Route.Unavailable {

    /** This instance owns the account's partition: read its store. */
    record Local(int partition) implements Route {
    }

    /** Another instance owns it: forward to its {@code application.server}. */
    record Remote(String host, int port) implements Route {
        public String authority() {
            return host + ":" + port;
        }
    }

    /** Nobody can answer right now (starting, rebalancing, stopped): 503 with Retry-After, never a guess. */
    record Unavailable(String reason) implements Route {
    }
}

package org.eventbank.ledger.query;

/**
 * Finds the instance that owns a key's partition of a store: an account's of the balances store, or a transfer's of the
 * transfers store (one router each). A value, never an exception.
 */
public interface KeyRouter {

    /** {@link Route.Local}, {@link Route.Remote} or {@link Route.Unavailable} (with the reason). */
    Route route(String key);
}

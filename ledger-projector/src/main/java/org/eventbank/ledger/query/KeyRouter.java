package org.eventbank.ledger.query;

/** Finds the instance that owns an account's partition of the balances store: a value, never an exception. */
public interface KeyRouter {

    /** {@link Route.Local}, {@link Route.Remote} or {@link Route.Unavailable} (with the reason). */
    Route route(String accountId);
}

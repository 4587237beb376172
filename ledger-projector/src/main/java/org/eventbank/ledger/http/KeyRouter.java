package org.eventbank.ledger.http;

/** Finds the instance that owns an account's partition of the balances store. */
public interface KeyRouter {

    Route route(String accountId);
}

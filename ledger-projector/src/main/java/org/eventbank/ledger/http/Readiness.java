package org.eventbank.ledger.http;

/** Whether the Streams client is RUNNING, and its state for the readiness body. */
public interface Readiness {

    boolean ready();

    String state();
}

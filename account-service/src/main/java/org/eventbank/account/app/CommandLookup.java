package org.eventbank.account.app;

/**
 * Where the HTTP edge learns the final outcome of a command, for a client whose request ended without one
 * (503 outcome-unknown): from committed results only, never from the processor's state (decision 0014).
 */
public interface CommandLookup {

    /** What is known now about command {@code commandId} of account {@code accountId}. */
    CommandStatus find(String accountId, String commandId);
}

package org.eventbank.bench;

import java.util.function.Consumer;

/** Puts the workload's commands on one path into the bank (HTTP or the commands topic) and reports how each ended. */
interface CommandDriver extends AutoCloseable {

    /**
     * Sends one command and calls {@code onDone} exactly once when it ends, on this or another thread. May block
     * while the driver's bound on commands in flight is reached.
     */
    void submit(Workload.Command command, Consumer<Completion> onDone) throws InterruptedException;

    /** How many threads should call {@link #submit}: one per client for a blocking driver, one for a windowed one. */
    int issuerThreads();

    @Override
    void close();
}

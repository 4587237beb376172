package org.eventbank.platform.launch;

import java.io.PrintStream;

/** Progress lines for the person who typed {@code ./bank up}: elapsed seconds, then what is happening. */
public final class Progress {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    public Progress(PrintStream out) {
        this.out = out;
    }

    public void step(String message) {
        out.printf("[%5.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, message);
        out.flush();
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}

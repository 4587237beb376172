package org.eventbank.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The Idempotency-Keys of a run that sends them ({@code --idempotency-keys true}): one new key per command,
 * {@code bench-<runId>-<n>}, so every command leaves one entry in the processor's idempotency store, as a
 * client that protects every request would. {@link #none()} sends none.
 */
final class IdempotencyKeys {

    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    private IdempotencyKeys(String prefix) {
        this.prefix = prefix;
    }

    static IdempotencyKeys forRun(String runId) {
        return new IdempotencyKeys("bench-" + runId + "-");
    }

    static IdempotencyKeys none() {
        return new IdempotencyKeys(null);
    }

    /** The next command's key, or null when the run sends none. */
    String next() {
        return prefix == null ? null : prefix + next.incrementAndGet();
    }
}

package org.eventbank.bench;

import java.util.UUID;

/**
 * How one command ended, as the client saw it.
 *
 * @param answer    accepted (2xx), rejected (a rejection code) or error (no answer, or an answer saying the
 *                  outcome is unknown or the service was not ready)
 * @param code      {@code accepted}, the problem code of a rejection ({@code insufficient-funds}, ...) or the
 *                  kind of error ({@code outcome-unknown}, {@code not-ready}, {@code timeout}, {@code io-error}, ...)
 * @param ledger    what the ledger must hold for this command, for the self-check
 * @param commandId the command's id where the client knows it, else null
 * @param version   the account version an accepted command produced, else 0
 * @param sentNanos {@link System#nanoTime()} when the command actually left the client
 */
public record Completion(Answer answer, String code, LedgerExpectation ledger, UUID commandId, long version,
                         long sentNanos) {

    public enum Answer { ACCEPTED, REJECTED, ERROR }

    /** What the self-check expects in the ledger for a command. */
    public enum LedgerExpectation {
        /** Acknowledged: exactly one event, with the acknowledged version. */
        WRITTEN,
        /** Rejected, or refused before it was sent on: no event. */
        NOT_WRITTEN,
        /** No answer: an event may or may not exist. */
        UNKNOWN
    }

    public static Completion accepted(UUID commandId, long version, long sentNanos) {
        return new Completion(Answer.ACCEPTED, "accepted", LedgerExpectation.WRITTEN, commandId, version, sentNanos);
    }

    public static Completion rejected(String code, UUID commandId, long sentNanos) {
        return new Completion(Answer.REJECTED, code, LedgerExpectation.NOT_WRITTEN, commandId, 0, sentNanos);
    }

    /** An error after which nothing was written (for example 503 not-ready: refused before it was sent on). */
    public static Completion refused(String code, UUID commandId, long sentNanos) {
        return new Completion(Answer.ERROR, code, LedgerExpectation.NOT_WRITTEN, commandId, 0, sentNanos);
    }

    public static Completion unknown(String code, UUID commandId, long sentNanos) {
        return new Completion(Answer.ERROR, code, LedgerExpectation.UNKNOWN, commandId, 0, sentNanos);
    }

    /** Whether the bank answered (2xx or a rejection): an acknowledgement, whose latency is reported. */
    public boolean acknowledged() {
        return answer != Answer.ERROR;
    }
}

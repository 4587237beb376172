package org.eventbank.bench;

import java.util.UUID;

/**
 * How one command ended, as the client saw it.
 *
 * @param answer    accepted (2xx), rejected (a rejection code) or error (no answer, or an answer saying the
 *                  outcome is unknown or the service was not ready)
 * @param code      {@code accepted}, the problem code of a rejection ({@code insufficient-funds}, ...) or the
 *                  kind of error ({@code outcome-unknown}, {@code not-ready}, {@code timeout}, {@code io-error}, ...);
 *                  for a transfer also {@code completed}, {@code pending} and {@code transfer-reversed}
 * @param ledger    what the ledger must hold for this command, for the self-check
 * @param commandId the command's id where the client knows it, else null
 * @param version   the account version an accepted command produced (a transfer's: the payer's debit), else 0
 * @param sentNanos {@link System#nanoTime()} when the command actually left the client
 * @param transfer  for a transfer whose debit was answered (completed, pending or reversed): what was said of its legs;
 *                  null for every other command and for a transfer refused, or without an answer
 */
public record Completion(Answer answer, String code, LedgerExpectation ledger, UUID commandId, long version,
                         long sentNanos, TransferLegs transfer) {

    public enum Answer { ACCEPTED, REJECTED, ERROR }

    /** What the self-check expects in the ledger for a command. */
    public enum LedgerExpectation {
        /** Acknowledged: exactly one event, with the acknowledged version (a transfer: its debit, and its settlement). */
        WRITTEN,
        /** Rejected, or refused before it was sent on: no event. */
        NOT_WRITTEN,
        /** No answer: an event may or may not exist. */
        UNKNOWN
    }

    /**
     * What the bank said of a debited transfer.
     *
     * @param stage         completed (201, or a final ACCEPTED result), pending at the answer (202, or no final result
     *                      within the request timeout) or reversed (422 transfer-reversed, or a TRANSFER_REVERSED result)
     * @param transferId    the transfer's id where the answer names it, else null
     * @param debitVersion  the payer's version after the debit where the answer names it, else 0 (not checked)
     * @param creditVersion the payee's version after the credit, for a completed transfer whose answer names it, else 0
     */
    public record TransferLegs(Stage stage, String transferId, long debitVersion, long creditVersion) {
        public enum Stage { COMPLETED, PENDING, REVERSED }
    }

    /** A command on one account. */
    public Completion(Answer answer, String code, LedgerExpectation ledger, UUID commandId, long version, long sentNanos) {
        this(answer, code, ledger, commandId, version, sentNanos, null);
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

    /** A transfer credited: its debit and its credit are on the ledger, at these versions. */
    public static Completion transferCompleted(UUID commandId, String transferId, long debitVersion, long creditVersion,
                                               long sentNanos) {
        return new Completion(Answer.ACCEPTED, "completed", LedgerExpectation.WRITTEN, commandId, debitVersion, sentNanos,
                new TransferLegs(TransferLegs.Stage.COMPLETED, transferId, debitVersion, creditVersion));
    }

    /** A transfer debited whose credit was not done when the answer came: it still completes or reverses later. */
    public static Completion transferPending(UUID commandId, String transferId, long debitVersion, long sentNanos) {
        return new Completion(Answer.ACCEPTED, "pending", LedgerExpectation.WRITTEN, commandId, debitVersion, sentNanos,
                new TransferLegs(TransferLegs.Stage.PENDING, transferId, debitVersion, 0));
    }

    /** A transfer debited and sent back by the payee's writer: its debit and its reversal are on the ledger. */
    public static Completion transferReversed(UUID commandId, String transferId, long debitVersion, long sentNanos) {
        return new Completion(Answer.REJECTED, "transfer-reversed", LedgerExpectation.WRITTEN, commandId, debitVersion,
                sentNanos, new TransferLegs(TransferLegs.Stage.REVERSED, transferId, debitVersion, 0));
    }

    /** Whether the bank answered (2xx or a rejection): an acknowledgement, whose latency is reported. */
    public boolean acknowledged() {
        return answer != Answer.ERROR;
    }
}

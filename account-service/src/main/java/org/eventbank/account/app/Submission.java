package org.eventbank.account.app;

import java.util.concurrent.CompletableFuture;

/** What became of handing a command to the {@link CommandGateway}: refused at once, or on its way. */
public sealed interface Submission permits Submission.Refused, Submission.Pending {

    /** Not sent: this instance cannot wait for it now. */
    record Refused(Reason reason) implements Submission {

        /** Why a request could not wait for its result. */
        public enum Reason {
            /** As many requests as this instance lets wait are already waiting. */
            TOO_MANY_WAITING,
            /** The same (account, Idempotency-Key) is still being processed on this instance. */
            KEY_IN_FLIGHT
        }
    }

    /**
     * Sent: {@code outcome} completes with the committed outcome, or exceptionally (a
     * {@link java.util.concurrent.TimeoutException} when none arrived in time).
     */
    record Pending(CompletableFuture<CommandOutcome> outcome) implements Submission {
    }
}

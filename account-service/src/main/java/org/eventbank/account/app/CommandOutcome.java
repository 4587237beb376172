package org.eventbank.account.app;

import java.util.Optional;

/**
 * The committed answer to one command, as the command processor decided it: accepted (and what the
 * account looks like after it) or rejected with a code. {@code replayed} is true when this is the
 * stored answer of an earlier command with the same Idempotency-Key and body: nothing new was written.
 */
public sealed interface CommandOutcome permits CommandOutcome.Accepted, CommandOutcome.Rejected {

    boolean replayed();

    /**
     * @param eventId the id of the (last) event written
     * @param version the account's version after the command
     * @param owner   the owner reference, for an opened account only; otherwise empty
     */
    record Accepted(String accountId, String eventId, long version, long balanceMinor, String currency,
                    Optional<String> owner, boolean replayed) implements CommandOutcome {
    }

    /** @param detail a sentence for humans, when the processor gave one */
    record Rejected(OutcomeCode code, Optional<String> detail, boolean replayed) implements CommandOutcome {
    }
}

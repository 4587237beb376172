package org.eventbank.account.app;

import java.util.Optional;

/**
 * The committed answer to one command, as the command processor decided it: accepted (and what the
 * account looks like after it) or rejected with a code. {@code replayed} is true when this is the
 * stored answer of an earlier command with the same Idempotency-Key and body: nothing new was written.
 */
public sealed interface CommandOutcome permits CommandOutcome.Accepted, CommandOutcome.Rejected, CommandOutcome.Transfer {

    boolean replayed();

    /**
     * @param eventId the id of the (last) event written
     * @param version the account's version after the command
     * @param owner   the account's owner reference; results written before identity (decision 0015) carry it for an
     *                opened account only
     */
    record Accepted(String accountId, String eventId, long version, long balanceMinor, String currency,
                    Optional<String> owner, boolean replayed) implements CommandOutcome {
    }

    /**
     * @param detail a sentence for humans, when the processor gave one
     * @param owner  the account's owner reference when the account exists (results since identity, decision 0015)
     */
    record Rejected(OutcomeCode code, Optional<String> detail, boolean replayed, Optional<String> owner)
            implements CommandOutcome {

        /** A rejection that names no owner: the account does not exist, or it was written before identity. */
        public Rejected(OutcomeCode code, Optional<String> detail, boolean replayed) {
            this(code, detail, replayed, Optional.empty());
        }
    }

    /**
     * A transfer command's outcome once its debit is written: pending, completed or reversed. A transfer refused before
     * its debit (insufficient funds, an unknown payer, ...) is {@link Rejected} like any command.
     *
     * @param detail why it was reversed, in the writer's words, when it was
     * @param owner  the payer's owner reference
     */
    record Transfer(TransferProgress progress, Optional<String> detail, Optional<String> owner, boolean replayed)
            implements CommandOutcome {
    }

    /**
     * May a customer with this owner reference see this outcome? Yes when it names them as the account's owner, or
     * when it names nobody and tells no balance (a rejection: the account did not exist, or an old result). Tellers
     * and auditors see every outcome.
     */
    default boolean concerns(String ownerReference) {
        if (this instanceof Accepted accepted) {
            return accepted.owner().filter(ownerReference::equals).isPresent();
        }
        if (this instanceof Transfer transfer) {
            return transfer.owner().filter(ownerReference::equals).isPresent();
        }
        Optional<String> owner = ((Rejected) this).owner();
        return owner.isEmpty() || owner.get().equals(ownerReference);
    }
}

package org.eventbank.account.app;

import java.time.Instant;

/**
 * What can be known now about one command, from the committed results (decision 0014): decided (applied or refused,
 * or refused as expired), never applied (its deadline has passed and no decision was committed before it), still
 * pending, unknown here, or not answerable at the moment.
 */
public sealed interface CommandStatus permits CommandStatus.Decided, CommandStatus.NeverApplied, CommandStatus.Pending,
        CommandStatus.Unknown, CommandStatus.Unavailable {

    /** The committed result: accepted with its answer, or rejected with its code (EXPIRED among them). */
    record Decided(CommandOutcome outcome) implements CommandStatus {
    }

    /**
     * No result was committed before the deadline, and none can be any more: the single writer refuses it as expired
     * whenever it reaches it, if it has not yet.
     */
    record NeverApplied(Instant notAfter) implements CommandStatus {
    }

    /** Not decided yet, as far as the committed results tell; final by {@code finalBy} at the latest. */
    record Pending(Instant notAfter, Instant finalBy) implements CommandStatus {
    }

    /** Not a command this can tell about: not an id this service minted, forgotten, or another account's. */
    record Unknown(String why) implements CommandStatus {
    }

    /** The lookup cannot run now (too many at once, or Kafka did not answer in time); retry. */
    record Unavailable(String why) implements CommandStatus {
    }
}

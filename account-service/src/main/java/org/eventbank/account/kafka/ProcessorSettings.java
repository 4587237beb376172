package org.eventbank.account.kafka;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What the command processor needs to know about time and the contract, settled once by the wiring from the
 * configuration and the writer versions (decision 0014).
 *
 * @param idempotencyRetention how long a key is remembered, counted from the {@code issuedAt} of the first command
 *                             decided with it: a retry issued before that instant gets the stored answer
 * @param commandDeadline      {@code notAfter - issuedAt} of the commands this service issues; the deadline of a
 *                             command that carries none, while deadlines are on
 * @param clockSkewMax         how far apart two instances' clocks may be
 * @param deadlinesEnabled     commands and results are written in v2: a command without {@code notAfter} (a v1
 *                             command of a previous release, or another producer's) is due {@code commandDeadline}
 *                             after its {@code issuedAt}. While off, such a command has no deadline
 * @param resultsCarryExpired  results are written in v2, which has the {@code EXPIRED} outcome; in v1 an expired
 *                             command is answered {@code UNKNOWN_REJECTION} with a detail that says it expired (what a
 *                             v1 reader of a v2 {@code EXPIRED} reads anyway)
 * @param ledgerPartitionsWithEvents the ledger partitions that held a committed event when the service started
 *                             ({@link CommandGroupGuard#prepare}): on those the processor refuses to decide with an empty
 *                             "accounts" store, which would write versions the accounts already have
 */
public record ProcessorSettings(Duration idempotencyRetention, Duration commandDeadline, Duration clockSkewMax,
                                boolean deadlinesEnabled, boolean resultsCarryExpired, Set<Integer> ledgerPartitionsWithEvents) {

    /** On an empty ledger. */
    public ProcessorSettings(Duration idempotencyRetention, Duration commandDeadline, Duration clockSkewMax,
                             boolean deadlinesEnabled, boolean resultsCarryExpired) {
        this(idempotencyRetention, commandDeadline, clockSkewMax, deadlinesEnabled, resultsCarryExpired, Set.of());
    }

    public ProcessorSettings {
        ledgerPartitionsWithEvents = Set.copyOf(ledgerPartitionsWithEvents);
        if (idempotencyRetention.compareTo(commandDeadline.plus(clockSkewMax)) <= 0) {
            throw new IllegalArgumentException("the idempotency retention " + idempotencyRetention
                    + " must be longer than the command deadline " + commandDeadline + " plus the clock skew " + clockSkewMax);
        }
    }

    /** The deadline given to a command that carries none: only while deadlines are on. */
    public Optional<Duration> defaultDeadline() {
        return deadlinesEnabled ? Optional.of(commandDeadline) : Optional.empty();
    }

    /**
     * How long after its expiry an idempotency entry is kept before it is deleted: the deadline plus the skew, so a
     * retry issued just before the expiry is still looked up against it when it is decided, as late as it can be.
     */
    public Duration purgeGrace() {
        return commandDeadline.plus(clockSkewMax);
    }
}

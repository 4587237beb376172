package org.eventbank.account.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Command ids that say when their command was issued and when its deadline passes, so an outcome can be looked
 * up later in a bounded stretch of the results topic, with no index to keep (decision 0014). A UUID of version 8
 * (RFC 9562, the custom layout):
 * <ul>
 *   <li>bits 0-47: {@code issuedAt}, epoch milliseconds (until the year 10889);
 *   <li>bits 48-51: the version, 8;
 *   <li>bits 52-63: the deadline {@code notAfter - issuedAt} in whole seconds, rounded up, 1 to
 *       {@value #DEADLINE_SECONDS_MAX}; 0 for a command without a deadline;
 *   <li>bits 64-65: the variant, binary 10; bits 66-127: random, from {@link UUID#randomUUID()}.
 * </ul>
 * Rounding the deadline up only makes a lookup wait a little longer before it calls a missing result final.
 * Ids of other versions (random v4 ids of earlier releases, or of other producers) carry no stamp.
 */
public final class CommandIds {

    public static final int VERSION = 8;
    /** The longest deadline the id can carry: 12 bits of seconds. */
    public static final long DEADLINE_SECONDS_MAX = 0xFFF;

    /** When a command was issued and, if it has one, its deadline as the id carries it (rounded up to a second). */
    public record Stamp(Instant issuedAt, Optional<Instant> notAfter) {
    }

    private CommandIds() {
    }

    /** A new id for a command issued at {@code issuedAt} (whole milliseconds) with this deadline, if any. */
    public static String mint(Instant issuedAt, Optional<Duration> deadline) {
        long millis = issuedAt.toEpochMilli();
        if (millis < 0 || millis >= 1L << 48) {
            throw new IllegalArgumentException("issuedAt " + issuedAt + " does not fit 48 bits of epoch milliseconds");
        }
        long seconds = deadline.map(CommandIds::secondsRoundedUp).orElse(0L);
        if (seconds > DEADLINE_SECONDS_MAX || deadline.isPresent() && seconds < 1) {
            throw new IllegalArgumentException("a deadline of " + deadline.get() + " does not fit 1 to " + DEADLINE_SECONDS_MAX
                    + " seconds");
        }
        long mostSignificant = millis << 16 | (long) VERSION << 12 | seconds;
        long leastSignificant = UUID.randomUUID().getLeastSignificantBits();
        return new UUID(mostSignificant, leastSignificant).toString();
    }

    /** The stamp of an id minted by {@link #mint}; empty for any other text or UUID. */
    public static Optional<Stamp> stampOf(String commandId) {
        UUID id;
        try {
            id = UUID.fromString(commandId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // UUID.fromString accepts short groups ("1-2-3-4-5"); only the canonical 36 characters are ids we minted.
        if (id.version() != VERSION || id.variant() != 2 || !id.toString().equalsIgnoreCase(commandId)) {
            return Optional.empty();
        }
        long mostSignificant = id.getMostSignificantBits();
        Instant issuedAt = Instant.ofEpochMilli(mostSignificant >>> 16);
        long seconds = mostSignificant & 0xFFF;
        return Optional.of(new Stamp(issuedAt, seconds == 0 ? Optional.empty() : Optional.of(issuedAt.plusSeconds(seconds))));
    }

    private static long secondsRoundedUp(Duration deadline) {
        return (deadline.toMillis() + 999) / 1000;
    }
}

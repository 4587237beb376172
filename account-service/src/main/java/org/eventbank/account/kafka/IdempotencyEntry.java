package org.eventbank.account.kafka;

import java.time.Instant;
import org.eventbank.schemas.avro.CommandResult;

/**
 * What the processor remembers about one (account, Idempotency-Key): the body hash of the first
 * command, its result, and when the memory expires.
 */
public record IdempotencyEntry(String bodyHash, CommandResult result, Instant expiresAt) {

    public boolean isExpiredAt(long nowMs) {
        return expiresAt.toEpochMilli() <= nowMs;
    }
}

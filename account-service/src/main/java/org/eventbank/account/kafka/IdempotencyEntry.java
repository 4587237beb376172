package org.eventbank.account.kafka;

import java.time.Instant;
import org.eventbank.schemas.avro.CommandResult;

/**
 * What the processor remembers about one (account, Idempotency-Key): the body hash of the first command decided
 * with it, its result, and when the memory expires: that command's {@code issuedAt} plus the retention (decision
 * 0014; entries written before it hold the processing time plus the retention).
 */
public record IdempotencyEntry(String bodyHash, CommandResult result, Instant expiresAt) {

    /** True when a command issued at {@code issuedAt} is a retry this entry answers: issued before the expiry. */
    public boolean covers(Instant issuedAt) {
        return issuedAt.isBefore(expiresAt);
    }
}

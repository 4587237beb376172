package org.eventbank.account.kafka;

import java.util.Optional;

/**
 * What an {@code AccountCommand} on the wire carries beyond the domain command: delivery and
 * idempotency data that the decider never sees.
 *
 * @param idempotencyKey the client's Idempotency-Key, scoped to the account, if any
 * @param bodyHash       hex SHA-256 of the canonical request
 * @param replyTo        id of the instance waiting for the result
 */
public record CommandEnvelope(Optional<String> idempotencyKey, String bodyHash, String replyTo) {
}

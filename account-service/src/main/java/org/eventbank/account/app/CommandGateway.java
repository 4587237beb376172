package org.eventbank.account.app;

import java.util.Optional;
import org.eventbank.account.domain.AccountCommand;

/**
 * Where the HTTP edge sends a command and gets its committed outcome back. The Kafka implementation
 * produces to the commands topic and waits for the result topic; HTTP tests use a fake.
 */
public interface CommandGateway {

    /**
     * Sends the command, unless this instance cannot take it now ({@link Submission.Refused}: too many requests
     * wait, or the same (account, Idempotency-Key) is already in flight on this instance). Otherwise the
     * {@link Submission.Pending} future completes with the command's {@link CommandOutcome}, or exceptionally (a
     * {@link java.util.concurrent.TimeoutException} when no result arrived in time).
     *
     * @param idempotencyKey the client's Idempotency-Key, scoped to the account, if any
     * @param bodyHash       hex SHA-256 of the canonical request, compared when the key is seen again
     */
    Submission submit(AccountCommand command, Optional<String> idempotencyKey, String bodyHash);
}

package org.eventbank.account.http;

import java.util.concurrent.CompletableFuture;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.CommandResult;

/**
 * Where the HTTP edge sends a command and gets its committed result back. The Kafka implementation
 * produces to the commands topic and waits for the result topic; HTTP tests use a fake.
 */
public interface CommandGateway {

    /**
     * Sends the command; the future completes with its result, or exceptionally (a
     * {@link java.util.concurrent.TimeoutException} when no result arrived in time).
     *
     * @throws org.eventbank.account.results.PendingRequests.RefusedException when too many requests wait, or the same
     *         (account, Idempotency-Key) is already in flight on this instance
     */
    CompletableFuture<CommandResult> submit(AccountCommand command);

    /** Identifies this instance on commands, so the result finds its way back. */
    String instanceId();
}

package org.eventbank.account.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A request to change one account. Ids, the issuing instant ({@code issuedAt}) and the deadline
 * ({@code notAfter}) arrive on the command and the single writer's clock arrives next to it, so the
 * decider reads no clock and generates no randomness. Who asked and on whose behalf come last on
 * every command, as they were appended to the contract (v2).
 */
public sealed interface AccountCommand permits AccountCommand.OpenAccount, AccountCommand.Deposit, AccountCommand.Withdraw,
        AccountCommand.CloseAccount, AccountCommand.Transfer {

    String commandId();

    String accountId();

    /** Optimistic concurrency: the version the client last saw, or empty for "any". */
    OptionalLong expectedVersion();

    Instant issuedAt();

    /** Who asked and for which operation; copied onto the events the command causes. */
    Origin origin();

    /** On whose behalf the initiator acts, if known. */
    Optional<ActingAs> actingAs();

    /**
     * The instant after which the command must never be decided: the decider refuses it as
     * {@link RejectionCode#EXPIRED} when the single writer's clock has passed it. Empty for no deadline
     * (a v1 command, written while deadlines are off).
     */
    Optional<Instant> notAfter();

    /** Open an account with an owner reference (1-200 characters) and an ISO 4217 currency. */
    record OpenAccount(String commandId, String accountId, OptionalLong expectedVersion, Instant issuedAt,
                       String owner, String currency,
                       Origin origin, Optional<ActingAs> actingAs, Optional<Instant> notAfter) implements AccountCommand {
    }

    /** Pay {@code amountMinor} in; {@code currency}, when given, must be the account's. */
    record Deposit(String commandId, String accountId, OptionalLong expectedVersion, Instant issuedAt,
                   long amountMinor, Optional<String> currency,
                   Origin origin, Optional<ActingAs> actingAs, Optional<Instant> notAfter) implements AccountCommand {
    }

    /** Take {@code amountMinor} out; never below zero. */
    record Withdraw(String commandId, String accountId, OptionalLong expectedVersion, Instant issuedAt,
                    long amountMinor, Optional<String> currency,
                    Origin origin, Optional<ActingAs> actingAs, Optional<Instant> notAfter) implements AccountCommand {
    }

    /**
     * Close the account for good: only with a balance of zero and no outgoing transfer in flight.
     * {@code reason} is the client's own words (the HTTP edge allows 1-200 characters).
     */
    record CloseAccount(String commandId, String accountId, OptionalLong expectedVersion, Instant issuedAt,
                        Optional<String> reason,
                        Origin origin, Optional<ActingAs> actingAs, Optional<Instant> notAfter) implements AccountCommand {
    }

    /**
     * Move {@code amountMinor} from this account (the payer, {@code accountId}) to {@code toAccountId}: the payer's
     * single writer debits it and hands the credit to the payee's (decision 0016). {@code transferId} was assigned by
     * the edge (name-based, so a retry cannot start a second transfer); the origin's correlation id is the transferId.
     * {@code reference} is the client's own identifier (the HTTP edge allows 1-200 characters).
     */
    record Transfer(String commandId, String accountId, OptionalLong expectedVersion, Instant issuedAt,
                    String transferId, String toAccountId, long amountMinor, Optional<String> currency,
                    Optional<String> reference,
                    Origin origin, Optional<ActingAs> actingAs, Optional<Instant> notAfter) implements AccountCommand {
    }
}

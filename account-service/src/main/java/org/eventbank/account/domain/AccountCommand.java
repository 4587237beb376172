package org.eventbank.account.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A request to change one account. Time ({@code issuedAt}) and ids arrive on the command, so the
 * decider reads no clock and generates no randomness.
 */
public sealed interface AccountCommand permits AccountCommand.OpenAccount, AccountCommand.Deposit, AccountCommand.Withdraw {

    String commandId();

    String accountId();

    /** Optimistic concurrency: the version the client last saw, or empty for "any". */
    OptionalLong expectedVersion();

    Instant issuedAt();

    /** Open an account with an owner reference (1-200 characters) and an ISO 4217 currency. */
    record OpenAccount(String commandId, String accountId, OptionalLong expectedVersion, Instant issuedAt,
                       String owner, String currency) implements AccountCommand {
    }

    /** Pay {@code amountMinor} in; {@code currency}, when given, must be the account's. */
    record Deposit(String commandId, String accountId, OptionalLong expectedVersion, Instant issuedAt,
                   long amountMinor, Optional<String> currency) implements AccountCommand {
    }

    /** Take {@code amountMinor} out; never below zero. */
    record Withdraw(String commandId, String accountId, OptionalLong expectedVersion, Instant issuedAt,
                    long amountMinor, Optional<String> currency) implements AccountCommand {
    }
}

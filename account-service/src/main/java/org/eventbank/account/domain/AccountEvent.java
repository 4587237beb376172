package org.eventbank.account.domain;

import java.time.Instant;

/** A fact about one account, as written to the ledger. Versions run 1, 2, 3, ... with no gaps. */
public sealed interface AccountEvent permits AccountEvent.AccountOpened, AccountEvent.Deposited, AccountEvent.Withdrawn {

    String eventId();

    String accountId();

    long version();

    Instant occurredAt();

    String commandId();

    record AccountOpened(String eventId, String accountId, long version, Instant occurredAt, String commandId,
                         String owner, String currency) implements AccountEvent {
    }

    record Deposited(String eventId, String accountId, long version, Instant occurredAt, String commandId,
                     long amountMinor, String currency, long balanceAfterMinor) implements AccountEvent {
    }

    record Withdrawn(String eventId, String accountId, long version, Instant occurredAt, String commandId,
                     long amountMinor, String currency, long balanceAfterMinor) implements AccountEvent {
    }
}

package org.eventbank.account.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A fact about one account, as written to the ledger. Versions run 1, 2, 3, ... with no gaps; an
 * {@link AccountClosed} is an account's last event. Every event carries the {@link Origin} of the
 * command that caused it, last, as it was appended to the contract (v2).
 */
public sealed interface AccountEvent permits AccountEvent.AccountOpened, AccountEvent.Deposited, AccountEvent.Withdrawn,
        AccountEvent.AccountClosed {

    String eventId();

    String accountId();

    long version();

    Instant occurredAt();

    String commandId();

    Origin origin();

    record AccountOpened(String eventId, String accountId, long version, Instant occurredAt, String commandId,
                         String owner, String currency, Origin origin) implements AccountEvent {
    }

    record Deposited(String eventId, String accountId, long version, Instant occurredAt, String commandId,
                     long amountMinor, String currency, long balanceAfterMinor, Origin origin) implements AccountEvent {
    }

    record Withdrawn(String eventId, String accountId, long version, Instant occurredAt, String commandId,
                     long amountMinor, String currency, long balanceAfterMinor, Origin origin) implements AccountEvent {
    }

    /** The account closed with nothing in it: {@code balanceAfterMinor} is always 0, as on the wire. */
    record AccountClosed(String eventId, String accountId, long version, Instant occurredAt, String commandId,
                         String currency, long balanceAfterMinor, Optional<String> reason, Origin origin)
            implements AccountEvent {
    }
}

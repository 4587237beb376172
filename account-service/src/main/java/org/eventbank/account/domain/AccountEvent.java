package org.eventbank.account.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A fact about one account, as written to the ledger. Versions run 1, 2, 3, ... with no gaps; an
 * {@link AccountClosed} is an account's last event. Every event carries the {@link Origin} of the
 * command that caused it, last, as it was appended to the contract (v2).
 */
public sealed interface AccountEvent permits AccountEvent.AccountOpened, AccountEvent.Deposited, AccountEvent.Withdrawn,
        AccountEvent.AccountClosed, AccountEvent.TransferDebited, AccountEvent.TransferCredited,
        AccountEvent.TransferReversed {

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

    /**
     * The money of a transfer left the payer ({@code accountId}) for {@code counterpartyAccountId}; exactly one
     * {@link TransferCredited} on the payee or one {@link TransferReversed} here follows. The origin's correlation id
     * is the {@code transferId}, as on the wire.
     */
    record TransferDebited(String eventId, String accountId, long version, Instant occurredAt, String commandId,
                           String transferId, String counterpartyAccountId, long amountMinor, String currency,
                           long balanceAfterMinor, Optional<String> reference, Origin origin) implements AccountEvent {
    }

    /** The money of a transfer from {@code counterpartyAccountId} arrived on the payee ({@code accountId}). */
    record TransferCredited(String eventId, String accountId, long version, Instant occurredAt, String commandId,
                            String transferId, String counterpartyAccountId, long amountMinor, String currency,
                            long balanceAfterMinor, long payerDebitVersion, Origin origin) implements AccountEvent {
    }

    /** The payee could not take a transfer: its money came back to the payer ({@code accountId}). */
    record TransferReversed(String eventId, String accountId, long version, Instant occurredAt, String commandId,
                            String transferId, String counterpartyAccountId, long amountMinor, String currency,
                            long balanceAfterMinor, long debitVersion, ReversalReason reason, Origin origin)
            implements AccountEvent {
    }
}

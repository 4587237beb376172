package org.eventbank.ledger.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A fact from the ledger as the projector sees it, free of the generated Avro classes. Every event
 * carries the same fields so the fold and the history store need no per-type lookups: an opening
 * moves no money, so its amount and balance after are zero.
 */
public sealed interface LedgerEvent permits LedgerEvent.AccountOpened, LedgerEvent.Deposited, LedgerEvent.Withdrawn {

    String accountId();

    long version();

    Instant occurredAt();

    /** Minor units moved by this event; 0 for an opening. */
    long amountMinor();

    String currency();

    /** The account's balance in minor units after this event, as the writer computed it. */
    long balanceAfterMinor();

    String eventId();

    /** The first event of every account, version 1. */
    record AccountOpened(String accountId, long version, Instant occurredAt, String currency, String owner, String eventId)
            implements LedgerEvent {
        public AccountOpened {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(currency, "currency");
        }

        @Override
        public long amountMinor() {
            return 0;
        }

        @Override
        public long balanceAfterMinor() {
            return 0;
        }
    }

    record Deposited(String accountId, long version, Instant occurredAt, long amountMinor, String currency,
                     long balanceAfterMinor, String eventId) implements LedgerEvent {
        public Deposited {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(currency, "currency");
        }
    }

    record Withdrawn(String accountId, long version, Instant occurredAt, long amountMinor, String currency,
                     long balanceAfterMinor, String eventId) implements LedgerEvent {
        public Withdrawn {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(currency, "currency");
        }
    }
}

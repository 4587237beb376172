package org.eventbank.ledger.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A fact from the ledger as the projector sees it, free of the generated Avro classes. Every event
 * carries the same fields so the fold and the history store need no per-type lookups: an opening
 * and a closing move no money, so their amount is zero.
 *
 * <p>Contract v2 added who asked ({@link #initiatedBy()}) and the business operation an event belongs
 * to ({@link #correlationId()}) to every event; an event written in v1 has neither (null). The
 * shorter constructors build such an event.
 */
public sealed interface LedgerEvent
        permits LedgerEvent.AccountOpened, LedgerEvent.Deposited, LedgerEvent.Withdrawn, LedgerEvent.AccountClosed {

    String accountId();

    long version();

    Instant occurredAt();

    /** Minor units moved by this event; 0 for an opening and a closing. */
    long amountMinor();

    String currency();

    /** The account's balance in minor units after this event, as the writer computed it. */
    long balanceAfterMinor();

    String eventId();

    /** Who asked for this event, or null when not known (a v1 event, or one written without authentication). */
    Initiator initiatedBy();

    /** The business operation this event belongs to (both legs of a transfer), or null when there is none. */
    String correlationId();

    /** The first event of every account, version 1. */
    record AccountOpened(String accountId, long version, Instant occurredAt, String currency, String owner, String eventId,
                         Initiator initiatedBy, String correlationId) implements LedgerEvent {
        public AccountOpened {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(currency, "currency");
        }

        /** An opening as v1 wrote it: no initiator, no correlation. */
        public AccountOpened(String accountId, long version, Instant occurredAt, String currency, String owner, String eventId) {
            this(accountId, version, occurredAt, currency, owner, eventId, null, null);
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
                     long balanceAfterMinor, String eventId, Initiator initiatedBy, String correlationId) implements LedgerEvent {
        public Deposited {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(currency, "currency");
        }

        /** A deposit as v1 wrote it: no initiator, no correlation. */
        public Deposited(String accountId, long version, Instant occurredAt, long amountMinor, String currency,
                         long balanceAfterMinor, String eventId) {
            this(accountId, version, occurredAt, amountMinor, currency, balanceAfterMinor, eventId, null, null);
        }
    }

    record Withdrawn(String accountId, long version, Instant occurredAt, long amountMinor, String currency,
                     long balanceAfterMinor, String eventId, Initiator initiatedBy, String correlationId) implements LedgerEvent {
        public Withdrawn {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(currency, "currency");
        }

        /** A withdrawal as v1 wrote it: no initiator, no correlation. */
        public Withdrawn(String accountId, long version, Instant occurredAt, long amountMinor, String currency,
                         long balanceAfterMinor, String eventId) {
            this(accountId, version, occurredAt, amountMinor, currency, balanceAfterMinor, eventId, null, null);
        }
    }

    /**
     * The last event of an account (contract v2): only an open account with a zero balance closes, and
     * nothing may follow. The balance after is the writer's claim (always 0), kept so the fold can check it.
     *
     * @param reason the reason the closing command gave, or null
     */
    record AccountClosed(String accountId, long version, Instant occurredAt, String currency, long balanceAfterMinor,
                         String reason, String eventId, Initiator initiatedBy, String correlationId) implements LedgerEvent {
        public AccountClosed {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(currency, "currency");
        }

        @Override
        public long amountMinor() {
            return 0;
        }
    }
}

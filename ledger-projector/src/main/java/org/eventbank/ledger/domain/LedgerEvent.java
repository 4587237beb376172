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
 *
 * <p>Contract v3 added transfers (decision 0016): {@link TransferDebited} on the payer, then exactly one of
 * {@link TransferCredited} on the payee or {@link TransferReversed} on the payer, all three sharing the transfer's id as
 * their correlation id ({@link Transfer}).
 */
public sealed interface LedgerEvent
        permits LedgerEvent.AccountOpened, LedgerEvent.Deposited, LedgerEvent.Withdrawn, LedgerEvent.AccountClosed,
        LedgerEvent.Transfer {

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

    /**
     * One of the three money events of a transfer (contract v3). Each is keyed by the account it changes; its correlation
     * id is the transferId, never null, and its counterparty is the transfer's other account, never the account itself
     * (the writer refuses a transfer to the same account).
     */
    sealed interface Transfer extends LedgerEvent permits TransferDebited, TransferCredited, TransferReversed {

        /** The transfer this event belongs to: its correlation id. */
        default String transferId() {
            return correlationId();
        }

        /** The other account of the transfer: the payee on a debit or reversal, the payer on a credit. */
        String counterpartyAccountId();

        /** The account the money left: this account on a debit or reversal, the counterparty on a credit. */
        String payerAccountId();

        /** The account the money was sent to: the counterparty on a debit or reversal, this account on a credit. */
        String payeeAccountId();
    }

    /**
     * Money left the payer's account for a transfer (contract v3); the balance goes down by the amount.
     *
     * @param reference the client's own identifier of the transfer, or null
     */
    record TransferDebited(String accountId, long version, Instant occurredAt, long amountMinor, String currency,
                           long balanceAfterMinor, String eventId, Initiator initiatedBy, String correlationId,
                           String counterpartyAccountId, String reference) implements Transfer {
        public TransferDebited {
            requireTransferFields(accountId, occurredAt, currency, correlationId, counterpartyAccountId);
        }

        @Override
        public String payerAccountId() {
            return accountId;
        }

        @Override
        public String payeeAccountId() {
            return counterpartyAccountId;
        }
    }

    /**
     * The payee's account took the transfer's money (contract v3); the balance goes up by the amount.
     *
     * @param payerDebitVersion the version of the payer's TransferDebited this credit settles
     */
    record TransferCredited(String accountId, long version, Instant occurredAt, long amountMinor, String currency,
                            long balanceAfterMinor, String eventId, Initiator initiatedBy, String correlationId,
                            String counterpartyAccountId, long payerDebitVersion) implements Transfer {
        public TransferCredited {
            requireTransferFields(accountId, occurredAt, currency, correlationId, counterpartyAccountId);
        }

        @Override
        public String payerAccountId() {
            return counterpartyAccountId;
        }

        @Override
        public String payeeAccountId() {
            return accountId;
        }
    }

    /**
     * The payee's account could not take the transfer, and its money came back to the payer (contract v3); the payer's
     * balance goes up by the amount.
     *
     * @param debitVersion the version of this account's TransferDebited that is reversed
     * @param reason       why the payee's account did not take it
     */
    record TransferReversed(String accountId, long version, Instant occurredAt, long amountMinor, String currency,
                            long balanceAfterMinor, String eventId, Initiator initiatedBy, String correlationId,
                            String counterpartyAccountId, long debitVersion, TransferReversalReason reason) implements Transfer {
        public TransferReversed {
            requireTransferFields(accountId, occurredAt, currency, correlationId, counterpartyAccountId);
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String payerAccountId() {
            return accountId;
        }

        @Override
        public String payeeAccountId() {
            return counterpartyAccountId;
        }
    }

    private static void requireTransferFields(String accountId, Instant occurredAt, String currency, String transferId,
                                              String counterpartyAccountId) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(currency, "currency");
        // the correlation id is what ties the legs together: a leg without it could never be settled or shown
        Objects.requireNonNull(transferId, "correlationId (the transferId) of a transfer event");
        Objects.requireNonNull(counterpartyAccountId, "counterpartyAccountId");
        if (counterpartyAccountId.equals(accountId)) {
            throw new IllegalArgumentException("a transfer between account " + accountId + " and itself");
        }
    }
}

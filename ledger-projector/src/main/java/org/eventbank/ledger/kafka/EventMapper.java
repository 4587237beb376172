package org.eventbank.ledger.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.eventbank.ledger.domain.AccountStatus;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.Initiator;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.domain.TransferReversalReason;
import org.eventbank.schemas.avro.AccountBalance;

/**
 * The one place where the generated Avro classes meet the domain: events in, balances out. It lives
 * at the Kafka edge, the only package that sees the generated classes, so the domain stays plain Java.
 * A v1 record is read with its v2 fields null (Avro's defaults), which the domain reads as "not known".
 * A transfer event (v3) without its correlation id (the transferId) is refused: the domain cannot tie its legs together.
 */
public final class EventMapper {

    private EventMapper() {
    }

    public static LedgerEvent toDomain(SpecificRecord record) {
        if (record instanceof org.eventbank.schemas.avro.AccountOpened e) {
            return new LedgerEvent.AccountOpened(e.getAccountId(), e.getVersion(), e.getOccurredAt(), e.getCurrency(), e.getOwner(),
                    e.getEventId(), toDomain(e.getInitiatedBy()), e.getCorrelationId());
        } else if (record instanceof org.eventbank.schemas.avro.Deposited e) {
            return new LedgerEvent.Deposited(e.getAccountId(), e.getVersion(), e.getOccurredAt(), e.getAmountMinor(),
                    e.getCurrency(), e.getBalanceAfterMinor(), e.getEventId(), toDomain(e.getInitiatedBy()), e.getCorrelationId());
        } else if (record instanceof org.eventbank.schemas.avro.Withdrawn e) {
            return new LedgerEvent.Withdrawn(e.getAccountId(), e.getVersion(), e.getOccurredAt(), e.getAmountMinor(),
                    e.getCurrency(), e.getBalanceAfterMinor(), e.getEventId(), toDomain(e.getInitiatedBy()), e.getCorrelationId());
        } else if (record instanceof org.eventbank.schemas.avro.AccountClosed e) {
            return new LedgerEvent.AccountClosed(e.getAccountId(), e.getVersion(), e.getOccurredAt(), e.getCurrency(),
                    e.getBalanceAfterMinor(), e.getReason(), e.getEventId(), toDomain(e.getInitiatedBy()), e.getCorrelationId());
        } else if (record instanceof org.eventbank.schemas.avro.TransferDebited e) {
            return new LedgerEvent.TransferDebited(e.getAccountId(), e.getVersion(), e.getOccurredAt(), e.getAmountMinor(),
                    e.getCurrency(), e.getBalanceAfterMinor(), e.getEventId(), toDomain(e.getInitiatedBy()), e.getCorrelationId(),
                    e.getCounterpartyAccountId(), e.getReference());
        } else if (record instanceof org.eventbank.schemas.avro.TransferCredited e) {
            return new LedgerEvent.TransferCredited(e.getAccountId(), e.getVersion(), e.getOccurredAt(), e.getAmountMinor(),
                    e.getCurrency(), e.getBalanceAfterMinor(), e.getEventId(), toDomain(e.getInitiatedBy()), e.getCorrelationId(),
                    e.getCounterpartyAccountId(), e.getPayerDebitVersion());
        } else if (record instanceof org.eventbank.schemas.avro.TransferReversed e) {
            return new LedgerEvent.TransferReversed(e.getAccountId(), e.getVersion(), e.getOccurredAt(), e.getAmountMinor(),
                    e.getCurrency(), e.getBalanceAfterMinor(), e.getEventId(), toDomain(e.getInitiatedBy()), e.getCorrelationId(),
                    e.getCounterpartyAccountId(), e.getDebitVersion(), toDomain(e.getReason()));
        }
        throw new IllegalArgumentException("not a ledger event: " + (record == null ? "null" : record.getSchema().getFullName()));
    }

    /** The Avro form of an event, with the given command id (the projector never needs it; tests and tools write events). */
    public static SpecificRecord toAvro(LedgerEvent event, String commandId) {
        if (event instanceof LedgerEvent.AccountOpened e) {
            return org.eventbank.schemas.avro.AccountOpened.newBuilder().setEventId(e.eventId()).setAccountId(e.accountId())
                    .setVersion(e.version()).setOccurredAt(e.occurredAt()).setCommandId(commandId)
                    .setOwner(e.owner()).setCurrency(e.currency())
                    .setInitiatedBy(toAvro(e.initiatedBy())).setCorrelationId(e.correlationId()).build();
        } else if (event instanceof LedgerEvent.Deposited e) {
            return org.eventbank.schemas.avro.Deposited.newBuilder().setEventId(e.eventId()).setAccountId(e.accountId())
                    .setVersion(e.version()).setOccurredAt(e.occurredAt()).setCommandId(commandId).setAmountMinor(e.amountMinor())
                    .setCurrency(e.currency()).setBalanceAfterMinor(e.balanceAfterMinor())
                    .setInitiatedBy(toAvro(e.initiatedBy())).setCorrelationId(e.correlationId()).build();
        } else if (event instanceof LedgerEvent.Withdrawn e) {
            return org.eventbank.schemas.avro.Withdrawn.newBuilder().setEventId(e.eventId()).setAccountId(e.accountId())
                    .setVersion(e.version()).setOccurredAt(e.occurredAt()).setCommandId(commandId).setAmountMinor(e.amountMinor())
                    .setCurrency(e.currency()).setBalanceAfterMinor(e.balanceAfterMinor())
                    .setInitiatedBy(toAvro(e.initiatedBy())).setCorrelationId(e.correlationId()).build();
        } else if (event instanceof LedgerEvent.AccountClosed e) {
            return org.eventbank.schemas.avro.AccountClosed.newBuilder().setEventId(e.eventId()).setAccountId(e.accountId())
                    .setVersion(e.version()).setOccurredAt(e.occurredAt()).setCommandId(commandId).setCurrency(e.currency())
                    .setBalanceAfterMinor(e.balanceAfterMinor()).setReason(e.reason())
                    .setInitiatedBy(toAvro(e.initiatedBy())).setCorrelationId(e.correlationId()).build();
        } else if (event instanceof LedgerEvent.TransferDebited e) {
            return org.eventbank.schemas.avro.TransferDebited.newBuilder().setEventId(e.eventId()).setAccountId(e.accountId())
                    .setVersion(e.version()).setOccurredAt(e.occurredAt()).setCommandId(commandId).setAmountMinor(e.amountMinor())
                    .setCurrency(e.currency()).setBalanceAfterMinor(e.balanceAfterMinor())
                    .setInitiatedBy(toAvro(e.initiatedBy())).setCorrelationId(e.correlationId())
                    .setCounterpartyAccountId(e.counterpartyAccountId()).setReference(e.reference()).build();
        } else if (event instanceof LedgerEvent.TransferCredited e) {
            return org.eventbank.schemas.avro.TransferCredited.newBuilder().setEventId(e.eventId()).setAccountId(e.accountId())
                    .setVersion(e.version()).setOccurredAt(e.occurredAt()).setCommandId(commandId).setAmountMinor(e.amountMinor())
                    .setCurrency(e.currency()).setBalanceAfterMinor(e.balanceAfterMinor())
                    .setInitiatedBy(toAvro(e.initiatedBy())).setCorrelationId(e.correlationId())
                    .setCounterpartyAccountId(e.counterpartyAccountId()).setPayerDebitVersion(e.payerDebitVersion()).build();
        } else if (event instanceof LedgerEvent.TransferReversed e) {
            return org.eventbank.schemas.avro.TransferReversed.newBuilder().setEventId(e.eventId()).setAccountId(e.accountId())
                    .setVersion(e.version()).setOccurredAt(e.occurredAt()).setCommandId(commandId).setAmountMinor(e.amountMinor())
                    .setCurrency(e.currency()).setBalanceAfterMinor(e.balanceAfterMinor())
                    .setInitiatedBy(toAvro(e.initiatedBy())).setCorrelationId(e.correlationId())
                    .setCounterpartyAccountId(e.counterpartyAccountId()).setDebitVersion(e.debitVersion())
                    .setReason(toAvro(e.reason())).build();
        }
        throw new IllegalArgumentException("unknown ledger event " + event.getClass());
    }

    /** The balance as published on the balances topic; only a view with a status (an opened account) has one. */
    public static AccountBalance toAvro(String accountId, BalanceView view) {
        return AccountBalance.newBuilder().setAccountId(accountId).setBalanceMinor(view.balanceMinor())
                .setCurrency(view.currency()).setVersion(view.version()).setUpdatedAt(view.updatedAt())
                .setStatus(toAvro(view.status())).build();
    }

    private static Initiator toDomain(org.eventbank.schemas.avro.Initiator initiator) {
        return initiator == null ? null : new Initiator(initiator.getSubject(), initiator.getClientId());
    }

    private static org.eventbank.schemas.avro.Initiator toAvro(Initiator initiator) {
        return initiator == null ? null
                : org.eventbank.schemas.avro.Initiator.newBuilder().setSubject(initiator.subject()).setClientId(initiator.clientId()).build();
    }

    /** By name: the domain's reasons are the contract's symbols; one this build does not know was read as UNKNOWN by Avro. */
    private static TransferReversalReason toDomain(org.eventbank.schemas.avro.TransferReversalReason reason) {
        return reason == null ? TransferReversalReason.UNKNOWN : TransferReversalReason.valueOf(reason.name());
    }

    private static org.eventbank.schemas.avro.TransferReversalReason toAvro(TransferReversalReason reason) {
        return org.eventbank.schemas.avro.TransferReversalReason.valueOf(reason.name());
    }

    private static org.eventbank.schemas.avro.AccountStatus toAvro(AccountStatus status) {
        if (status == AccountStatus.OPEN) {
            return org.eventbank.schemas.avro.AccountStatus.OPEN;
        } else if (status == AccountStatus.CLOSED) {
            return org.eventbank.schemas.avro.AccountStatus.CLOSED;
        }
        throw new IllegalArgumentException("no balance to publish for an account that was never opened (status " + status + ")");
    }
}

package org.eventbank.ledger.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.schemas.avro.AccountBalance;

/**
 * The one place where the generated Avro classes meet the domain: events in, balances out. It lives
 * at the Kafka edge, the only package that sees the generated classes, so the domain stays plain Java.
 */
public final class EventMapper {

    private EventMapper() {
    }

    public static LedgerEvent toDomain(SpecificRecord record) {
        if (record instanceof org.eventbank.schemas.avro.AccountOpened e) {
            return new LedgerEvent.AccountOpened(e.getAccountId(), e.getVersion(), e.getOccurredAt(), e.getCurrency(), e.getOwner(), e.getEventId());
        } else if (record instanceof org.eventbank.schemas.avro.Deposited e) {
            return new LedgerEvent.Deposited(e.getAccountId(), e.getVersion(), e.getOccurredAt(), e.getAmountMinor(),
                    e.getCurrency(), e.getBalanceAfterMinor(), e.getEventId());
        } else if (record instanceof org.eventbank.schemas.avro.Withdrawn e) {
            return new LedgerEvent.Withdrawn(e.getAccountId(), e.getVersion(), e.getOccurredAt(), e.getAmountMinor(),
                    e.getCurrency(), e.getBalanceAfterMinor(), e.getEventId());
        }
        throw new IllegalArgumentException("not a ledger event: " + (record == null ? "null" : record.getSchema().getFullName()));
    }

    /** The Avro form of an event, with the given command id (the projector never needs it; tests and tools write events). */
    public static SpecificRecord toAvro(LedgerEvent event, String commandId) {
        if (event instanceof LedgerEvent.AccountOpened e) {
            return org.eventbank.schemas.avro.AccountOpened.newBuilder().setEventId(e.eventId()).setAccountId(e.accountId())
                    .setVersion(e.version()).setOccurredAt(e.occurredAt()).setCommandId(commandId)
                    .setOwner(e.owner()).setCurrency(e.currency()).build();
        } else if (event instanceof LedgerEvent.Deposited e) {
            return org.eventbank.schemas.avro.Deposited.newBuilder().setEventId(e.eventId()).setAccountId(e.accountId())
                    .setVersion(e.version()).setOccurredAt(e.occurredAt()).setCommandId(commandId).setAmountMinor(e.amountMinor())
                    .setCurrency(e.currency()).setBalanceAfterMinor(e.balanceAfterMinor()).build();
        } else if (event instanceof LedgerEvent.Withdrawn e) {
            return org.eventbank.schemas.avro.Withdrawn.newBuilder().setEventId(e.eventId()).setAccountId(e.accountId())
                    .setVersion(e.version()).setOccurredAt(e.occurredAt()).setCommandId(commandId).setAmountMinor(e.amountMinor())
                    .setCurrency(e.currency()).setBalanceAfterMinor(e.balanceAfterMinor()).build();
        }
        throw new IllegalArgumentException("unknown ledger event " + event.getClass());
    }

    public static AccountBalance toAvro(String accountId, BalanceView view) {
        return AccountBalance.newBuilder().setAccountId(accountId).setBalanceMinor(view.balanceMinor())
                .setCurrency(view.currency()).setVersion(view.version()).setUpdatedAt(view.updatedAt()).build();
    }
}

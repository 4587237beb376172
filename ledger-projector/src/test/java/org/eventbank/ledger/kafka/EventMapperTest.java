package org.eventbank.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.eventbank.ledger.LedgerFixtures;
import org.eventbank.ledger.domain.AccountStatus;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.EventType;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.domain.Initiator;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.Deposited;
import org.junit.jupiter.api.Test;

class EventMapperTest {

    @Test
    void shouldRoundTripEveryEventTypeThroughAvro() {
        Instant at = Instant.parse("2026-03-01T10:15:30.123Z");
        List<LedgerEvent> events = new LedgerFixtures.AccountHistory("acc-9", "JPY", at).deposit(10, at).withdraw(4, at.plusMillis(1)).events();

        for (LedgerEvent event : events) {
            assertThat(EventMapper.toDomain(EventMapper.toAvro(event, "cmd"))).isEqualTo(event);
        }
        assertThat(events).extracting(EventType::of).containsExactly(EventType.ACCOUNT_OPENED, EventType.DEPOSITED, EventType.WITHDRAWN);
    }

    @Test
    void shouldRoundTripTheCloseAndTheV2FieldsThroughAvro() {
        Instant at = Instant.parse("2026-03-01T10:15:30.123Z");
        List<LedgerEvent> events = List.of(
                new LedgerEvent.AccountOpened("acc-9", 1, at, "JPY", "owner", "e1", new Initiator("teller-1", "branch"), "op-1"),
                new LedgerEvent.Deposited("acc-9", 2, at, 10, "JPY", 10, "e2", new Initiator("customer-9", null), null),
                new LedgerEvent.Withdrawn("acc-9", 3, at, 10, "JPY", 0, "e3", null, "transfer-1"),
                new LedgerEvent.AccountClosed("acc-9", 4, at, "JPY", 0, "moved abroad", "e4", new Initiator("customer-9", "app"), "op-2"),
                new LedgerEvent.AccountClosed("acc-8", 2, at, "JPY", 0, null, "e5", null, null));

        for (LedgerEvent event : events) {
            assertThat(EventMapper.toDomain(EventMapper.toAvro(event, "cmd"))).isEqualTo(event);
        }
        assertThat(EventType.of(events.get(3))).isEqualTo(EventType.ACCOUNT_CLOSED);
    }

    @Test
    void shouldReadAnEventWithoutTheV2FieldsAsNotKnown() {
        Instant at = Instant.parse("2026-03-01T10:15:30.123Z");
        // as a v1 record reads: Avro fills the fields v1 did not have with their defaults, null
        Deposited v1 = Deposited.newBuilder().setEventId("e2").setAccountId("acc-9").setVersion(2).setOccurredAt(at).setCommandId("c")
                .setAmountMinor(10).setCurrency("JPY").setBalanceAfterMinor(10).build();

        LedgerEvent event = EventMapper.toDomain(v1);

        assertThat(event.initiatedBy()).isNull();
        assertThat(event.correlationId()).isNull();
        assertThat(HistoryEntry.of(event)).isEqualTo(new HistoryEntry(2, at, EventType.DEPOSITED, 10, 10, "e2"));
    }

    @Test
    void shouldPublishTheStatusOfTheView() {
        Instant at = Instant.parse("2026-03-01T10:15:30.123Z");

        assertThat(EventMapper.toAvro("acc-9", new BalanceView(0, "EUR", 9, at, AccountStatus.CLOSED)).getStatus())
                .isEqualTo(org.eventbank.schemas.avro.AccountStatus.CLOSED);
        assertThat(EventMapper.toAvro("acc-9", new BalanceView(0, "EUR", 1, at, AccountStatus.OPEN)).getStatus())
                .isEqualTo(org.eventbank.schemas.avro.AccountStatus.OPEN);
    }

    @Test
    void shouldMapBalanceViewToAccountBalance() {
        Instant at = Instant.parse("2026-03-01T10:15:30.123Z");
        AccountBalance balance = EventMapper.toAvro("acc-9", new BalanceView(42, "EUR", 7, at));

        assertThat(balance.getAccountId()).isEqualTo("acc-9");
        assertThat(balance.getBalanceMinor()).isEqualTo(42);
        assertThat(balance.getCurrency()).isEqualTo("EUR");
        assertThat(balance.getVersion()).isEqualTo(7);
        assertThat(balance.getUpdatedAt()).isEqualTo(at);
    }
}

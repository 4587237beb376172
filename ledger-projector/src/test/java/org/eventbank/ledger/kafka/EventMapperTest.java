package org.eventbank.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.eventbank.ledger.LedgerFixtures;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.EventType;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.schemas.avro.AccountBalance;
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

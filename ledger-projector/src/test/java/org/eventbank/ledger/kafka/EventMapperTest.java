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
import org.eventbank.ledger.domain.TransferReversalReason;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.Deposited;
import org.junit.jupiter.api.Test;
import org.eventbank.schemas.avro.TransferDebited;
import org.eventbank.schemas.serde.BankSerdes;

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

    @Test
    void shouldRoundTripTheThreeTransferEventsThroughAvroAndTheBuiltInSerde() {
        Instant at = Instant.parse("2026-03-01T10:15:30.123Z");
        String transferId = "2f3e4d5c-6b7a-3981-a2b3-c4d5e6f7a8b9";
        List<LedgerEvent> events = List.of(
                new LedgerEvent.TransferDebited("payer", 3, at, 250, "EUR", 750, "e3", new Initiator("alice", "app"), transferId, "payee",
                        "invoice 42"),
                new LedgerEvent.TransferDebited("payer", 4, at, 1, "EUR", 749, "e4", null, transferId + "-b", "payee", null),
                new LedgerEvent.TransferCredited("payee", 7, at, 250, "EUR", 260, "e7", new Initiator("alice", "app"), transferId, "payer", 3),
                new LedgerEvent.TransferReversed("payer", 5, at, 1, "EUR", 750, "e5", null, transferId + "-b", "payee", 4,
                        TransferReversalReason.BALANCE_OVERFLOW));
        var serde = BankSerdes.singleObject().event();

        for (LedgerEvent event : events) {
            assertThat(EventMapper.toDomain(EventMapper.toAvro(event, "cmd"))).isEqualTo(event);
            byte[] wire = serde.serializer().serialize("bank.account-events", EventMapper.toAvro(event, "cmd"));
            assertThat(EventMapper.toDomain(serde.deserializer().deserialize("bank.account-events", wire))).isEqualTo(event);
        }
        assertThat(events).extracting(EventType::of).containsExactly(EventType.TRANSFER_DEBITED, EventType.TRANSFER_DEBITED,
                EventType.TRANSFER_CREDITED, EventType.TRANSFER_REVERSED);
        assertThat(HistoryEntry.of(events.get(0)).transfer()).isEqualTo(new HistoryEntry.Transfer("payee", "invoice 42", null));
        assertThat(HistoryEntry.of(events.get(2)).transfer()).isEqualTo(new HistoryEntry.Transfer("payer", null, null));
        assertThat(HistoryEntry.of(events.get(3)).transfer())
                .isEqualTo(new HistoryEntry.Transfer("payee", null, TransferReversalReason.BALANCE_OVERFLOW));
    }

    @Test
    void shouldMapEveryReversalReasonByName() {
        for (org.eventbank.schemas.avro.TransferReversalReason avro : org.eventbank.schemas.avro.TransferReversalReason.values()) {
            LedgerEvent.TransferReversed event = new LedgerEvent.TransferReversed("payer", 5, Instant.EPOCH, 1, "EUR", 1, "e5", null, "t",
                    "payee", 4, TransferReversalReason.valueOf(avro.name()));
            assertThat(((org.eventbank.schemas.avro.TransferReversed) EventMapper.toAvro(event, "c")).getReason()).isEqualTo(avro);
        }
        assertThat(TransferReversalReason.values()).hasSameSizeAs(org.eventbank.schemas.avro.TransferReversalReason.values());
    }

    /** The schema lets correlationId be null (to match the other events); on a transfer event it would orphan the leg. */
    @Test
    void shouldRefuseATransferEventWithoutItsTransferId() {
        TransferDebited orphan = TransferDebited.newBuilder().setEventId("e3").setAccountId("payer").setVersion(3)
                .setOccurredAt(Instant.EPOCH).setCommandId("c").setAmountMinor(5).setCurrency("EUR").setBalanceAfterMinor(0)
                .setCounterpartyAccountId("payee").build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventMapper.toDomain(orphan))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("transferId");
    }
}

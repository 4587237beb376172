package org.eventbank.account.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.account.app.OutcomeCode;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.domain.ActingAs;
import org.eventbank.account.domain.Initiator;
import org.eventbank.account.domain.Origin;
import org.eventbank.schemas.avro.CloseAccount;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;
import org.junit.jupiter.api.Test;

/** The v2 fields both ways: empty is null on the wire, and what a v1 writer wrote reads as empty. */
class AvroMapperTest {

    private static final Instant T = Instant.parse("2026-11-30T09:00:00Z");
    private static final CommandEnvelope ENVELOPE = new CommandEnvelope(Optional.of("k"), "hash", "instance-1");
    private static final Origin TELLER = new Origin(Optional.of(new Initiator("teller-0007", Optional.of("branch-app"))),
            Optional.of("corr-1"));
    private static final BankSerdes V1_WRITERS = BankSerdes.singleObject(SchemaCatalog.builtIn(),
            WriterVersions.pinned(Map.of(Family.EVENTS, 1, Family.COMMANDS, 1)), Map.of());
    private static final BankSerdes NEWEST = BankSerdes.singleObject();

    @Test
    void shouldCarryWhoWhenAndOnWhoseBehalfOntoTheWireAndBack() {
        var close = new AccountCommand.CloseAccount("c", "acc-1", OptionalLong.of(4), T, Optional.of("moving"), TELLER,
                Optional.of(ActingAs.TELLER), Optional.of(T.plusSeconds(30)));

        var avro = AvroMapper.toAvro(close, ENVELOPE);

        assertThat(avro.getPayload()).isEqualTo(CloseAccount.newBuilder().setReason("moving").build());
        assertThat(avro.getInitiatedBy().getSubject()).isEqualTo("teller-0007");
        assertThat(avro.getInitiatedBy().getClientId()).isEqualTo("branch-app");
        assertThat(avro.getActingAs()).isEqualTo(org.eventbank.schemas.avro.ActingAs.TELLER);
        assertThat(avro.getNotAfter()).isEqualTo(T.plusSeconds(30));
        assertThat(avro.getCorrelationId()).isEqualTo("corr-1");
        assertThat(AvroMapper.fromAvro(decoded(avro))).isEqualTo(close);
    }

    @Test
    void shouldWriteEmptyAsNullAndReadNullAsEmpty() {
        var close = new AccountCommand.CloseAccount("c", "acc-1", OptionalLong.empty(), T, Optional.empty(), Origin.NONE,
                Optional.empty(), Optional.empty());

        var avro = AvroMapper.toAvro(close, ENVELOPE);

        assertThat(((CloseAccount) avro.getPayload()).getReason()).isNull();
        assertThat(avro.getInitiatedBy()).isNull();
        assertThat(avro.getActingAs()).isNull();
        assertThat(avro.getNotAfter()).isNull();
        assertThat(avro.getCorrelationId()).isNull();
        assertThat(AvroMapper.fromAvro(decoded(avro))).isEqualTo(close);
    }

    @Test
    void shouldReadACommandAVersion1WriterWroteAsKnowingNobody() {
        var deposit = new AccountCommand.Deposit("c", "acc-1", OptionalLong.empty(), T, 5, Optional.of("EUR"), Origin.NONE,
                Optional.empty(), Optional.empty());
        byte[] v1Bytes = V1_WRITERS.command().serializer().serialize("t", AvroMapper.toAvro(deposit, ENVELOPE));

        var read = AvroMapper.fromAvro(NEWEST.command().deserializer().deserialize("t", v1Bytes));

        assertThat(read).isEqualTo(deposit);
        assertThat(read.origin()).isEqualTo(Origin.NONE);
        assertThat(read.actingAs()).isEmpty();
        assertThat(read.notAfter()).isEmpty();
    }

    @Test
    void shouldMapEveryEventWithAndWithoutAnOriginAndReadVersion1EventsAsKnowingNobody() {
        List<AccountEvent> withOrigin = List.of(
                new AccountEvent.AccountOpened("e1", "a", 1, T, "c", "o", "EUR", TELLER),
                new AccountEvent.Deposited("e2", "a", 2, T, "c", 5, "EUR", 5, TELLER),
                new AccountEvent.Withdrawn("e3", "a", 3, T, "c", 5, "EUR", 0, TELLER),
                new AccountEvent.AccountClosed("e4", "a", 4, T, "c", "EUR", 0, Optional.of("why"), TELLER));
        for (AccountEvent event : withOrigin) {
            assertThat(AvroMapper.fromAvro(decodedEvent(NEWEST, AvroMapper.toAvro(event)))).isEqualTo(event);
        }
        var closedWithoutReason = new AccountEvent.AccountClosed("e4", "a", 4, T, "c", "EUR", 0, Optional.empty(), Origin.NONE);
        assertThat(AvroMapper.fromAvro(decodedEvent(NEWEST, AvroMapper.toAvro(closedWithoutReason)))).isEqualTo(closedWithoutReason);
        var depositedByNobody = new AccountEvent.Deposited("e2", "a", 2, T, "c", 5, "EUR", 5, Origin.NONE);
        assertThat(AvroMapper.fromAvro(decodedEvent(V1_WRITERS, AvroMapper.toAvro(depositedByNobody)))).isEqualTo(depositedByNobody);
    }

    @Test
    void shouldMapTheClosingAndDeadlineOutcomesByNameAndTheOnesOfLaterIssuesToUnknownRejection() {
        assertThat(AvroMapper.outcomeCodeOf(Outcome.EXPIRED)).isEqualTo(OutcomeCode.EXPIRED);
        assertThat(AvroMapper.outcomeCodeOf(Outcome.ACCOUNT_CLOSED)).isEqualTo(OutcomeCode.ACCOUNT_CLOSED);
        assertThat(AvroMapper.outcomeCodeOf(Outcome.BALANCE_NOT_ZERO)).isEqualTo(OutcomeCode.BALANCE_NOT_ZERO);
        assertThat(AvroMapper.outcomeCodeOf(Outcome.TRANSFERS_IN_FLIGHT)).isEqualTo(OutcomeCode.TRANSFERS_IN_FLIGHT);
        for (Outcome later : new Outcome[] {Outcome.TRANSFER_REVERSED, Outcome.SAME_ACCOUNT}) {
            assertThat(AvroMapper.outcomeCodeOf(later)).as(later.name()).isEqualTo(OutcomeCode.UNKNOWN_REJECTION);
        }
    }

    private static org.eventbank.schemas.avro.AccountCommand decoded(org.eventbank.schemas.avro.AccountCommand avro) {
        return NEWEST.command().deserializer().deserialize("t", NEWEST.command().serializer().serialize("t", avro));
    }

    private static SpecificRecord decodedEvent(BankSerdes writers, SpecificRecord avro) {
        return NEWEST.event().deserializer().deserialize("t", writers.event().serializer().serialize("t", avro));
    }
}

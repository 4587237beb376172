package org.eventbank.account.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.account.app.CommandOutcome;
import org.eventbank.account.app.OutcomeCode;
import org.eventbank.account.app.TransferProgress;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.domain.ActingAs;
import org.eventbank.account.domain.Initiator;
import org.eventbank.account.domain.Origin;
import org.eventbank.account.domain.ReversalReason;
import org.eventbank.account.domain.TransferInstruction;
import org.eventbank.account.domain.TransferTerms;
import org.eventbank.schemas.avro.CloseAccount;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.Transfer;
import org.eventbank.schemas.avro.TransferCredited;
import org.eventbank.schemas.avro.TransferDebited;
import org.eventbank.schemas.avro.TransferInstructionKind;
import org.eventbank.schemas.avro.TransferOutcome;
import org.eventbank.schemas.avro.TransferReversalReason;
import org.eventbank.schemas.avro.TransferReversed;
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
    void shouldMapTheClosingDeadlineAndTransferOutcomesByName() {
        assertThat(AvroMapper.outcomeCodeOf(Outcome.EXPIRED)).isEqualTo(OutcomeCode.EXPIRED);
        assertThat(AvroMapper.outcomeCodeOf(Outcome.ACCOUNT_CLOSED)).isEqualTo(OutcomeCode.ACCOUNT_CLOSED);
        assertThat(AvroMapper.outcomeCodeOf(Outcome.BALANCE_NOT_ZERO)).isEqualTo(OutcomeCode.BALANCE_NOT_ZERO);
        assertThat(AvroMapper.outcomeCodeOf(Outcome.TRANSFERS_IN_FLIGHT)).isEqualTo(OutcomeCode.TRANSFERS_IN_FLIGHT);
        // Contract v3 (decision 0016): known by name now, no longer unknown rejections.
        assertThat(AvroMapper.outcomeCodeOf(Outcome.TRANSFER_REVERSED)).isEqualTo(OutcomeCode.TRANSFER_REVERSED);
        assertThat(AvroMapper.outcomeCodeOf(Outcome.SAME_ACCOUNT)).isEqualTo(OutcomeCode.SAME_ACCOUNT);
    }

    // ---- transfers (contract v3, decision 0016) ----

    private static final Origin TRANSFER_BY_ALICE = new Origin(Optional.of(new Initiator("alice", Optional.of("web"))),
            Optional.of("tr-1"));

    @Test
    void shouldMapATransferCommandBothWaysWithItsTransferIdAsCorrelationId() {
        var full = new AccountCommand.Transfer("c", "acc-1", OptionalLong.empty(), T, "tr-1", "acc-2", 500, Optional.of("EUR"),
                Optional.of("invoice 7 – Rechnung 😀"), TRANSFER_BY_ALICE, Optional.of(ActingAs.CUSTOMER), Optional.of(T.plusSeconds(12)));
        var bare = new AccountCommand.Transfer("c", "acc-1", OptionalLong.of(3), T, "tr-1", "acc-2", 1, Optional.empty(),
                Optional.empty(), new Origin(Optional.empty(), Optional.of("tr-1")), Optional.empty(), Optional.empty());
        for (AccountCommand.Transfer transfer : List.of(full, bare)) {
            var avro = AvroMapper.toAvro(transfer, ENVELOPE);
            assertThat(avro.getPayload()).isInstanceOfSatisfying(Transfer.class, payload -> {
                assertThat(payload.getTransferId()).isEqualTo("tr-1");
                assertThat(payload.getToAccountId()).isEqualTo("acc-2");
                assertThat(payload.getAmountMinor()).isEqualTo(transfer.amountMinor());
                assertThat(payload.getCurrency()).isEqualTo(transfer.currency().orElse(null));
                assertThat(payload.getReference()).isEqualTo(transfer.reference().orElse(null));
            });
            assertThat(avro.getCorrelationId()).isEqualTo("tr-1");
            assertThat(AvroMapper.fromAvro(decoded(avro))).isEqualTo(transfer);
        }
    }

    @Test
    void shouldReadATransfersCorrelationIdFromItsTransferIdWhateverTheEnvelopeSays() {
        var transfer = new AccountCommand.Transfer("c", "acc-1", OptionalLong.empty(), T, "tr-1", "acc-2", 5, Optional.empty(),
                Optional.empty(), TRANSFER_BY_ALICE, Optional.of(ActingAs.CUSTOMER), Optional.empty());
        var avro = AvroMapper.toAvro(transfer, ENVELOPE);
        avro.setCorrelationId("something-else");
        assertThat(AvroMapper.fromAvro(decoded(avro)).origin().correlationId()).hasValue("tr-1");
        avro.setCorrelationId(null);
        assertThat(AvroMapper.fromAvro(decoded(avro))).isEqualTo(transfer);
    }

    @Test
    void shouldMapTheThreeTransferEventsBothWays() {
        List<AccountEvent> events = List.of(
                new AccountEvent.TransferDebited("e1", "acc-1", 4, T, "c", "tr-1", "acc-2", 500, "EUR", 100,
                        Optional.of("invoice 7"), TRANSFER_BY_ALICE),
                new AccountEvent.TransferDebited("e1", "acc-1", 4, T, "c", "tr-1", "acc-2", 500, "EUR", 100,
                        Optional.empty(), new Origin(Optional.empty(), Optional.of("tr-1"))),
                new AccountEvent.TransferCredited("e2", "acc-2", 9, T, "c", "tr-1", "acc-1", 500, "EUR", 700, 4, TRANSFER_BY_ALICE),
                new AccountEvent.TransferReversed("e3", "acc-1", 5, T, "c", "tr-1", "acc-2", 500, "EUR", 600, 4,
                        ReversalReason.BALANCE_OVERFLOW, TRANSFER_BY_ALICE));
        for (AccountEvent event : events) {
            SpecificRecord avro = AvroMapper.toAvro(event);
            assertThat(avro.get(avro.getSchema().getField("correlationId").pos()).toString()).isEqualTo("tr-1");
            assertThat(AvroMapper.fromAvro(decodedEvent(NEWEST, avro))).as(event.toString()).isEqualTo(event);
        }
        for (ReversalReason reason : ReversalReason.values()) {
            var reversed = new AccountEvent.TransferReversed("e3", "acc-1", 5, T, "c", "tr-1", "acc-2", 500, "EUR", 600, 4, reason,
                    TRANSFER_BY_ALICE);
            assertThat(AvroMapper.fromAvro(decodedEvent(NEWEST, AvroMapper.toAvro(reversed)))).isEqualTo(reversed);
        }
    }

    @Test
    void shouldRefuseATransferEventWithoutACorrelationIdAsNotOneThisBankWrote() {
        var debited = TransferDebited.newBuilder((TransferDebited) AvroMapper.toAvro(new AccountEvent.TransferDebited("e1", "acc-1",
                4, T, "c", "tr-1", "acc-2", 500, "EUR", 100, Optional.empty(), TRANSFER_BY_ALICE))).setCorrelationId(null).build();
        var credited = TransferCredited.newBuilder((TransferCredited) AvroMapper.toAvro(new AccountEvent.TransferCredited("e2",
                "acc-2", 9, T, "c", "tr-1", "acc-1", 500, "EUR", 700, 4, TRANSFER_BY_ALICE))).setCorrelationId(null).build();
        var reversed = TransferReversed.newBuilder((TransferReversed) AvroMapper.toAvro(new AccountEvent.TransferReversed("e3",
                "acc-1", 5, T, "c", "tr-1", "acc-2", 500, "EUR", 600, 4, ReversalReason.PAYEE_CLOSED, TRANSFER_BY_ALICE)))
                .setCorrelationId(null).build();
        for (SpecificRecord event : List.<SpecificRecord>of(debited, credited, reversed)) {
            assertThatThrownBy(() -> AvroMapper.fromAvro(decodedEvent(NEWEST, event))).as(event.getSchema().getName())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a correlationId");
        }
    }

    @Test
    void shouldRefuseAReversalReasonThisVersionDoesNotKnowRatherThanGuessOne() {
        var reversed = TransferReversed.newBuilder((TransferReversed) AvroMapper.toAvro(new AccountEvent.TransferReversed("e3",
                "acc-1", 5, T, "c", "tr-1", "acc-2", 500, "EUR", 600, 4, ReversalReason.PAYEE_CLOSED, TRANSFER_BY_ALICE)))
                .setReason(TransferReversalReason.UNKNOWN).build();
        assertThatThrownBy(() -> AvroMapper.fromAvro(decodedEvent(NEWEST, reversed))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMapTheThreeTransferInstructionsBothWaysKeyedByTheAccountToActOn() {
        TransferTerms terms = new TransferTerms("tr-1", "acc-1", "acc-2", 500, "EUR", 4, "c", T, TRANSFER_BY_ALICE);
        TransferTerms byNobody = new TransferTerms("tr-1", "acc-1", "acc-2", 500, "EUR", 4, "c", T,
                new Origin(Optional.empty(), Optional.of("tr-1")));
        List<TransferInstruction> instructions = List.of(
                new TransferInstruction.Credit(terms),
                new TransferInstruction.Credit(byNobody),
                new TransferInstruction.Reverse(terms, ReversalReason.CURRENCY_MISMATCH, "account acc-2 holds USD, not EUR"),
                new TransferInstruction.Credited(terms, 9));
        for (TransferInstruction instruction : instructions) {
            var avro = AvroMapper.toAvro(instruction, "instance-1");
            assertThat(avro.getReplyTo()).isEqualTo("instance-1");
            byte[] bytes = NEWEST.instruction().serializer().serialize("t", avro);
            assertThat(AvroMapper.fromAvro(NEWEST.instruction().deserializer().deserialize("t", bytes))).isEqualTo(instruction);
        }
        assertThat(AvroMapper.toAvro(instructions.get(0), "i").getKind()).isEqualTo(TransferInstructionKind.CREDIT);
        assertThat(AvroMapper.toAvro(instructions.get(2), "i").getKind()).isEqualTo(TransferInstructionKind.REVERSE);
        assertThat(AvroMapper.toAvro(instructions.get(3), "i").getKind()).isEqualTo(TransferInstructionKind.CREDITED);
        assertThat(instructions.get(0).accountId()).isEqualTo("acc-2");
        assertThat(instructions.get(2).accountId()).isEqualTo("acc-1");
        assertThat(instructions.get(3).accountId()).isEqualTo("acc-1");
    }

    @Test
    void shouldRefuseAReverseWithoutAReasonAndACreditedWithoutTheCreditVersion() {
        TransferTerms terms = new TransferTerms("tr-1", "acc-1", "acc-2", 500, "EUR", 4, "c", T, TRANSFER_BY_ALICE);
        var reverse = AvroMapper.toAvro(new TransferInstruction.Reverse(terms, ReversalReason.PAYEE_CLOSED, "closed"), "i");
        reverse.setReason(null);
        assertThatThrownBy(() -> AvroMapper.fromAvro(reverse)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a reason");
        var credited = AvroMapper.toAvro(new TransferInstruction.Credited(terms, 9), "i");
        credited.setPayeeCreditVersion(null);
        assertThatThrownBy(() -> AvroMapper.fromAvro(credited)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credit version");
    }

    @Test
    void shouldTellTheStageOfATransferFromTheOutcomeOfAResultCarryingIt() {
        TransferOutcome transfer = TransferOutcome.newBuilder().setTransferId("tr-1").setFromAccountId("acc-1")
                .setToAccountId("acc-2").setAmountMinor(500).setCurrency("EUR").setDebitVersion(4).build();
        CommandResult pending = CommandResult.newBuilder().setCommandId("c").setOutcome(Outcome.TRANSFER_PENDING)
                .setAccountId("acc-1").setEventId("e").setVersion(4L).setBalanceMinor(100L).setCurrency("EUR")
                .setOwner("alice").setReplayed(false).setTransfer(transfer).build();
        assertThat(AvroMapper.outcomeOf(pending)).isEqualTo(new CommandOutcome.Transfer(new TransferProgress(
                TransferProgress.Stage.PENDING, "tr-1", "acc-1", "acc-2", 500, "EUR", 4, OptionalLong.empty(), Optional.empty()),
                Optional.empty(), Optional.of("alice"), false));
        CommandResult completed = CommandResult.newBuilder(pending).setOutcome(Outcome.ACCEPTED).setReplayed(true)
                .setTransfer(TransferOutcome.newBuilder(transfer).setCreditVersion(9L).build()).build();
        assertThat(AvroMapper.outcomeOf(completed)).isEqualTo(new CommandOutcome.Transfer(new TransferProgress(
                TransferProgress.Stage.COMPLETED, "tr-1", "acc-1", "acc-2", 500, "EUR", 4, OptionalLong.of(9), Optional.empty()),
                Optional.empty(), Optional.of("alice"), true));
        CommandResult reversed = CommandResult.newBuilder(pending).setOutcome(Outcome.TRANSFER_REVERSED).setDetail("closed")
                .setTransfer(TransferOutcome.newBuilder(transfer).setReversalVersion(5L)
                        .setReversalReason(TransferReversalReason.PAYEE_CLOSED).build()).build();
        assertThat(AvroMapper.outcomeOf(reversed)).isEqualTo(new CommandOutcome.Transfer(new TransferProgress(
                TransferProgress.Stage.REVERSED, "tr-1", "acc-1", "acc-2", 500, "EUR", 4, OptionalLong.empty(),
                Optional.of("PAYEE_CLOSED")), Optional.of("closed"), Optional.of("alice"), false));
        // A transfer refused before its debit is a plain rejection: no transfer record on its result.
        CommandResult refused = CommandResult.newBuilder().setCommandId("c").setOutcome(Outcome.SAME_ACCOUNT).setAccountId("acc-1")
                .setDetail("both").setReplayed(false).build();
        assertThat(AvroMapper.outcomeOf(refused)).isEqualTo(new CommandOutcome.Rejected(OutcomeCode.SAME_ACCOUNT,
                Optional.of("both"), false));
        // A transfer record under any other outcome is not a result this bank writes.
        CommandResult odd = CommandResult.newBuilder(pending).setOutcome(Outcome.INSUFFICIENT_FUNDS).build();
        assertThatThrownBy(() -> AvroMapper.outcomeOf(odd)).isInstanceOf(IllegalArgumentException.class);
    }

    private static org.eventbank.schemas.avro.AccountCommand decoded(org.eventbank.schemas.avro.AccountCommand avro) {
        return NEWEST.command().deserializer().deserialize("t", NEWEST.command().serializer().serialize("t", avro));
    }

    private static SpecificRecord decodedEvent(BankSerdes writers, SpecificRecord avro) {
        return NEWEST.event().deserializer().deserialize("t", writers.event().serializer().serialize("t", avro));
    }
}

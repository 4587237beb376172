package org.eventbank.account.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.AccountStatus;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;
import org.junit.jupiter.api.Test;

class StoreSerdesTest {

    private static final AccountState OPEN = new AccountState(AccountStatus.OPEN, "owner", "EUR", Long.MAX_VALUE, 42,
            Instant.ofEpochMilli(1234), 0);
    private static final AccountState CLOSED = new AccountState(AccountStatus.CLOSED, "owner", "EUR", 0, 43,
            Instant.ofEpochMilli(5678), 0);
    private static final AccountState TRANSFERS_OUT = new AccountState(AccountStatus.OPEN, "owner", "EUR", 5, 44,
            Instant.ofEpochMilli(9999), 3);
    private static final AccountState AMOUNT_IN_FLIGHT = new AccountState(AccountStatus.OPEN, "owner", "EUR", 5, 45,
            Instant.ofEpochMilli(10_000), 2, 700);
    /** Balance and reserve together at the limit: what headroom 0 looks like in the store. */
    private static final AccountState ALL_IN_FLIGHT = new AccountState(AccountStatus.OPEN, "owner", "EUR", 1, 46,
            Instant.ofEpochMilli(10_001), Integer.MAX_VALUE, Long.MAX_VALUE - 1);

    @Test
    void shouldRoundTripEveryStateInFormat2AndTheV1StatesInFormat1() {
        var format2 = new AccountStateSerde(AccountStateSerde.FORMAT_V2);
        for (AccountState state : new AccountState[] {AccountState.INITIAL, OPEN, CLOSED, TRANSFERS_OUT}) {
            assertThat(format2.deserializer().deserialize("t", format2.serializer().serialize("t", state))).isEqualTo(state);
        }
        var format1 = new AccountStateSerde(AccountStateSerde.FORMAT_V1);
        for (AccountState state : new AccountState[] {AccountState.INITIAL, OPEN}) {
            assertThat(format1.deserializer().deserialize("t", format1.serializer().serialize("t", state))).isEqualTo(state);
        }
    }

    @Test
    void shouldWriteFormat2OnlyOnceEventsAreWrittenInV2AndFormat3OnlyOnceInV3() {
        assertThat(AccountStateSerde.forEventsWriterVersion(1).serializer().serialize("t", OPEN)[0]).isEqualTo((byte) 1);
        assertThat(AccountStateSerde.forEventsWriterVersion(2).serializer().serialize("t", OPEN)[0]).isEqualTo((byte) 2);
        assertThat(AccountStateSerde.forEventsWriterVersion(2).writeFormat()).isEqualTo((byte) 2);
        // Transfers (contract v3): the amount in flight is stored from events v3 on, the first that can debit one.
        assertThat(AccountStateSerde.forEventsWriterVersion(3).writeFormat()).isEqualTo((byte) 3);
        assertThat(AccountStateSerde.forEventsWriterVersion(3).serializer().serialize("t", OPEN)[0]).isEqualTo((byte) 3);
    }

    @Test
    void shouldReadEveryFormatWhateverItWrites() {
        byte[] format1 = new AccountStateSerde(AccountStateSerde.FORMAT_V1).serializer().serialize("t", OPEN);
        byte[] format2 = new AccountStateSerde(AccountStateSerde.FORMAT_V2).serializer().serialize("t", CLOSED);
        byte[] format3 = new AccountStateSerde(AccountStateSerde.FORMAT_V3).serializer().serialize("t", AMOUNT_IN_FLIGHT);
        for (int eventsVersion : new int[] {1, 2, 3}) {
            var serde = AccountStateSerde.forEventsWriterVersion(eventsVersion);
            assertThat(serde.deserializer().deserialize("t", format1)).isEqualTo(OPEN);
            assertThat(serde.deserializer().deserialize("t", format2)).isEqualTo(CLOSED);
            assertThat(serde.deserializer().deserialize("t", format3)).isEqualTo(AMOUNT_IN_FLIGHT);
        }
    }

    // ---- format 3 (contract v3, transfers) ----

    @Test
    void shouldRoundTripEveryStateInFormat3WithTheAmountInFlight() {
        var format3 = new AccountStateSerde(AccountStateSerde.FORMAT_V3);
        for (AccountState state : new AccountState[] {AccountState.INITIAL, OPEN, CLOSED, TRANSFERS_OUT, AMOUNT_IN_FLIGHT,
                ALL_IN_FLIGHT}) {
            byte[] bytes = format3.serializer().serialize("t", state);
            assertThat(bytes[0]).isEqualTo(AccountStateSerde.FORMAT_V3);
            assertThat(format3.deserializer().deserialize("t", bytes)).isEqualTo(state);
        }
    }

    @Test
    void shouldRefuseToWriteAnAmountInFlightInFormat1Or2RatherThanDropIt() {
        for (byte format : new byte[] {AccountStateSerde.FORMAT_V1, AccountStateSerde.FORMAT_V2}) {
            var serde = new AccountStateSerde(format);
            assertThatThrownBy(() -> serde.serializer().serialize("t", AMOUNT_IN_FLIGHT)).as("format " + format)
                    .isInstanceOf(SerializationException.class);
        }
        assertThatThrownBy(() -> new AccountStateSerde(AccountStateSerde.FORMAT_V2).serializer().serialize("t", AMOUNT_IN_FLIGHT))
                .hasMessageContaining("format 2 cannot carry 700 minor units");
    }

    @Test
    void shouldReadFormats1And2WithNothingInFlightInMinorUnits() {
        byte[] format1 = new AccountStateSerde(AccountStateSerde.FORMAT_V1).serializer().serialize("t", OPEN);
        byte[] format2 = new AccountStateSerde(AccountStateSerde.FORMAT_V2).serializer().serialize("t", TRANSFERS_OUT);
        var serde = AccountStateSerde.forEventsWriterVersion(3);
        assertThat(serde.deserializer().deserialize("t", format1).outgoingInFlightMinor()).isZero();
        assertThat(serde.deserializer().deserialize("t", format2).outgoingInFlightMinor()).isZero();
        assertThat(serde.deserializer().deserialize("t", format2).outgoingTransfersInFlight()).isEqualTo(3);
        // Format 3 is format 2 and one long more.
        byte[] format3 = new AccountStateSerde(AccountStateSerde.FORMAT_V3).serializer().serialize("t", TRANSFERS_OUT);
        assertThat(format3).hasSize(format2.length + Long.BYTES);
    }

    @Test
    void shouldRefuseFormat3BytesWithANegativeAmountInFlightOrTrailingBytes() {
        var serde = new AccountStateSerde(AccountStateSerde.FORMAT_V3);
        byte[] bytes = serde.serializer().serialize("t", AMOUNT_IN_FLIGHT);
        byte[] negative = bytes.clone();
        java.nio.ByteBuffer.wrap(negative).putLong(negative.length - Long.BYTES, -1);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", negative)).isInstanceOf(SerializationException.class);
        byte[] trailing = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", trailing)).isInstanceOf(SerializationException.class);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated)).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRoundTripAnOutgoingTransferWithAndWithoutItsIdempotencyStoreKey() {
        var serde = new OutgoingTransferSerde(BankSerdes.singleObject().result());
        CommandResult pendingResult = KafkaCommandGatewayTest.pendingResult("c1", false);
        for (var transfer : java.util.List.of(new OutgoingTransfer(pendingResult, java.util.Optional.of("acc-1/alice/k-😀")),
                new OutgoingTransfer(pendingResult, java.util.Optional.empty()))) {
            byte[] bytes = serde.serializer().serialize("t", transfer);
            assertThat(bytes[0]).isEqualTo(OutgoingTransferSerde.FORMAT_V1);
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(transfer);
        }
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldRefuseAnUnknownOutgoingTransferFormatAndTrailingBytes() {
        var serde = new OutgoingTransferSerde(BankSerdes.singleObject().result());
        byte[] bytes = serde.serializer().serialize("t", new OutgoingTransfer(KafkaCommandGatewayTest.pendingResult("c1", false),
                java.util.Optional.empty()));
        byte[] unknown = bytes.clone();
        unknown[0] = 2;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", unknown)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown outgoing transfer format 2");
        byte[] trailing = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", trailing)).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRefuseToWriteInFormat1AStateFormat1CannotCarry() {
        var format1 = new AccountStateSerde(AccountStateSerde.FORMAT_V1);
        assertThatThrownBy(() -> format1.serializer().serialize("t", CLOSED))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format 1 cannot carry status CLOSED");
        assertThatThrownBy(() -> format1.serializer().serialize("t", TRANSFERS_OUT))
                .isInstanceOf(SerializationException.class).hasMessageContaining("3 outgoing transfer(s)");
    }

    @Test
    void shouldRefuseAClosedStatusInFormat1Bytes() {
        byte[] bytes = new AccountStateSerde(AccountStateSerde.FORMAT_V2).serializer().serialize("t", CLOSED);
        byte[] asFormat1 = java.util.Arrays.copyOf(bytes, bytes.length - Integer.BYTES);
        asFormat1[0] = AccountStateSerde.FORMAT_V1;
        var serde = new AccountStateSerde(AccountStateSerde.FORMAT_V2);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", asFormat1)).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRefuseAnUnknownAccountStateFormat() {
        var serde = new AccountStateSerde(AccountStateSerde.FORMAT_V2);
        byte[] bytes = serde.serializer().serialize("t", AccountState.INITIAL);
        bytes[0] = 9;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes)).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRoundTripAnIdempotencyEntry() {
        var serde = new IdempotencyEntrySerde(BankSerdes.singleObject().result());
        var result = CommandResult.newBuilder().setCommandId("c").setOutcome(Outcome.ACCEPTED).setAccountId("a")
                .setEventId("e").setVersion(3L).setBalanceMinor(10L).setCurrency("EUR").setReplayed(false).build();
        var entry = new IdempotencyEntry("abc", result, Instant.ofEpochMilli(99));
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", entry))).isEqualTo(entry);
    }

    @Test
    void shouldKeepAClosingOutcomeInAnIdempotencyEntryOnlyOnceResultsAreWrittenInV2() {
        var result = CommandResult.newBuilder().setCommandId("c").setOutcome(Outcome.BALANCE_NOT_ZERO).setAccountId("a")
                .setVersion(3L).setCurrency("EUR").setReplayed(false).build();
        var entry = new IdempotencyEntry("abc", result, Instant.ofEpochMilli(99));
        var resultsV2 = new IdempotencyEntrySerde(resultSerdePinnedTo(2));
        assertThat(resultsV2.deserializer().deserialize("t", resultsV2.serializer().serialize("t", entry))).isEqualTo(entry);
        // The second line behind the 501: a results writer still on v1 refuses what v1 readers could not read.
        var resultsV1 = new IdempotencyEntrySerde(resultSerdePinnedTo(1));
        assertThatThrownBy(() -> resultsV1.serializer().serialize("t", entry))
                .isInstanceOf(SerializationException.class).hasMessageContaining("BALANCE_NOT_ZERO");
    }

    @Test
    void shouldMapEveryRejectionCodeToAWireOutcome() {
        for (var code : org.eventbank.account.domain.RejectionCode.values()) {
            for (boolean open : new boolean[] {true, false}) {
                assertThat(Outcome.valueOf(org.eventbank.account.app.OutcomeCode.reported(code, open).name())).isNotNull();
            }
        }
    }

    private static org.apache.kafka.common.serialization.Serde<CommandResult> resultSerdePinnedTo(int version) {
        return BankSerdes.singleObject(SchemaCatalog.builtIn(), WriterVersions.pinned(Map.of(Family.RESULTS, version)),
                Map.of()).result();
    }
}

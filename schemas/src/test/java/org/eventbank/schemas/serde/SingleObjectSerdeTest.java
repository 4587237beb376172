package org.eventbank.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.eventbank.schemas.SampleRecords;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SingleObjectSerdeTest {

    private static final String TOPIC = "bank.account-events";
    private final BankSerdes serdes = BankSerdes.singleObject();

    static Stream<SpecificRecord> events() {
        return SampleRecords.events().stream();
    }

    @ParameterizedTest
    @MethodSource("events")
    void shouldRoundTripEveryEventTypeThroughTheEventsSerde(SpecificRecord event) {
        byte[] bytes = serdes.event().serializer().serialize(TOPIC, event);

        assertThat(serdes.event().deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void shouldWriteExactlyWhatAvrosReferenceSingleObjectEncoderWrites(SpecificRecordBase event) throws Exception {
        // Generated classes encode with Avro's own BinaryMessageEncoder: the same bytes prove the format.
        ByteBuffer reference = (ByteBuffer) event.getClass().getMethod("toByteBuffer").invoke(event);

        assertThat(serdes.event().serializer().serialize(TOPIC, event)).isEqualTo(toArray(reference));
    }

    @Test
    void shouldRoundTripCommandsResultsAndBalances() {
        for (var command : SampleRecords.commands()) {
            assertThat(serdes.command().deserializer().deserialize("c", serdes.command().serializer().serialize("c", command)))
                    .isEqualTo(command);
        }
        for (var result : SampleRecords.results()) {
            assertThat(serdes.result().deserializer().deserialize("r", serdes.result().serializer().serialize("r", result)))
                    .isEqualTo(result);
        }
        var balance = SampleRecords.balance();
        assertThat(serdes.balance().deserializer().deserialize("b", serdes.balance().serializer().serialize("b", balance)))
                .isEqualTo(balance);
        var instruction = SampleRecords.creditInstruction();
        assertThat(serdes.instruction().deserializer().deserialize("i", serdes.instruction().serializer().serialize("i", instruction)))
                .isEqualTo(instruction);
    }

    @Test
    void shouldStartEveryRecordWithTheMarkerAndTheWriterFingerprint() {
        byte[] bytes = serdes.event().serializer().serialize(TOPIC, SampleRecords.deposited());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaCatalog.fingerprint(Deposited.getClassSchema()));
    }

    @Test
    void shouldPassTombstonesThroughAsNull() {
        assertThat(serdes.balance().serializer().serialize("b", null)).isNull();
        assertThat(serdes.balance().deserializer().deserialize("b", null)).isNull();
    }

    @Test
    void shouldNameTheFingerprintAndTopicOfAnUnknownWriterSchema() {
        byte[] bytes = serdes.event().serializer().serialize(TOPIC, SampleRecords.deposited());
        ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(2, 0x0123456789ABCDEFL);

        assertThatThrownBy(() -> serdes.event().deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("0x0123456789abcdef")
                .hasMessageContaining(TOPIC)
                .satisfies(e -> assertThat(((UndecodableRecordException) e).fingerprint()).isEqualTo(0x0123456789ABCDEFL));
    }

    @Test
    void shouldRefuseBytesWithoutTheSingleObjectMarker() {
        assertThatThrownBy(() -> serdes.event().deserializer().deserialize(TOPIC, "{\"amount\":10}".getBytes()))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("not Avro single-object encoded");
        assertThatThrownBy(() -> serdes.event().deserializer().deserialize(TOPIC, new byte[] {(byte) 0xC3, 0x01, 1}))
                .isInstanceOf(UndecodableRecordException.class);
    }

    @Test
    void shouldRefuseATruncatedBody() {
        byte[] bytes = serdes.event().serializer().serialize(TOPIC, SampleRecords.deposited());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> serdes.event().deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("corrupt body");
    }

    @Test
    void shouldRefuseTrailingBytesAfterTheBody() {
        byte[] bytes = serdes.event().serializer().serialize(TOPIC, SampleRecords.deposited());
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 2);

        assertThatThrownBy(() -> serdes.event().deserializer().deserialize(TOPIC, padded))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("trailing bytes");
    }

    @Test
    void shouldRefuseARecordTypeTheTopicDoesNotCarry() {
        byte[] balance = serdes.balance().serializer().serialize("b", SampleRecords.balance());

        assertThatThrownBy(() -> serdes.event().deserializer().deserialize(TOPIC, balance))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("AccountBalance is not carried on this topic");
    }

    @Test
    void shouldRefuseToWriteARecordWhoseSchemaWasNeverReleased() {
        // A catalog holding only an older, different AccountBalance: the current one is unreleased there.
        var older = org.apache.avro.SchemaBuilder.record("AccountBalance").namespace("org.eventbank.schemas.avro")
                .fields().requiredString("accountId").requiredLong("balanceMinor").endRecord();
        var serde = SingleObjectSerde.of(SchemaCatalog.of(java.util.List.of(older)), AccountBalance.class);

        assertThatThrownBy(() -> serde.serializer().serialize("b", SampleRecords.balance()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unreleased schema");
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}

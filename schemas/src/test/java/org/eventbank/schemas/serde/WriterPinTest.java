package org.eventbank.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.eventbank.schemas.SampleRecords;
import org.eventbank.schemas.avro.AccountClosed;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Initiator;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.catalog.SchemaCatalog.Release;
import org.junit.jupiter.api.Test;

/**
 * Readers first, writers by switch, on the released v1 and v2 of the events: a writer whose code is
 * at v2 but whose family is pinned to v1 writes exactly the v1 bytes, refuses what v1 cannot carry,
 * and cannot write a record type v1 does not have. A hypothetical later version that inserted a field
 * instead of appending it (test resources) shows the projection goes by name, not position.
 */
class WriterPinTest {

    private static final String TOPIC = "bank.account-events";
    private static final SchemaCatalog CATALOG = SchemaCatalog.builtIn();
    private static final String DEPOSITED = Deposited.getClassSchema().getFullName();
    private static final Schema V1 = CATALOG.version(DEPOSITED, 1).orElseThrow();
    private static final Schema V2 = Deposited.getClassSchema();
    private static final Schema V3_INSERTED = parse("/evolution/Deposited-inserted-field.avsc");
    /** Facts v1 can carry: the v2-only fields are at their defaults. */
    private static final Deposited FACTS = Deposited.newBuilder(SampleRecords.deposited()).setInitiatedBy(null)
            .setCorrelationId(null).build();
    private static final BankSerdes EVENTS_PINNED_TO_V1 = BankSerdes.singleObject(CATALOG,
            WriterVersions.pinned(Map.of(Family.EVENTS, 1)), Map.of());

    @Test
    void shouldWriteTheV1BytesExactlyWhenPinnedToV1() {
        byte[] pinned = EVENTS_PINNED_TO_V1.event().serializer().serialize(TOPIC, FACTS);

        assertThat(fingerprintOf(pinned)).isEqualTo(SchemaCatalog.fingerprint(V1));
        assertThat(pinned).isEqualTo(v1Reference(FACTS));
        assertThat(BankSerdes.singleObject().event().deserializer().deserialize(TOPIC, pinned)).isEqualTo(FACTS);
    }

    @Test
    void shouldProjectByNameWhenALaterVersionInsertedAField() {
        // a release whose code is at a version that inserted "note" at position 2: pinned to v1 it still writes v1's bytes
        SchemaCatalog withV3 = SchemaCatalog.ofReleases(List.of(new Release(V1, 1), new Release(V2, 2), new Release(V3_INSERTED, 3)));
        var pinned = SingleObjectSerde.ofAny(withV3, BankSerdes.EVENT_TYPES, WriterVersions.pinned(Map.of(Family.EVENTS, 1)), Map.of());

        byte[] written = pinned.serializer().serialize(TOPIC, recordOf(V3_INSERTED, FACTS, ""));

        assertThat(written).isEqualTo(v1Reference(FACTS));
    }

    @Test
    void shouldWriteTheNewestVersionWithoutAPinAndAV1ReaderStillReadsIt() throws IOException {
        byte[] written = BankSerdes.singleObject().event().serializer().serialize(TOPIC, SampleRecords.deposited());

        assertThat(fingerprintOf(written)).isEqualTo(SchemaCatalog.fingerprint(V2));
        assertThat(SingleObjectSerde.ofAny(CATALOG, BankSerdes.EVENT_TYPES).writerVersion(TOPIC, written)).isEqualTo(2);
        // a team still reading with v1 (and a catalog that has v2's schema): resolution drops what it does not know
        BinaryMessageDecoder<GenericRecord> v1Reader = new BinaryMessageDecoder<>(GenericData.get(), V1);
        v1Reader.addSchema(V2);
        GenericRecord read = v1Reader.decode(written);
        assertThat(read.getSchema().getFields()).hasSize(V1.getFields().size());
        assertThat(read.get("amountMinor")).isEqualTo(SampleRecords.deposited().getAmountMinor());
    }

    @Test
    void shouldRefuseAValueThePinnedVersionCannotCarryInsteadOfDroppingIt() {
        Deposited withInitiator = Deposited.newBuilder(FACTS).setInitiatedBy(new Initiator("teller-7", null)).build();

        assertThatThrownBy(() -> EVENTS_PINNED_TO_V1.event().serializer().serialize(TOPIC, withInitiator))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Deposited.initiatedBy")
                .hasMessageContaining("schema version 1")
                .hasMessageContaining("promote the writer");
    }

    @Test
    void shouldRefuseAPinAboveWhatThisBuildWritesAndARecordTypeThePinnedVersionDoesNotHave() {
        var tooNew = BankSerdes.singleObject(CATALOG, WriterVersions.pinned(Map.of(Family.EVENTS, 3)), Map.of());
        assertThatThrownBy(() -> tooNew.event().serializer().serialize(TOPIC, FACTS))
                .hasMessage("BANK_EVENT_SCHEMA_VERSION=3 but this build writes Deposited up to version 2: upgrade this writer first");

        // AccountClosed joined the events at version 2: no pinned v1 writer can write it
        AccountClosed closed = AccountClosed.newBuilder(SampleRecords.closed()).setInitiatedBy(null).build();
        assertThatThrownBy(() -> EVENTS_PINNED_TO_V1.event().serializer().serialize(TOPIC, closed))
                .isInstanceOf(SerializationException.class)
                .hasMessage("AccountClosed has no version 1: it cannot be written while BANK_EVENT_SCHEMA_VERSION=1;"
                        + " promote the writer (docs/wire-format.md)");
    }

    @Test
    void shouldHandTheWriterVersionToAnUpcasterAfterResolution() {
        byte[] v1Bytes = EVENTS_PINNED_TO_V1.event().serializer().serialize(TOPIC, FACTS);
        byte[] v2Bytes = BankSerdes.singleObject().event().serializer().serialize(TOPIC, FACTS);
        // a hypothetical change of meaning: v1 amounts were in major units
        Upcaster majorToMinor = (resolved, writerVersion) -> {
            Deposited deposited = (Deposited) resolved;
            return writerVersion == 1 ? Deposited.newBuilder(deposited).setAmountMinor(deposited.getAmountMinor() * 100).build()
                    : deposited;
        };
        var reader = SingleObjectSerde.ofAny(CATALOG, BankSerdes.EVENT_TYPES, WriterVersions.newest(),
                Map.of(DEPOSITED, majorToMinor));

        assertThat(((Deposited) reader.deserializer().deserialize(TOPIC, v1Bytes)).getAmountMinor())
                .isEqualTo(FACTS.getAmountMinor() * 100);
        assertThat(((Deposited) reader.deserializer().deserialize(TOPIC, v2Bytes)).getAmountMinor()).isEqualTo(FACTS.getAmountMinor());
        assertThat(reader.writerVersion(TOPIC, v1Bytes)).isEqualTo(1);
        assertThat(reader.writerVersion(TOPIC, v2Bytes)).isEqualTo(2);
    }

    @Test
    void shouldStopAnOldReaderOnANewerFingerprintTellingItToUpgradeFirst() {
        // the reader of the previous release: a catalog of v1 only
        SchemaCatalog v1Only = SchemaCatalog.ofReleases(CATALOG.fullNames().stream()
                .flatMap(name -> CATALOG.version(name, 1).stream()).map(schema -> new Release(schema, 1)).toList());
        var oldReader = SingleObjectSerde.ofAny(v1Only, BankSerdes.EVENT_TYPES);

        for (SpecificRecord v2Event : List.of(SampleRecords.deposited(), SampleRecords.closed())) {
            byte[] v2Bytes = BankSerdes.singleObject().event().serializer().serialize(TOPIC, v2Event);
            assertThatThrownBy(() -> oldReader.deserializer().deserialize(TOPIC, v2Bytes))
                    .isInstanceOf(UndecodableRecordException.class)
                    .hasMessageContaining("topic " + TOPIC)
                    .hasMessageContaining(UndecodableRecordException.hex(SchemaCatalog.fingerprint(v2Event.getSchema())))
                    .hasMessageContaining("upgrade this reader first");
        }
        byte[] v1Bytes = EVENTS_PINNED_TO_V1.event().serializer().serialize(TOPIC, FACTS);
        assertThat(oldReader.deserializer().deserialize(TOPIC, v1Bytes)).as("v1 bytes it still reads").isEqualTo(FACTS);
    }

    /** What Avro's own writer makes of the facts with the v1 schema, fields taken by name: the bytes v1 code wrote. */
    private static byte[] v1Reference(Deposited facts) {
        GenericData.Record record = new GenericData.Record(V1);
        for (Schema.Field field : V1.getFields()) {
            Object value = facts.get(field.name());
            record.put(field.name(), value instanceof java.time.Instant instant ? instant.toEpochMilli() : value);
        }
        try {
            ByteBuffer encoded = new org.apache.avro.message.BinaryMessageEncoder<GenericRecord>(GenericData.get(), V1).encode(record);
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The facts as a record of a schema no class was generated for, as code generated from it would hold them. */
    private static SpecificRecord recordOf(Schema schema, Deposited facts, String note) {
        HandWrittenRecord record = new HandWrittenRecord(schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.pos(), facts.getSchema().getField(field.name()) != null ? facts.get(field.name()) : note);
        }
        return record;
    }

    private static long fingerprintOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static Schema parse(String resource) {
        try (InputStream in = WriterPinTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A specific record of a schema no class was generated for: what generated code of that version would hand the serde. */
    static final class HandWrittenRecord extends SpecificRecordBase {
        private final Schema schema;
        private final Object[] values;

        HandWrittenRecord(Schema schema) {
            this.schema = schema;
            this.values = new Object[schema.getFields().size()];
        }

        @Override
        public Schema getSchema() {
            return schema;
        }

        @Override
        public Object get(int field) {
            return values[field];
        }

        @Override
        public void put(int field, Object value) {
            values[field] = value;
        }
    }
}

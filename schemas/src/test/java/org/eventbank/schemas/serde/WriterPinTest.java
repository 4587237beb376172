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
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.eventbank.schemas.SampleRecords;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.catalog.SchemaCatalog.Release;
import org.junit.jupiter.api.Test;

/**
 * Readers first, writers by switch, with hypothetical v2s of Deposited (test resources): a writer
 * whose code is at v2 but whose family is pinned to v1 writes exactly the v1 bytes, projects by
 * field name even when v2 inserted a field, and refuses what v1 cannot carry.
 */
class WriterPinTest {

    private static final String TOPIC = "bank.account-events";
    private static final Schema V1 = Deposited.getClassSchema();
    private static final Schema V2_APPENDED = parse("/evolution/Deposited-v2.avsc");
    private static final Schema V2_INSERTED = parse("/evolution/Deposited-v2-inserted.avsc");
    private static final Deposited FACTS = SampleRecords.deposited();

    @Test
    void shouldWriteTheV1BytesExactlyWhenPinnedToV1() {
        byte[] v1Bytes = BankSerdes.singleObject().event().serializer().serialize(TOPIC, FACTS);

        for (Schema v2 : List.of(V2_APPENDED, V2_INSERTED)) {
            var pinned = serde(v2, WriterVersions.pinned(Map.of(Family.EVENTS, 1)));
            byte[] written = pinned.serializer().serialize(TOPIC, v2Record(v2, "unknown", ""));

            assertThat(written).as("pinned bytes under %s", v2.getFields().get(2).name()).isEqualTo(v1Bytes);
            assertThat(fingerprintOf(written)).isEqualTo(SchemaCatalog.fingerprint(V1));
        }
    }

    @Test
    void shouldWriteTheNewestVersionWithoutAPin() {
        var unpinned = serde(V2_APPENDED, WriterVersions.newest());

        byte[] written = unpinned.serializer().serialize(TOPIC, v2RecordInMillis(V2_APPENDED, "branch"));

        assertThat(fingerprintOf(written)).isEqualTo(SchemaCatalog.fingerprint(V2_APPENDED));
        assertThat(unpinned.writerVersion(TOPIC, written)).isEqualTo(2);
        // and the readers of today's classes read it: Avro resolution drops the field they do not know
        var todaysReader = SingleObjectSerde.ofAny(catalogWith(V2_APPENDED), BankSerdes.EVENT_TYPES);
        assertThat(todaysReader.deserializer().deserialize(TOPIC, written)).isEqualTo(FACTS);
    }

    @Test
    void shouldRefuseAValueThePinnedVersionCannotCarryInsteadOfDroppingIt() {
        var pinned = serde(V2_APPENDED, WriterVersions.pinned(Map.of(Family.EVENTS, 1)));

        assertThatThrownBy(() -> pinned.serializer().serialize(TOPIC, v2Record(V2_APPENDED, "branch", "")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Deposited.channel")
                .hasMessageContaining("schema version 1")
                .hasMessageContaining("promote the writer");
    }

    @Test
    void shouldRefuseAPinAboveWhatThisBuildWritesAndAVersionTheRecordNeverHad() {
        var tooNew = serde(V2_APPENDED, WriterVersions.pinned(Map.of(Family.EVENTS, 3)));
        assertThatThrownBy(() -> tooNew.serializer().serialize(TOPIC, v2Record(V2_APPENDED, "unknown", "")))
                .hasMessage("BANK_EVENT_SCHEMA_VERSION=3 but this build writes Deposited up to version 2: upgrade this writer first");

        // a record type that joined the family at version 2 (as a new event type does) has no version 1
        var joinedAtTwo = SingleObjectSerde.ofAny(SchemaCatalog.ofReleases(List.of(new Release(V2_APPENDED, 2))),
                BankSerdes.EVENT_TYPES, WriterVersions.pinned(Map.of(Family.EVENTS, 1)), Map.of());
        assertThatThrownBy(() -> joinedAtTwo.serializer().serialize(TOPIC, v2Record(V2_APPENDED, "unknown", "")))
                .hasMessage("Deposited has no version 1: it cannot be written while BANK_EVENT_SCHEMA_VERSION=1;"
                        + " promote the writer (docs/wire-format.md)");
    }

    @Test
    void shouldHandTheWriterVersionToAnUpcasterAfterResolution() {
        byte[] v1Bytes = BankSerdes.singleObject().event().serializer().serialize(TOPIC, FACTS);
        // a hypothetical change of meaning: v1 amounts were in major units
        Upcaster majorToMinor = (resolved, writerVersion) -> {
            Deposited deposited = (Deposited) resolved;
            return writerVersion == 1 ? Deposited.newBuilder(deposited).setAmountMinor(deposited.getAmountMinor() * 100).build()
                    : deposited;
        };
        var reader = SingleObjectSerde.ofAny(SchemaCatalog.builtIn(), BankSerdes.EVENT_TYPES, WriterVersions.newest(),
                Map.of(Deposited.getClassSchema().getFullName(), majorToMinor));

        Deposited read = (Deposited) reader.deserializer().deserialize(TOPIC, v1Bytes);

        assertThat(read.getAmountMinor()).isEqualTo(FACTS.getAmountMinor() * 100);
        assertThat(reader.writerVersion(TOPIC, v1Bytes)).isEqualTo(1);
    }

    @Test
    void shouldStopAnOldReaderOnANewerFingerprintTellingItToUpgradeFirst() {
        byte[] v2Bytes = serde(V2_APPENDED, WriterVersions.newest()).serializer().serialize(TOPIC, v2RecordInMillis(V2_APPENDED, "branch"));

        assertThatThrownBy(() -> BankSerdes.singleObject().event().deserializer().deserialize(TOPIC, v2Bytes))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("topic " + TOPIC)
                .hasMessageContaining(UndecodableRecordException.hex(SchemaCatalog.fingerprint(V2_APPENDED)))
                .hasMessageContaining("upgrade this reader first");
    }

    private static SingleObjectSerde<SpecificRecord> serde(Schema v2, WriterVersions versions) {
        return SingleObjectSerde.ofAny(catalogWith(v2), BankSerdes.EVENT_TYPES, versions, Map.of());
    }

    private static SchemaCatalog catalogWith(Schema v2) {
        return SchemaCatalog.of(List.of(org.eventbank.schemas.avro.AccountOpened.getClassSchema(), V1,
                org.eventbank.schemas.avro.Withdrawn.getClassSchema(), v2));
    }

    /** The facts of {@link #FACTS} as a record of a v2 class, as code generated from v2 would hold them (Instants). */
    private static SpecificRecord v2Record(Schema v2, String channel, String note) {
        HandWrittenRecord record = new HandWrittenRecord(v2);
        for (Schema.Field field : v2.getFields()) {
            Schema.Field v1Field = V1.getField(field.name());
            record.put(field.pos(), v1Field != null ? FACTS.get(v1Field.pos()) : field.name().equals("channel") ? channel : note);
        }
        return record;
    }

    /**
     * The same facts for an unpinned write, which goes through Avro's SpecificDatumWriter with the record class's
     * model: generated classes carry the timestamp conversion there, a hand-written one does not, so it holds millis.
     */
    private static SpecificRecord v2RecordInMillis(Schema v2, String channel) {
        SpecificRecord record = v2Record(v2, channel, "");
        int occurredAt = v2.getField("occurredAt").pos();
        record.put(occurredAt, ((java.time.Instant) record.get(occurredAt)).toEpochMilli());
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

    /** A specific record of a schema no class was generated for: what generated v2 code would hand the serde. */
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

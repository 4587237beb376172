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
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.eventbank.schemas.SampleRecords;
import org.eventbank.schemas.avro.AccountClosed;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Initiator;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.Transfer;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.catalog.SchemaCatalog.Release;
import org.junit.jupiter.api.Test;

/**
 * Readers first, writers by switch, on the released v1 and v2 of the events: a writer whose code is
 * at v2 but whose family is pinned to v1 writes exactly the v1 bytes, refuses what v1 cannot carry,
 * and cannot write a record type v1 does not have. The same for contract v3 (transfers) under a v2
 * pin, and a record that did not change in v3 is written in its v2 bytes under a v3 pin. A hypothetical later version that inserted a field
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
        // this build's events go up to v3 (transfers): a pin above the family's newest release names the writer to upgrade,
        // even for a record (Deposited) whose newest version is older than the family's
        var tooNew = BankSerdes.singleObject(CATALOG, WriterVersions.pinned(Map.of(Family.EVENTS, 4)), Map.of());
        assertThatThrownBy(() -> tooNew.event().serializer().serialize(TOPIC, FACTS))
                .hasMessage("BANK_EVENT_SCHEMA_VERSION=4 but this build writes Deposited up to version 2: upgrade this writer first");
        assertThatThrownBy(() -> tooNew.event().serializer().serialize(TOPIC, SampleRecords.debited()))
                .hasMessage("BANK_EVENT_SCHEMA_VERSION=4 but this build writes TransferDebited up to version 3: upgrade this writer first");

        // AccountClosed joined the events at version 2: no pinned v1 writer can write it
        AccountClosed closed = AccountClosed.newBuilder(SampleRecords.closed()).setInitiatedBy(null).build();
        assertThatThrownBy(() -> EVENTS_PINNED_TO_V1.event().serializer().serialize(TOPIC, closed))
                .isInstanceOf(SerializationException.class)
                .hasMessage("AccountClosed has no version 1: it cannot be written while BANK_EVENT_SCHEMA_VERSION=1;"
                        + " promote the writer (docs/wire-format.md)");
    }

    @Test
    void shouldWriteARecordUnchangedInThePinnedReleaseInItsNewestVersion() {
        // events pinned to v3: AccountOpened and Deposited did not change in v3, so they go out exactly as a v2 writer wrote them
        var eventsAtV3 = BankSerdes.singleObject(CATALOG, WriterVersions.pinned(Map.of(Family.EVENTS, 3)), Map.of());
        var eventsAtV2 = BankSerdes.singleObject(CATALOG, WriterVersions.pinned(Map.of(Family.EVENTS, 2)), Map.of());

        for (SpecificRecord unchanged : List.<SpecificRecord>of(SampleRecords.opened(), SampleRecords.deposited())) {
            byte[] written = eventsAtV3.event().serializer().serialize(TOPIC, unchanged);
            String name = unchanged.getSchema().getFullName();

            assertThat(fingerprintOf(written)).as(name).isEqualTo(SchemaCatalog.fingerprint(CATALOG.version(name, 2).orElseThrow()));
            assertThat(written).as(name).isEqualTo(eventsAtV2.event().serializer().serialize(TOPIC, unchanged));
            assertThat(BankSerdes.singleObject().event().deserializer().deserialize(TOPIC, written)).isEqualTo(unchanged);
        }
        byte[] debited = eventsAtV3.event().serializer().serialize(TOPIC, SampleRecords.debited());
        assertThat(CATALOG.versionOf(fingerprintOf(debited))).hasValue(3);
        assertThat(debited).isEqualTo(BankSerdes.singleObject().event().serializer().serialize(TOPIC, SampleRecords.debited()));
    }

    @Test
    void shouldRefuseEveryTransferEventWhileTheEventsArePinnedToV2() {
        var eventsAtV2 = BankSerdes.singleObject(CATALOG, WriterVersions.pinned(Map.of(Family.EVENTS, 2)), Map.of());

        for (SpecificRecord transferEvent : List.of(SampleRecords.debited(), SampleRecords.credited(), SampleRecords.reversed())) {
            String type = transferEvent.getSchema().getName();
            assertThatThrownBy(() -> eventsAtV2.event().serializer().serialize(TOPIC, transferEvent))
                    .isInstanceOf(SerializationException.class)
                    .hasMessage(type + " has no version 2: it cannot be written while BANK_EVENT_SCHEMA_VERSION=2;"
                            + " promote the writer (docs/wire-format.md)");
        }
    }

    @Test
    void shouldRefuseATransferCommandWhileTheCommandsArePinnedToV2() {
        var commandsAtV2 = BankSerdes.singleObject(CATALOG, WriterVersions.pinned(Map.of(Family.COMMANDS, 2)), Map.of());

        assertThatThrownBy(() -> commandsAtV2.command().serializer().serialize("bank.account-commands", SampleRecords.transferCommand()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("AccountCommand.payload")
                .hasMessageContaining("schema version 2")
                .hasMessageContaining("no Transfer branch")
                .hasMessageContaining("promote the writer");
    }

    @Test
    void shouldWriteAnyOtherCommandInTheV2BytesWhileTheCommandsArePinnedToV2() {
        // v3 only appended the Transfer branch: a v2-pinned writer must still send every v2 command, deadline included,
        // exactly as Avro's own encoder writes it with the v2 schema
        Schema v2 = CATALOG.version(AccountCommand.getClassSchema().getFullName(), 2).orElseThrow();
        var commandsAtV2 = BankSerdes.singleObject(CATALOG, WriterVersions.pinned(Map.of(Family.COMMANDS, 2)), Map.of());

        for (AccountCommand command : SampleRecords.commands()) {
            if (command.getPayload() instanceof Transfer) {
                continue;
            }
            byte[] written = commandsAtV2.command().serializer().serialize("bank.account-commands", command);

            assertThat(written).as("%s", command).isEqualTo(referenceBytes(v2, command));
            assertThat(BankSerdes.singleObject().command().deserializer().deserialize("bank.account-commands", written)).isEqualTo(command);
        }
        assertThat(SampleRecords.commands()).as("a command with a deadline is among them")
                .anyMatch(command -> command.getNotAfter() != null && !(command.getPayload() instanceof Transfer));
    }

    @Test
    void shouldRefuseWhatOnlyAV3ResultCanSayWhileTheResultsArePinnedToV2() {
        var resultsAtV2 = BankSerdes.singleObject(CATALOG, WriterVersions.pinned(Map.of(Family.RESULTS, 2)), Map.of());
        CommandResult pending = SampleRecords.transferPending();
        // completed: ACCEPTED, which v2 knows, but with the transfer record v2 has no field for
        CommandResult completed = CommandResult.newBuilder(pending).setOutcome(Outcome.ACCEPTED).build();
        CommandResult pendingWithoutTransfer = CommandResult.newBuilder(pending).setTransfer(null).build();

        assertThatThrownBy(() -> resultsAtV2.result().serializer().serialize("bank.command-results", pendingWithoutTransfer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("CommandResult.outcome")
                .hasMessageContaining("has no symbol TRANSFER_PENDING");
        assertThatThrownBy(() -> resultsAtV2.result().serializer().serialize("bank.command-results", completed))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("CommandResult.transfer")
                .hasMessageContaining("schema version 2")
                .hasMessageContaining("no such field");

        CommandResult accepted = CommandResult.newBuilder(completed).setTransfer(null).build();
        byte[] written = resultsAtV2.result().serializer().serialize("bank.command-results", accepted);
        assertThat(CATALOG.versionOf(fingerprintOf(written))).hasValue(2);
        assertThat(BankSerdes.singleObject().result().deserializer().deserialize("bank.command-results", written)).isEqualTo(accepted);
    }

    @Test
    void shouldStopAReaderOfContractV2OnEveryTransferEvent() {
        // the reader of the previous release: every released version up to 2, so neither transfer events nor instructions
        SchemaCatalog upToV2 = SchemaCatalog.ofReleases(CATALOG.fullNames().stream()
                .filter(name -> Family.of(name).orElseThrow() != Family.INSTRUCTIONS)
                .flatMap(name -> CATALOG.versionsOf(name).stream())
                .map(schema -> new Release(schema, CATALOG.versionOf(SchemaCatalog.fingerprint(schema)).orElseThrow()))
                .filter(release -> release.version() <= 2).toList());
        var oldReader = SingleObjectSerde.ofAny(upToV2, BankSerdes.EVENT_TYPES);

        for (SpecificRecord transferEvent : List.of(SampleRecords.debited(), SampleRecords.credited(), SampleRecords.reversed())) {
            byte[] v3Bytes = BankSerdes.singleObject().event().serializer().serialize(TOPIC, transferEvent);
            assertThatThrownBy(() -> oldReader.deserializer().deserialize(TOPIC, v3Bytes))
                    .isInstanceOf(UndecodableRecordException.class)
                    .hasMessageContaining(UndecodableRecordException.hex(SchemaCatalog.fingerprint(transferEvent.getSchema())))
                    .hasMessageContaining("upgrade this reader first");
        }
        byte[] deposit = BankSerdes.singleObject().event().serializer().serialize(TOPIC, SampleRecords.deposited());
        assertThat(oldReader.deserializer().deserialize(TOPIC, deposit)).as("what v3 writers write of an unchanged record")
                .isEqualTo(SampleRecords.deposited());
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

    /** What Avro's own single-object encoder writes for the record with {@code schema} (positions agree: v3 only appended). */
    private static byte[] referenceBytes(Schema schema, SpecificRecord record) {
        try {
            ByteBuffer encoded = new org.apache.avro.message.BinaryMessageEncoder<SpecificRecord>(
                    SpecificData.getForClass(record.getClass()), schema).encode(record);
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

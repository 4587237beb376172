package org.eventbank.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.schemas.SampleRecords;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.AccountStatus;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.TransferReversalReason;
import org.eventbank.schemas.avro.TransferReversed;
import org.eventbank.schemas.avro.Withdrawn;
import org.eventbank.schemas.catalog.Compatibility;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.catalog.SchemaCatalog.Release;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * v2 added fields with defaults to every v1 record: v1 data reads in today's classes as "not known"
 * (null, or OPEN for a balance's status), both ways for the families other teams read. An enum with a
 * default (the reversal reason of v3) reads a symbol added later as that default.
 */
class SchemaEvolutionTest {

    private static final SchemaCatalog CATALOG = SchemaCatalog.builtIn();
    private static final WriterVersions ALL_V1 = WriterVersions.pinned(Map.of(Family.EVENTS, 1, Family.BALANCES, 1,
            Family.COMMANDS, 1, Family.RESULTS, 1));

    /**
     * The records of contract v1. The instructions are left out: their family joined in contract v3 and numbers its own
     * versions, so their v1 is no v1 of the contract and has no v2.
     */
    static Stream<Schema> recordsReleasedInV1() {
        return CATALOG.fullNames().stream().filter(name -> Family.of(name).orElseThrow() != Family.INSTRUCTIONS)
                .flatMap(name -> CATALOG.version(name, 1).stream());
    }

    @Test
    void shouldReleaseEveryRecordOfContractV1AgainInV2() {
        // the filter above must not hide a record of a v1 family: all six records of v1, each with a v2
        assertThat(recordsReleasedInV1().map(Schema::getName)).containsExactlyInAnyOrder("AccountOpened", "Deposited", "Withdrawn",
                "AccountCommand", "CommandResult", "AccountBalance");
    }

    /**
     * A reversal reason added after v3 (hypothetical v4, test resources) reaches today's reader, whose enum lacks it, as
     * UNKNOWN: the enum's default is what keeps the events FULL_TRANSITIVE when a reason is added, so another team's
     * reader of v3 keeps reading the ledger instead of stopping. Everything else of the event reads as written.
     */
    @Test
    void shouldReadAReversalReasonThisReaderDoesNotKnowAsUnknown() throws Exception {
        Schema v3 = TransferReversed.getClassSchema();
        Schema v4 = parse("/evolution/TransferReversed-new-reason.avsc");
        assertThat(Compatibility.FULL_TRANSITIVE.violations(List.of(v3, v4))).isEmpty();
        SchemaCatalog withV4 = SchemaCatalog.ofReleases(List.of(new Release(v3, 3), new Release(v4, 4)));
        TransferReversed written = SampleRecords.reversed();

        GenericData.Record v4Record = new GenericData.Record(v4);
        for (Schema.Field field : v4.getFields()) {
            v4Record.put(field.name(), field.name().equals("reason") ? new GenericData.EnumSymbol(field.schema(), "PAYEE_FROZEN")
                    : written.get(field.name()));
        }
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(TIMESTAMPS, v4).encode(v4Record);
        byte[] v4Bytes = new byte[encoded.remaining()];
        encoded.get(v4Bytes);

        SpecificRecord read = SingleObjectSerde.ofAny(withV4, BankSerdes.EVENT_TYPES).deserializer().deserialize("t", v4Bytes);

        assertThat(read).isEqualTo(TransferReversed.newBuilder(written).setReason(TransferReversalReason.UNKNOWN).build());
    }

    private static final GenericData TIMESTAMPS = timestamps();

    private static GenericData timestamps() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }

    private static Schema parse(String resource) throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }

    @ParameterizedTest
    @MethodSource("recordsReleasedInV1")
    void shouldV2ReadV1AndTheOtherWayRoundWhereTheFamilyIsReadByOthers(Schema v1) {
        Schema v2 = CATALOG.version(v1.getFullName(), 2).orElseThrow();

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v2, v1).getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        if (Family.of(v1.getFullName()).orElseThrow().compatibility() == org.eventbank.schemas.catalog.Compatibility.FULL_TRANSITIVE) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v1, v2).getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest
    @MethodSource("v1Events")
    void shouldReadV1EventsWithTheV2FieldsNotKnown(SpecificRecord event) {
        var v1 = BankSerdes.singleObject(CATALOG, ALL_V1, Map.of());
        byte[] bytes = v1.event().serializer().serialize("t", event);

        SpecificRecord read = BankSerdes.singleObject().event().deserializer().deserialize("t", bytes);

        assertThat(read).isEqualTo(event);
        assertThat(read.get(read.getSchema().getField("initiatedBy").pos())).isNull();
        assertThat(read.get(read.getSchema().getField("correlationId").pos())).isNull();
    }

    static List<SpecificRecord> v1Events() {
        return List.of(
                AccountOpened.newBuilder(SampleRecords.opened()).setInitiatedBy(null).setCorrelationId(null).build(),
                Deposited.newBuilder(SampleRecords.deposited()).setInitiatedBy(null).setCorrelationId(null).build(),
                Withdrawn.newBuilder(SampleRecords.withdrawn()).setInitiatedBy(null).setCorrelationId(null).build());
    }

    @ParameterizedTest
    @MethodSource("v1Balance")
    void shouldReadAV1BalanceAsOpen(AccountBalance balance) {
        byte[] bytes = BankSerdes.singleObject(CATALOG, ALL_V1, Map.of()).balance().serializer().serialize("t", balance);

        assertThat(BankSerdes.singleObject().balance().deserializer().deserialize("t", bytes).getStatus()).isEqualTo(AccountStatus.OPEN);
    }

    static List<AccountBalance> v1Balance() {
        return List.of(SampleRecords.balance());
    }
}

package org.eventbank.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.schemas.SampleRecords;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.AccountStatus;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Withdrawn;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * v2 added fields with defaults to every v1 record: v1 data reads in today's classes as "not known"
 * (null, or OPEN for a balance's status), both ways for the families other teams read.
 */
class SchemaEvolutionTest {

    private static final SchemaCatalog CATALOG = SchemaCatalog.builtIn();
    private static final WriterVersions ALL_V1 = WriterVersions.pinned(Map.of(Family.EVENTS, 1, Family.BALANCES, 1,
            Family.COMMANDS, 1, Family.RESULTS, 1));

    static Stream<Schema> recordsReleasedInV1() {
        return CATALOG.fullNames().stream().flatMap(name -> CATALOG.version(name, 1).stream());
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

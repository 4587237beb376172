package org.eventbank.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountClosed;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.TransferCredited;
import org.eventbank.schemas.avro.TransferDebited;
import org.eventbank.schemas.avro.TransferInstruction;
import org.eventbank.schemas.avro.TransferReversed;
import org.eventbank.schemas.avro.Withdrawn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SchemaCatalog catalog = SchemaCatalog.builtIn();

    /** The top-level record of every topic, in today's generated version. */
    static Stream<Schema> currentSchemas() {
        return Stream.of(AccountOpened.getClassSchema(), Deposited.getClassSchema(), Withdrawn.getClassSchema(),
                AccountClosed.getClassSchema(), TransferDebited.getClassSchema(), TransferCredited.getClassSchema(),
                TransferReversed.getClassSchema(), AccountCommand.getClassSchema(), CommandResult.getClassSchema(),
                AccountBalance.getClassSchema(), TransferInstruction.getClassSchema());
    }

    @Test
    void shouldListEveryRecordOfEveryFamilyAmongTheCurrentSchemas() {
        // currentSchemas() drives the "released as newest" and "trusted" checks: a family record missing there is unchecked
        List<String> listed = currentSchemas().map(Schema::getFullName).toList();
        for (Family family : Family.values()) {
            assertThat(listed).as(family.name()).containsAll(family.fullNames());
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(catalog.fullNames());
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void shouldHaveReleasedTheCurrentSchemaAsTheNewestVersion(Schema current) throws Exception {
        List<Schema> versions = catalog.versionsOf(current.getFullName());
        assertThat(versions).as("released versions of %s", current.getFullName()).isNotEmpty();
        Schema newest = versions.get(versions.size() - 1);

        // Compared as JSON trees, so docs and defaults count too, not only the fingerprint.
        assertThat(withoutJavaHints(JSON.readTree(current.toString())))
                .as("%s changed since its newest release: add a new version to the catalog instead", current.getFullName())
                .isEqualTo(JSON.readTree(newest.toString()));
    }

    @Test
    void shouldKeepEachFamilysCompatibilityRuleOverEveryReleasedVersion() {
        List<String> violations = new ArrayList<>();
        for (Family family : Family.values()) {
            for (String name : family.fullNames()) {
                // a family record the catalog lacks would pass vacuously
                assertThat(catalog.versionsOf(name)).as("released versions of %s (%s)", name, family).isNotEmpty();
                violations.addAll(family.compatibility().violations(catalog.versionsOf(name)));
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void shouldPutEveryCatalogRecordInExactlyOneFamily() {
        for (String name : catalog.fullNames()) {
            assertThat(Stream.of(Family.values()).filter(family -> family.fullNames().contains(name))).as(name).hasSize(1);
        }
        assertThat(Family.EVENTS.compatibility()).isEqualTo(Compatibility.FULL_TRANSITIVE);
        assertThat(Family.BALANCES.compatibility()).isEqualTo(Compatibility.FULL_TRANSITIVE);
        assertThat(Family.COMMANDS.compatibility()).isEqualTo(Compatibility.BACKWARD_TRANSITIVE);
        assertThat(Family.RESULTS.compatibility()).isEqualTo(Compatibility.BACKWARD_TRANSITIVE);
        // read and written only by account-service, under readers first like the commands (decision 0016)
        assertThat(Family.INSTRUCTIONS.compatibility()).isEqualTo(Compatibility.BACKWARD_TRANSITIVE);
        assertThat(Family.of(TransferInstruction.getClassSchema().getFullName())).hasValue(Family.INSTRUCTIONS);
        assertThat(Family.INSTRUCTIONS.versionSetting()).isEqualTo("BANK_INSTRUCTION_SCHEMA_VERSION");
    }

    @Test
    void shouldAllowTheTransferCommandBranchBackwardButNotFull() {
        // v3's payload union gained Transfer, appended so the other branches keep their index: readers first covers it
        String name = AccountCommand.getClassSchema().getFullName();
        Schema v2 = catalog.version(name, 2).orElseThrow();
        Schema v3 = catalog.version(name, 3).orElseThrow();
        List<Schema> v2Branches = v2.getField("payload").schema().getTypes();
        List<Schema> v3Branches = v3.getField("payload").schema().getTypes();
        assertThat(v3Branches.subList(0, v2Branches.size())).isEqualTo(v2Branches);
        assertThat(v3Branches.get(v3Branches.size() - 1).getName()).isEqualTo("Transfer");

        assertThat(Compatibility.BACKWARD_TRANSITIVE.violations(catalog.versionsOf(name))).isEmpty();
        assertThat(Compatibility.FULL_TRANSITIVE.violations(List.of(v2, v3))).singleElement().asString()
                .contains("version #1 cannot read version #2").contains("MISSING_UNION_BRANCH");
    }

    @Test
    void shouldAllowTheNewCommandUnionBranchBackwardButNotFull() {
        // v2's payload union gained CloseAccount: v2 reads v1, v1 cannot read a v2 close (readers first covers it)
        String name = AccountCommand.getClassSchema().getFullName();
        Schema v1 = catalog.version(name, 1).orElseThrow();
        Schema v2 = catalog.version(name, 2).orElseThrow();
        assertThat(v2.getField("payload").schema().getTypes()).hasSize(v1.getField("payload").schema().getTypes().size() + 1);

        assertThat(Compatibility.BACKWARD_TRANSITIVE.violations(List.of(v1, v2))).isEmpty();
        assertThat(Compatibility.FULL_TRANSITIVE.violations(List.of(v1, v2))).singleElement().asString()
                .contains("version #1 cannot read version #2").contains("MISSING_UNION_BRANCH");
    }

    @Test
    void shouldNumberVersionsAndFindThemByFingerprint() {
        String name = Deposited.getClassSchema().getFullName();
        long current = SchemaCatalog.fingerprint(Deposited.getClassSchema());
        long v1 = SchemaCatalog.fingerprint(catalog.version(name, 1).orElseThrow());

        assertThat(catalog.versionOf(current)).hasValue(2);
        assertThat(catalog.versionOf(v1)).hasValue(1);
        assertThat(v1).isNotEqualTo(current);
        assertThat(catalog.version(name, 2).map(SchemaCatalog::fingerprint)).hasValue(current);
        assertThat(catalog.version(name, 3)).isEmpty();
        assertThat(catalog.newestVersion(name)).isEqualTo(2);
        // contract v3 (transfers) changed events, commands and results; balances stayed at v2; instructions count their own
        Map<Family, Integer> newest = new java.util.EnumMap<>(Family.class);
        for (Family family : Family.values()) {
            newest.put(family, family.newestVersion(catalog));
        }
        assertThat(newest).containsExactlyInAnyOrderEntriesOf(Map.of(Family.EVENTS, 3, Family.BALANCES, 2, Family.COMMANDS, 3,
                Family.RESULTS, 3, Family.INSTRUCTIONS, 1));
    }

    @Test
    void shouldStartANewEventTypeAtTheFamilysVersionOfItsRelease() {
        String closed = AccountClosed.getClassSchema().getFullName();

        assertThat(catalog.versionsOf(closed)).hasSize(1);
        assertThat(catalog.version(closed, 1)).isEmpty();
        assertThat(catalog.versionOf(SchemaCatalog.fingerprint(AccountClosed.getClassSchema()))).hasValue(2);
        assertThat(Family.of(closed)).hasValue(Family.EVENTS);
    }

    @Test
    void shouldStartTheTransferEventsAtV3AndTheInstructionsAtV1OfTheirOwnFamily() {
        for (Schema transferEvent : List.of(TransferDebited.getClassSchema(), TransferCredited.getClassSchema(),
                TransferReversed.getClassSchema())) {
            String name = transferEvent.getFullName();
            assertThat(catalog.versionsOf(name)).as(name).hasSize(1);
            assertThat(catalog.version(name, 2)).as(name).isEmpty();
            assertThat(catalog.versionOf(SchemaCatalog.fingerprint(transferEvent))).as(name).hasValue(3);
            assertThat(Family.of(name)).as(name).hasValue(Family.EVENTS);
        }
        String instruction = TransferInstruction.getClassSchema().getFullName();
        assertThat(catalog.versionsOf(instruction)).hasSize(1);
        assertThat(catalog.versionOf(SchemaCatalog.fingerprint(TransferInstruction.getClassSchema()))).hasValue(1);
    }

    @ParameterizedTest
    @MethodSource("currentSchemas")
    void shouldCurrentReaderSchemaReadEveryReleasedVersion(Schema current) {
        for (Schema released : catalog.versionsOf(current.getFullName())) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released).getType())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            if (Family.of(current.getFullName()).orElseThrow().compatibility() == Compatibility.FULL_TRANSITIVE) {
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(released, current).getType())
                        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            }
        }
    }

    @Test
    void shouldTellTheEventTypesApartByFingerprint() {
        long opened = SchemaCatalog.fingerprint(AccountOpened.getClassSchema());
        long deposited = SchemaCatalog.fingerprint(Deposited.getClassSchema());
        long withdrawn = SchemaCatalog.fingerprint(Withdrawn.getClassSchema());
        long closed = SchemaCatalog.fingerprint(AccountClosed.getClassSchema());
        long debited = SchemaCatalog.fingerprint(TransferDebited.getClassSchema());
        long credited = SchemaCatalog.fingerprint(TransferCredited.getClassSchema());
        long reversed = SchemaCatalog.fingerprint(TransferReversed.getClassSchema());

        assertThat(List.of(opened, deposited, withdrawn, closed, debited, credited, reversed)).doesNotHaveDuplicates();
        assertThat(catalog.byFingerprint(deposited)).hasValueSatisfying(s -> assertThat(s.getName()).isEqualTo("Deposited"));
        assertThat(catalog.byFingerprint(reversed)).hasValueSatisfying(s -> assertThat(s.getName()).isEqualTo("TransferReversed"));
    }

    @Test
    void shouldRefuseTwoVersionsWithTheSameFingerprint() {
        assertThatThrownBy(() -> SchemaCatalog.of(List.of(Deposited.getClassSchema(), Deposited.getClassSchema())))
                .hasMessageContaining("Deposited")
                .hasMessageContaining("same fingerprint");
    }

    @Test
    void shouldTrustEveryGeneratedClassTheCurrentSchemasName() throws ClassNotFoundException {
        java.util.Set<String> named = new java.util.TreeSet<>();
        currentSchemas().forEach(schema -> collectNamedTypes(schema, named));
        for (String fullName : named) {
            assertThat(GeneratedClasses.ALL).as("%s is decoded or defaulted, so Avro must trust it", fullName)
                    .contains(Class.forName(fullName));
        }
        assertThat(named).hasSizeGreaterThan((int) currentSchemas().count());
    }

    private static void collectNamedTypes(Schema schema, java.util.Set<String> named) {
        switch (schema.getType()) {
            case RECORD -> {
                if (named.add(schema.getFullName())) {
                    schema.getFields().forEach(field -> collectNamedTypes(field.schema(), named));
                }
            }
            case ENUM -> named.add(schema.getFullName());
            case UNION -> schema.getTypes().forEach(branch -> collectNamedTypes(branch, named));
            case ARRAY -> collectNamedTypes(schema.getElementType(), named);
            case MAP -> collectNamedTypes(schema.getValueType(), named);
            default -> { }
        }
    }

    @Test
    void shouldNameAMissingCatalogFile() {
        assertThatThrownBy(() -> SchemaCatalog.load(List.of("Deposited/v99")))
                .hasMessageContaining("Deposited/v99")
                .hasMessageContaining("missing");
    }

    private static JsonNode withoutJavaHints(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.size() == 2 && object.has("avro.java.string")) {
                return object.get("type");
            }
            object.remove("avro.java.string");
            object.fieldNames().forEachRemaining(name -> object.set(name, withoutJavaHints(object.get(name))));
            return object;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, withoutJavaHints(node.get(i)));
            }
        }
        return node;
    }
}

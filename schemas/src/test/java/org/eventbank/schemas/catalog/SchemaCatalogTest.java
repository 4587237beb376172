package org.eventbank.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
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
import org.eventbank.schemas.avro.Withdrawn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SchemaCatalog catalog = SchemaCatalog.builtIn();

    static Stream<Schema> currentSchemas() {
        return Stream.of(AccountOpened.getClassSchema(), Deposited.getClassSchema(), Withdrawn.getClassSchema(),
                AccountClosed.getClassSchema(), AccountCommand.getClassSchema(), CommandResult.getClassSchema(), AccountBalance.getClassSchema());
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
                violations.addAll(family.compatibility().violations(catalog.versionsOf(name)));
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void shouldPutEveryCatalogRecordInExactlyOneFamily() {
        for (String name : catalog.fullNames()) {
            assertThat(Family.of(name)).as(name).isPresent();
        }
        assertThat(Family.EVENTS.compatibility()).isEqualTo(Compatibility.FULL_TRANSITIVE);
        assertThat(Family.BALANCES.compatibility()).isEqualTo(Compatibility.FULL_TRANSITIVE);
        assertThat(Family.COMMANDS.compatibility()).isEqualTo(Compatibility.BACKWARD_TRANSITIVE);
        assertThat(Family.RESULTS.compatibility()).isEqualTo(Compatibility.BACKWARD_TRANSITIVE);
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
        for (Family family : Family.values()) {
            assertThat(family.newestVersion(catalog)).as(family.name()).isEqualTo(2);
        }
    }

    @Test
    void shouldStartANewEventTypeAtTheFamilysVersionOfItsRelease() {
        String closed = AccountClosed.getClassSchema().getFullName();

        assertThat(catalog.versionsOf(closed)).hasSize(1);
        assertThat(catalog.version(closed, 1)).isEmpty();
        assertThat(catalog.versionOf(SchemaCatalog.fingerprint(AccountClosed.getClassSchema()))).hasValue(2);
        assertThat(Family.of(closed)).hasValue(Family.EVENTS);
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

        assertThat(List.of(opened, deposited, withdrawn, closed)).doesNotHaveDuplicates();
        assertThat(catalog.byFingerprint(deposited)).hasValueSatisfying(s -> assertThat(s.getName()).isEqualTo("Deposited"));
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

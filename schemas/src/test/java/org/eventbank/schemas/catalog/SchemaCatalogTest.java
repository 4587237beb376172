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
                AccountCommand.getClassSchema(), CommandResult.getClassSchema(), AccountBalance.getClassSchema());
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
    void shouldAllowANewCommandUnionBranchBackwardButNotFull() {
        // a v2 command whose payload union gains a branch: v2 reads v1, v1 cannot read a v2 command of the new kind
        Schema v1 = AccountCommand.getClassSchema();
        Schema v2 = new Schema.Parser().parse(v1.toString().replace(
                "\"type\":[{\"type\":\"record\",\"name\":\"OpenAccount\"",
                "\"type\":[{\"type\":\"record\",\"name\":\"CloseAccount\",\"fields\":[]},{\"type\":\"record\",\"name\":\"OpenAccount\""));
        assertThat(v2.getField("payload").schema().getTypes()).hasSize(4);

        assertThat(Compatibility.BACKWARD_TRANSITIVE.violations(List.of(v1, v2))).isEmpty();
        assertThat(Compatibility.FULL_TRANSITIVE.violations(List.of(v1, v2))).singleElement().asString()
                .contains("version #1 cannot read version #2").contains("MISSING_UNION_BRANCH");
    }

    @Test
    void shouldNumberVersionsAndFindThemByFingerprint() {
        long deposited = SchemaCatalog.fingerprint(Deposited.getClassSchema());

        assertThat(catalog.versionOf(deposited)).hasValue(1);
        assertThat(catalog.version(Deposited.getClassSchema().getFullName(), 1).map(SchemaCatalog::fingerprint)).hasValue(deposited);
        assertThat(catalog.version(Deposited.getClassSchema().getFullName(), 2)).isEmpty();
        assertThat(catalog.newestVersion(Deposited.getClassSchema().getFullName())).isEqualTo(1);
        assertThat(Family.EVENTS.newestVersion(catalog)).isEqualTo(1);
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
    void shouldTellTheThreeEventTypesApartByFingerprint() {
        long opened = SchemaCatalog.fingerprint(AccountOpened.getClassSchema());
        long deposited = SchemaCatalog.fingerprint(Deposited.getClassSchema());
        long withdrawn = SchemaCatalog.fingerprint(Withdrawn.getClassSchema());

        assertThat(List.of(opened, deposited, withdrawn)).doesNotHaveDuplicates();
        assertThat(catalog.byFingerprint(deposited)).hasValueSatisfying(s -> assertThat(s.getName()).isEqualTo("Deposited"));
    }

    @Test
    void shouldRefuseTwoVersionsWithTheSameFingerprint() {
        assertThatThrownBy(() -> SchemaCatalog.of(List.of(Deposited.getClassSchema(), Deposited.getClassSchema())))
                .hasMessageContaining("Deposited")
                .hasMessageContaining("same fingerprint");
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

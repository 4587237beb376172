package org.eventbank.platform.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.platform.RepoRoot;
import org.eventbank.schemas.avro.Withdrawn;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.junit.jupiter.api.Test;

/** docs/wire-format.md states facts other teams code against; this keeps them true. */
class WireFormatDocTest {

    static final Pattern FINGERPRINT_ROW = Pattern.compile("^\\| (\\w+) \\| (v\\d+) \\| `0x([0-9a-f]{16})` \\| `([0-9a-f ]{23})` \\|$", Pattern.MULTILINE);

    @Test
    void shouldListTheFingerprintAndHeaderBytesOfEveryReleasedSchema() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(RepoRoot.catalog())) {
            for (Path file : files.filter(path -> path.toString().endsWith(".avsc")).sorted().toList()) {
                Schema schema = new Schema.Parser().parse(file.toFile());
                expected.put(schema.getName() + " " + file.getFileName().toString().replace(".avsc", ""), row(SchemaCatalog.fingerprint(schema)));
            }
        }
        // Every version released in the code (SchemaCatalog.RELEASED), whatever its number: v1, v2, ...
        Map<String, String> released = new LinkedHashMap<>();
        SchemaCatalog catalog = SchemaCatalog.builtIn();
        for (String fullName : catalog.fullNames()) {
            for (Schema schema : catalog.versionsOf(fullName)) {
                long fingerprint = SchemaCatalog.fingerprint(schema);
                released.put(schema.getName() + " v" + catalog.versionOf(fingerprint).orElseThrow(), row(fingerprint));
            }
        }

        List<String> rows = new ArrayList<>();
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = FINGERPRINT_ROW.matcher(doc());
        while (row.find()) {
            rows.add(row.group(1) + " " + row.group(2));
            documented.put(row.group(1) + " " + row.group(2), row.group(3) + " / " + row.group(4));
        }

        assertThat(expected).as("the catalog files are the released versions").containsExactlyInAnyOrderEntriesOf(released);
        assertThat(rows).as("fingerprint rows in docs/wire-format.md").doesNotHaveDuplicates();
        assertThat(documented).containsExactlyInAnyOrderEntriesOf(released);
    }

    /** The fingerprint in hex and as bytes 2-9 of a value, as a table row shows them. */
    private static String row(long fingerprint) {
        byte[] littleEndian = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint).array();
        return HexFormat.of().toHexDigits(fingerprint) + " / " + HexFormat.ofDelimiter(" ").formatHex(littleEndian);
    }

    @Test
    void shouldShowAnExampleValueThatReallyDecodesToTheDocumentedWithdrawal() {
        Matcher echo = Pattern.compile("echo (c301[0-9a-f]+)").matcher(doc());
        assertThat(echo.find()).as("an `echo c301...` example in the doc").isTrue();

        SpecificRecord decoded = BankSerdes.singleObject().event().deserializer().deserialize("doc", HexFormat.of().parseHex(echo.group(1)));

        assertThat(decoded).isInstanceOfSatisfying(Withdrawn.class, withdrawn -> {
            assertThat(withdrawn.getAccountId()).isEqualTo("acc-1");
            assertThat(withdrawn.getVersion()).isEqualTo(3L);
            assertThat(withdrawn.getAmountMinor()).isEqualTo(400L);
            assertThat(withdrawn.getBalanceAfterMinor()).isEqualTo(600L);
            assertThat(withdrawn.getOccurredAt().toEpochMilli()).isEqualTo(1795428930123L);
            assertThat(doc()).contains("\"occurredAt\":1795428930123");
        });
    }

    private static String doc() {
        try {
            return Files.readString(RepoRoot.find().resolve("docs/wire-format.md"), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

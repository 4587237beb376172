package org.eventbank.platform.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.platform.RepoRoot;
import org.eventbank.platform.tail.EventLine;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountClosed;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.AccountStatus;
import org.eventbank.schemas.avro.ActingAs;
import org.eventbank.schemas.avro.CloseAccount;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Deposit;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Initiator;
import org.eventbank.schemas.avro.OpenAccount;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.Transfer;
import org.eventbank.schemas.avro.TransferCredited;
import org.eventbank.schemas.avro.TransferDebited;
import org.eventbank.schemas.avro.TransferInstruction;
import org.eventbank.schemas.avro.TransferInstructionKind;
import org.eventbank.schemas.avro.TransferOutcome;
import org.eventbank.schemas.avro.TransferReversalReason;
import org.eventbank.schemas.avro.TransferReversed;
import org.eventbank.schemas.avro.Withdraw;
import org.eventbank.schemas.avro.Withdrawn;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Proves docs/examples/python/decode_events.py, a decoder written from the Avro specification with
 * only the Python standard library, reads exactly what the Java serdes write: the same fingerprints
 * for every catalog schema, every field of every record type in every released version (what today's
 * writers write, what writers pinned to v1 write, every golden file, topics mixing versions, the transfer events of
 * contract v3), and with
 * {@code --lines} the same line {@code ./bank tail} prints for each event.
 */
class PythonDecoderTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final SchemaCatalog CATALOG = SchemaCatalog.builtIn();
    /** Today's writers: the newest version of every family (events, commands and results v3; balances v2; instructions v1). */
    static final BankSerdes SERDES = BankSerdes.singleObject();
    /** Writers of a ledger not yet promoted: every family pinned to v1. */
    static final BankSerdes V1_SERDES = BankSerdes.singleObject(CATALOG,
            WriterVersions.pinned(Map.of(Family.EVENTS, 1, Family.BALANCES, 1, Family.COMMANDS, 1, Family.RESULTS, 1)), Map.of());

    static final Initiator ALICE = new Initiator("alice", "web-app");
    static final Initiator PAYROLL = new Initiator("svc-payroll", null);

    static Path script;

    @BeforeAll
    static void requirePython() {
        assumeTrue(pythonAvailable(), "python3 is not on the PATH: the Python decoder example is not checked on this machine");
        script = RepoRoot.find().resolve("docs/examples/python/decode_events.py");
    }

    @Test
    void shouldComputeTheSameFingerprintAsJavaForEveryCatalogSchema() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(RepoRoot.catalog())) {
            for (Path file : files.filter(path -> path.toString().endsWith(".avsc")).sorted().toList()) {
                Schema schema = new Schema.Parser().parse(file.toFile());
                String version = file.getFileName().toString().replace(".avsc", "");
                expected.put(schema.getFullName() + " " + version, hex(SchemaCatalog.fingerprint(schema)));
            }
        }
        Map<String, String> released = new LinkedHashMap<>();
        for (String fullName : CATALOG.fullNames()) {
            for (Schema schema : CATALOG.versionsOf(fullName)) {
                long fingerprint = SchemaCatalog.fingerprint(schema);
                released.put(fullName + " v" + CATALOG.versionOf(fingerprint).orElseThrow(), hex(fingerprint));
            }
        }

        Run run = python(List.of("--print-fingerprints"), "");

        assertThat(run.exitCode).as(run.err).isZero();
        Map<String, String> actual = new LinkedHashMap<>();
        run.out.lines().forEach(line -> actual.put(line.substring(0, line.lastIndexOf(' ')), line.substring(line.lastIndexOf(' ') + 1)));
        assertThat(expected).as("the catalog files are the released versions").containsExactlyInAnyOrderEntriesOf(released)
                .containsKeys("org.eventbank.schemas.avro.AccountClosed v2", "org.eventbank.schemas.avro.Deposited v2",
                        "org.eventbank.schemas.avro.TransferDebited v3", "org.eventbank.schemas.avro.TransferCredited v3",
                        "org.eventbank.schemas.avro.TransferReversed v3", "org.eventbank.schemas.avro.AccountCommand v3",
                        "org.eventbank.schemas.avro.CommandResult v3", "org.eventbank.schemas.avro.TransferInstruction v1");
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void shouldDecodeEveryRecordTypeToTheFieldsItWasWrittenWith() throws Exception {
        List<SpecificRecord> records = everyRecordType();

        List<JsonNode> decoded = decodeAll(records, PythonDecoderTest::serialize);

        for (int i = 0; i < records.size(); i++) {
            SpecificRecord record = records.get(i);
            assertThat(decoded.get(i).get("schema").asText()).isEqualTo(record.getSchema().getFullName());
            assertThat(decoded.get(i).get("version").asText()).as("record %d", i)
                    .isEqualTo("v" + CATALOG.versionOf(SchemaCatalog.fingerprint(record.getSchema())).orElseThrow());
            assertThat(decoded.get(i).get("fingerprint").asText()).isEqualTo(hex(SchemaCatalog.fingerprint(record.getSchema())));
            assertThat(decoded.get(i).get("value")).as("record %d, %s", i, record).isEqualTo(avroJson(record));
        }
        JsonNode withdrawal = decoded.get(2).get("value");
        assertThat(withdrawal.get("amountMinor").asLong()).isEqualTo(400L);
        assertThat(withdrawal.get("balanceAfterMinor").asLong()).isEqualTo(600L);
        assertThat(withdrawal.get("occurredAt").asLong()).isEqualTo(T0.toEpochMilli());
        JsonNode closing = decoded.get(4).get("value");
        assertThat(closing.get("reason").get("string").asText()).isEqualTo("moved \"abroad\"\nfor good");
        assertThat(closing.get("initiatedBy").get("org.eventbank.schemas.avro.Initiator").get("subject").asText()).isEqualTo("teller 7");
    }

    @Test
    void shouldDecodeWhatWritersPinnedToV1WriteWithTheV1Schema() throws Exception {
        List<SpecificRecord> records = everyRecordTypeInV1();

        List<JsonNode> decoded = decodeAll(records, PythonDecoderTest::serializeV1);

        for (int i = 0; i < records.size(); i++) {
            SpecificRecord record = records.get(i);
            Schema v1 = CATALOG.version(record.getSchema().getFullName(), 1).orElseThrow();
            assertThat(decoded.get(i).get("version").asText()).as("record %d", i).isEqualTo("v1");
            assertThat(decoded.get(i).get("fingerprint").asText()).isEqualTo(hex(SchemaCatalog.fingerprint(v1)));
            assertThat(decoded.get(i).get("value")).as("record %d, %s", i, record).isEqualTo(onlyFieldsOf(v1, record.getSchema(), avroJson(record)));
        }
        assertThat(decoded.get(0).get("value").has("initiatedBy")).as("a v1 event has no v2 field, not even a null one").isFalse();
    }

    @Test
    void shouldDecodeATopicThatMixesV1AndV2RecordsRecordByRecord() throws Exception {
        List<byte[]> topic = List.of(
                serializeV1(new AccountOpened("e-1", "acc-1", 1L, T0, "cmd-1", "customer-42", "EUR", null, null)),
                serializeV1(new Deposited("e-2", "acc-1", 2L, T0.plusSeconds(1), "cmd-2", 1_000L, "EUR", 1_000L, null, null)),
                serialize(new Withdrawn("e-3", "acc-1", 3L, T0.plusSeconds(2), "cmd-3", 1_000L, "EUR", 0L, ALICE, "op-1")),
                serializeV1(new AccountOpened("e-4", "acc-2", 1L, T0.plusSeconds(3), "cmd-4", "customer-43", "JPY", null, null)),
                serialize(new AccountClosed("e-5", "acc-1", 4L, T0.plusSeconds(4), "cmd-5", "EUR", 0L, "moved", PAYROLL, null)),
                serialize(new Deposited("e-6", "acc-2", 2L, T0.plusSeconds(5), "cmd-6", 5L, "JPY", 5L, null, null)));
        String input = hexLines(topic);

        Run json = python(List.of(), input);
        Run lines = python(List.of("--lines"), input);

        assertThat(json.exitCode).as(json.err).isZero();
        List<JsonNode> decoded = json.out.lines().map(PythonDecoderTest::readJson).toList();
        assertThat(decoded).extracting(node -> node.get("schema").asText().replace("org.eventbank.schemas.avro.", "") + " "
                + node.get("version").asText())
                .containsExactly("AccountOpened v1", "Deposited v1", "Withdrawn v2", "AccountOpened v1", "AccountClosed v2", "Deposited v2");
        for (int i = 0; i < topic.size(); i++) {
            assertThat(decoded.get(i).get("value")).as("record %d", i).isEqualTo(writerJson(topic.get(i)));
        }
        assertThat(lines.exitCode).as(lines.err).isZero();
        assertThat(lines.out.lines()).containsExactly(
                "2026-11-23T10:15:30.123Z  acc-1  v1  AccountOpened  EUR  owner customer-42",
                "2026-11-23T10:15:31.123Z  acc-1  v2  Deposited  +1000 EUR  balance 1000 EUR",
                "2026-11-23T10:15:32.123Z  acc-1  v3  Withdrawn  -1000 EUR  balance 0 EUR  by alice via web-app  corr op-1",
                "2026-11-23T10:15:33.123Z  acc-2  v1  AccountOpened  JPY  owner customer-43",
                "2026-11-23T10:15:34.123Z  acc-1  v4  AccountClosed  EUR  balance 0 EUR  reason \"moved\"  by svc-payroll",
                "2026-11-23T10:15:35.123Z  acc-2  v2  Deposited  +5 JPY  balance 5 JPY");
        assertThat(lines.out.lines()).containsExactlyElementsOf(topic.stream().map(PythonDecoderTest::tailLine).toList());
    }

    @Test
    void shouldPrintEveryEventAsTheTailDoesWithLines() throws Exception {
        List<byte[]> events = new ArrayList<>();
        for (SpecificRecord record : everyRecordType()) {
            if (BankSerdes.EVENT_TYPES.contains(record.getClass())) {
                events.add(serialize(record));
            }
        }
        for (SpecificRecord record : everyRecordTypeInV1()) {
            if (BankSerdes.EVENT_TYPES.contains(record.getClass())) {
                events.add(serializeV1(record));
            }
        }

        Run run = python(List.of("--lines"), hexLines(events));

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out.lines()).containsExactlyElementsOf(events.stream().map(PythonDecoderTest::tailLine).toList())
                .anyMatch(line -> line.contains("  AccountClosed  ") && line.contains("reason \"moved \\\"abroad\\\"\\nfor good\""))
                .anyMatch(line -> line.contains("  by \"teller 7\" via branch-12  corr op-2"));
    }

    @Test
    void shouldDecodeAndPrintTheTransferEventsOfContractV3OnATopicPromotedFromV2() throws Exception {
        BankSerdes eventsAtV2 = BankSerdes.singleObject(CATALOG, WriterVersions.pinned(Map.of(Family.EVENTS, 2)), Map.of());
        List<byte[]> topic = List.of(
                serialize(eventsAtV2, new Deposited("e-4", "acc-1", 4L, T0, "cmd-4", 600L, "EUR", 600L, ALICE, null)),
                // promoted: BANK_EVENT_SCHEMA_VERSION=3
                serialize(new TransferDebited("e-5", "acc-1", 5L, T0.plusSeconds(1), "cmd-5", 100L, "EUR", 500L, ALICE, TRANSFER_ID, "acc-2",
                        "rent \"11/2026\"")),
                serialize(new TransferCredited("e-6", "acc-2", 2L, T0.plusSeconds(2), "cmd-5", 100L, "EUR", 100L, ALICE, TRANSFER_ID, "acc-1", 5L)),
                serialize(new TransferDebited("e-7", "acc-1", 6L, T0.plusSeconds(3), "cmd-7", 200L, "EUR", 300L, PAYROLL, TRANSFER_ID + "-2",
                        "acc-3", null)),
                serialize(new TransferReversed("e-8", "acc-1", 7L, T0.plusSeconds(4), "cmd-7", 200L, "EUR", 500L, PAYROLL, TRANSFER_ID + "-2",
                        "acc-3", 6L, TransferReversalReason.PAYEE_NOT_FOUND)),
                serialize(new Withdrawn("e-9", "acc-1", 8L, T0.plusSeconds(5), "cmd-9", 500L, "EUR", 0L, null, null)));
        String input = hexLines(topic);

        Run json = python(List.of(), input);
        Run lines = python(List.of("--lines"), input);

        assertThat(json.exitCode).as(json.err).isZero();
        List<JsonNode> decoded = json.out.lines().map(PythonDecoderTest::readJson).toList();
        assertThat(decoded).extracting(node -> node.get("schema").asText().replace("org.eventbank.schemas.avro.", "") + " "
                + node.get("version").asText())
                .containsExactly("Deposited v2", "TransferDebited v3", "TransferCredited v3", "TransferDebited v3", "TransferReversed v3",
                        "Withdrawn v2");
        for (int i = 0; i < topic.size(); i++) {
            assertThat(decoded.get(i).get("value")).as("record %d", i).isEqualTo(writerJson(topic.get(i)));
        }
        JsonNode reversal = decoded.get(4).get("value");
        assertThat(reversal.get("reason").asText()).isEqualTo("PAYEE_NOT_FOUND");
        assertThat(reversal.get("counterpartyAccountId").asText()).isEqualTo("acc-3");
        assertThat(reversal.get("debitVersion").asLong()).isEqualTo(6L);
        assertThat(lines.exitCode).as(lines.err).isZero();
        assertThat(lines.out.lines()).containsExactly(
                "2026-11-23T10:15:30.123Z  acc-1  v4  Deposited  +600 EUR  balance 600 EUR  by alice via web-app",
                "2026-11-23T10:15:31.123Z  acc-1  v5  TransferDebited  -100 EUR  balance 500 EUR  to acc-2  transfer " + TRANSFER_ID
                        + "  reference \"rent \\\"11/2026\\\"\"  by alice via web-app",
                "2026-11-23T10:15:32.123Z  acc-2  v2  TransferCredited  +100 EUR  balance 100 EUR  from acc-1  transfer " + TRANSFER_ID
                        + "  by alice via web-app",
                "2026-11-23T10:15:33.123Z  acc-1  v6  TransferDebited  -200 EUR  balance 300 EUR  to acc-3  transfer " + TRANSFER_ID
                        + "-2  by svc-payroll",
                "2026-11-23T10:15:34.123Z  acc-1  v7  TransferReversed  +200 EUR  balance 500 EUR  from acc-3  transfer " + TRANSFER_ID
                        + "-2  reason payee-not-found  by svc-payroll",
                "2026-11-23T10:15:35.123Z  acc-1  v8  Withdrawn  -500 EUR  balance 0 EUR");
        assertThat(lines.out.lines()).containsExactlyElementsOf(topic.stream().map(PythonDecoderTest::tailLine).toList());
    }

    @Test
    void shouldPrintWhatDocsWireFormatShowsForItsExample() throws Exception {
        String doc = Files.readString(RepoRoot.find().resolve("docs/wire-format.md"), StandardCharsets.UTF_8);
        Matcher echo = Pattern.compile("echo (c301[0-9a-f]+)").matcher(doc);
        assertThat(echo.find()).as("an `echo c301...` example in docs/wire-format.md").isTrue();

        Run json = python(List.of(), echo.group(1) + "\n");
        Run lines = python(List.of("--lines"), echo.group(1) + "\n");

        assertThat(json.exitCode).as(json.err).isZero();
        assertThat(lines.exitCode).as(lines.err).isZero();
        assertThat(doc).contains("\n" + json.out).contains("\n" + lines.out);
    }

    @TestFactory
    Stream<DynamicTest> shouldDecodeEveryGoldenFileAsJavaReadsItWithItsWriterSchema() throws IOException {
        Path root = RepoRoot.find().resolve("schemas/src/test/resources/golden");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.sorted().toList()) {
                assertThat(folder.getFileName().toString()).as("%s is a version folder", folder).matches("v[1-9][0-9]*");
                try (Stream<Path> inFolder = Files.list(folder)) {
                    files.addAll(inFolder.sorted().toList());
                }
            }
        }
        assertThat(files).as("golden files under %s", root).anyMatch(file -> file.getParent().getFileName().toString().equals("v1"));
        return files.stream().map(file -> DynamicTest.dynamicTest(root.relativize(file).toString(), () -> checkGoldenFile(file)));
    }

    private static void checkGoldenFile(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        String folderVersion = file.getParent().getFileName().toString();
        long fingerprint = fingerprintOf(bytes);
        Schema writer = CATALOG.byFingerprint(fingerprint).orElseThrow(() -> new AssertionError(file + ": unknown fingerprint " + hex(fingerprint)));

        Run run = python(List.of(), HexFormat.of().formatHex(bytes) + "\n");

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode decoded = readJson(run.out.strip());
        assertThat(decoded.get("schema").asText()).isEqualTo(writer.getFullName());
        // a record its family's release left alone is written in its newest older version (AccountOpened v2 in v3/)
        int writerVersion = CATALOG.versionOf(fingerprint).orElseThrow();
        assertThat(decoded.get("version").asText()).isEqualTo("v" + writerVersion);
        assertThat(writerVersion).as("%s: written by a writer of its folder's version", file)
                .isLessThanOrEqualTo(Integer.parseInt(folderVersion.substring(1)));
        assertThat(decoded.get("fingerprint").asText()).isEqualTo(hex(fingerprint));
        assertThat(decoded.get("value")).isEqualTo(writerJson(bytes));
        if (Family.of(writer.getFullName()).orElseThrow() == Family.EVENTS) {
            Run line = python(List.of("--lines"), HexFormat.of().formatHex(bytes) + "\n");
            assertThat(line.exitCode).as(line.err).isZero();
            assertThat(line.out.strip()).isEqualTo(tailLine(bytes));
        }
    }

    @Test
    void shouldStopAtAValueWhoseWriterSchemaIsUnknownNamingItsFingerprint() throws Exception {
        byte[] v1 = serializeV1(new Deposited("e-2", "acc-1", 2L, T0, "cmd-2", 7L, "EUR", 7L, null, null));
        byte[] v2 = serialize(new AccountClosed("e-3", "acc-1", 3L, T0, "cmd-3", "EUR", 0L, null, ALICE, null));
        byte[] unknown = v2.clone();
        unknown[2] ^= 0x01;
        String input = hexLines(List.of(v1, v2, unknown, v1));

        for (List<String> args : List.of(List.<String>of(), List.of("--lines"))) {
            Run run = python(args, input);

            assertThat(run.exitCode).as("%s", args).isEqualTo(2);
            assertThat(run.out.lines()).as("%s", args).hasSize(2);
            assertThat(run.err).as("%s", args).contains("STOPPED at input line 3")
                    .contains(hex(fingerprintOf(unknown))).contains("upgrade this reader first");
        }
    }

    @Test
    void shouldStopWithLinesAtARecordThatIsNotAnEvent() throws Exception {
        byte[] event = serialize(new Deposited("e-2", "acc-1", 2L, T0, "cmd-2", 7L, "EUR", 7L, null, null));
        byte[] balance = serialize(new AccountBalance("acc-1", 7L, "EUR", 2L, T0, AccountStatus.OPEN));

        Run run = python(List.of("--lines"), hexLines(List.of(event, balance, event)));

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.out.lines()).hasSize(1);
        assertThat(run.err).contains("STOPPED at input line 2").contains("org.eventbank.schemas.avro.AccountBalance v2 is not an event");
    }

    @Test
    void shouldStopAtATruncatedBodyAndAtTrailingBytes() throws Exception {
        byte[] good = serialize(new Withdrawn("e", "acc-1", 3L, T0, "c", 400L, "EUR", 600L, ALICE, "op-1"));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);

        Run truncatedRun = python(List.of(), HexFormat.of().formatHex(truncated) + "\n");
        Run trailingRun = python(List.of(), HexFormat.of().formatHex(trailing) + "\n");

        assertThat(truncatedRun.exitCode).isEqualTo(2);
        assertThat(truncatedRun.err).contains("truncated body");
        assertThat(trailingRun.exitCode).isEqualTo(2);
        assertThat(trailingRun.err).contains("1 trailing bytes");
    }

    /**
     * One record of every type on every topic in today's (newest) version, with both branches of each union, every
     * enum symbol added in v2 and v3 (each reversal reason, each instruction kind), and values at the edges of their ranges.
     */
    static List<SpecificRecord> everyRecordType() {
        List<SpecificRecord> records = new ArrayList<>();
        records.add(new AccountOpened("7e9d2c1a-3b4f-3c5d-8e6f-000000000001", "acc-1", 1L, T0, "cmd-1", "kunde-ä-東京", "EUR", ALICE, "op-1"));
        records.add(new Deposited("e-2", "acc-1", 2L, T0.plusMillis(1), "cmd-2", 1_000_000_000_000L, "EUR", 1_000_000_000_000L, PAYROLL, null));
        records.add(new Withdrawn("e-3", "acc-1", 3L, T0, "cmd-3", 400L, "EUR", 600L, null, null));
        records.add(new Withdrawn("e-4", "a".repeat(64), Long.MAX_VALUE, Instant.ofEpochMilli(0), "cmd-4", 1L, "JPY", 0L, null, "op-ü 1"));
        records.add(new AccountClosed("e-5", "acc-1", 4L, T0, "cmd-5", "EUR", 0L, "moved \"abroad\"\nfor good",
                new Initiator("teller 7", "branch-12"), "op-2"));
        records.add(new AccountClosed("e-6", "acc-9", 2L, T0, "cmd-6", "JPY", 0L, null, null, null));
        records.add(new AccountCommand("cmd-1", "acc-1", "key-1", "ab12", "instance-a", null, T0, new OpenAccount("customer-42", "EUR"),
                ALICE, ActingAs.CUSTOMER, T0.plusSeconds(30), "op-1"));
        records.add(new AccountCommand("cmd-2", "acc-1", null, "cd34", "instance-a", 1L, T0, new Deposit(1_000L, "EUR"), null, null, null, null));
        records.add(new AccountCommand("cmd-3", "acc-1", null, "ef56", "instance-b", Long.MIN_VALUE, T0, new Withdraw(400L, null),
                PAYROLL, null, null, null));
        records.add(new AccountCommand("cmd-5", "acc-1", "close-1", "0a0b", "instance-a", 3L, T0, new CloseAccount("moved"),
                new Initiator("teller 7", "branch-12"), ActingAs.TELLER, Instant.ofEpochMilli(Long.MAX_VALUE), "op-2"));
        records.add(new AccountCommand("cmd-6", "acc-9", null, "0c0d", "instance-b", null, T0, new CloseAccount(null), null, null, null, null));
        records.add(new CommandResult("cmd-2", Outcome.ACCEPTED, null, "acc-1", "event-2", 2L, 1_000L, "EUR", "customer-42", false, null));
        records.add(new CommandResult("cmd-4", Outcome.IDEMPOTENCY_KEY_REUSED, "same key, other body", "acc-1", null, null, null, null, null, true, null));
        for (Outcome outcome : List.of(Outcome.ACCOUNT_CLOSED, Outcome.BALANCE_NOT_ZERO, Outcome.TRANSFERS_IN_FLIGHT, Outcome.EXPIRED,
                Outcome.TRANSFER_REVERSED, Outcome.SAME_ACCOUNT)) {
            records.add(new CommandResult("cmd-7", outcome, outcome.name(), "acc-1", null, 4L, null, null, null, false, null));
        }
        // contract v3: a transfer of 100 EUR from acc-1 to acc-2, its events, command, results and instructions
        records.add(new TransferDebited("e-8", "acc-1", 5L, T0, "cmd-8", 100L, "EUR", 500L, ALICE, TRANSFER_ID, "acc-2", "rent \"11/2026\" ü"));
        records.add(new TransferDebited("e-9", "acc-1", 6L, T0, "cmd-9", 1_000_000_000_000L, "EUR", 0L, null, TRANSFER_ID, "acc-2", null));
        records.add(new TransferCredited("e-10", "acc-2", 2L, T0.plusMillis(5), "cmd-8", 100L, "EUR", 100L, PAYROLL, TRANSFER_ID, "acc-1", 5L));
        for (TransferReversalReason reason : TransferReversalReason.values()) {
            records.add(new TransferReversed("e-11", "acc-1", 7L, T0.plusMillis(9), "cmd-9", 1_000_000_000_000L, "EUR", 1_000_000_000_000L,
                    null, TRANSFER_ID, "acc-9", 6L, reason));
        }
        records.add(new AccountCommand("cmd-8", "acc-1", "key-8", "0e0f", "instance-a", null, T0,
                new Transfer(TRANSFER_ID, "acc-2", 100L, "EUR", "rent"), ALICE, ActingAs.CUSTOMER, T0.plusSeconds(30), TRANSFER_ID));
        records.add(new AccountCommand("cmd-9", "acc-1", null, "0f10", "instance-b", null, T0,
                new Transfer(TRANSFER_ID, "acc-2", 1L, null, null), null, null, null, null));
        TransferOutcome pending = new TransferOutcome(TRANSFER_ID, "acc-1", "acc-2", 100L, "EUR", 5L, null, null, null);
        records.add(new CommandResult("cmd-8", Outcome.TRANSFER_PENDING, null, "acc-1", "e-8", 5L, 500L, "EUR", null, false, pending));
        records.add(new CommandResult("cmd-8", Outcome.ACCEPTED, null, "acc-1", "e-8", 5L, 500L, "EUR", null, false,
                TransferOutcome.newBuilder(pending).setCreditVersion(2L).build()));
        records.add(new CommandResult("cmd-8", Outcome.TRANSFER_REVERSED, "acc-2 is closed", "acc-1", "e-11", 6L, 600L, "EUR", null, true,
                TransferOutcome.newBuilder(pending).setReversalVersion(6L).setReversalReason(TransferReversalReason.PAYEE_CLOSED).build()));
        for (TransferInstructionKind kind : TransferInstructionKind.values()) {
            records.add(new TransferInstruction(kind, TRANSFER_ID, "acc-1", "acc-2", 100L, "EUR", 5L, T0, "cmd-8", "instance-a",
                    kind == TransferInstructionKind.REVERSE ? null : ALICE,
                    kind == TransferInstructionKind.REVERSE ? TransferReversalReason.PAYEE_NOT_FOUND : null,
                    kind == TransferInstructionKind.REVERSE ? "no account acc-2" : null,
                    kind == TransferInstructionKind.CREDITED ? 2L : null));
        }
        records.add(new AccountBalance("acc-1", 600L, "EUR", 3L, T0, AccountStatus.OPEN));
        records.add(new AccountBalance("acc-1", 0L, "EUR", 4L, T0, AccountStatus.CLOSED));
        return records;
    }

    static final String TRANSFER_ID = "4f2a9c1e-7b3d-5e8f-9a0b-1c2d3e4f5a6b";

    /** One record of every type a v1 writer can write (nothing only v2 can carry), with both branches of each union. */
    static List<SpecificRecord> everyRecordTypeInV1() {
        List<SpecificRecord> records = new ArrayList<>();
        records.add(new AccountOpened("7e9d2c1a-3b4f-3c5d-8e6f-000000000001", "acc-1", 1L, T0, "cmd-1", "kunde-ä-東京", "EUR", null, null));
        records.add(new Deposited("e-2", "acc-1", 2L, T0.plusMillis(1), "cmd-2", 1_000_000_000_000L, "EUR", 1_000_000_000_000L, null, null));
        records.add(new Withdrawn("e-4", "a".repeat(64), Long.MAX_VALUE, Instant.ofEpochMilli(0), "cmd-4", 1L, "JPY", 0L, null, null));
        records.add(new AccountCommand("cmd-1", "acc-1", "key-1", "ab12", "instance-a", null, T0, new OpenAccount("customer-42", "EUR"),
                null, null, null, null));
        records.add(new AccountCommand("cmd-2", "acc-1", null, "cd34", "instance-a", 1L, T0, new Deposit(1_000L, "EUR"), null, null, null, null));
        records.add(new AccountCommand("cmd-3", "acc-1", null, "ef56", "instance-b", Long.MIN_VALUE, T0, new Withdraw(400L, null),
                null, null, null, null));
        records.add(new CommandResult("cmd-2", Outcome.ACCEPTED, null, "acc-1", "event-2", 2L, 1_000L, "EUR", "customer-42", false, null));
        records.add(new CommandResult("cmd-4", Outcome.IDEMPOTENCY_KEY_REUSED, "same key, other body", "acc-1", null, null, null, null, null, true, null));
        records.add(new AccountBalance("acc-1", 600L, "EUR", 3L, T0, AccountStatus.OPEN));
        return records;
    }

    static byte[] serialize(SpecificRecord record) {
        return serialize(SERDES, record);
    }

    static byte[] serializeV1(SpecificRecord record) {
        byte[] bytes = serialize(V1_SERDES, record);
        assertThat(CATALOG.versionOf(fingerprintOf(bytes))).as("written by the pinned writer: %s", record).contains(1);
        return bytes;
    }

    private static byte[] serialize(BankSerdes serdes, SpecificRecord record) {
        if (record instanceof AccountCommand command) {
            return serdes.command().serializer().serialize("t", command);
        }
        if (record instanceof CommandResult result) {
            return serdes.result().serializer().serialize("t", result);
        }
        if (record instanceof AccountBalance balance) {
            return serdes.balance().serializer().serialize("t", balance);
        }
        if (record instanceof TransferInstruction instruction) {
            return serdes.instruction().serializer().serialize("t", instruction);
        }
        return serdes.event().serializer().serialize("t", record);
    }

    /** What {@code ./bank tail} prints for these bytes: decoded by today's Java reader, formatted by {@link EventLine}. */
    static String tailLine(byte[] bytes) {
        return EventLine.format(SERDES.event().deserializer().deserialize("t", bytes));
    }

    private interface Writer {
        byte[] write(SpecificRecord record);
    }

    /** The records written by {@code writer} and decoded by Python, one JSON object each, in order. */
    private static List<JsonNode> decodeAll(List<SpecificRecord> records, Writer writer) throws Exception {
        Run run = python(List.of(), hexLines(records.stream().map(writer::write).toList()));
        assertThat(run.exitCode).as(run.err).isZero();
        List<JsonNode> decoded = run.out.lines().map(PythonDecoderTest::readJson).toList();
        assertThat(decoded).hasSameSizeAs(records);
        return decoded;
    }

    /** The record in the Avro specification's JSON encoding, written by Avro's own Java encoder. */
    static JsonNode avroJson(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), out);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema(), SpecificData.getForClass(record.getClass())).write(record, encoder);
        encoder.flush();
        return JSON.readTree(out.toByteArray());
    }

    /**
     * {@code json}, a record of schema {@code newest}, with only the top-level fields {@code older} has; the others
     * must hold their default (what a reader of {@code older}'s data sees in them).
     */
    static JsonNode onlyFieldsOf(Schema older, Schema newest, JsonNode json) {
        ObjectNode copy = json.deepCopy();
        for (Schema.Field field : newest.getFields()) {
            if (older.getField(field.name()) == null) {
                JsonNode expectedDefault = field.defaultVal() == JsonProperties.NULL_VALUE ? NullNode.getInstance() : JSON.valueToTree(field.defaultVal());
                assertThat(copy.get(field.name())).as("%s at its default: v1 of %s cannot carry it", field.name(), older.getFullName())
                        .isEqualTo(expectedDefault);
                copy.remove(field.name());
            }
        }
        return copy;
    }

    /**
     * The value as Avro's Java library reads it with the writer schema named in its header (generic, so no
     * resolution to today's classes), in the Avro JSON encoding.
     */
    static JsonNode writerJson(byte[] bytes) throws IOException {
        Schema writer = CATALOG.byFingerprint(fingerprintOf(bytes)).orElseThrow();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 10, bytes.length - 10, null);
        Object datum = new GenericDatumReader<>(writer).read(null, decoder);
        assertThat(decoder.isEnd()).as("every byte of the body read").isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(writer, out);
        new GenericDatumWriter<>(writer).write(datum, encoder);
        encoder.flush();
        return JSON.readTree(out.toByteArray());
    }

    static long fingerprintOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static String hex(long fingerprint) {
        return "0x" + HexFormat.of().toHexDigits(fingerprint);
    }

    static String hexLines(List<byte[]> values) {
        StringBuilder hex = new StringBuilder();
        values.forEach(value -> hex.append(HexFormat.of().formatHex(value)).append('\n'));
        return hex.toString();
    }

    private static JsonNode readJson(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    static Run python(List<String> args, String stdin) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), "--catalog", RepoRoot.catalog().toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("python3 finished within 30 s").isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static boolean pythonAvailable() {
        try {
            Process process = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

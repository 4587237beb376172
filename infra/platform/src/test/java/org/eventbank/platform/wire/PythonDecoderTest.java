package org.eventbank.platform.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.platform.RepoRoot;
import org.eventbank.schemas.avro.AccountBalance;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Deposit;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.OpenAccount;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.Withdraw;
import org.eventbank.schemas.avro.Withdrawn;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves docs/examples/python/decode_events.py, a decoder written from the Avro specification with
 * only the Python standard library, reads exactly what the Java serdes write: the same fingerprints
 * for every catalog schema, and every field of every record type.
 */
class PythonDecoderTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final BankSerdes SERDES = BankSerdes.singleObject();

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
                expected.put(schema.getFullName() + " " + version, "0x" + HexFormat.of().toHexDigits(SchemaCatalog.fingerprint(schema)));
            }
        }

        Run run = python(List.of("--print-fingerprints"), "");

        assertThat(run.exitCode).as(run.err).isZero();
        Map<String, String> actual = new LinkedHashMap<>();
        run.out.lines().forEach(line -> actual.put(line.substring(0, line.lastIndexOf(' ')), line.substring(line.lastIndexOf(' ') + 1)));
        assertThat(expected).hasSizeGreaterThanOrEqualTo(6);
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void shouldDecodeEveryRecordTypeToTheFieldsItWasWrittenWith() throws Exception {
        List<SpecificRecord> records = everyRecordType();
        StringBuilder hex = new StringBuilder();
        for (SpecificRecord record : records) {
            hex.append(HexFormat.of().formatHex(serialize(record))).append('\n');
        }

        Run run = python(List.of(), hex.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        List<String> lines = run.out.lines().toList();
        assertThat(lines).hasSameSizeAs(records);
        for (int i = 0; i < records.size(); i++) {
            SpecificRecord record = records.get(i);
            JsonNode decoded = JSON.readTree(lines.get(i));
            assertThat(decoded.get("schema").asText()).isEqualTo(record.getSchema().getFullName());
            assertThat(decoded.get("version").asText()).isEqualTo("v1");
            assertThat(decoded.get("fingerprint").asText()).isEqualTo("0x" + HexFormat.of().toHexDigits(SchemaCatalog.fingerprint(record.getSchema())));
            assertThat(decoded.get("value")).as("record %d, %s", i, record).isEqualTo(avroJson(record));
        }
        JsonNode withdrawal = JSON.readTree(lines.get(2)).get("value");
        assertThat(withdrawal.get("amountMinor").asLong()).isEqualTo(400L);
        assertThat(withdrawal.get("balanceAfterMinor").asLong()).isEqualTo(600L);
        assertThat(withdrawal.get("occurredAt").asLong()).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void shouldStopAtAValueWhoseWriterSchemaIsUnknown() throws Exception {
        byte[] good = serialize(new AccountBalance("acc-1", 1L, "EUR", 1L, T0));
        byte[] unknown = good.clone();
        unknown[2] ^= 0x01;

        Run run = python(List.of(), HexFormat.of().formatHex(good) + "\n" + HexFormat.of().formatHex(unknown) + "\n" + HexFormat.of().formatHex(good) + "\n");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.out.lines()).hasSize(1);
        assertThat(run.err).contains("STOPPED at input line 2").contains("no released schema has fingerprint");
    }

    @Test
    void shouldStopAtATruncatedBodyAndAtTrailingBytes() throws Exception {
        byte[] good = serialize(new Withdrawn("e", "acc-1", 3L, T0, "c", 400L, "EUR", 600L));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);

        Run truncatedRun = python(List.of(), HexFormat.of().formatHex(truncated) + "\n");
        Run trailingRun = python(List.of(), HexFormat.of().formatHex(trailing) + "\n");

        assertThat(truncatedRun.exitCode).isEqualTo(2);
        assertThat(truncatedRun.err).contains("truncated body");
        assertThat(trailingRun.exitCode).isEqualTo(2);
        assertThat(trailingRun.err).contains("1 trailing bytes");
    }

    /** One record of every type on every topic, with both branches of each union and values at the edges of their ranges. */
    static List<SpecificRecord> everyRecordType() {
        List<SpecificRecord> records = new ArrayList<>();
        records.add(new AccountOpened("7e9d2c1a-3b4f-3c5d-8e6f-000000000001", "acc-1", 1L, T0, "cmd-1", "kunde-ä-東京", "EUR"));
        records.add(new Deposited("e-2", "acc-1", 2L, T0.plusMillis(1), "cmd-2", 1_000_000_000_000L, "EUR", 1_000_000_000_000L));
        records.add(new Withdrawn("e-3", "acc-1", 3L, T0, "cmd-3", 400L, "EUR", 600L));
        records.add(new Withdrawn("e-4", "a".repeat(64), Long.MAX_VALUE, Instant.ofEpochMilli(0), "cmd-4", 1L, "JPY", 0L));
        records.add(new AccountCommand("cmd-1", "acc-1", "key-1", "ab12", "instance-a", null, T0, new OpenAccount("customer-42", "EUR")));
        records.add(new AccountCommand("cmd-2", "acc-1", null, "cd34", "instance-a", 1L, T0, new Deposit(1_000L, "EUR")));
        records.add(new AccountCommand("cmd-3", "acc-1", null, "ef56", "instance-b", Long.MIN_VALUE, T0, new Withdraw(400L, null)));
        records.add(new CommandResult("cmd-2", Outcome.ACCEPTED, null, "acc-1", "event-2", 2L, 1_000L, "EUR", "customer-42", false));
        records.add(new CommandResult("cmd-4", Outcome.IDEMPOTENCY_KEY_REUSED, "same key, other body", "acc-1", null, null, null, null, null, true));
        records.add(new AccountBalance("acc-1", 600L, "EUR", 3L, T0));
        return records;
    }

    @SuppressWarnings("unchecked")
    static byte[] serialize(SpecificRecord record) {
        if (record instanceof AccountCommand command) {
            return SERDES.command().serializer().serialize("t", command);
        }
        if (record instanceof CommandResult result) {
            return SERDES.result().serializer().serialize("t", result);
        }
        if (record instanceof AccountBalance balance) {
            return SERDES.balance().serializer().serialize("t", balance);
        }
        return SERDES.event().serializer().serialize("t", record);
    }

    /** The record in the Avro specification's JSON encoding, written by Avro's own Java encoder. */
    static JsonNode avroJson(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), out);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema(), SpecificData.getForClass(record.getClass())).write(record, encoder);
        encoder.flush();
        return JSON.readTree(out.toByteArray());
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

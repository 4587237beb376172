package org.eventbank.schemas.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
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
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden bytes (issue 12): every file under {@code src/test/resources/golden/v<N>/} holds one record
 * exactly as a released writer put it on a topic (Avro single-object encoding, written with version N
 * of that record's schema). The ledger keeps records forever, so every build must still read them.
 *
 * <p>For every file found (a new version folder is picked up without editing this class) the test
 * checks that the header carries the catalog's fingerprint of version N of the record, that the
 * current {@link BankSerdes#singleObject()} deserializer of the record's topic decodes it to the
 * facts below, and that a writer pinned to version N writes exactly these bytes again. Every v1 file
 * must be there.
 *
 * <p>The facts are written out literally because they describe frozen bytes: never edit one, and never
 * derive them from {@code SampleRecords} or other fixtures that may change. A file name names the
 * variant; files of the same variant in later version folders hold the same facts (a field added with
 * a default is filled in by the builder). New files are written by {@link WriteGoldenFiles}, never by
 * hand, and an existing golden file is never rewritten.
 */
class GoldenBytesTest {

    private static final BankSerdes SERDES = BankSerdes.singleObject();
    private static final SchemaCatalog CATALOG = SchemaCatalog.builtIn();
    private static final int HEADER_LENGTH = 10;

    /** What every golden file of each variant holds, by file name. Frozen: add variants, never edit one. */
    static final Map<String, SpecificRecord> FACTS = facts();

    private static Map<String, SpecificRecord> facts() {
        Map<String, SpecificRecord> facts = new LinkedHashMap<>();
        facts.put("AccountOpened.bin", AccountOpened.newBuilder()
                .setEventId("6f1d2a3b-4c5d-3e6f-8a7b-9c0d1e2f3a4b")
                .setAccountId("acc-golden.v1_01")
                .setVersion(1L)
                .setOccurredAt(Instant.parse("2026-11-23T10:15:30.123Z"))
                .setCommandId("0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a")
                .setOwner("kunde-Ä-😀")
                .setCurrency("EUR")
                .build());
        facts.put("Deposited.bin", Deposited.newBuilder()
                .setEventId("7a2e3b4c-5d6e-3f7a-9b8c-0d1e2f3a4b5c")
                .setAccountId("acc-golden.v1_01")
                .setVersion(9_223_371L)
                .setOccurredAt(Instant.parse("2026-11-23T10:15:31.456Z"))
                .setCommandId("1e0f9a8b-7c6d-4e5f-8a3b-2c1d0e9f8a7b")
                .setAmountMinor(1_000_000_000_000L)
                .setCurrency("EUR")
                .setBalanceAfterMinor(9_223_372_036_854_775_807L)
                .build());
        facts.put("Withdrawn.bin", Withdrawn.newBuilder()
                .setEventId("8b3f4c5d-6e7f-3a8b-8c9d-1e2f3a4b5c6d")
                .setAccountId("acc-golden.v1_01")
                .setVersion(9_223_372L)
                .setOccurredAt(Instant.parse("2026-11-23T10:15:32.789Z"))
                .setCommandId("2f1a0b9c-8d7e-4f6a-9b4c-3d2e1f0a9b8c")
                .setAmountMinor(999_999_999_999L)
                .setCurrency("EUR")
                .setBalanceAfterMinor(9_223_371_036_854_775_808L)
                .build());
        facts.put("AccountCommand-open.bin", AccountCommand.newBuilder()
                .setCommandId("0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a")
                .setAccountId("acc-golden.v1_01")
                .setIdempotencyKey("open-2026-11-23-Ä")
                .setBodyHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .setReplyTo("account-service-0")
                .setExpectedVersion(null)
                .setIssuedAt(Instant.parse("2026-11-23T10:15:30.001Z"))
                .setPayload(OpenAccount.newBuilder().setOwner("kunde-Ä-😀").setCurrency("EUR").build())
                .build());
        facts.put("AccountCommand-deposit.bin", AccountCommand.newBuilder()
                .setCommandId("1e0f9a8b-7c6d-4e5f-8a3b-2c1d0e9f8a7b")
                .setAccountId("acc-golden.v1_01")
                .setIdempotencyKey("dep-0001")
                .setBodyHash("60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752")
                .setReplyTo("account-service-1")
                .setExpectedVersion(9_223_370L)
                .setIssuedAt(Instant.parse("2026-11-23T10:15:31.400Z"))
                .setPayload(Deposit.newBuilder().setAmountMinor(1_000_000_000_000L).setCurrency("EUR").build())
                .build());
        facts.put("AccountCommand-withdraw.bin", AccountCommand.newBuilder()
                .setCommandId("2f1a0b9c-8d7e-4f6a-9b4c-3d2e1f0a9b8c")
                .setAccountId("acc-golden.v1_01")
                .setIdempotencyKey(null)
                .setBodyHash("fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13")
                .setReplyTo("account-service-0")
                .setExpectedVersion(null)
                .setIssuedAt(Instant.parse("2026-11-23T10:15:32.700Z"))
                .setPayload(Withdraw.newBuilder().setAmountMinor(999_999_999_999L).setCurrency(null).build())
                .build());
        facts.put("CommandResult-accepted.bin", CommandResult.newBuilder()
                .setCommandId("0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a")
                .setOutcome(Outcome.ACCEPTED)
                .setDetail(null)
                .setAccountId("acc-golden.v1_01")
                .setEventId("6f1d2a3b-4c5d-3e6f-8a7b-9c0d1e2f3a4b")
                .setVersion(1L)
                .setBalanceMinor(0L)
                .setCurrency("EUR")
                .setOwner("kunde-Ä-😀")
                .setReplayed(false)
                .build());
        facts.put("CommandResult-rejected.bin", CommandResult.newBuilder()
                .setCommandId("3a2b1c0d-9e8f-4a7b-8c5d-4e3f2a1b0c9d")
                .setOutcome(Outcome.VERSION_CONFLICT)
                .setDetail("expected version 9223370, the account is at 9223372 – ändern Sie es erneut")
                .setAccountId("acc-golden.v1_01")
                .setEventId(null)
                .setVersion(9_223_372L)
                .setBalanceMinor(null)
                .setCurrency("EUR")
                .setOwner(null)
                .setReplayed(true)
                .build());
        facts.put("AccountBalance.bin", AccountBalance.newBuilder()
                .setAccountId("acc-golden.v1_01")
                .setBalanceMinor(9_223_371_036_854_775_808L)
                .setCurrency("EUR")
                .setVersion(9_223_372L)
                .setUpdatedAt(Instant.parse("2026-11-23T10:15:32.789Z"))
                .build());
        return Map.copyOf(facts);
    }

    @Test
    void shouldHaveEveryV1File() {
        Path v1 = GoldenFolder.root().resolve("v1");
        List<String> missing = FACTS.keySet().stream().filter(name -> !Files.isRegularFile(v1.resolve(name))).sorted().toList();
        assertThat(missing).as("golden files missing from %s (write them with WriteGoldenFiles, never by hand)", v1).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> shouldReadEveryGoldenFileAsItsFactsAndWriteTheSameBytes() {
        return GoldenFolder.files().stream().map(file -> DynamicTest.dynamicTest(
                GoldenFolder.root().relativize(file).toString(), () -> checkGoldenFile(file)));
    }

    private static void checkGoldenFile(Path file) throws IOException {
        String name = file.getFileName().toString();
        int version = GoldenFolder.versionOf(file.getParent());
        SpecificRecord facts = FACTS.get(name);
        if (facts == null) {
            fail("%s has no expected facts: add them to GoldenBytesTest.FACTS (then write the file with WriteGoldenFiles)", file);
        }
        String fullName = facts.getSchema().getFullName();
        List<Schema> versions = CATALOG.versionsOf(fullName);
        assertThat(versions.size()).as("released versions of %s", fullName).isGreaterThanOrEqualTo(version);
        Schema writer = versions.get(version - 1);
        byte[] bytes = Files.readAllBytes(file);

        assertThat(bytes.length).as("length of %s", file).isGreaterThan(HEADER_LENGTH);
        assertThat(new byte[] {bytes[0], bytes[1]}).as("single-object marker of %s", file).containsExactly(0xC3, 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(Long.toHexString(fingerprint)).as("fingerprint in the header of %s: %s v%d", file, fullName, version)
                .isEqualTo(Long.toHexString(SchemaCatalog.fingerprint(writer)));

        SpecificRecord decoded = familyOf(facts).deserializer().deserialize("golden", bytes);
        assertThat(decoded).as("%s decoded by today's reader", file).isEqualTo(facts);

        // The bytes today's code writes for the same facts when its family is pinned to version N
        // (BANK_<FAMILY>_SCHEMA_VERSION=N): for the newest version that is the plain writer.
        Family family = Family.of(fullName).orElseThrow();
        BankSerdes pinned = BankSerdes.singleObject(CATALOG, WriterVersions.pinned(Map.of(family, version)), Map.of());
        assertThat(serdeOf(pinned, facts).serializer().serialize("golden", facts))
                .as("%s re-encoded by today's writer pinned to v%d", file, version).isEqualTo(bytes);
    }

    /** The serde of the topic the record travels on: the events, commands, results or balances topic. */
    static Serde<SpecificRecord> familyOf(SpecificRecord facts) {
        return serdeOf(SERDES, facts);
    }

    @SuppressWarnings("unchecked")
    static Serde<SpecificRecord> serdeOf(BankSerdes serdes, SpecificRecord facts) {
        Serde<?> serde;
        if (BankSerdes.EVENT_TYPES.contains(facts.getClass())) {
            serde = serdes.event();
        } else if (facts instanceof AccountCommand) {
            serde = serdes.command();
        } else if (facts instanceof CommandResult) {
            serde = serdes.result();
        } else if (facts instanceof AccountBalance) {
            serde = serdes.balance();
        } else {
            throw new IllegalArgumentException("no topic carries " + facts.getClass());
        }
        return (Serde<SpecificRecord>) serde;
    }

    /** Today's serializer of the record's topic. */
    static byte[] serialize(SpecificRecord facts) {
        return familyOf(facts).serializer().serialize("golden", facts);
    }
}

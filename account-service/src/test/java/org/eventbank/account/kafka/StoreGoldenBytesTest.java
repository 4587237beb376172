package org.eventbank.account.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.AccountStatus;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.TransferOutcome;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.eventbank.schemas.golden.GoldenFolder;
import org.eventbank.schemas.golden.StoreGolden;
import org.eventbank.schemas.serde.BankSerdes;
import org.eventbank.schemas.serde.WriterVersions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden bytes of the account processor's stores (issue 12): the "accounts" and "idempotency" store
 * values live in changelogs that other instances restore, so bytes written by a released build must be
 * read by every later one. Every file under {@code src/test/resources/golden/v<N>/} holds one store value
 * in format N (its first byte); a new format folder is picked up without editing this class.
 *
 * <p>For every file: byte 0 is the folder's format, today's serde decodes it to the facts below, and
 * today's serde, writing that format, writes exactly these bytes again. Every format-1 file must be there.
 * The facts are written out literally because they describe frozen bytes: never change what one says.
 * New files are written by {@link WriteStoreGoldenFiles}, never by hand, and an existing golden file is
 * never rewritten.
 *
 * <p>The idempotency entry kept its layout (format 1) in contract v2: the result inside is versioned by its
 * own Avro fingerprint, written in the settled results version. So an entry holding a v2-only outcome is a
 * format-1 file ({@code v1/IdempotencyEntry-results-v2-*.bin}), while the v1 entries are re-encoded with a
 * results writer pinned to v1, as the v1 release wrote them.
 */
class StoreGoldenBytesTest {

    /** Every variant of format 1, frozen: add variants, never change one. */
    static final List<StoreGolden<?>> FORMAT_1 = List.of(
            new StoreGolden<>("IdempotencyEntry-accepted.bin", idempotencySerde(1), new IdempotencyEntry(
                    "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
                    CommandResult.newBuilder()
                            .setCommandId("1e0f9a8b-7c6d-4e5f-8a3b-2c1d0e9f8a7b")
                            .setOutcome(Outcome.ACCEPTED)
                            .setDetail(null)
                            .setAccountId("acc-golden.v1_01")
                            .setEventId("7a2e3b4c-5d6e-3f7a-9b8c-0d1e2f3a4b5c")
                            .setVersion(9_223_371L)
                            .setBalanceMinor(9_223_372_036_854_775_807L)
                            .setCurrency("EUR")
                            .setOwner(null)
                            .setReplayed(false)
                            .build(),
                    Instant.parse("2026-11-24T10:15:31.456Z"))),
            new StoreGolden<>("IdempotencyEntry-rejected.bin", idempotencySerde(1), new IdempotencyEntry(
                    "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13",
                    CommandResult.newBuilder()
                            .setCommandId("3a2b1c0d-9e8f-4a7b-8c5d-4e3f2a1b0c9d")
                            .setOutcome(Outcome.INSUFFICIENT_FUNDS)
                            .setDetail("balance 600 is less than 999999999999 – Guthaben zu gering 😀")
                            .setAccountId("acc-golden.v1_02")
                            .setEventId(null)
                            .setVersion(3L)
                            .setBalanceMinor(null)
                            .setCurrency("EUR")
                            .setOwner(null)
                            .setReplayed(true)
                            .build(),
                    Instant.parse("2026-11-24T10:15:32.789Z"))),
            new StoreGolden<>("AccountState-open.bin", new AccountStateSerde(AccountStateSerde.FORMAT_V1), new AccountState(
                    AccountStatus.OPEN, "kunde-Ä-😀", "EUR", 9_223_372_036_854_775_807L, 9_223_371L,
                    Instant.parse("2026-11-23T10:15:31.456Z"), 0)),
            new StoreGolden<>("AccountState-initial.bin", new AccountStateSerde(AccountStateSerde.FORMAT_V1), new AccountState(
                    AccountStatus.NONE, null, null, 0L, 0L, Instant.parse("1970-01-01T00:00:00Z"), 0)),
            new StoreGolden<>("IdempotencyEntry-results-v2-balance-not-zero.bin", idempotencySerde(2), new IdempotencyEntry(
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                    CommandResult.newBuilder()
                            .setCommandId("8c7b6a5f-4e3d-4c2b-9a1f-0e9d8c7b6a5f")
                            .setOutcome(Outcome.BALANCE_NOT_ZERO)
                            .setDetail("the balance is 9223372036854775807, not 0; withdraw it first – Restguthaben 😀")
                            .setAccountId("acc-golden.v2_01")
                            .setEventId(null)
                            .setVersion(9_223_372L)
                            .setBalanceMinor(null)
                            .setCurrency("EUR")
                            .setOwner(null)
                            .setReplayed(false)
                            .build(),
                    Instant.parse("2026-11-30T09:00:01.234Z"))),
            // The transfers-out store (contract v3, decision 0016) starts at its format 1, holding a results-v3 pending result.
            new StoreGolden<>("OutgoingTransfer-pending-with-key.bin", outgoingTransferSerde(3), new OutgoingTransfer(
                    CommandResult.newBuilder()
                            .setCommandId("5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a")
                            .setOutcome(Outcome.TRANSFER_PENDING)
                            .setDetail(null)
                            .setAccountId("acc-golden.v3_01")
                            .setEventId("2b3c4d5e-6f7a-3b8c-9d0e-1f2a3b4c5d6e")
                            .setVersion(9_223_372L)
                            .setBalanceMinor(9_223_372_036_854_775_806L)
                            .setCurrency("EUR")
                            .setOwner("kunde-Ä-😀")
                            .setReplayed(false)
                            .setTransfer(TransferOutcome.newBuilder()
                                    .setTransferId("0c1d2e3f-4a5b-3c6d-8e7f-9a0b1c2d3e4f")
                                    .setFromAccountId("acc-golden.v3_01")
                                    .setToAccountId("acc-golden.v3_02")
                                    .setAmountMinor(1_000_000_000_000L)
                                    .setCurrency("EUR")
                                    .setDebitVersion(9_223_372L)
                                    .setCreditVersion(null)
                                    .setReversalVersion(null)
                                    .setReversalReason(null)
                                    .build())
                            .build(),
                    Optional.of("acc-golden.v3_01/kunde-Ä-😀/Überweisung-1"))),
            new StoreGolden<>("OutgoingTransfer-pending-without-key.bin", outgoingTransferSerde(3), new OutgoingTransfer(
                    CommandResult.newBuilder()
                            .setCommandId("6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b")
                            .setOutcome(Outcome.TRANSFER_PENDING)
                            .setDetail(null)
                            .setAccountId("acc-golden.v3_03")
                            .setEventId("3c4d5e6f-7a8b-3c9d-8e0f-1a2b3c4d5e6f")
                            .setVersion(2L)
                            .setBalanceMinor(0L)
                            .setCurrency("JPY")
                            .setOwner("owner-3")
                            .setReplayed(false)
                            .setTransfer(TransferOutcome.newBuilder()
                                    .setTransferId("1d2e3f4a-5b6c-3d7e-8f9a-0b1c2d3e4f5a")
                                    .setFromAccountId("acc-golden.v3_03")
                                    .setToAccountId("acc-golden.v3_04")
                                    .setAmountMinor(1L)
                                    .setCurrency("JPY")
                                    .setDebitVersion(2L)
                                    .setCreditVersion(null)
                                    .setReversalVersion(null)
                                    .setReversalReason(null)
                                    .build())
                            .build(),
                    Optional.empty())));

    /** Every variant of format 2 (contract v2: CLOSED and the transfers in flight), frozen: add variants, never change one. */
    static final List<StoreGolden<?>> FORMAT_2 = List.of(
            new StoreGolden<>("AccountState-closed.bin", new AccountStateSerde(AccountStateSerde.FORMAT_V2), new AccountState(
                    AccountStatus.CLOSED, "kunde-Ä-😀", "EUR", 0L, 9_223_372L, Instant.parse("2026-11-30T09:00:00.001Z"), 0)),
            new StoreGolden<>("AccountState-open-transfers-in-flight.bin", new AccountStateSerde(AccountStateSerde.FORMAT_V2),
                    new AccountState(AccountStatus.OPEN, "owner-2", "JPY", 9_223_372_036_854_775_807L, 42L,
                            Instant.parse("2026-11-30T09:00:02.345Z"), 2_147_483_647)));

    /**
     * Every variant of format 3 (contract v3: the sum of the outgoing transfers in flight), frozen: add variants, never
     * change one. File names are unique across the folders: a file's facts are found by its name.
     */
    static final List<StoreGolden<?>> FORMAT_3 = List.of(
            new StoreGolden<>("AccountState-open-amount-in-flight.bin", new AccountStateSerde(AccountStateSerde.FORMAT_V3),
                    new AccountState(AccountStatus.OPEN, "kunde-Ä-😀", "EUR", 9_223_372_036_854_775_806L, 9_223_372L,
                            Instant.parse("2026-11-30T23:00:00.123Z"), 1, 1L)),
            new StoreGolden<>("AccountState-open-many-in-flight.bin", new AccountStateSerde(AccountStateSerde.FORMAT_V3),
                    new AccountState(AccountStatus.OPEN, "owner-3", "JPY", 0L, 43L, Instant.parse("2026-11-30T23:00:01.456Z"),
                            2_147_483_647, 9_223_372_036_854_775_807L)),
            new StoreGolden<>("AccountState-closed-amounts-kept.bin", new AccountStateSerde(AccountStateSerde.FORMAT_V3), new AccountState(
                    AccountStatus.CLOSED, "kunde-Ä-😀", "EUR", 0L, 9_223_373L, Instant.parse("2026-11-30T23:00:02.789Z"), 0, 0L)));

    /** Every variant of every format: what the writer main writes from and the per-file tests check against. */
    static final List<StoreGolden<?>> GOLDEN = Stream.of(FORMAT_1, FORMAT_2, FORMAT_3).flatMap(List::stream).toList();

    /** The idempotency serde with its results written in {@code resultsVersion}, as a release settled on it writes them. */
    private static IdempotencyEntrySerde idempotencySerde(int resultsVersion) {
        return new IdempotencyEntrySerde(BankSerdes.singleObject(SchemaCatalog.builtIn(),
                WriterVersions.pinned(Map.of(Family.RESULTS, resultsVersion)), Map.of()).result());
    }

    /** The transfers-out store's values, with the pending result inside written by a results writer on v3. */
    private static OutgoingTransferSerde outgoingTransferSerde(int resultsVersion) {
        return new OutgoingTransferSerde(BankSerdes.singleObject(SchemaCatalog.builtIn(),
                WriterVersions.pinned(Map.of(Family.RESULTS, resultsVersion)), Map.of()).result());
    }

    @Test
    void shouldHaveEveryV1File() {
        StoreGolden.assertEveryV1File(FORMAT_1, "WriteStoreGoldenFiles");
    }

    /** The per-file tests walk the files, so a variant whose file was never written would pass unnoticed without this. */
    @Test
    void shouldHaveEveryFormat2FileInV2() {
        Path v2 = GoldenFolder.root().resolve("v2");
        assertThat(FORMAT_2).extracting(StoreGolden::file).allSatisfy(name ->
                assertThat(v2.resolve(name)).as("write it with WriteStoreGoldenFiles, never by hand").isRegularFile());
    }

    @Test
    void shouldHaveEveryFormat3FileInV3() {
        Path v3 = GoldenFolder.root().resolve("v3");
        assertThat(FORMAT_3).extracting(StoreGolden::file).allSatisfy(name ->
                assertThat(v3.resolve(name)).as("write it with WriteStoreGoldenFiles, never by hand").isRegularFile());
    }

    @Test
    void shouldTheInitialStateFactsBeTheDomainsInitialState() {
        assertThat(StoreGolden.named(GOLDEN, "AccountState-initial.bin", "WriteStoreGoldenFiles").facts()).isEqualTo(AccountState.INITIAL);
    }

    @TestFactory
    Stream<DynamicTest> shouldReadEveryGoldenFileAsItsFactsAndWriteTheSameBytes() {
        return StoreGolden.tests(GOLDEN, "WriteStoreGoldenFiles");
    }
}

package org.eventbank.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.eventbank.ledger.domain.AccountStatus;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.EventType;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.domain.Initiator;
import org.eventbank.ledger.domain.TransferLeg;
import org.eventbank.ledger.domain.TransferReversalReason;
import org.eventbank.ledger.domain.TransferView;
import org.eventbank.schemas.golden.GoldenFolder;
import org.eventbank.schemas.golden.StoreGolden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden bytes of the ledger projector's store values (issue 12): balance views, history entries and
 * currency totals live in changelogs that other instances restore, so bytes written by a released
 * build must be read by every later one. Every file under {@code src/test/resources/golden/v<N>/}
 * holds one store value in {@link StoreCodecs} format N (its first byte); a new format folder is
 * picked up without editing this class.
 *
 * <p>For every file: byte 0 is the folder's format, today's codec decodes it to the facts below, and
 * today's codec writes exactly these bytes again. Every v1 file must be there. The facts are written
 * out literally because they describe frozen bytes: never edit one. New files are written by
 * {@link WriteStoreGoldenFiles}, never by hand, and an existing golden file is never rewritten.
 *
 * <p>Format 2 (contract v2) is written only for a value format 1 cannot carry (see {@link StoreCodecs}), so
 * the v1 files are still written byte for byte by today's codec, and each variant lives in the folder
 * of the format today's codec writes it in. Format 3 (issue 14) is a balance view with its owner; a view
 * without one (carried over from a store of an earlier release) is still written in format 1 or 2, which
 * the v1 and v2 files prove byte for byte. Format 4 (contract v3, transfers) is a history entry of a transfer's event,
 * totals with money in flight, and the transfer view's two values (the repartitioned leg and the stored view), which
 * have no earlier format; totals with nothing in flight are still written in format 1 or 2.
 */
class StoreGoldenBytesTest {

    /** Every variant of format 1, frozen: never edit one. */
    static final List<StoreGolden<?>> GOLDEN_V1 = List.of(
            new StoreGolden<>("BalanceView-open.bin", StoreCodecs.balanceView(), new BalanceView(
                    9_223_371_036_854_775_808L, "EUR", 9_223_372L, Instant.parse("2026-11-23T10:15:32.789Z"))),
            new StoreGolden<>("BalanceView-initial.bin", StoreCodecs.balanceView(), new BalanceView(0L, null, 0L, null)),
            new StoreGolden<>("HistoryEntry-opened.bin", StoreCodecs.historyEntry(), new HistoryEntry(
                    1L, Instant.parse("2026-11-23T10:15:30.123Z"), EventType.ACCOUNT_OPENED, 0L, 0L,
                    "6f1d2a3b-4c5d-3e6f-8a7b-9c0d1e2f3a4b")),
            new StoreGolden<>("HistoryEntry-deposited.bin", StoreCodecs.historyEntry(), new HistoryEntry(
                    9_223_371L, Instant.parse("2026-11-23T10:15:31.456Z"), EventType.DEPOSITED, 1_000_000_000_000L,
                    9_223_372_036_854_775_807L, "7a2e3b4c-5d6e-3f7a-9b8c-0d1e2f3a4b5c")),
            new StoreGolden<>("HistoryEntry-withdrawn.bin", StoreCodecs.historyEntry(), new HistoryEntry(
                    9_223_372L, Instant.parse("2026-11-23T10:15:32.789Z"), EventType.WITHDRAWN, 999_999_999_999L,
                    9_223_371_036_854_775_808L, "8b3f4c5d-6e7f-3a8b-8c9d-1e2f3a4b5c6d")),
            new StoreGolden<>("CurrencyTotals.bin", StoreCodecs.currencyTotals(), new CurrencyTotals(
                    new BigInteger("1234567"),
                    new BigInteger("340282366828704743094826849361768211455"),
                    new BigInteger("340282366920938463463374607431768211455"),
                    new BigInteger("92233720368547758070000000000"))),
            new StoreGolden<>("CurrencyTotals-zero.bin", StoreCodecs.currencyTotals(), new CurrencyTotals(
                    BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO)));

    /** Every variant of format 2 (contract v2), what only it carries, frozen: add variants, never edit one. */
    static final List<StoreGolden<?>> GOLDEN_V2 = List.of(
            new StoreGolden<>("BalanceView-closed.bin", StoreCodecs.balanceView(), new BalanceView(
                    0L, "EUR", 9_223_373L, Instant.parse("2026-11-23T10:15:33.012Z"), AccountStatus.CLOSED)),
            new StoreGolden<>("HistoryEntry-closed.bin", StoreCodecs.historyEntry(), new HistoryEntry(
                    9_223_373L, Instant.parse("2026-11-23T10:15:33.012Z"), EventType.ACCOUNT_CLOSED, 0L, 0L,
                    "9c4a5d6e-7f8a-3b9c-8d0e-2f3a4b5c6d7e", new Initiator("customer-42", "mobile-app"),
                    "0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a")),
            new StoreGolden<>("HistoryEntry-deposited-initiated.bin", StoreCodecs.historyEntry(), new HistoryEntry(
                    9_223_371L, Instant.parse("2026-11-23T10:15:31.456Z"), EventType.DEPOSITED, 1_000_000_000_000L,
                    9_223_372_036_854_775_807L, "7a2e3b4c-5d6e-3f7a-9b8c-0d1e2f3a4b5c", new Initiator("teller-ü-7", null), null)),
            new StoreGolden<>("HistoryEntry-withdrawn-correlated.bin", StoreCodecs.historyEntry(), new HistoryEntry(
                    9_223_372L, Instant.parse("2026-11-23T10:15:32.789Z"), EventType.WITHDRAWN, 999_999_999_999L,
                    9_223_371_036_854_775_808L, "8b3f4c5d-6e7f-3a8b-8c9d-1e2f3a4b5c6d", null, "transfer-2026-11-23-0001")),
            new StoreGolden<>("CurrencyTotals-closed.bin", StoreCodecs.currencyTotals(), new CurrencyTotals(
                    new BigInteger("1234567"),
                    new BigInteger("340282366828704743094826849361768211455"),
                    new BigInteger("340282366920938463463374607431768211455"),
                    new BigInteger("92233720368547758070000000000"),
                    new BigInteger("7654"))));

    /** Every variant of format 3 (issue 14: a balance view's owner), frozen: add variants, never edit one. */
    static final List<StoreGolden<?>> GOLDEN_V3 = List.of(
            new StoreGolden<>("BalanceView-open-owned.bin", StoreCodecs.balanceView(), new BalanceView(
                    9_223_371_036_854_775_808L, "EUR", 9_223_372L, Instant.parse("2026-11-23T10:15:32.789Z"), AccountStatus.OPEN,
                    "customer-42")),
            new StoreGolden<>("BalanceView-closed-owned.bin", StoreCodecs.balanceView(), new BalanceView(
                    0L, "CHF", 9_223_373L, Instant.parse("2026-11-23T10:15:33.012Z"), AccountStatus.CLOSED, "kundin-ü-7")));

    private static final TransferLeg GOLDEN_DEBIT = new TransferLeg(EventType.TRANSFER_DEBITED, "3f2b8c1e-6d4a-3b5f-9e7c-0a1b2c3d4e5f",
            "payer-1", 9_223_371L, Instant.parse("2026-11-23T10:15:31.456Z"), 1_000_000_000_000L, "EUR", "payee.2", 9_223_371L,
            "invoice ü-42", null, "7a2e3b4c-5d6e-3f7a-9b8c-0d1e2f3a4b5c", "customer-42");
    private static final TransferLeg GOLDEN_CREDIT = new TransferLeg(EventType.TRANSFER_CREDITED, "3f2b8c1e-6d4a-3b5f-9e7c-0a1b2c3d4e5f",
            "payee.2", 17L, Instant.parse("2026-11-23T10:15:32.789Z"), 1_000_000_000_000L, "EUR", "payer-1", 9_223_371L,
            null, null, "8b3f4c5d-6e7f-3a8b-8c9d-1e2f3a4b5c6d", null);
    private static final TransferLeg GOLDEN_REVERSAL = new TransferLeg(EventType.TRANSFER_REVERSED, "4a3c9d2f-7e5b-3c6a-8f8d-1b2c3d4e5f6a",
            "payer-1", 9_223_373L, Instant.parse("2026-11-23T10:15:33.012Z"), 5L, "EUR", "payee.2", 9_223_372L,
            null, TransferReversalReason.PAYEE_CLOSED, "9c4a5d6e-7f8a-3b9c-8d0e-2f3a4b5c6d7e", "kundin-ü-7");

    /** Every variant of format 4 (contract v3: transfers), frozen: add variants, never edit one. */
    static final List<StoreGolden<?>> GOLDEN_V4 = List.of(
            new StoreGolden<>("HistoryEntry-transfer-debited.bin", StoreCodecs.historyEntry(), new HistoryEntry(
                    9_223_371L, Instant.parse("2026-11-23T10:15:31.456Z"), EventType.TRANSFER_DEBITED, 1_000_000_000_000L,
                    9_223_372_035_854_775_807L, "7a2e3b4c-5d6e-3f7a-9b8c-0d1e2f3a4b5c", new Initiator("customer-42", "mobile-app"),
                    "3f2b8c1e-6d4a-3b5f-9e7c-0a1b2c3d4e5f", new HistoryEntry.Transfer("payee.2", "invoice ü-42", null))),
            new StoreGolden<>("HistoryEntry-transfer-credited.bin", StoreCodecs.historyEntry(), new HistoryEntry(
                    17L, Instant.parse("2026-11-23T10:15:32.789Z"), EventType.TRANSFER_CREDITED, 1_000_000_000_000L,
                    1_000_000_000_000L, "8b3f4c5d-6e7f-3a8b-8c9d-1e2f3a4b5c6d", null,
                    "3f2b8c1e-6d4a-3b5f-9e7c-0a1b2c3d4e5f", new HistoryEntry.Transfer("payer-1", null, null))),
            new StoreGolden<>("HistoryEntry-transfer-reversed.bin", StoreCodecs.historyEntry(), new HistoryEntry(
                    9_223_373L, Instant.parse("2026-11-23T10:15:33.012Z"), EventType.TRANSFER_REVERSED, 5L,
                    5L, "9c4a5d6e-7f8a-3b9c-8d0e-2f3a4b5c6d7e", null,
                    "4a3c9d2f-7e5b-3c6a-8f8d-1b2c3d4e5f6a", new HistoryEntry.Transfer("payee.2", null, TransferReversalReason.PAYEE_CLOSED))),
            new StoreGolden<>("CurrencyTotals-in-flight.bin", StoreCodecs.currencyTotals(), new CurrencyTotals(
                    new BigInteger("1234567"),
                    new BigInteger("340282366828704743094826849361768211455"),
                    new BigInteger("340282366920938463463374607431768211455"),
                    new BigInteger("92233720368547758070000000000"),
                    new BigInteger("7654"),
                    new BigInteger("-1000000000000"))),
            new StoreGolden<>("TransferLeg-debited.bin", StoreCodecs.transferLeg(), GOLDEN_DEBIT),
            new StoreGolden<>("TransferLeg-reversed.bin", StoreCodecs.transferLeg(), GOLDEN_REVERSAL),
            new StoreGolden<>("TransferView-pending.bin", StoreCodecs.transferView(), TransferView.evolve(null, GOLDEN_DEBIT)),
            new StoreGolden<>("TransferView-completed.bin", StoreCodecs.transferView(),
                    TransferView.evolve(TransferView.evolve(null, GOLDEN_DEBIT), GOLDEN_CREDIT)));

    /** Every variant, of every format: what {@link WriteStoreGoldenFiles} writes from. */
    static final List<StoreGolden<?>> GOLDEN = Stream.of(GOLDEN_V1, GOLDEN_V2, GOLDEN_V3, GOLDEN_V4).flatMap(List::stream).toList();

    @Test
    void shouldHaveEveryV1File() {
        StoreGolden.assertEveryV1File(GOLDEN_V1, "WriteStoreGoldenFiles");
    }

    /** A format-2 variant without its file would test nothing; one written in another format would be in the wrong list. */
    @Test
    void shouldHaveEveryV2FileWrittenInFormat2() {
        for (StoreGolden<?> golden : GOLDEN_V2) {
            assertThat(golden.encode()[0]).as("format today's codec writes %s in", golden.file()).isEqualTo(StoreCodecs.FORMAT_V2);
            assertThat(GoldenFolder.root().resolve("v2").resolve(golden.file()))
                    .as("golden file (write it with WriteStoreGoldenFiles, never by hand)").isRegularFile();
        }
    }

    /** The same for format 3: a variant without its file would test nothing. */
    @Test
    void shouldHaveEveryV3FileWrittenInFormat3() {
        for (StoreGolden<?> golden : GOLDEN_V3) {
            assertThat(golden.encode()[0]).as("format today's codec writes %s in", golden.file()).isEqualTo(StoreCodecs.FORMAT_V3);
            assertThat(GoldenFolder.root().resolve("v3").resolve(golden.file()))
                    .as("golden file (write it with WriteStoreGoldenFiles, never by hand)").isRegularFile();
        }
    }

    /** The same for format 4: a variant without its file would test nothing. */
    @Test
    void shouldHaveEveryV4FileWrittenInFormat4() {
        for (StoreGolden<?> golden : GOLDEN_V4) {
            assertThat(golden.encode()[0]).as("format today's codec writes %s in", golden.file()).isEqualTo(StoreCodecs.FORMAT_V4);
            assertThat(GoldenFolder.root().resolve("v4").resolve(golden.file()))
                    .as("golden file (write it with WriteStoreGoldenFiles, never by hand)").isRegularFile();
        }
    }

    @Test
    void shouldTheInitialAndZeroFactsBeTheDomainsOwn() {
        assertThat(StoreGolden.named(GOLDEN, "BalanceView-initial.bin", "WriteStoreGoldenFiles").facts()).isEqualTo(BalanceView.INITIAL);
        assertThat(StoreGolden.named(GOLDEN, "CurrencyTotals-zero.bin", "WriteStoreGoldenFiles").facts()).isEqualTo(CurrencyTotals.ZERO);
    }

    @TestFactory
    Stream<DynamicTest> shouldReadEveryGoldenFileAsItsFactsAndWriteTheSameBytes() {
        return StoreGolden.tests(GOLDEN, "WriteStoreGoldenFiles");
    }
}

package org.eventbank.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.EventType;
import org.eventbank.ledger.domain.HistoryEntry;
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
 */
class StoreGoldenBytesTest {

    /** Every variant, frozen: add variants, never edit one. */
    static final List<StoreGolden<?>> GOLDEN = List.of(
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

    @Test
    void shouldHaveEveryV1File() {
        StoreGolden.assertEveryV1File(GOLDEN, "WriteStoreGoldenFiles");
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

package org.eventbank.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.EventType;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.schemas.golden.GoldenFolder;
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


    /** One golden variant: the file name, the codec of its store, and the value the file holds. */
    record Golden<T>(String file, Serde<T> serde, T facts) {

        byte[] encode() {
            return serde.serializer().serialize("golden", facts);
        }

        T decode(byte[] bytes) {
            return serde.deserializer().deserialize("golden", bytes);
        }
    }

    /** Every variant, frozen: add variants, never edit one. */
    static final List<Golden<?>> GOLDEN = List.of(
            new Golden<>("BalanceView-open.bin", StoreCodecs.balanceView(), new BalanceView(
                    9_223_371_036_854_775_808L, "EUR", 9_223_372L, Instant.parse("2026-11-23T10:15:32.789Z"))),
            new Golden<>("BalanceView-initial.bin", StoreCodecs.balanceView(), new BalanceView(0L, null, 0L, null)),
            new Golden<>("HistoryEntry-opened.bin", StoreCodecs.historyEntry(), new HistoryEntry(
                    1L, Instant.parse("2026-11-23T10:15:30.123Z"), EventType.ACCOUNT_OPENED, 0L, 0L,
                    "6f1d2a3b-4c5d-3e6f-8a7b-9c0d1e2f3a4b")),
            new Golden<>("HistoryEntry-deposited.bin", StoreCodecs.historyEntry(), new HistoryEntry(
                    9_223_371L, Instant.parse("2026-11-23T10:15:31.456Z"), EventType.DEPOSITED, 1_000_000_000_000L,
                    9_223_372_036_854_775_807L, "7a2e3b4c-5d6e-3f7a-9b8c-0d1e2f3a4b5c")),
            new Golden<>("HistoryEntry-withdrawn.bin", StoreCodecs.historyEntry(), new HistoryEntry(
                    9_223_372L, Instant.parse("2026-11-23T10:15:32.789Z"), EventType.WITHDRAWN, 999_999_999_999L,
                    9_223_371_036_854_775_808L, "8b3f4c5d-6e7f-3a8b-8c9d-1e2f3a4b5c6d")),
            new Golden<>("CurrencyTotals.bin", StoreCodecs.currencyTotals(), new CurrencyTotals(
                    new BigInteger("1234567"),
                    new BigInteger("340282366828704743094826849361768211455"),
                    new BigInteger("340282366920938463463374607431768211455"),
                    new BigInteger("92233720368547758070000000000"))),
            new Golden<>("CurrencyTotals-zero.bin", StoreCodecs.currencyTotals(), new CurrencyTotals(
                    BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO)));

    @Test
    void shouldHaveEveryV1File() {
        Path v1 = GoldenFolder.root().resolve("v1");
        List<String> missing = GOLDEN.stream().map(Golden::file).filter(name -> !Files.isRegularFile(v1.resolve(name))).toList();
        assertThat(missing).as("golden files missing from %s (write them with WriteStoreGoldenFiles, never by hand)", v1).isEmpty();
    }

    @Test
    void shouldTheInitialAndZeroFactsBeTheDomainsOwn() {
        assertThat(golden("BalanceView-initial.bin").facts()).isEqualTo(BalanceView.INITIAL);
        assertThat(golden("CurrencyTotals-zero.bin").facts()).isEqualTo(CurrencyTotals.ZERO);
    }

    @TestFactory
    Stream<DynamicTest> shouldReadEveryGoldenFileAsItsFactsAndWriteTheSameBytes() {
        return GoldenFolder.files().stream().map(file -> DynamicTest.dynamicTest(
                GoldenFolder.root().relativize(file).toString(), () -> check(file, golden(file.getFileName().toString()))));
    }

    private static <T> void check(Path file, Golden<T> golden) throws IOException {
        int format = GoldenFolder.versionOf(file.getParent());
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).as("length of %s", file).isGreaterThan(1);
        assertThat(bytes[0]).as("format byte of %s", file).isEqualTo((byte) format);
        assertThat(golden.decode(bytes)).as("%s decoded by today's codec", file).isEqualTo(golden.facts());
        // Today's codecs write format 1 (the only one). Once a format 2 exists, files of format 1 stay
        // decode-only here or are compared with a writer pinned to format 1.
        assertThat(golden.encode()).as("%s re-encoded by today's codec", file).isEqualTo(bytes);
    }

    static Golden<?> golden(String file) {
        return GOLDEN.stream().filter(golden -> golden.file().equals(file)).findFirst().orElseGet(() ->
                fail("%s has no expected facts: add them to StoreGoldenBytesTest.GOLDEN (then write it with WriteStoreGoldenFiles)", file));
    }

}

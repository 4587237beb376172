package org.eventbank.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.eventbank.ledger.domain.AccountStatus;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.EventType;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.domain.Initiator;
import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.domain.TransferLeg;
import org.eventbank.ledger.domain.TransferReversalReason;
import org.eventbank.ledger.domain.TransferView;
import org.junit.jupiter.api.Test;

class StoreCodecsTest {

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    @Test
    void shouldRoundTripEveryStoreValue() {
        Instant at = Instant.parse("2026-05-05T05:05:05.005Z");
        BalanceView view = new BalanceView(Long.MAX_VALUE, "EUR", 42, at);
        HistoryEntry entry = new HistoryEntry(42, at, EventType.WITHDRAWN, 7, 0, "9f0c-uuid");
        BigInteger huge = BigInteger.valueOf(Long.MAX_VALUE).pow(3);
        CurrencyTotals totals = new CurrencyTotals(BigInteger.TEN, huge, huge.add(BigInteger.ONE), BigInteger.ZERO);

        assertThat(roundTrip(StoreCodecs.balanceView(), view)).isEqualTo(view);
        assertThat(roundTrip(StoreCodecs.balanceView(), BalanceView.INITIAL)).isEqualTo(BalanceView.INITIAL);
        assertThat(roundTrip(StoreCodecs.historyEntry(), entry)).isEqualTo(entry);
        assertThat(roundTrip(StoreCodecs.currencyTotals(), totals)).isEqualTo(totals);
    }

    @Test
    void shouldRoundTripWhatOnlyFormatTwoCarries() {
        Instant at = Instant.parse("2026-05-05T05:05:05.005Z");
        BalanceView closed = new BalanceView(0, "EUR", 43, at, AccountStatus.CLOSED);
        HistoryEntry closing = new HistoryEntry(43, at, EventType.ACCOUNT_CLOSED, 0, 0, "9f0d-uuid", new Initiator("customer-1", "web"), "op-1");
        HistoryEntry initiatedOnly = new HistoryEntry(42, at, EventType.DEPOSITED, 7, 7, "9f0c-uuid", new Initiator("teller-ü", null), null);
        HistoryEntry correlatedOnly = new HistoryEntry(41, at, EventType.WITHDRAWN, 7, 0, "9f0b-uuid", null, "transfer-ø");
        BigInteger huge = BigInteger.valueOf(Long.MAX_VALUE).pow(3);
        CurrencyTotals withClosed = new CurrencyTotals(huge, BigInteger.ZERO, huge, huge, huge.subtract(BigInteger.ONE));

        assertThat(roundTrip(StoreCodecs.balanceView(), closed)).isEqualTo(closed);
        assertThat(roundTrip(StoreCodecs.historyEntry(), closing)).isEqualTo(closing);
        assertThat(roundTrip(StoreCodecs.historyEntry(), initiatedOnly)).isEqualTo(initiatedOnly);
        assertThat(roundTrip(StoreCodecs.historyEntry(), correlatedOnly)).isEqualTo(correlatedOnly);
        assertThat(roundTrip(StoreCodecs.currencyTotals(), withClosed)).isEqualTo(withClosed);
    }

    @Test
    void shouldRoundTripABalanceViewWithItsOwnerInFormat3() {
        Instant at = Instant.parse("2026-05-05T05:05:05.005Z");
        BalanceView open = new BalanceView(Long.MAX_VALUE, "EUR", 42, at, AccountStatus.OPEN, "customer-42");
        BalanceView closed = new BalanceView(0, "CHF", 43, at, AccountStatus.CLOSED, "kundin-ü-7");
        BalanceView longestOwner = new BalanceView(0, "JPY", 1, at, AccountStatus.OPEN, "ø".repeat(200));

        for (BalanceView view : java.util.List.of(open, closed, longestOwner)) {
            assertThat(format(StoreCodecs.balanceView(), view)).as(view.toString()).isEqualTo(StoreCodecs.FORMAT_V3);
            assertThat(roundTrip(StoreCodecs.balanceView(), view)).isEqualTo(view);
        }
    }

    /**
     * An instance still on the release before v2 may restore these values from a changelog during a
     * rolling upgrade and knows format 1 only: every value format 1 can carry must be written in it.
     */
    @Test
    void shouldWriteFormatOneWheneverFormatOneCanCarryTheValue() {
        Instant at = Instant.parse("2026-05-05T05:05:05.005Z");

        assertThat(format(StoreCodecs.balanceView(), new BalanceView(5, "EUR", 2, at, AccountStatus.OPEN))).isEqualTo(StoreCodecs.FORMAT_V1);
        assertThat(format(StoreCodecs.balanceView(), BalanceView.INITIAL)).isEqualTo(StoreCodecs.FORMAT_V1);
        assertThat(format(StoreCodecs.historyEntry(), new HistoryEntry(2, at, EventType.DEPOSITED, 5, 5, "e2"))).isEqualTo(StoreCodecs.FORMAT_V1);
        assertThat(format(StoreCodecs.currencyTotals(), new CurrencyTotals(BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO)))
                .isEqualTo(StoreCodecs.FORMAT_V1);

        assertThat(format(StoreCodecs.balanceView(), new BalanceView(0, "EUR", 3, at, AccountStatus.CLOSED))).isEqualTo(StoreCodecs.FORMAT_V2);
        assertThat(format(StoreCodecs.historyEntry(), new HistoryEntry(3, at, EventType.ACCOUNT_CLOSED, 0, 0, "e3"))).isEqualTo(StoreCodecs.FORMAT_V2);
        assertThat(format(StoreCodecs.historyEntry(), new HistoryEntry(2, at, EventType.DEPOSITED, 5, 5, "e2", new Initiator("s", null), null)))
                .isEqualTo(StoreCodecs.FORMAT_V2);
        assertThat(format(StoreCodecs.historyEntry(), new HistoryEntry(2, at, EventType.DEPOSITED, 5, 5, "e2", null, "op")))
                .isEqualTo(StoreCodecs.FORMAT_V2);
        assertThat(format(StoreCodecs.currencyTotals(), new CurrencyTotals(BigInteger.ONE, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.ONE))).isEqualTo(StoreCodecs.FORMAT_V2);

        // only a known owner needs format 3; a view without one (carried over from an older store) stays in 1 or 2
        assertThat(format(StoreCodecs.balanceView(), new BalanceView(5, "EUR", 2, at, AccountStatus.OPEN, null))).isEqualTo(StoreCodecs.FORMAT_V1);
        assertThat(format(StoreCodecs.balanceView(), new BalanceView(0, "EUR", 3, at, AccountStatus.CLOSED, null))).isEqualTo(StoreCodecs.FORMAT_V2);
        assertThat(format(StoreCodecs.balanceView(), new BalanceView(5, "EUR", 2, at, AccountStatus.OPEN, "o"))).isEqualTo(StoreCodecs.FORMAT_V3);
    }

    private static <T> byte format(Serde<T> serde, T value) {
        return serde.serializer().serialize("t", value)[0];
    }

    @Test
    void shouldRefuseAnInitiatorSubjectTooLongForItsLengthField() {
        HistoryEntry entry = new HistoryEntry(2, Instant.EPOCH, EventType.DEPOSITED, 5, 5, "e2", new Initiator("s".repeat(Short.MAX_VALUE + 1), null), null);

        assertThatThrownBy(() -> StoreCodecs.historyEntry().serializer().serialize("t", entry))
                .isInstanceOf(SerializationException.class).hasMessageContaining("initiatedBy.subject");
    }

    @Test
    void shouldRefuseAnUnknownFormatOrTruncatedBytes() {
        byte[] bytes = StoreCodecs.balanceView().serializer().serialize("t", new BalanceView(1, "EUR", 1, Instant.EPOCH));
        byte[] future = bytes.clone();
        future[0] = 4;
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 2);
        byte[] owned = StoreCodecs.balanceView().serializer().serialize("t", new BalanceView(1, "EUR", 1, Instant.EPOCH, AccountStatus.OPEN, "o"));
        byte[] ownerCut = java.util.Arrays.copyOf(owned, owned.length - 1);

        assertThatThrownBy(() -> StoreCodecs.balanceView().deserializer().deserialize("t", future)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> StoreCodecs.balanceView().deserializer().deserialize("t", truncated)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> StoreCodecs.balanceView().deserializer().deserialize("t", ownerCut)).isInstanceOf(SerializationException.class);
    }

    /** Format 3 is a balance view's only: a history entry or totals value claiming it is refused, not guessed at. */
    @Test
    void shouldRefuseFormat3ForValuesThatHaveNone() {
        byte[] entry = StoreCodecs.historyEntry().serializer().serialize("t", new HistoryEntry(2, Instant.EPOCH, EventType.DEPOSITED, 5, 5, "e2",
                new Initiator("s", null), null));
        entry[0] = 3;
        byte[] totals = StoreCodecs.currencyTotals().serializer().serialize("t", new CurrencyTotals(BigInteger.ONE, BigInteger.ONE,
                BigInteger.ONE, BigInteger.ONE, BigInteger.ONE));
        totals[0] = 3;

        assertThatThrownBy(() -> StoreCodecs.historyEntry().deserializer().deserialize("t", entry))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown store format 3");
        assertThatThrownBy(() -> StoreCodecs.currencyTotals().deserializer().deserialize("t", totals))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown store format 3");
    }

    // Format 4 (contract v3, transfers).

    private static final Instant AT = Instant.parse("2026-05-05T05:05:05.005Z");
    private static final TransferLeg DEBIT = TransferLeg.of(new LedgerEvent.TransferDebited("payer", 4, AT, 300, "EUR", 200, "d4",
            new Initiator("alice", "app"), "t-1", "payee", "rent ø"), "alice");
    private static final TransferLeg CREDIT = TransferLeg.of(new LedgerEvent.TransferCredited("payee", 2, AT, 300, "EUR", 300, "c2",
            null, "t-1", "payer", 4), null);
    private static final TransferLeg REVERSAL = TransferLeg.of(new LedgerEvent.TransferReversed("payer", 5, AT, 300, "EUR", 500, "r5",
            null, "t-1", "payee", 4, TransferReversalReason.CURRENCY_MISMATCH), "alice");

    @Test
    void shouldRoundTripWhatOnlyFormat4CarriesAndWriteItInFormat4() {
        List<HistoryEntry> entries = List.of(
                new HistoryEntry(4, AT, EventType.TRANSFER_DEBITED, 300, 200, "d4", new Initiator("alice", "app"), "t-1",
                        new HistoryEntry.Transfer("payee", "rent ø", null)),
                new HistoryEntry(4, AT, EventType.TRANSFER_DEBITED, 300, 200, "d4", null, "t-1", new HistoryEntry.Transfer("payee", null, null)),
                new HistoryEntry(2, AT, EventType.TRANSFER_CREDITED, 300, 300, "c2", null, "t-1", new HistoryEntry.Transfer("payer", null, null)),
                new HistoryEntry(5, AT, EventType.TRANSFER_REVERSED, 300, 500, "r5", null, "t-1",
                        new HistoryEntry.Transfer("payee", null, TransferReversalReason.BALANCE_OVERFLOW)));
        CurrencyTotals negativeInFlight = new CurrencyTotals(BigInteger.ONE, BigInteger.valueOf(300), BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.valueOf(-300));
        CurrencyTotals closedAndInFlight = new CurrencyTotals(BigInteger.TWO, BigInteger.ZERO, BigInteger.TEN, BigInteger.ZERO,
                BigInteger.ONE, BigInteger.TEN);

        for (HistoryEntry entry : entries) {
            assertThat(format(StoreCodecs.historyEntry(), entry)).as(entry.toString()).isEqualTo(StoreCodecs.FORMAT_V4);
            assertThat(roundTrip(StoreCodecs.historyEntry(), entry)).isEqualTo(entry);
        }
        for (CurrencyTotals totals : List.of(negativeInFlight, closedAndInFlight)) {
            assertThat(format(StoreCodecs.currencyTotals(), totals)).isEqualTo(StoreCodecs.FORMAT_V4);
            assertThat(roundTrip(StoreCodecs.currencyTotals(), totals)).isEqualTo(totals);
        }
        for (TransferLeg leg : List.of(DEBIT, CREDIT, REVERSAL)) {
            assertThat(format(StoreCodecs.transferLeg(), leg)).isEqualTo(StoreCodecs.FORMAT_V4);
            assertThat(roundTrip(StoreCodecs.transferLeg(), leg)).isEqualTo(leg);
        }
        for (TransferView view : List.of(TransferView.evolve(null, DEBIT), TransferView.evolve(null, CREDIT),
                TransferView.evolve(TransferView.evolve(null, DEBIT), CREDIT), TransferView.evolve(TransferView.evolve(null, REVERSAL), DEBIT))) {
            assertThat(format(StoreCodecs.transferView(), view)).isEqualTo(StoreCodecs.FORMAT_V4);
            assertThat(roundTrip(StoreCodecs.transferView(), view)).isEqualTo(view);
        }
    }

    /**
     * Totals whose transfers have all settled carry nothing format 4 adds: they are written as before, so a partition
     * whose transfers are over reads the same bytes as one that never saw a transfer.
     */
    @Test
    void shouldWriteTotalsWithNothingInFlightInTheirEarlierFormat() {
        assertThat(format(StoreCodecs.currencyTotals(), new CurrencyTotals(BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.ZERO))).isEqualTo(StoreCodecs.FORMAT_V1);
        assertThat(format(StoreCodecs.currencyTotals(), new CurrencyTotals(BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO,
                BigInteger.ONE, BigInteger.ZERO))).isEqualTo(StoreCodecs.FORMAT_V2);
        // read back with nothing in flight: what every earlier format means
        CurrencyTotals earlier = new CurrencyTotals(BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE);
        assertThat(roundTrip(StoreCodecs.currencyTotals(), earlier).inFlight()).isZero();
    }

    /** The transfer values are new in format 4: bytes claiming an earlier format, or a truncated value, are refused. */
    @Test
    void shouldRefuseAnEarlierFormatOrTruncatedBytesOfTheTransferValues() {
        byte[] view = StoreCodecs.transferView().serializer().serialize("t", TransferView.evolve(TransferView.evolve(null, DEBIT), CREDIT));
        byte[] leg = StoreCodecs.transferLeg().serializer().serialize("t", REVERSAL);
        for (byte[] bytes : List.of(view, leg)) {
            for (byte earlier = 1; earlier <= 3; earlier++) {
                byte[] claimed = bytes.clone();
                claimed[0] = earlier;
                assertThatThrownBy(() -> StoreCodecs.transferView().deserializer().deserialize("t", claimed))
                        .isInstanceOf(SerializationException.class).hasMessageContaining("unknown store format " + earlier);
                assertThatThrownBy(() -> StoreCodecs.transferLeg().deserializer().deserialize("t", claimed))
                        .isInstanceOf(SerializationException.class).hasMessageContaining("unknown store format " + earlier);
            }
        }
        assertThatThrownBy(() -> StoreCodecs.transferView().deserializer().deserialize("t", java.util.Arrays.copyOf(view, view.length - 1)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> StoreCodecs.transferLeg().deserializer().deserialize("t", java.util.Arrays.copyOf(leg, leg.length - 1)))
                .isInstanceOf(SerializationException.class);
        // a balance view has no format 4
        byte[] balance = StoreCodecs.balanceView().serializer().serialize("t", new BalanceView(1, "EUR", 1, Instant.EPOCH));
        balance[0] = StoreCodecs.FORMAT_V4;
        assertThatThrownBy(() -> StoreCodecs.balanceView().deserializer().deserialize("t", balance))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown store format 4");
    }
}

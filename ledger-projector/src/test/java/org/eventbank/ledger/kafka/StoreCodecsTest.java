package org.eventbank.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.eventbank.ledger.domain.AccountStatus;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.EventType;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.domain.Initiator;
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
}

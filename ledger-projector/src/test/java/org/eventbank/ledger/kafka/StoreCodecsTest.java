package org.eventbank.ledger.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.EventType;
import org.eventbank.ledger.domain.HistoryEntry;
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
    void shouldRefuseAnUnknownFormatOrTruncatedBytes() {
        byte[] bytes = StoreCodecs.balanceView().serializer().serialize("t", new BalanceView(1, "EUR", 1, Instant.EPOCH));
        byte[] future = bytes.clone();
        future[0] = 2;
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 2);

        assertThatThrownBy(() -> StoreCodecs.balanceView().deserializer().deserialize("t", future)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> StoreCodecs.balanceView().deserializer().deserialize("t", truncated)).isInstanceOf(SerializationException.class);
    }
}

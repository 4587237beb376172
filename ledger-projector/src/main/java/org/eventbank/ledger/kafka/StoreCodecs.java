package org.eventbank.ledger.kafka;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.EventType;
import org.eventbank.ledger.domain.HistoryEntry;

/**
 * Serdes of the projector's store values: a small binary codec whose first byte is a format version.
 * Why not Avro: these bytes live only in this app's stores and changelogs, a rebuild can always
 * recreate them from the ledger, and a fixed layout keeps the 100k-entry history scans cheap. A
 * future layout takes the next format byte and the decoder reads both; an unknown format stops the
 * task (a {@link SerializationException}) rather than guess.
 */
public final class StoreCodecs {

    static final byte FORMAT_V1 = 1;

    private StoreCodecs() {
    }

    public static Serde<BalanceView> balanceView() {
        return serde(view -> {
            byte[] currency = view.currency() == null ? new byte[0] : view.currency().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 8 + 8 + 8 + 1 + currency.length)
                    .put(FORMAT_V1).putLong(view.balanceMinor()).putLong(view.version())
                    .putLong(view.updatedAt() == null ? Long.MIN_VALUE : view.updatedAt().toEpochMilli())
                    .put((byte) currency.length).put(currency).array();
        }, buffer -> {
            long balance = buffer.getLong();
            long version = buffer.getLong();
            long updatedAt = buffer.getLong();
            String currency = string(buffer, buffer.get());
            return new BalanceView(balance, currency.isEmpty() ? null : currency, version,
                    updatedAt == Long.MIN_VALUE ? null : Instant.ofEpochMilli(updatedAt));
        });
    }

    public static Serde<HistoryEntry> historyEntry() {
        return serde(entry -> {
            byte[] eventId = entry.eventId().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 8 + 8 + 1 + 8 + 8 + 2 + eventId.length)
                    .put(FORMAT_V1).putLong(entry.version()).putLong(entry.occurredAt().toEpochMilli())
                    .put((byte) entry.type().code()).putLong(entry.amountMinor()).putLong(entry.balanceAfterMinor())
                    .putShort((short) eventId.length).put(eventId).array();
        }, buffer -> new HistoryEntry(buffer.getLong(), Instant.ofEpochMilli(buffer.getLong()), EventType.ofCode(buffer.get()),
                buffer.getLong(), buffer.getLong(), string(buffer, buffer.getShort())));
    }

    public static Serde<CurrencyTotals> currencyTotals() {
        return serde(totals -> {
            byte[][] parts = {totals.accounts().toByteArray(), totals.balanceSum().toByteArray(),
                    totals.depositVolume().toByteArray(), totals.withdrawalVolume().toByteArray()};
            int size = 1;
            for (byte[] part : parts) {
                size += 2 + part.length;
            }
            ByteBuffer buffer = ByteBuffer.allocate(size).put(FORMAT_V1);
            for (byte[] part : parts) {
                buffer.putShort((short) part.length).put(part);
            }
            return buffer.array();
        }, buffer -> new CurrencyTotals(bigInteger(buffer), bigInteger(buffer), bigInteger(buffer), bigInteger(buffer)));
    }

    private static BigInteger bigInteger(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.getShort()];
        buffer.get(bytes);
        return new BigInteger(bytes);
    }

    private static String string(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static <T> Serde<T> serde(Function<T, byte[]> encode, Function<ByteBuffer, T> decodeV1) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : encode.apply(value),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try {
                        ByteBuffer buffer = ByteBuffer.wrap(bytes);
                        byte format = buffer.get();
                        if (format != FORMAT_V1) {
                            throw new SerializationException("unknown store format " + format + " in " + topic);
                        }
                        T value = decodeV1.apply(buffer);
                        if (buffer.hasRemaining()) {
                            throw new SerializationException(buffer.remaining() + " trailing bytes in a store value of " + topic);
                        }
                        return value;
                    } catch (RuntimeException e) {
                        if (e instanceof SerializationException) {
                            throw e;
                        }
                        throw new SerializationException("undecodable store value in " + topic, e);
                    }
                });
    }
}

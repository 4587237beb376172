package org.eventbank.ledger.kafka;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.eventbank.ledger.domain.AccountStatus;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.domain.EventType;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.domain.Initiator;

/**
 * Serdes of the projector's store values: a small binary codec whose first byte is a format version.
 * Why not Avro: these bytes live only in this app's stores and changelogs, a rebuild can always
 * recreate them from the ledger, and a fixed layout keeps the 100k-entry history scans cheap. The
 * decoders read every format; an unknown format stops the task (a {@link SerializationException})
 * rather than guess.
 *
 * <p>Formats: {@value #FORMAT_V1} (contract v1), {@value #FORMAT_V2} (contract v2: a balance view's
 * status, a history entry of type AccountClosed or with an initiator or correlation id, the count of
 * closed accounts in the totals) and {@value #FORMAT_V3} (identity, issue 14: a balance view's owner,
 * which decides who may read the account). Another instance restores these values from the changelogs,
 * and during a rolling upgrade it may still run a build that knows only format 1, so <b>each value is
 * written in the oldest format that can carry it</b>: format 1 whenever format 1 can carry it, format 2
 * only when it holds something only contract v2 can say. Such a value comes only from an event of
 * events v2 (AccountClosed, an initiator, a correlation id), which the events writer refuses to emit
 * until {@code BANK_EVENT_SCHEMA_VERSION} is promoted to 2, and promotion waits until every reader,
 * every instance of this projector included, runs a build that knows v2. So the events switch, as
 * evidenced by the event folded, decides when format 2 is first written: before it, the bytes are
 * exactly what a format-1 build wrote (the golden files of {@code golden/v1} prove it).
 *
 * <p><b>Format 3 is not safe for a rolling upgrade.</b> The view of every account whose opening this build
 * folds has an owner, which only format 3 carries, and no switch holds it back: the owner is needed to
 * answer anyone but an auditor, and every version of AccountOpened carries it. A build before format 3 that
 * restores such a value (a changelog, a standby, a task moving to it) stops on "unknown store format 3";
 * it never skips it. So this release is rolled out as docs/operations.md describes for a rebuild: a new
 * deployment under a new {@code BANK_APPLICATION_ID}, its first instance started with {@code --rebuild},
 * side by side with the old one until it is ready (which also learns the owner of every account), or
 * every old instance stopped before the first new one starts (then the accounts already in the stores
 * have no owner, and only auditors read them, until a {@code --rebuild}). Rolling back to a build before
 * format 3 means going back to the old application id, whose changelogs hold formats 1 and 2 only. A view
 * without an owner (restored from an older store; its later events keep it so) is still written in
 * format 1 or 2, as before.
 */
public final class StoreCodecs {

    static final byte FORMAT_V1 = 1;
    static final byte FORMAT_V2 = 2;
    static final byte FORMAT_V3 = 3;

    /** A null string in format 2: the length -1. */
    private static final short NULL_LENGTH = -1;

    private StoreCodecs() {
    }

    public static Serde<BalanceView> balanceView() {
        return serde(view -> view.owner() != null ? balanceViewV3(view) : view.isClosed() ? balanceViewV2(view) : balanceViewV1(view),
                buffer -> {
                    long balance = buffer.getLong();
                    long version = buffer.getLong();
                    long updatedAt = buffer.getLong();
                    String currency = string(buffer, buffer.get());
                    // format 1 knew no closed accounts: an opened account is open, one not opened has no status
                    return new BalanceView(balance, currency.isEmpty() ? null : currency, version, instantOrNull(updatedAt));
                },
                buffer -> {
                    long balance = buffer.getLong();
                    long version = buffer.getLong();
                    long updatedAt = buffer.getLong();
                    AccountStatus status = status(buffer.get());
                    String currency = string(buffer, buffer.get());
                    return new BalanceView(balance, currency.isEmpty() ? null : currency, version, instantOrNull(updatedAt), status);
                },
                buffer -> {
                    long balance = buffer.getLong();
                    long version = buffer.getLong();
                    long updatedAt = buffer.getLong();
                    AccountStatus status = status(buffer.get());
                    String currency = string(buffer, buffer.get());
                    short ownerLength = buffer.getShort();
                    if (ownerLength < 0) {
                        throw new SerializationException("a balance view of format 3 with owner length " + ownerLength
                                + " (format 3 is written only for a view with an owner)");
                    }
                    String owner = string(buffer, ownerLength);
                    return new BalanceView(balance, currency.isEmpty() ? null : currency, version, instantOrNull(updatedAt), status,
                            owner);
                });
    }

    private static byte[] balanceViewV1(BalanceView view) {
        byte[] currency = currency(view);
        return ByteBuffer.allocate(1 + 8 + 8 + 8 + 1 + currency.length)
                .put(FORMAT_V1).putLong(view.balanceMinor()).putLong(view.version()).putLong(epochMillisOrMin(view.updatedAt()))
                .put((byte) currency.length).put(currency).array();
    }

    /** Format 1 with the status byte before the currency. */
    private static byte[] balanceViewV2(BalanceView view) {
        byte[] currency = currency(view);
        return ByteBuffer.allocate(1 + 8 + 8 + 8 + 1 + 1 + currency.length)
                .put(FORMAT_V2).putLong(view.balanceMinor()).putLong(view.version()).putLong(epochMillisOrMin(view.updatedAt()))
                .put(statusCode(view.status())).put((byte) currency.length).put(currency).array();
    }

    /** Format 2, then the owner as a 2-byte length and UTF-8 (never null: a view without an owner is format 1 or 2). */
    private static byte[] balanceViewV3(BalanceView view) {
        byte[] currency = currency(view);
        byte[] owner = utf8OrNull(view.owner(), "owner");
        return ByteBuffer.allocate(1 + 8 + 8 + 8 + 1 + 1 + currency.length + 2 + owner.length)
                .put(FORMAT_V3).putLong(view.balanceMinor()).putLong(view.version()).putLong(epochMillisOrMin(view.updatedAt()))
                .put(statusCode(view.status())).put((byte) currency.length).put(currency)
                .putShort((short) owner.length).put(owner).array();
    }

    public static Serde<HistoryEntry> historyEntry() {
        return serde(entry -> needsV2(entry) ? historyEntryV2(entry) : historyEntryV1(entry),
                buffer -> new HistoryEntry(buffer.getLong(), Instant.ofEpochMilli(buffer.getLong()), EventType.ofCode(buffer.get()),
                        buffer.getLong(), buffer.getLong(), string(buffer, buffer.getShort())),
                buffer -> {
                    long version = buffer.getLong();
                    Instant occurredAt = Instant.ofEpochMilli(buffer.getLong());
                    EventType type = EventType.ofCode(buffer.get());
                    long amount = buffer.getLong();
                    long balanceAfter = buffer.getLong();
                    String eventId = string(buffer, buffer.getShort());
                    String subject = nullableString(buffer);
                    String clientId = nullableString(buffer);
                    if (subject == null && clientId != null) {
                        throw new SerializationException("a history entry with a client id but no initiator subject");
                    }
                    String correlationId = nullableString(buffer);
                    return new HistoryEntry(version, occurredAt, type, amount, balanceAfter, eventId,
                            subject == null ? null : new Initiator(subject, clientId), correlationId);
                },
                null);
    }

    /** Format 1 knows three event types and neither initiator nor correlation. */
    private static boolean needsV2(HistoryEntry entry) {
        return entry.type() == EventType.ACCOUNT_CLOSED || entry.initiatedBy() != null || entry.correlationId() != null;
    }

    private static byte[] historyEntryV1(HistoryEntry entry) {
        byte[] eventId = entry.eventId().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 8 + 8 + 1 + 8 + 8 + 2 + eventId.length)
                .put(FORMAT_V1).putLong(entry.version()).putLong(entry.occurredAt().toEpochMilli())
                .put((byte) entry.type().code()).putLong(entry.amountMinor()).putLong(entry.balanceAfterMinor())
                .putShort((short) eventId.length).put(eventId).array();
    }

    /** Format 1, then the initiator's subject and client id and the correlation id, each a length (-1: null) and UTF-8. */
    private static byte[] historyEntryV2(HistoryEntry entry) {
        byte[] eventId = entry.eventId().getBytes(StandardCharsets.UTF_8);
        byte[] subject = utf8OrNull(entry.initiatedBy() == null ? null : entry.initiatedBy().subject(), "initiatedBy.subject");
        byte[] clientId = utf8OrNull(entry.initiatedBy() == null ? null : entry.initiatedBy().clientId(), "initiatedBy.clientId");
        byte[] correlationId = utf8OrNull(entry.correlationId(), "correlationId");
        ByteBuffer buffer = ByteBuffer.allocate(1 + 8 + 8 + 1 + 8 + 8 + 2 + eventId.length
                        + nullableSize(subject) + nullableSize(clientId) + nullableSize(correlationId))
                .put(FORMAT_V2).putLong(entry.version()).putLong(entry.occurredAt().toEpochMilli())
                .put((byte) entry.type().code()).putLong(entry.amountMinor()).putLong(entry.balanceAfterMinor())
                .putShort((short) eventId.length).put(eventId);
        putNullable(buffer, subject);
        putNullable(buffer, clientId);
        putNullable(buffer, correlationId);
        return buffer.array();
    }

    public static Serde<CurrencyTotals> currencyTotals() {
        return serde(totals -> totals.closedAccounts().signum() == 0
                        ? bigIntegers(FORMAT_V1, totals.accounts(), totals.balanceSum(), totals.depositVolume(), totals.withdrawalVolume())
                        : bigIntegers(FORMAT_V2, totals.accounts(), totals.balanceSum(), totals.depositVolume(), totals.withdrawalVolume(),
                                totals.closedAccounts()),
                buffer -> new CurrencyTotals(bigInteger(buffer), bigInteger(buffer), bigInteger(buffer), bigInteger(buffer)),
                buffer -> new CurrencyTotals(bigInteger(buffer), bigInteger(buffer), bigInteger(buffer), bigInteger(buffer),
                        bigInteger(buffer)),
                null);
    }

    /** The format byte, then each number as a length and its two's-complement bytes. */
    private static byte[] bigIntegers(byte format, BigInteger... numbers) {
        byte[][] parts = new byte[numbers.length][];
        int size = 1;
        for (int i = 0; i < numbers.length; i++) {
            parts[i] = numbers[i].toByteArray();
            size += 2 + parts[i].length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).put(format);
        for (byte[] part : parts) {
            buffer.putShort((short) part.length).put(part);
        }
        return buffer.array();
    }

    /** Stable codes of the stored status, never the enum's ordinal: 0 before the opening. */
    private static byte statusCode(AccountStatus status) {
        if (status == null) {
            return 0;
        }
        return switch (status) {
            case OPEN -> 1;
            case CLOSED -> 2;
        };
    }

    private static AccountStatus status(byte code) {
        return switch (code) {
            case 0 -> null;
            case 1 -> AccountStatus.OPEN;
            case 2 -> AccountStatus.CLOSED;
            default -> throw new SerializationException("unknown account status code " + code);
        };
    }

    private static byte[] currency(BalanceView view) {
        return view.currency() == null ? new byte[0] : view.currency().getBytes(StandardCharsets.UTF_8);
    }

    private static long epochMillisOrMin(Instant instant) {
        return instant == null ? Long.MIN_VALUE : instant.toEpochMilli();
    }

    private static Instant instantOrNull(long epochMillis) {
        return epochMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(epochMillis);
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

    private static byte[] utf8OrNull(String value, String field) {
        if (value == null) {
            return null;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            // a length that does not fit would be written as a wrong one; refusing stops the task instead
            throw new SerializationException(field + " is " + bytes.length + " bytes, more than a store value holds ("
                    + Short.MAX_VALUE + ")");
        }
        return bytes;
    }

    private static int nullableSize(byte[] bytes) {
        return 2 + (bytes == null ? 0 : bytes.length);
    }

    private static void putNullable(ByteBuffer buffer, byte[] bytes) {
        if (bytes == null) {
            buffer.putShort(NULL_LENGTH);
        } else {
            buffer.putShort((short) bytes.length).put(bytes);
        }
    }

    private static String nullableString(ByteBuffer buffer) {
        short length = buffer.getShort();
        if (length == NULL_LENGTH) {
            return null;
        }
        if (length < 0) {
            throw new SerializationException("negative string length " + length + " in a store value");
        }
        return string(buffer, length);
    }

    /** @param decodeV3 null for a value that has no format 3 (history entries and totals) */
    private static <T> Serde<T> serde(Function<T, byte[]> encode, Function<ByteBuffer, T> decodeV1, Function<ByteBuffer, T> decodeV2,
                                      Function<ByteBuffer, T> decodeV3) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : encode.apply(value),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try {
                        ByteBuffer buffer = ByteBuffer.wrap(bytes);
                        byte format = buffer.get();
                        T value;
                        if (format == FORMAT_V1) {
                            value = decodeV1.apply(buffer);
                        } else if (format == FORMAT_V2) {
                            value = decodeV2.apply(buffer);
                        } else if (format == FORMAT_V3 && decodeV3 != null) {
                            value = decodeV3.apply(buffer);
                        } else {
                            throw new SerializationException("unknown store format " + format + " in " + topic);
                        }
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

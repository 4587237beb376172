package org.eventbank.ledger.kafka;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
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
import org.eventbank.ledger.domain.TransferLeg;
import org.eventbank.ledger.domain.TransferReversalReason;
import org.eventbank.ledger.domain.TransferView;

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
 *
 * <p>Format {@value #FORMAT_V4} (contract v3, transfers, issue 15): a history entry of a transfer's event (its
 * counterparty, reference and reversal reason), totals with money in flight, and the two values of the transfer
 * view, {@link TransferLeg} (the repartition topic's) and {@link TransferView} (the transfers store's), which have no
 * earlier format. It follows the rule of format 2: a history entry or totals value is written in format 4 only when it
 * holds what only format 4 carries, which only a transfer event brings, which the events writer emits only once
 * {@code BANK_EVENT_SCHEMA_VERSION} is promoted to 3, after every reader runs a build that knows v3. Totals whose
 * transfers have all settled (inFlight back to 0) are written in format 1 or 2 again: they carry nothing else. The
 * transfer view's values live only in a store and a repartition topic that no earlier build has (see
 * {@link LedgerProjectorTopology} for what that new part of the topology means for the rollout).
 */
public final class StoreCodecs {

    static final byte FORMAT_V1 = 1;
    static final byte FORMAT_V2 = 2;
    static final byte FORMAT_V3 = 3;
    static final byte FORMAT_V4 = 4;

    /** "No reversal reason" in format 4: a code no reason has. */
    private static final byte NO_REASON = -1;

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
        return serde(entry -> entry.transfer() != null ? historyEntryV4(entry) : needsV2(entry) ? historyEntryV2(entry) : historyEntryV1(entry),
                buffer -> new HistoryEntry(buffer.getLong(), Instant.ofEpochMilli(buffer.getLong()), EventType.ofCode(buffer.get()),
                        buffer.getLong(), buffer.getLong(), string(buffer, buffer.getShort())),
                buffer -> historyEntry(buffer, afterFormat2 -> null),
                null,
                // format 4 is format 2's fields, then the transfer's (arguments are read left to right)
                buffer -> historyEntry(buffer, afterFormat2 -> new HistoryEntry.Transfer(
                        requiredString(afterFormat2, "counterpartyAccountId"), nullableString(afterFormat2), reason(afterFormat2.get()))));
    }

    /** A history entry in format 2, or in format 4: format 2's fields, then what {@code transferFields} reads. */
    private static HistoryEntry historyEntry(ByteBuffer buffer, Function<ByteBuffer, HistoryEntry.Transfer> transferFields) {
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
                subject == null ? null : new Initiator(subject, clientId), correlationId, transferFields.apply(buffer));
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

    /**
     * Format 2's fields, then the transfer's: the counterparty (a length and UTF-8), the reference (a length, -1: null)
     * and the reversal reason's code (-1: none). Written exactly for the entry of a transfer's event, which always has them.
     */
    private static byte[] historyEntryV4(HistoryEntry entry) {
        StoreWriter out = new StoreWriter(FORMAT_V4);
        out.putLong(entry.version()).putLong(entry.occurredAt().toEpochMilli()).putByte(entry.type().code())
                .putLong(entry.amountMinor()).putLong(entry.balanceAfterMinor()).putString(entry.eventId(), "eventId")
                .putNullable(entry.initiatedBy() == null ? null : entry.initiatedBy().subject(), "initiatedBy.subject")
                .putNullable(entry.initiatedBy() == null ? null : entry.initiatedBy().clientId(), "initiatedBy.clientId")
                .putNullable(entry.correlationId(), "correlationId")
                .putString(entry.transfer().counterpartyAccountId(), "counterpartyAccountId")
                .putNullable(entry.transfer().reference(), "reference")
                .putByte(reasonCode(entry.transfer().reason()));
        return out.bytes();
    }

    /** Format 1 without closed accounts and nothing in flight, format 2 with closed accounts, format 4 with money in flight. */
    public static Serde<CurrencyTotals> currencyTotals() {
        return serde(totals -> totals.inFlight().signum() != 0
                        ? bigIntegers(FORMAT_V4, totals.accounts(), totals.balanceSum(), totals.depositVolume(), totals.withdrawalVolume(),
                                totals.closedAccounts(), totals.inFlight())
                        : totals.closedAccounts().signum() == 0
                        ? bigIntegers(FORMAT_V1, totals.accounts(), totals.balanceSum(), totals.depositVolume(), totals.withdrawalVolume())
                        : bigIntegers(FORMAT_V2, totals.accounts(), totals.balanceSum(), totals.depositVolume(), totals.withdrawalVolume(),
                                totals.closedAccounts()),
                buffer -> new CurrencyTotals(bigInteger(buffer), bigInteger(buffer), bigInteger(buffer), bigInteger(buffer)),
                buffer -> new CurrencyTotals(bigInteger(buffer), bigInteger(buffer), bigInteger(buffer), bigInteger(buffer),
                        bigInteger(buffer)),
                null,
                buffer -> new CurrencyTotals(bigInteger(buffer), bigInteger(buffer), bigInteger(buffer), bigInteger(buffer),
                        bigInteger(buffer), bigInteger(buffer)));
    }

    /** The value of the transfer-legs repartition topic: format 4 only (no earlier build has the topic). */
    public static Serde<TransferLeg> transferLeg() {
        return serde(leg -> {
            StoreWriter out = new StoreWriter(FORMAT_V4);
            putLeg(out, leg);
            return out.bytes();
        }, null, null, null, StoreCodecs::leg);
    }

    /**
     * The value of the transfers store: format 4 only. The transfer's id, accounts, amount and currency, then each leg
     * folded so far (a presence byte, then the leg as the repartition topic carries it).
     */
    public static Serde<TransferView> transferView() {
        return serde(view -> {
            StoreWriter out = new StoreWriter(FORMAT_V4);
            out.putString(view.transferId(), "transferId").putString(view.payerAccountId(), "payerAccountId")
                    .putString(view.payeeAccountId(), "payeeAccountId").putLong(view.amountMinor()).putString(view.currency(), "currency");
            for (TransferLeg leg : new TransferLeg[] {view.debit(), view.settlement()}) {
                out.putByte(leg == null ? 0 : 1);
                if (leg != null) {
                    putLeg(out, leg);
                }
            }
            return out.bytes();
        }, null, null, null, buffer -> {
            String transferId = requiredString(buffer, "transferId");
            String payer = requiredString(buffer, "payerAccountId");
            String payee = requiredString(buffer, "payeeAccountId");
            long amount = buffer.getLong();
            String currency = requiredString(buffer, "currency");
            TransferLeg debit = buffer.get() == 0 ? null : leg(buffer);
            TransferLeg settlement = buffer.get() == 0 ? null : leg(buffer);
            return new TransferView(transferId, payer, payee, amount, currency, debit, settlement);
        });
    }

    private static void putLeg(StoreWriter out, TransferLeg leg) {
        out.putByte(leg.type().code()).putString(leg.transferId(), "transferId").putString(leg.accountId(), "accountId")
                .putLong(leg.version()).putLong(leg.occurredAt().toEpochMilli()).putLong(leg.amountMinor())
                .putString(leg.currency(), "currency").putString(leg.counterpartyAccountId(), "counterpartyAccountId")
                .putLong(leg.debitVersion()).putNullable(leg.reference(), "reference").putByte(reasonCode(leg.reason()))
                .putString(leg.eventId(), "eventId").putNullable(leg.accountOwner(), "accountOwner");
    }

    private static TransferLeg leg(ByteBuffer buffer) {
        EventType type = EventType.ofCode(buffer.get());
        String transferId = requiredString(buffer, "transferId");
        String accountId = requiredString(buffer, "accountId");
        long version = buffer.getLong();
        Instant occurredAt = Instant.ofEpochMilli(buffer.getLong());
        long amount = buffer.getLong();
        String currency = requiredString(buffer, "currency");
        String counterparty = requiredString(buffer, "counterpartyAccountId");
        long debitVersion = buffer.getLong();
        String reference = nullableString(buffer);
        TransferReversalReason reason = reason(buffer.get());
        String eventId = requiredString(buffer, "eventId");
        String owner = nullableString(buffer);
        return new TransferLeg(type, transferId, accountId, version, occurredAt, amount, currency, counterparty, debitVersion, reference,
                reason, eventId, owner);
    }

    private static byte reasonCode(TransferReversalReason reason) {
        return reason == null ? NO_REASON : (byte) reason.code();
    }

    private static TransferReversalReason reason(byte code) {
        return code == NO_REASON ? null : TransferReversalReason.ofCode(code);
    }

    /**
     * Builds a format-4 value: a growing buffer, so no size is computed by hand; strings are a 2-byte length and UTF-8,
     * nullable ones -1 for null, as in format 2.
     */
    private static final class StoreWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        private final DataOutputStream out = new DataOutputStream(bytes);

        StoreWriter(byte format) {
            putByte(format);
        }

        StoreWriter putByte(int value) {
            try {
                out.writeByte(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        StoreWriter putLong(long value) {
            try {
                out.writeLong(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        StoreWriter putString(String value, String field) {
            if (value == null) {
                throw new SerializationException(field + " is null in a store value that requires it");
            }
            return putNullable(value, field);
        }

        StoreWriter putNullable(String value, String field) {
            byte[] utf8 = utf8OrNull(value, field);
            try {
                if (utf8 == null) {
                    out.writeShort(NULL_LENGTH);
                } else {
                    out.writeShort(utf8.length);
                    out.write(utf8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
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

    private static <T> void putIfPresent(Map<Byte, Function<ByteBuffer, T>> decoders, byte format, Function<ByteBuffer, T> decoder) {
        if (decoder != null) {
            decoders.put(format, decoder);
        }
    }

    private static String requiredString(ByteBuffer buffer, String field) {
        String value = nullableString(buffer);
        if (value == null) {
            throw new SerializationException("a store value without its " + field);
        }
        return value;
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

    /** The balance view's serde: it has no format 4. */
    private static <T> Serde<T> serde(Function<T, byte[]> encode, Function<ByteBuffer, T> decodeV1, Function<ByteBuffer, T> decodeV2,
                                      Function<ByteBuffer, T> decodeV3) {
        return serde(encode, decodeV1, decodeV2, decodeV3, null);
    }

    /**
     * @param decodeV1 null for a value that has no format 1 (the transfer view's, new in format 4), like the others
     * @param decodeV3 null for a value that has no format 3 (history entries and totals)
     */
    private static <T> Serde<T> serde(Function<T, byte[]> encode, Function<ByteBuffer, T> decodeV1, Function<ByteBuffer, T> decodeV2,
                                      Function<ByteBuffer, T> decodeV3, Function<ByteBuffer, T> decodeV4) {
        Map<Byte, Function<ByteBuffer, T>> decoders = new java.util.HashMap<>();
        putIfPresent(decoders, FORMAT_V1, decodeV1);
        putIfPresent(decoders, FORMAT_V2, decodeV2);
        putIfPresent(decoders, FORMAT_V3, decodeV3);
        putIfPresent(decoders, FORMAT_V4, decodeV4);
        Map<Byte, Function<ByteBuffer, T>> known = Map.copyOf(decoders);
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : encode.apply(value),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try {
                        ByteBuffer buffer = ByteBuffer.wrap(bytes);
                        byte format = buffer.get();
                        Function<ByteBuffer, T> decoder = known.get(format);
                        if (decoder == null) {
                            throw new SerializationException("unknown store format " + format + " in " + topic);
                        }
                        T value = decoder.apply(buffer);
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

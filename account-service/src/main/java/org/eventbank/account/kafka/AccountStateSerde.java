package org.eventbank.account.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.AccountStatus;

/**
 * Codec of the "accounts" store (and its changelog): a small versioned binary format private to
 * this module. Byte 0 is the format; an unknown format throws, which stops the Streams client
 * rather than guess.
 * <ul>
 *   <li>Format 1: status name ({@code NONE} or {@code OPEN}), owner and currency as modified UTF-8
 *       (empty for none), balance, version and last event time in epoch milliseconds (longs).
 *   <li>Format 2: format 1's fields, the status may also be {@code CLOSED}, then the count of outgoing
 *       transfers in flight (an int). Format 1 reads as 0 in flight.
 *   <li>Format 3 (contract v3, transfers): format 2's fields, then the sum of the outgoing transfers in flight in
 *       minor units (a long), held in reserve against overflow. Formats 1 and 2 read as 0.
 * </ul>
 * It reads both formats and writes the one it is given. The wiring gives format 2 only once the settled
 * events writer version is 2 or more ({@link #forEventsWriterVersion}): the changelog is restored by every
 * instance that takes the partition over, and during a rolling upgrade that may be an instance of the
 * previous release, which knows format 1 only. Until events are promoted no account can close (the HTTP
 * edge refuses, and the events serde cannot write an AccountClosed in v1), so format 1 carries every state
 * there is; it refuses a state it cannot carry (closed, or a transfer in flight) rather than drop it.
 * Format 3 follows the same rule one release on: written once events are at v3, the first version that can debit a
 * transfer; until then no transfer is in flight, so format 2 carries every state there is.
 *
 * <p>Why not Avro: the store is private to the processor and rebuilt from its changelog; a fixed
 * binary layout with a version byte is the simplest codec that can still evolve.
 */
public final class AccountStateSerde implements Serde<AccountState> {

    static final byte FORMAT_V1 = 1;
    static final byte FORMAT_V2 = 2;
    static final byte FORMAT_V3 = 3;
    /** The events writer version from which the closing fact, and so format 2, may be written. */
    static final int FORMAT_V2_EVENTS_VERSION_MIN = 2;
    /** The events writer version from which a transfer can be debited, and so format 3 may be written. */
    static final int FORMAT_V3_EVENTS_VERSION_MIN = 3;

    private final byte writeFormat;

    AccountStateSerde(byte writeFormat) {
        if (writeFormat < FORMAT_V1 || writeFormat > FORMAT_V3) {
            throw new IllegalArgumentException("no account state format " + writeFormat);
        }
        this.writeFormat = writeFormat;
    }

    /** The serde that writes the newest format the settled events writer version allows (see the class comment). */
    public static AccountStateSerde forEventsWriterVersion(int eventsWriterVersion) {
        return new AccountStateSerde(eventsWriterVersion >= FORMAT_V3_EVENTS_VERSION_MIN ? FORMAT_V3
                : eventsWriterVersion >= FORMAT_V2_EVENTS_VERSION_MIN ? FORMAT_V2 : FORMAT_V1);
    }

    /** The format this serde writes. */
    public byte writeFormat() {
        return writeFormat;
    }

    @Override
    public Serializer<AccountState> serializer() {
        return (topic, state) -> state == null ? null : encode(state, writeFormat);
    }

    @Override
    public Deserializer<AccountState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(AccountState state, byte format) {
        if (format == FORMAT_V1 && (state.isClosed() || state.outgoingTransfersInFlight() != 0)) {
            throw new SerializationException("account state format 1 cannot carry status " + state.status() + " with "
                    + state.outgoingTransfersInFlight() + " outgoing transfer(s) in flight; format 2 is written once"
                    + " BANK_EVENT_SCHEMA_VERSION is 2");
        }
        if (format < FORMAT_V3 && state.outgoingInFlightMinor() != 0) {
            throw new SerializationException("account state format " + format + " cannot carry " + state.outgoingInFlightMinor()
                    + " minor units of outgoing transfers in flight; format 3 is written once BANK_EVENT_SCHEMA_VERSION is 3");
        }
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(64); DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(format);
            out.writeUTF(state.status().name());
            out.writeUTF(state.owner() == null ? "" : state.owner());
            out.writeUTF(state.currency() == null ? "" : state.currency());
            out.writeLong(state.balanceMinor());
            out.writeLong(state.version());
            out.writeLong(state.lastEventAt().toEpochMilli());
            if (format >= FORMAT_V2) {
                out.writeInt(state.outgoingTransfersInFlight());
            }
            if (format >= FORMAT_V3) {
                out.writeLong(state.outgoingInFlightMinor());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot encode account state", e);
        }
    }

    static AccountState decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format < FORMAT_V1 || format > FORMAT_V3) {
                throw new SerializationException("unknown account state format " + format);
            }
            AccountStatus status = AccountStatus.valueOf(in.readUTF());
            String owner = emptyToNull(in.readUTF());
            String currency = emptyToNull(in.readUTF());
            long balanceMinor = in.readLong();
            long version = in.readLong();
            Instant lastEventAt = Instant.ofEpochMilli(in.readLong());
            int outgoingTransfersInFlight = format >= FORMAT_V2 ? in.readInt() : 0;
            long outgoingInFlightMinor = format >= FORMAT_V3 ? in.readLong() : 0;
            if (in.available() != 0) {
                throw new SerializationException("trailing bytes after account state");
            }
            if (format == FORMAT_V1 && status == AccountStatus.CLOSED) {
                throw new SerializationException("account state format 1 with status CLOSED: format 1 has no such status");
            }
            if (outgoingTransfersInFlight < 0 || outgoingInFlightMinor < 0) {
                throw new SerializationException("account state with " + outgoingTransfersInFlight + " transfers, "
                        + outgoingInFlightMinor + " minor units in flight");
            }
            return new AccountState(status, owner, currency, balanceMinor, version, lastEventAt, outgoingTransfersInFlight,
                    outgoingInFlightMinor);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("cannot decode account state", e);
        }
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}

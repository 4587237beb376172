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
 * this module. Byte 0 is the format version (1); then status name, owner and currency as
 * modified UTF-8 (empty for none), balance, version and last event time in epoch milliseconds.
 * An unknown format version throws, which stops the Streams client rather than guess.
 *
 * <p>Why not Avro: the store is private to the processor and rebuilt from its changelog; a fixed
 * binary layout with a version byte is the simplest codec that can still evolve (add format 2,
 * keep reading 1).
 */
public final class AccountStateSerde implements Serde<AccountState> {

    static final byte FORMAT_V1 = 1;

    @Override
    public Serializer<AccountState> serializer() {
        return (topic, state) -> state == null ? null : encode(state);
    }

    @Override
    public Deserializer<AccountState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(AccountState state) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(64); DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            out.writeUTF(state.status().name());
            out.writeUTF(state.owner() == null ? "" : state.owner());
            out.writeUTF(state.currency() == null ? "" : state.currency());
            out.writeLong(state.balanceMinor());
            out.writeLong(state.version());
            out.writeLong(state.lastEventAt().toEpochMilli());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot encode account state", e);
        }
    }

    static AccountState decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new SerializationException("unknown account state format " + format);
            }
            AccountStatus status = AccountStatus.valueOf(in.readUTF());
            String owner = emptyToNull(in.readUTF());
            String currency = emptyToNull(in.readUTF());
            long balanceMinor = in.readLong();
            long version = in.readLong();
            Instant lastEventAt = Instant.ofEpochMilli(in.readLong());
            if (in.available() != 0) {
                throw new SerializationException("trailing bytes after account state");
            }
            return new AccountState(status, owner, currency, balanceMinor, version, lastEventAt);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("cannot decode account state", e);
        }
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}

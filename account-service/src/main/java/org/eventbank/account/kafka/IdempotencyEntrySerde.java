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
import org.eventbank.schemas.avro.CommandResult;

/**
 * Codec of the "idempotency" store: byte 0 the format version (1), the body hash as modified
 * UTF-8, the expiry in epoch milliseconds, then the stored {@link CommandResult} with the bank's
 * own result serde (Avro single-object encoding), length-prefixed, so the stored result evolves
 * with the schema like the one on the results topic.
 */
public final class IdempotencyEntrySerde implements Serde<IdempotencyEntry> {

    static final byte FORMAT_V1 = 1;

    private final Serde<CommandResult> resultSerde;

    public IdempotencyEntrySerde(Serde<CommandResult> resultSerde) {
        this.resultSerde = resultSerde;
    }

    @Override
    public Serializer<IdempotencyEntry> serializer() {
        return (topic, entry) -> entry == null ? null : encode(topic, entry);
    }

    @Override
    public Deserializer<IdempotencyEntry> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(topic, bytes);
    }

    private byte[] encode(String topic, IdempotencyEntry entry) {
        byte[] result = resultSerde.serializer().serialize(topic, entry.result());
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + result.length);
             DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            out.writeUTF(entry.bodyHash());
            out.writeLong(entry.expiresAt().toEpochMilli());
            out.writeInt(result.length);
            out.write(result);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot encode idempotency entry", e);
        }
    }

    private IdempotencyEntry decode(String topic, byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new SerializationException("unknown idempotency entry format " + format);
            }
            String bodyHash = in.readUTF();
            Instant expiresAt = Instant.ofEpochMilli(in.readLong());
            byte[] result = new byte[in.readInt()];
            in.readFully(result);
            if (in.available() != 0) {
                throw new SerializationException("trailing bytes after idempotency entry");
            }
            return new IdempotencyEntry(bodyHash, resultSerde.deserializer().deserialize(topic, result), expiresAt);
        } catch (IOException e) {
            throw new SerializationException("cannot decode idempotency entry", e);
        }
    }
}

package org.eventbank.account.kafka;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.eventbank.schemas.avro.CommandResult;

/**
 * Codec of the {@value CommandProcessorTopology#TRANSFERS_OUT_STORE} store: byte 0 the format (1), the idempotency
 * store key as modified UTF-8 (empty for none: a store key is never empty), then the pending result with the bank's
 * result serde, length-prefixed, so it evolves with the results schema as the idempotency store's results do.
 */
final class OutgoingTransferSerde implements Serde<OutgoingTransfer> {

    static final byte FORMAT_V1 = 1;

    private final Serde<CommandResult> resultSerde;

    OutgoingTransferSerde(Serde<CommandResult> resultSerde) {
        this.resultSerde = resultSerde;
    }

    @Override
    public Serializer<OutgoingTransfer> serializer() {
        return (topic, transfer) -> transfer == null ? null : encode(topic, transfer);
    }

    @Override
    public Deserializer<OutgoingTransfer> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(topic, bytes);
    }

    private byte[] encode(String topic, OutgoingTransfer transfer) {
        byte[] result = resultSerde.serializer().serialize(topic, transfer.pendingResult());
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + result.length);
             DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            out.writeUTF(transfer.idempotencyStoreKey().orElse(""));
            out.writeInt(result.length);
            out.write(result);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot encode outgoing transfer", e);
        }
    }

    private OutgoingTransfer decode(String topic, byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new SerializationException("unknown outgoing transfer format " + format);
            }
            String key = in.readUTF();
            byte[] result = new byte[in.readInt()];
            in.readFully(result);
            if (in.available() != 0) {
                throw new SerializationException("trailing bytes after outgoing transfer");
            }
            return new OutgoingTransfer(resultSerde.deserializer().deserialize(topic, result),
                    key.isEmpty() ? Optional.empty() : Optional.of(key));
        } catch (IOException e) {
            throw new SerializationException("cannot decode outgoing transfer", e);
        }
    }
}

package org.eventbank.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.eventbank.schemas.SampleRecords;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.catalog.SchemaCatalog;
import org.junit.jupiter.api.Test;

/**
 * Proves that releasing a new version works both ways, using a hypothetical Deposited v2 that adds
 * a field with a default ({@code evolution/Deposited-v2.avsc}): old data is read by new readers,
 * and new data by readers still on the current classes.
 */
class SchemaEvolutionTest {

    private static final Schema V1 = Deposited.getClassSchema();
    private static final Schema V2 = parse("/evolution/Deposited-v2.avsc");

    @Test
    void shouldTheHypotheticalV2BeFullyCompatibleWithV1() {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(V2, V1).getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(V1, V2).getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void shouldReadOldDataWithANewReaderThatAddsAFieldWithADefault() throws IOException {
        byte[] writtenByV1 = BankSerdes.singleObject().event().serializer().serialize("t", SampleRecords.deposited());

        BinaryMessageDecoder<GenericRecord> v2Reader = new BinaryMessageDecoder<>(GenericData.get(), V2);
        v2Reader.addSchema(V1);
        GenericRecord read = v2Reader.decode(writtenByV1);

        assertThat(read.get("amountMinor")).isEqualTo(1_000L);
        assertThat(read.get("channel").toString()).isEqualTo("unknown");
    }

    @Test
    void shouldReadNewDataWithTheCurrentClassesOnceV2IsInTheCatalog() throws IOException {
        GenericRecord v2Record = new GenericData.Record(V2);
        Deposited sample = SampleRecords.deposited();
        for (Schema.Field field : V1.getFields()) {
            Object value = sample.get(field.name());
            v2Record.put(field.name(), value instanceof java.time.Instant instant ? instant.toEpochMilli() : value);
        }
        v2Record.put("channel", "branch");
        ByteBuffer writtenByV2 = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V2).encode(v2Record);

        var serde = SingleObjectSerde.ofAny(SchemaCatalog.of(List.of(V1, V2)), BankSerdes.EVENT_TYPES);
        byte[] bytes = new byte[writtenByV2.remaining()];
        writtenByV2.get(bytes);

        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(sample);
    }

    private static Schema parse(String resource) {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

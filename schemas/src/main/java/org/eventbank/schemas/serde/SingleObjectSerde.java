package org.eventbank.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.catalog.GeneratedClasses;
import org.eventbank.schemas.catalog.SchemaCatalog;

/**
 * Avro single-object encoding (marker {@code C3 01}, 8-byte little-endian CRC-64-AVRO fingerprint
 * of the writer schema, binary body) behind Kafka's {@link Serde} interface.
 *
 * <p>One serde may carry several record types on one topic (the events topic carries
 * AccountOpened, Deposited and Withdrawn with no envelope): the reader looks the fingerprint up in
 * the {@link SchemaCatalog}, picks the generated class of that record's name, and reads the body
 * with Avro schema resolution from the writer version to the current one. The writer refuses a
 * record whose schema was never released, so nothing unreadable reaches a topic.
 *
 * <p>Readers first, writers by switch: the writer emits the version {@link WriterVersions} pins
 * for the record's family (projected by field name, refusing what that version cannot carry), or
 * the newest without a pin. After resolution, an {@link Upcaster} registered for the record's name
 * sees the writer's version, for changes of meaning that defaults cannot express.
 *
 * <p>A null payload (a tombstone) deserializes to null; anything else either decodes or throws
 * {@link UndecodableRecordException}, never returns null. A fingerprint this reader does not know
 * stops it with "upgrade this reader first": it is never skipped.
 */
public final class SingleObjectSerde<T extends SpecificRecord> implements Serde<T> {

    static final byte MARKER_0 = (byte) 0xC3;
    static final byte MARKER_1 = (byte) 0x01;
    static final int HEADER_LENGTH = 10;

    /** Writes Instants as timestamp-millis when a pinned writer writes an older version generically. */
    private static final GenericData PINNED_MODEL = pinnedModel();

    private final SchemaCatalog catalog;
    private final WriterVersions writerVersions;
    private final Map<String, Upcaster> upcasters;
    private final Map<String, ReaderType<? extends T>> readersByFullName;
    private final Map<Long, SpecificDatumReader<? extends T>> readersByFingerprint = new ConcurrentHashMap<>();
    private final Map<Class<?>, Writer> writersByClass = new ConcurrentHashMap<>();

    private SingleObjectSerde(SchemaCatalog catalog, List<Class<? extends T>> types, WriterVersions writerVersions,
                              Map<String, Upcaster> upcasters) {
        GeneratedClasses.trust();
        this.catalog = catalog;
        this.writerVersions = writerVersions;
        this.upcasters = Map.copyOf(upcasters);
        Map<String, ReaderType<? extends T>> readers = new LinkedHashMap<>();
        for (Class<? extends T> type : types) {
            ReaderType<? extends T> reader = ReaderType.of(type);
            readers.put(reader.schema.getFullName(), reader);
        }
        this.readersByFullName = Map.copyOf(readers);
    }

    /** A serde for one record type, writing the newest version. */
    public static <T extends SpecificRecord> SingleObjectSerde<T> of(SchemaCatalog catalog, Class<T> type) {
        return of(catalog, type, WriterVersions.newest(), Map.of());
    }

    /** A serde for one record type, writing the version {@code writerVersions} pins for its family. */
    public static <T extends SpecificRecord> SingleObjectSerde<T> of(SchemaCatalog catalog, Class<T> type,
                                                                     WriterVersions writerVersions, Map<String, Upcaster> upcasters) {
        return new SingleObjectSerde<>(catalog, List.of(type), writerVersions, upcasters);
    }

    /** A serde for a topic that carries several record types, told apart by fingerprint, writing the newest versions. */
    public static SingleObjectSerde<SpecificRecord> ofAny(SchemaCatalog catalog, List<Class<? extends SpecificRecord>> types) {
        return ofAny(catalog, types, WriterVersions.newest(), Map.of());
    }

    /** A serde for a topic that carries several record types, writing the versions {@code writerVersions} pins. */
    public static SingleObjectSerde<SpecificRecord> ofAny(SchemaCatalog catalog, List<Class<? extends SpecificRecord>> types,
                                                          WriterVersions writerVersions, Map<String, Upcaster> upcasters) {
        return new SingleObjectSerde<>(catalog, types, writerVersions, upcasters);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> serialize(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    /** The record in single-object encoding, or null for null. */
    public byte[] serialize(T record) {
        if (record == null) {
            return null;
        }
        Writer writer = writersByClass.computeIfAbsent(record.getClass(), type -> writerFor(record));
        return writer.write(record);
    }

    private Writer writerFor(T record) {
        Schema schema = record.getSchema();
        if (!readersByFullName.containsKey(schema.getFullName())) {
            throw new SerializationException(schema.getFullName() + " is not a type this serde carries");
        }
        long fingerprint = SchemaCatalog.fingerprint(schema);
        Optional<Integer> current = catalog.versionOf(fingerprint);
        if (current.isEmpty()) {
            throw new SerializationException("refusing to write " + schema.getFullName() + " with unreleased schema "
                    + UndecodableRecordException.hex(fingerprint) + ": add it to the catalog first");
        }
        Optional<Family> family = Family.of(schema.getFullName());
        Optional<Integer> pin = family.flatMap(writerVersions::pin);
        // A record that did not change in the pinned release (AccountOpened is still v2 when events are at v3) is written
        // in its newest version, as long as the family has that release at all.
        if (pin.isEmpty() || pin.get() >= current.get() && family.get().newestVersion(catalog) >= pin.get()) {
            return new Writer(fingerprint, new SpecificDatumWriter<>(schema, SpecificData.getForClass(record.getClass())), null, 0);
        }
        String setting = family.get().versionSetting();
        if (pin.get() > current.get()) {
            throw new SerializationException(setting + "=" + pin.get() + " but this build writes " + schema.getName()
                    + " up to version " + current.get() + ": upgrade this writer first");
        }
        Schema older = catalog.version(schema.getFullName(), pin.get()).orElseThrow(() -> new SerializationException(
                schema.getName() + " has no version " + pin.get() + ": it cannot be written while " + setting + "=" + pin.get()
                        + "; promote the writer (docs/wire-format.md)"));
        return new Writer(SchemaCatalog.fingerprint(older), new GenericDatumWriter<>(older, PINNED_MODEL), older, pin.get());
    }

    private static GenericData pinnedModel() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }

    /** The record these bytes encode, null for null; {@code topic} is named in errors. */
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < HEADER_LENGTH || data[0] != MARKER_0 || data[1] != MARKER_1) {
            throw new UndecodableRecordException(topic, null,
                    "not Avro single-object encoded (" + data.length + " bytes, expected the marker C3 01 and a fingerprint)", null);
        }
        long fingerprint = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        SpecificDatumReader<? extends T> reader = readersByFingerprint.computeIfAbsent(fingerprint, fp -> readerFor(topic, fp));
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, HEADER_LENGTH, data.length - HEADER_LENGTH, null);
        try {
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new UndecodableRecordException(topic, fingerprint, "trailing bytes after the record body", null);
            }
            return upcast(value, fingerprint);
        } catch (IOException | RuntimeException e) {
            if (e instanceof UndecodableRecordException undecodable) {
                throw undecodable;
            }
            throw new UndecodableRecordException(topic, fingerprint, "corrupt body: " + e, e);
        }
    }

    /** The version of the schema these bytes were written with (1, 2, ...); the bytes must carry a released fingerprint. */
    public int writerVersion(String topic, byte[] data) {
        if (data == null || data.length < HEADER_LENGTH || data[0] != MARKER_0 || data[1] != MARKER_1) {
            throw new UndecodableRecordException(topic, null, "not Avro single-object encoded", null);
        }
        long fingerprint = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return catalog.versionOf(fingerprint).orElseThrow(() -> unknownFingerprint(topic, fingerprint));
    }

    @SuppressWarnings("unchecked")
    private T upcast(T value, long fingerprint) {
        Upcaster upcaster = upcasters.get(value.getSchema().getFullName());
        if (upcaster == null) {
            return value;
        }
        return (T) upcaster.upcast(value, catalog.versionOf(fingerprint).orElseThrow());
    }

    private static UndecodableRecordException unknownFingerprint(String topic, long fingerprint) {
        return new UndecodableRecordException(topic, fingerprint, "no released schema known to this reader has this fingerprint:"
                + " it was written by a newer writer (upgrade this reader first: readers before writers, docs/wire-format.md)"
                + " or it is not Avro single-object encoding", null);
    }

    private SpecificDatumReader<? extends T> readerFor(String topic, long fingerprint) {
        Schema writer = catalog.byFingerprint(fingerprint).orElseThrow(() -> unknownFingerprint(topic, fingerprint));
        ReaderType<? extends T> readerType = readersByFullName.get(writer.getFullName());
        if (readerType == null) {
            throw new UndecodableRecordException(topic, fingerprint,
                    writer.getFullName() + " is not carried on this topic (expected one of " + readersByFullName.keySet() + ")", null);
        }
        return readerType.readerFrom(writer);
    }

    private record ReaderType<R extends SpecificRecord>(Class<R> type, Schema schema, SpecificData model) {

        static <R extends SpecificRecord> ReaderType<R> of(Class<R> type) {
            SpecificData model = SpecificData.getForClass(type);
            return new ReaderType<>(type, model.getSchema(type), model);
        }

        SpecificDatumReader<R> readerFrom(Schema writer) {
            return new SpecificDatumReader<>(writer, schema, model);
        }
    }

    private static final class Writer {
        private final byte[] header;
        private final DatumWriter<Object> datumWriter;
        /** The older version a pinned writer writes, or null when it writes the record's own schema. */
        private final Schema pinnedSchema;
        private final int pinnedVersion;

        @SuppressWarnings("unchecked")
        Writer(long fingerprint, DatumWriter<?> datumWriter, Schema pinnedSchema, int pinnedVersion) {
            this.header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                    .put(MARKER_0).put(MARKER_1).putLong(fingerprint).array();
            this.datumWriter = (DatumWriter<Object>) datumWriter;
            this.pinnedSchema = pinnedSchema;
            this.pinnedVersion = pinnedVersion;
        }

        byte[] write(Object record) {
            Object datum = pinnedSchema == null ? record : VersionProjection.project(record, ((IndexedRecord) record).getSchema(),
                    pinnedSchema, pinnedSchema.getName(), pinnedVersion);
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            out.writeBytes(header);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            try {
                datumWriter.write(datum, encoder);
                encoder.flush();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot encode " + record.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
            return out.toByteArray();
        }
    }
}

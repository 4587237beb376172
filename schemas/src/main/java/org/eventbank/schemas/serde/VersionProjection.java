package org.eventbank.schemas.serde;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns a record of the current generated class into a generic record of an older released
 * version of the same schema, field by field BY NAME (generated classes write by position: a field
 * inserted rather than appended would otherwise swap two values in the permanent ledger). A value
 * the older version cannot carry (a field it lacks holding something other than its default, a
 * union branch or enum symbol it does not know) is refused, never dropped.
 */
final class VersionProjection {

    /**
     * Resolves a union branch of a value the generated classes hold: a timestamp-millis in a union (a command's
     * {@code notAfter}) is a {@link java.time.Instant} there, which the bare {@link GenericData} does not know.
     */
    private static final GenericData WITH_INSTANTS = withInstants();

    private VersionProjection() {
    }

    private static GenericData withInstants() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
        return model;
    }

    static Object project(Object value, Schema from, Schema to, String path, int version) {
        if (value == null) {
            requireNullable(to, path, version);
            return null;
        }
        switch (to.getType()) {
            case RECORD:
                return record((IndexedRecord) value, to, path, version);
            case UNION:
                Schema fromBranch = from.getType() == Schema.Type.UNION
                        ? from.getTypes().get(WITH_INSTANTS.resolveUnion(from, value)) : from;
                Schema toBranch = matchingBranch(fromBranch, to).orElseThrow(() -> refuse(path, version,
                        "it has no " + describe(fromBranch) + " branch"));
                return project(value, fromBranch, toBranch, path, version);
            case ENUM:
                String symbol = value.toString();
                if (!to.hasEnumSymbol(symbol)) {
                    throw refuse(path, version, "its enum " + to.getName() + " has no symbol " + symbol);
                }
                return new GenericData.EnumSymbol(to, symbol);
            case ARRAY:
                List<Object> items = new ArrayList<>();
                for (Object item : (Iterable<?>) value) {
                    items.add(project(item, elementOf(from), to.getElementType(), path + "[]", version));
                }
                return items;
            case MAP:
                Map<Object, Object> entries = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((key, item) ->
                        entries.put(key, project(item, valuesOf(from), to.getValueType(), path + "{}", version)));
                return entries;
            default:
                return value;
        }
    }

    private static GenericData.Record record(IndexedRecord value, Schema to, String path, int version) {
        Schema from = value.getSchema();
        GenericData.Record projected = new GenericData.Record(to);
        for (Schema.Field field : to.getFields()) {
            Schema.Field source = from.getField(field.name());
            if (source == null) {
                projected.put(field.pos(), GenericData.get().getDefaultValue(field));
            } else {
                projected.put(field.pos(), project(value.get(source.pos()), source.schema(), field.schema(),
                        path + "." + field.name(), version));
            }
        }
        for (Schema.Field field : from.getFields()) {
            if (to.getField(field.name()) == null) {
                Object held = value.get(field.pos());
                Object defaultValue = field.hasDefaultValue() ? GenericData.get().getDefaultValue(field) : null;
                if (!Objects.equals(normalise(held), normalise(defaultValue))) {
                    throw refuse(path + "." + field.name(), version, "it has no such field, and the value is not its default");
                }
            }
        }
        return projected;
    }

    private static java.util.Optional<Schema> matchingBranch(Schema branch, Schema union) {
        for (Schema candidate : union.getTypes()) {
            boolean named = candidate.getType() == Schema.Type.RECORD || candidate.getType() == Schema.Type.ENUM
                    || candidate.getType() == Schema.Type.FIXED;
            if (candidate.getType() == branch.getType() && (!named || candidate.getFullName().equals(branch.getFullName()))) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    private static void requireNullable(Schema to, String path, int version) {
        boolean nullable = to.getType() == Schema.Type.NULL
                || to.getType() == Schema.Type.UNION && to.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
        if (!nullable) {
            throw refuse(path, version, "the field is required there and the value is null");
        }
    }

    private static Schema elementOf(Schema schema) {
        return schema.getType() == Schema.Type.ARRAY ? schema.getElementType() : schema;
    }

    private static Schema valuesOf(Schema schema) {
        return schema.getType() == Schema.Type.MAP ? schema.getValueType() : schema;
    }

    private static Object normalise(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof GenericEnumSymbol<?> symbol) {
            return symbol.toString();
        }
        if (value instanceof Enum<?> symbol) {
            return symbol.name();
        }
        return value;
    }

    private static String describe(Schema branch) {
        return branch.getType() == Schema.Type.RECORD || branch.getType() == Schema.Type.ENUM ? branch.getName() : branch.getType().getName();
    }

    private static SerializationException refuse(String path, int version, String why) {
        return new SerializationException("cannot write " + path + " in schema version " + version + ": " + why
                + "; promote the writer to a newer version first (docs/wire-format.md)");
    }
}

package org.eventbank.account.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eventbank.kit.http.ProblemException;

/**
 * The one Jackson configuration of the HTTP edge: strict. Unknown, duplicate and missing required
 * fields fail; nothing is coerced ({@code 10.5}, {@code "10"}, {@code true} and {@code null} are not
 * amounts, {@code 5} is not a currency); trailing content after the document fails.
 */
public final class StrictJson {

    private StrictJson() {
    }

    public static ObjectMapper mapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonParser.Feature.ALLOW_COMMENTS)
                .build();
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
                LogicalType.Textual}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, type == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return mapper;
    }

    private static final Pattern OFFENDING_VALUE = Pattern.compile("value \\((.*?)\\)");

    private static String expectation(Class<?> target) {
        if (target == BigInteger.class || target == Long.class || target == long.class || target == Integer.class || target == int.class) {
            return "a JSON integer";
        }
        if (target == String.class) {
            return "a JSON string";
        }
        return null;
    }

    /** Binds {@code bytes} to {@code type} or throws a malformed-request problem naming what is wrong. */
    public static <T> T read(ObjectMapper mapper, byte[] bytes, Class<T> type) {
        if (bytes.length == 0) {
            throw new ProblemException(AccountProblems.MALFORMED_REQUEST, "the request body is empty; a JSON object is required");
        }
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new ProblemException(AccountProblems.MALFORMED_REQUEST, "the request body must be a JSON object, not null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ProblemException(AccountProblems.MALFORMED_REQUEST, describe(e));
        } catch (java.io.IOException e) {
            throw new ProblemException(AccountProblems.MALFORMED_REQUEST, "the request body cannot be read: " + e.getMessage());
        }
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'; the fields are " + unknown.getKnownPropertyIds();
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty() && expectation(mismatch.getTargetType()) != null) {
            // "Cannot coerce Floating-point value (10.5) to `java.math.BigInteger`" says it in Java; say it in JSON.
            String field = mismatch.getPath().stream()
                    .map(step -> step.getFieldName() != null ? step.getFieldName() : "[" + step.getIndex() + "]")
                    .collect(Collectors.joining("."));
            Matcher value = OFFENDING_VALUE.matcher(message);
            return "field '" + field + "' must be " + expectation(mismatch.getTargetType()) + (value.find() ? ", not " + value.group(1) : "");
        }
        // Jackson's first line says what is wrong; the rest points into Java classes, which clients need not see.
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        message = message.replaceAll("\\(class [^)]*\\)", "").replaceAll("`[a-z.]+\\.RequestBodies\\$", "`");
        return "the request body is not valid: " + message.trim();
    }
}

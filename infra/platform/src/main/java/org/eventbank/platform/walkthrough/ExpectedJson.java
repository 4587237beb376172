package org.eventbank.platform.walkthrough;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Compares an answer with a walkthrough's expectation: every field the expectation names must be
 * there with that value (others may be added); arrays must have the same length, element by
 * element. The placeholders {@code <uuid>}, {@code <instant>} and {@code <any>} match any UUID,
 * ISO-8601 instant or value.
 */
public final class ExpectedJson {

    private ExpectedJson() {
    }

    /** One line per difference, each naming the JSON path; empty when the answer matches. */
    public static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> differences = new ArrayList<>();
        compare("$", expected, actual, differences);
        return differences;
    }

    /** Whether an output line matches an expected line with placeholders. */
    public static boolean lineMatches(String expected, String actual) {
        String regex = java.util.regex.Pattern.quote(expected)
                .replace("<instant>", "\\E\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\\Q")
                .replace("<uuid>", "\\E[0-9a-f-]{36}\\Q")
                .replace("<any>", "\\E.*\\Q");
        return actual.matches(regex);
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (actual == null || actual.isMissingNode()) {
            differences.add(path + ": missing, expected " + expected);
            return;
        }
        if (expected.isTextual() && placeholderMatches(expected.asText(), actual, path, differences)) {
            return;
        }
        if (expected.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                compare(path + "." + field.getKey(), field.getValue(), actual.get(field.getKey()), differences);
            }
        } else if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                differences.add(path + ": expected " + expected.size() + " elements, got " + actual);
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
            }
        } else if (expected.isNumber() ? !actual.isNumber() || expected.bigIntegerValue().compareTo(actual.bigIntegerValue()) != 0
                : !expected.equals(actual)) {
            differences.add(path + ": expected " + expected + ", got " + actual);
        }
    }

    /** True if the text was a placeholder (recording a difference when it did not match). */
    private static boolean placeholderMatches(String text, JsonNode actual, String path, List<String> differences) {
        switch (text) {
            case "<any>" -> {
                return true;
            }
            case "<uuid>" -> {
                try {
                    UUID.fromString(actual.asText());
                } catch (IllegalArgumentException e) {
                    differences.add(path + ": expected a UUID, got " + actual);
                }
                return true;
            }
            case "<instant>" -> {
                try {
                    Instant.parse(actual.asText());
                } catch (DateTimeParseException e) {
                    differences.add(path + ": expected an ISO-8601 instant, got " + actual);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}

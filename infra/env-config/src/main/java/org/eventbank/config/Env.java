package org.eventbank.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one reader of the bank's settings from environment variables, with one set of rules for every
 * service, the topic layout and the launcher:
 * <ul>
 *   <li>Values are trimmed. <strong>A blank value means the default</strong>, exactly as if the variable were unset
 *       (so {@code BANK_TOPIC_PREFIX=} gives the default prefix: an empty prefix cannot be spelled, by design).
 *   <li>A value that does not parse, or does not fit, fails start-up with a {@link SettingException} naming the
 *       variable, the accepted form and the value given; nothing wraps or silently falls back.
 *   <li>Booleans are {@code true} or {@code false} (any case); {@code yes}, {@code 1} and the like are refused.
 * </ul>
 * Each typed config record reads its variables once at start-up through this class and validates its own
 * ranges in its constructor.
 */
public final class Env {

    private final Map<String, String> variables;

    private Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The process environment. */
    public static Env system() {
        return of(System.getenv());
    }

    public static Env of(Map<String, String> variables) {
        return new Env(variables);
    }

    /** Exit status of a program whose settings cannot be used. */
    public static final int EXIT_BAD_SETTING = 2;

    /**
     * For a {@code main}: reads the program's settings from the process environment, or prints the one-line reason
     * ({@code account-service: cannot start: BANK_HTTP_PORT must be ...}) and exits with {@link #EXIT_BAD_SETTING}.
     * No stack trace: a wrong setting is the operator's input, not a bug.
     */
    public static <T> T readOrExit(String program, Function<Env, T> reader) {
        try {
            return reader.apply(system());
        } catch (SettingException e) {
            System.err.println(program + ": cannot start: " + e.getMessage());
            System.exit(EXIT_BAD_SETTING);
            throw e;
        }
    }

    /** The trimmed value, or empty when the variable is unset or blank. */
    public Optional<String> value(String name) {
        String raw = variables.get(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(raw.trim());
    }

    /** True when the variable has a non-blank value, i.e. its default does not apply. */
    public boolean isSet(String name) {
        return value(name).isPresent();
    }

    public String text(String name, String defaultValue) {
        return value(name).orElse(defaultValue);
    }

    public Path path(String name, Path defaultValue) {
        return value(name).map(Path::of).orElse(defaultValue);
    }

    /** A whole number from {@code min} to {@code max}; the bounds are part of the message when it is refused. */
    public long number(String name, long defaultValue, long min, long max) {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw SettingException.of(name, "a whole number from " + min + " to " + max, value.get());
        }
        if (parsed < min || parsed > max) {
            throw SettingException.of(name, "a whole number from " + min + " to " + max, value.get());
        }
        return parsed;
    }

    /** {@link #number} for an {@code int} setting: a value that does not fit an int is refused, never wrapped. */
    public int integer(String name, int defaultValue, int min, int max) {
        return (int) number(name, defaultValue, min, max);
    }

    /** {@code true} or {@code false}, in any case; anything else is refused. */
    public boolean flag(String name, boolean defaultValue) {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (value.get().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.get().equalsIgnoreCase("false")) {
            return false;
        }
        throw SettingException.of(name, "true or false", value.get());
    }

    /** An ISO-8601 duration such as {@code PT24H}, positive. */
    public Duration duration(String name, Duration defaultValue) {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration parsed = Duration.parse(value.get());
            if (!parsed.isNegative() && !parsed.isZero()) {
                return parsed;
            }
        } catch (DateTimeParseException e) {
            // reported below, with the accepted form
        }
        throw SettingException.of(name, "a positive ISO-8601 duration such as PT24H", value.get());
    }

    /** A value matching {@code pattern} (a regular expression), described to the operator as {@code form}. */
    public String matching(String name, String defaultValue, String pattern, String form) {
        String value = text(name, defaultValue);
        if (!value.matches(pattern)) {
            throw SettingException.of(name, form, value);
        }
        return value;
    }
}

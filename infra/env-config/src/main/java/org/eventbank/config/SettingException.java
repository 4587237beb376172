package org.eventbank.config;

/**
 * A setting that cannot be used: the message names the variable, the accepted form and the value
 * given, for example {@code BANK_HTTP_PORT must be a whole number from 0 to 65535, not '80a'}.
 */
public final class SettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public SettingException(String message) {
        super(message);
    }

    public static SettingException of(String name, String form, Object value) {
        return new SettingException(name + " must be " + form + ", not '" + value + "'");
    }

    /** Throws {@code of(name, form, value)} unless {@code condition} holds: for range checks in config records. */
    public static void require(boolean condition, String name, String form, Object value) {
        if (!condition) {
            throw of(name, form, value);
        }
    }
}

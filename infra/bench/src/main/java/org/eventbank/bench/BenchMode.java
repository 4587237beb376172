package org.eventbank.bench;

import java.util.Locale;

/** Which path the benchmark drives. */
public enum BenchMode {
    /** Through the account-service's REST endpoint: HTTP, gateway, processor, result listener. */
    HTTP,
    /** Straight to the commands topic and back from the results topic: the command processor alone. */
    CORE;

    static BenchMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mode must be http or core, not '" + value + "'", e);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

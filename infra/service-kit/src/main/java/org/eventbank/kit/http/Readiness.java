package org.eventbank.kit.http;

import java.util.Optional;

/** Whether this instance can answer now; when not, why. */
@FunctionalInterface
public interface Readiness {

    /** Empty when ready, otherwise a sentence saying what is not ready. */
    Optional<String> notReadyReason();

    /**
     * Empty while this instance is alive in the sense of {@code /health/live}; otherwise why it should be restarted: a
     * part of it died of a fault a restart cures (a Streams client stopped after transient faults, a dead listener
     * thread). A stop on bad data or a broken invariant is not reported here: a restart would stop on it again, so
     * such an instance stays live and not ready, for an operator to look at.
     */
    default Optional<String> deadReason() {
        return Optional.empty();
    }
}

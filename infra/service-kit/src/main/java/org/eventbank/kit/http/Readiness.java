package org.eventbank.kit.http;

import java.util.Optional;

/** Whether this instance can answer now; when not, why. */
@FunctionalInterface
public interface Readiness {

    /** Empty when ready, otherwise a sentence saying what is not ready. */
    Optional<String> notReadyReason();
}

package org.eventbank.account.http;

import java.util.Optional;

/** Whether this instance can take commands now; when not, why. */
@FunctionalInterface
public interface Readiness {

    /** Empty when ready, otherwise a sentence saying what is not ready. */
    Optional<String> notReadyReason();
}

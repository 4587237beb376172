package org.eventbank.ledger.domain;

import java.util.Objects;

/**
 * Who asked for an event (contract v2): the authenticated subject and, when known, the client it came
 * through. An event written before v2, or without authentication, has none (null where it is held).
 *
 * @param subject  the token's subject, the user or service that asked
 * @param clientId the OAuth2 client the request came through, or null
 */
public record Initiator(String subject, String clientId) {

    public Initiator {
        Objects.requireNonNull(subject, "subject");
    }
}

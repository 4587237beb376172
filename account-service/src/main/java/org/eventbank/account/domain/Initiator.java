package org.eventbank.account.domain;

import java.util.Optional;

/**
 * The authenticated principal behind a command.
 *
 * @param subject  the token's subject: the user or service that asked
 * @param clientId the OAuth2 client the request came through, if known
 */
public record Initiator(String subject, Optional<String> clientId) {
}

package org.eventbank.account.domain;

import java.util.Optional;

/**
 * Who asked for a change and which business operation it belongs to: carried by a command and copied
 * by the decider onto every event the command causes, so the ledger says who did what.
 *
 * @param initiatedBy   the authenticated principal behind the command; empty where not known (before
 *                      authentication, or on data written by a v1 writer)
 * @param correlationId groups the commands and events of one business operation (both legs of a
 *                      transfer); empty where there is none
 */
public record Origin(Optional<Initiator> initiatedBy, Optional<String> correlationId) {

    /** Nobody known and no operation: every command until authentication lands, and all v1 data. */
    public static final Origin NONE = new Origin(Optional.empty(), Optional.empty());
}

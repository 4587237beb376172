package org.eventbank.ledger.domain;

/**
 * The ledger broke an invariant the projector relies on. Thrown by the fold; the projector stops
 * rather than skip the event, since money is never silently dropped. The message names the account,
 * the versions and the rule broken; the Kafka edge adds topic, partition and offset.
 */
public final class LedgerInvariantException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Violation violation;
    private final String accountId;
    private final long lastVersion;
    private final long eventVersion;

    public LedgerInvariantException(Violation violation, String accountId, long lastVersion, long eventVersion, String detail) {
        super(violation + " on account " + accountId + ": last folded version " + lastVersion
                + ", event version " + eventVersion + (detail.isEmpty() ? "" : " (" + detail + ")"));
        this.violation = violation;
        this.accountId = accountId;
        this.lastVersion = lastVersion;
        this.eventVersion = eventVersion;
    }

    public Violation violation() {
        return violation;
    }

    public String accountId() {
        return accountId;
    }

    public long lastVersion() {
        return lastVersion;
    }

    public long eventVersion() {
        return eventVersion;
    }
}

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
        this(violation + " on account " + accountId + ": last folded version " + lastVersion
                + ", event version " + eventVersion + (detail.isEmpty() ? "" : " (" + detail + ")"), violation, accountId, lastVersion,
                eventVersion);
    }

    private LedgerInvariantException(String message, Violation violation, String accountId, long lastVersion, long eventVersion) {
        super(message);
        this.violation = violation;
        this.accountId = accountId;
        this.lastVersion = lastVersion;
        this.eventVersion = eventVersion;
    }

    /**
     * A transfer's events that do not fit together (contract v3): the message names the transfer, the account and version
     * of the event that broke it, and the rule. {@link #lastVersion()} is 0: the transfer's view has no versions.
     */
    public static LedgerInvariantException ofTransfer(Violation violation, String transferId, String accountId, long eventVersion,
                                                      String detail) {
        return new LedgerInvariantException(violation + " on transfer " + transferId + ": event version " + eventVersion
                + " of account " + accountId + " (" + detail + ")", violation, accountId, 0, eventVersion);
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

package org.eventbank.account.app;

import java.util.List;
import java.util.Optional;

/**
 * What the contract versions this instance writes let it do, settled once at start-up by the wiring
 * from the writer versions (readers first, writers by switch: decision 0011). A feature that needs a
 * newer contract stays off until the operator promotes every family it writes.
 *
 * <ul>
 *   <li>Closing needs v2 of events, commands and results (AccountClosed, CloseAccount and the closing outcomes).
 *       While off, the HTTP edge answers 501 before any command is sent.
 *   <li>Deadlines need v2 of commands and results: {@code notAfter} is a v2 command field and {@code EXPIRED} a v2
 *       result symbol (decision 0014). While off, the edge stamps no {@code notAfter}, and the processor gives a
 *       command without one no deadline: it is decided whenever its partition's owner reaches it, as before.
 *   <li>Identity needs v2 of commands ({@code initiatedBy}, {@code actingAs}: the single writer checks the owner by
 *       them) and events ({@code initiatedBy}: the ledger says who did it). While off, only {@code bank:teller}
 *       tokens may write (a teller may write any account, so no owner check is needed), their commands carry nobody,
 *       and a customer's write answers 501 not-enabled (decision 0015).
 *   <li>Transfers need v3 of events (TransferDebited, TransferCredited, TransferReversed), commands (the Transfer
 *       payload) and results (TRANSFER_PENDING and the transfer record) (decision 0016). While off, {@code POST
 *       /transfers} answers 501 before any command is sent.
 * </ul>
 *
 * @param closingBlockedBy   the settings ({@code BANK_<FAMILY>_SCHEMA_VERSION}) still below the version closing
 *                           needs, in the order to name them; empty when closing is enabled
 * @param deadlinesBlockedBy the settings still below the version deadlines need; empty when deadlines are on
 * @param identityBlockedBy  the settings still below the version identity needs; empty when commands and events
 *                           carry who asked
 * @param transfersBlockedBy the settings still below the version transfers need; empty when transfers are on
 */
public record ContractFeatures(List<String> closingBlockedBy, List<String> deadlinesBlockedBy,
                               List<String> identityBlockedBy, List<String> transfersBlockedBy) {

    /** The contract version closing accounts needs of events, commands and results: AccountClosed and CloseAccount are v2. */
    public static final int CLOSING_VERSION_MIN = 2;
    /** The contract version deadlines need of commands ({@code notAfter}) and results ({@code EXPIRED}). */
    public static final int DEADLINES_VERSION_MIN = 2;
    /** The contract version identity needs of commands ({@code initiatedBy}, {@code actingAs}) and events. */
    public static final int IDENTITY_VERSION_MIN = 2;
    /** The contract version transfers need of events, commands and results. */
    public static final int TRANSFERS_VERSION_MIN = 3;

    /** Every feature of this release enabled: all families are written in their newest version. */
    public static final ContractFeatures ALL_ENABLED = new ContractFeatures(List.of(), List.of(), List.of(), List.of());

    public ContractFeatures {
        closingBlockedBy = List.copyOf(closingBlockedBy);
        deadlinesBlockedBy = List.copyOf(deadlinesBlockedBy);
        identityBlockedBy = List.copyOf(identityBlockedBy);
        transfersBlockedBy = List.copyOf(transfersBlockedBy);
    }

    /** The features of a release before transfers: closing, deadlines and identity as given, transfers on. */
    public ContractFeatures(List<String> closingBlockedBy, List<String> deadlinesBlockedBy, List<String> identityBlockedBy) {
        this(closingBlockedBy, deadlinesBlockedBy, identityBlockedBy, List.of());
    }

    /** The features of a release before identity: closing and deadlines as given, identity on. */
    public ContractFeatures(List<String> closingBlockedBy, List<String> deadlinesBlockedBy) {
        this(closingBlockedBy, deadlinesBlockedBy, List.of());
    }

    public boolean closingEnabled() {
        return closingBlockedBy.isEmpty();
    }

    public boolean deadlinesEnabled() {
        return deadlinesBlockedBy.isEmpty();
    }

    public boolean identityEnabled() {
        return identityBlockedBy.isEmpty();
    }

    public boolean transfersEnabled() {
        return transfersBlockedBy.isEmpty();
    }

    /** Why transfers are off and how to turn them on, naming only the settings still below; empty while they are on. */
    public Optional<String> transfersDisabledReason() {
        return disabledReason("a transfer", TRANSFERS_VERSION_MIN, transfersBlockedBy);
    }

    /** Why customers cannot write and how to let them, naming only the settings still below; empty while they can. */
    public Optional<String> identityDisabledReason() {
        return disabledReason("a customer's write (the command and its events name who asked)", IDENTITY_VERSION_MIN,
                identityBlockedBy).map(reason -> reason + "; until then only bank:teller tokens may write");
    }

    /** Why closing is off and how to turn it on, naming only the settings still below; empty while it is on. */
    public Optional<String> closingDisabledReason() {
        return disabledReason("closing accounts", CLOSING_VERSION_MIN, closingBlockedBy);
    }

    /** Why deadlines are off and how to turn them on, naming only the settings still below; empty while they are on. */
    public Optional<String> deadlinesDisabledReason() {
        return disabledReason("a command deadline (notAfter, expired)", DEADLINES_VERSION_MIN, deadlinesBlockedBy);
    }

    private static Optional<String> disabledReason(String feature, int versionMin, List<String> blockedBy) {
        if (blockedBy.isEmpty()) {
            return Optional.empty();
        }
        List<String> promotions = blockedBy.stream().map(setting -> setting + "=" + versionMin).toList();
        String joined = promotions.size() == 1 ? promotions.get(0)
                : String.join(", ", promotions.subList(0, promotions.size() - 1)) + " and " + promotions.get(promotions.size() - 1);
        return Optional.of(feature + " needs contract v" + versionMin + "; promote with " + joined
                + " once every reader runs this release");
    }
}

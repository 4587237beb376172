package org.eventbank.account.app;

import java.util.List;
import java.util.Optional;

/**
 * What the contract versions this instance writes let it do, settled once at start-up by the wiring
 * from the writer versions (readers first, writers by switch: decision 0011). A feature that needs a
 * newer contract stays off, answered at the HTTP edge before any command is sent, until the operator
 * promotes every family it writes.
 *
 * @param closingBlockedBy the settings ({@code BANK_<FAMILY>_SCHEMA_VERSION}) still below the version closing
 *                         needs, in the order to name them; empty when closing is enabled
 */
public record ContractFeatures(List<String> closingBlockedBy) {

    /** The contract version closing accounts needs of events, commands and results: AccountClosed and CloseAccount are v2. */
    public static final int CLOSING_VERSION_MIN = 2;

    /** Every feature of this release enabled: all families are written in their newest version. */
    public static final ContractFeatures ALL_ENABLED = new ContractFeatures(List.of());

    public ContractFeatures {
        closingBlockedBy = List.copyOf(closingBlockedBy);
    }

    public boolean closingEnabled() {
        return closingBlockedBy.isEmpty();
    }

    /** Why closing is off and how to turn it on, naming only the settings still below; empty while it is on. */
    public Optional<String> closingDisabledReason() {
        if (closingEnabled()) {
            return Optional.empty();
        }
        List<String> promotions = closingBlockedBy.stream().map(setting -> setting + "=" + CLOSING_VERSION_MIN).toList();
        String joined = promotions.size() == 1 ? promotions.get(0)
                : String.join(", ", promotions.subList(0, promotions.size() - 1)) + " and " + promotions.get(promotions.size() - 1);
        return Optional.of("closing accounts needs contract v" + CLOSING_VERSION_MIN + "; promote with " + joined
                + " once every reader runs this release");
    }
}

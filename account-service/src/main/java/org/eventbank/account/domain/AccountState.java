package org.eventbank.account.domain;

import java.time.Instant;

/**
 * What the decider needs to know about one account: folded from its events by
 * {@link AccountDecider#evolve}.
 *
 * @param status       whether the account exists
 * @param owner        the owner reference, or null before the account is opened
 * @param currency     the ISO 4217 code, or null before the account is opened
 * @param balanceMinor the balance in minor units, never negative
 * @param version      the version of the last event, 0 before any
 * @param lastEventAt  occurred-at of the last event, so time never goes backwards per account
 */
public record AccountState(AccountStatus status, String owner, String currency, long balanceMinor, long version,
                           Instant lastEventAt) {

    /** The state of every account before its first event. */
    public static final AccountState INITIAL = new AccountState(AccountStatus.NONE, null, null, 0, 0, Instant.EPOCH);

    public boolean isOpen() {
        return status == AccountStatus.OPEN;
    }
}

package org.eventbank.account.domain;

import java.time.Instant;

/**
 * What the decider needs to know about one account: folded from its events by
 * {@link AccountDecider#evolve}.
 *
 * @param status                    never opened, open or closed
 * @param owner                     the owner reference, or null before the account is opened
 * @param currency                  the ISO 4217 code, or null before the account is opened
 * @param balanceMinor              the balance in minor units, never negative
 * @param version                   the version of the last event, 0 before any
 * @param lastEventAt               occurred-at of the last event, so time never goes backwards per account
 * @param outgoingTransfersInFlight transfers out of this account not yet credited to their target or
 *                                  reversed, never negative; an account with one in flight cannot close. Up on
 *                                  each TransferDebited, down on its TransferReversed or when the payee's writer
 *                                  reports the credit ({@link AccountDecider#settle})
 * @param outgoingInFlightMinor     the sum of those transfers' amounts, never negative: kept in reserve against
 *                                  overflow, since each may still come back ({@link AccountDecider#headroomMinor})
 */
public record AccountState(AccountStatus status, String owner, String currency, long balanceMinor, long version,
                           Instant lastEventAt, int outgoingTransfersInFlight, long outgoingInFlightMinor) {

    /** The state of every account before its first event. */
    public static final AccountState INITIAL = new AccountState(AccountStatus.NONE, null, null, 0, 0, Instant.EPOCH, 0, 0);

    /** A state without outgoing transfers in flight: every state before contract v3. */
    public AccountState(AccountStatus status, String owner, String currency, long balanceMinor, long version,
                        Instant lastEventAt, int outgoingTransfersInFlight) {
        this(status, owner, currency, balanceMinor, version, lastEventAt, outgoingTransfersInFlight, 0);
    }

    /** Opened at some point, whether still open or closed since: its id is taken for good. */
    public boolean exists() {
        return status != AccountStatus.NONE;
    }

    public boolean isOpen() {
        return status == AccountStatus.OPEN;
    }

    public boolean isClosed() {
        return status == AccountStatus.CLOSED;
    }
}

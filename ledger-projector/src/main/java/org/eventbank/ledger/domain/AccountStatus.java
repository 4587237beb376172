package org.eventbank.ledger.domain;

/**
 * Whether an account still takes events. An account is OPEN from its AccountOpened and CLOSED from
 * its AccountClosed on; nothing may follow a close. Names are the REST contract's, lower-cased.
 */
public enum AccountStatus {
    OPEN,
    CLOSED
}

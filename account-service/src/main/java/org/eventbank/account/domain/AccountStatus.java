package org.eventbank.account.domain;

/** Lifecycle of an account. CLOSED will join when the close command does. */
public enum AccountStatus {
    NONE,
    OPEN
}

package org.eventbank.account.domain;

/** Lifecycle of an account: never opened, open, closed for good (its id is never reused). */
public enum AccountStatus {
    NONE,
    OPEN,
    CLOSED
}

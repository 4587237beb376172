package org.eventbank.account.domain;

/** On whose behalf a command's initiator acts: the account's own customer, or a teller of the bank. */
public enum ActingAs {
    CUSTOMER,
    TELLER
}

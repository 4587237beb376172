package org.eventbank.account.domain;

/** A refused command, as a value: the stable code and a sentence for humans. */
public record Rejection(RejectionCode code, String detail) {
}

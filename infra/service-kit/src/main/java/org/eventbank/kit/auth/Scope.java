package org.eventbank.kit.auth;

import java.util.Optional;

/**
 * The four OAuth2 scopes the bank knows (docs/security.md, the authorization table). A token may carry others;
 * they grant nothing here.
 */
public enum Scope {
    /** Balance, asOf and statement of the caller's own accounts. */
    ACCOUNTS_READ("accounts:read"),
    /** Open accounts owned by the caller; deposit, withdraw and close on the caller's own accounts. */
    ACCOUNTS_WRITE("accounts:write"),
    /** The write operations on any account, and opening accounts for any owner. */
    TELLER("bank:teller"),
    /** Read any account and statement, {@code /totals} and {@code /metrics}. */
    AUDITOR("bank:auditor");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** The scope as tokens carry it, e.g. {@code accounts:read}. */
    public String value() {
        return value;
    }

    public static Optional<Scope> of(String value) {
        for (Scope scope : values()) {
            if (scope.value.equals(value)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}

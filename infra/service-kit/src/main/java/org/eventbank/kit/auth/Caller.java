package org.eventbank.kit.auth;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as a verified access token says: the owner reference the bank knows them by, the OAuth2 client
 * the request came through, and the bank's scopes the token grants.
 *
 * @param ownerReference the value of the configured owner claim ({@code BANK_OWNER_CLAIM}, default {@code sub}),
 *                       1-{@value #OWNER_REFERENCE_LENGTH_MAX} characters: the caller's accounts are the ones whose
 *                       {@code owner} is this, and the ledger's {@code initiatedBy.subject} stores it
 * @param clientId       the token's {@code client_id} (RFC 9068) or, failing that, {@code azp}
 * @param scopes         the bank's scopes the token carries
 */
public record Caller(String ownerReference, Optional<String> clientId, Set<Scope> scopes) {

    /** The same bound as an account's owner reference: the two are compared. */
    public static final int OWNER_REFERENCE_LENGTH_MAX = 200;

    public Caller {
        if (!isValidOwnerReference(ownerReference)) {
            throw new IllegalArgumentException("an owner reference is 1-" + OWNER_REFERENCE_LENGTH_MAX
                    + " characters and not blank");
        }
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    /** 1-200 characters, not blank, no control characters: what the ledger may keep forever as an owner. */
    public static boolean isValidOwnerReference(String value) {
        return value != null && !value.isBlank() && value.length() <= OWNER_REFERENCE_LENGTH_MAX
                && value.chars().noneMatch(Character::isISOControl);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    /** A teller acts for the bank: it may write to any account and open accounts for anyone. */
    public boolean isTeller() {
        return has(Scope.TELLER);
    }

    /** May this caller change an account owned by {@code owner}? */
    public boolean mayWrite(String owner) {
        return isTeller() || has(Scope.ACCOUNTS_WRITE) && ownerReference.equals(owner);
    }

    /** May this caller read an account owned by {@code owner}? */
    public boolean mayRead(String owner) {
        return has(Scope.AUDITOR) || has(Scope.ACCOUNTS_READ) && ownerReference.equals(owner);
    }

    /** May this caller write at all (to some account), whatever its owner? */
    public boolean writesSomething() {
        return isTeller() || has(Scope.ACCOUNTS_WRITE);
    }

    /** May this caller read at all (some account), whatever its owner? */
    public boolean readsSomething() {
        return has(Scope.AUDITOR) || has(Scope.ACCOUNTS_READ);
    }
}

package org.eventbank.account.app;

import java.util.Optional;

/**
 * Where an Idempotency-Key counts: one account and one caller (decision 0015), so two callers' equal keys never meet
 * and nobody can replay, probe or poison another's key. The single writer keeps a key's entry under this name, and
 * the edge tracks a key in flight under it.
 */
public final class IdempotencyScope {

    private IdempotencyScope() {
    }

    /**
     * {@code accountId/<length>:<caller>/key}: account ids never contain '/', and the caller's length makes the rest
     * unambiguous whatever the caller and the key hold. A command that names nobody (v1, or written before identity)
     * counts on the account alone, {@code accountId/key}, as every key did before.
     */
    public static String of(String accountId, Optional<String> caller, String idempotencyKey) {
        return accountId + "/" + caller.map(who -> callerAndKey(who, idempotencyKey)).orElse(idempotencyKey);
    }

    /**
     * {@code <length>:<caller>/key}: one caller's key, unambiguous whatever the caller and the key hold. Also what an
     * account id derived from an Idempotency-Key is named from, so two callers' equal keys name two accounts.
     */
    public static String callerAndKey(String caller, String idempotencyKey) {
        return caller.length() + ":" + caller + "/" + idempotencyKey;
    }
}

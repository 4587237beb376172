package org.eventbank.ledger.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.eventbank.kit.http.ProblemException;
import org.eventbank.kit.http.ProblemType;
import org.eventbank.ledger.query.Read;
import org.eventbank.schemas.contract.AccountIds;

/**
 * Every problem code the projector answers (type {@code /problems/<code>}, its status and title), and
 * the answers its handlers throw, with their detail sentences. Written as
 * {@code application/problem+json} by the kit's one mapper ({@code Problems.install}).
 */
final class LedgerProjectorProblems {

    static final ProblemType MALFORMED_REQUEST = ProblemType.MALFORMED_REQUEST;
    static final ProblemType INVALID_ACCOUNT_ID = ProblemType.INVALID_ACCOUNT_ID;
    static final ProblemType ACCOUNT_NOT_FOUND = ProblemType.ACCOUNT_NOT_FOUND;
    static final ProblemType NOT_FOUND = ProblemType.NOT_FOUND;
    static final ProblemType METHOD_NOT_ALLOWED = ProblemType.METHOD_NOT_ALLOWED;
    static final ProblemType INTERNAL_ERROR = ProblemType.INTERNAL_ERROR;
    static final ProblemType NOT_READY = ProblemType.NOT_READY;
    /** A {@code minVersion} query whose version was not folded within the bound. */
    static final ProblemType MIN_VERSION_TIMEOUT = ProblemType.of("min-version-timeout", 504);
    /** GET /transfers/{id} with an id that is not a UUID (every transferId is one, decision 0016). */
    static final ProblemType INVALID_TRANSFER_ID = ProblemType.of("invalid-transfer-id", 400);
    /** A transfer none of whose events is folded, or one the caller may not read: the same answer. */
    static final ProblemType TRANSFER_NOT_FOUND = ProblemType.of("transfer-not-found", 404);

    private LedgerProjectorProblems() {
    }

    static ProblemException invalidAccountId(String accountId) {
        return new ProblemException(INVALID_ACCOUNT_ID, AccountIds.refusal(accountId));
    }

    static ProblemException invalidTransferId(String transferId) {
        return new ProblemException(INVALID_TRANSFER_ID, "a transferId is a UUID such as 3f2b8c1e-6d4a-3b5f-9e7c-0a1b2c3d4e5f,"
                + " not '" + abbreviate(transferId) + "'");
    }

    static ProblemException transferNotFound(String transferId) {
        return new ProblemException(TRANSFER_NOT_FOUND, "no transfer " + transferId);
    }

    /** An id quoted back in a detail is bounded: the path may be long. */
    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    static ProblemException malformedRequest(String detail) {
        return new ProblemException(MALFORMED_REQUEST, detail);
    }

    static ProblemException accountNotFound(String accountId) {
        return new ProblemException(ACCOUNT_NOT_FOUND, "no account " + accountId);
    }

    static ProblemException accountNotFoundAsOf(String accountId, String instant) {
        return new ProblemException(ACCOUNT_NOT_FOUND, "account " + accountId + " was not open at " + instant);
    }

    /** 503 with Retry-After: starting, rebalancing, a store moving, an owner not answering. */
    static ProblemException notReady(String detail) {
        return ProblemException.notReady(detail);
    }

    /** 503 not-ready for an asOf instant that is not final yet (its answer could still change), with Retry-After. */
    static ProblemException notFinal(String accountId, Instant asOf, Optional<Instant> finalUpTo, Duration trailMax,
                                     long retryAfterSeconds) {
        String upTo = finalUpTo.map(instant -> "final up to " + instant).orElse("not final for any instant yet (starting or rebuilding)");
        return new ProblemException(NOT_READY, "the balance of account " + accountId + " as of " + asOf + " is not final yet:"
                + " a transaction may still commit an event at or before that instant. The partition of this account is "
                + upTo + "; an instant becomes final about " + trailMax.toMillis() + " ms after it has passed, once the"
                + " projector has caught up", Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    static ProblemException minVersionTimeout(String accountId, long minVersion, long seenVersion, long waitedMs) {
        return new ProblemException(MIN_VERSION_TIMEOUT, "account " + accountId + " did not reach version " + minVersion
                + " within " + waitedMs + " ms (projected version: " + seenVersion + ")");
    }

    /** The value of a read of this instance's stores, or 503 not-ready saying why it cannot be read here now. */
    static <T> T valueOrNotReady(Read<T> read) {
        if (read instanceof Read.Ok<T> ok) {
            return ok.value();
        }
        throw notReady(((Read.Unavailable<T>) read).reason());
    }
}

package org.eventbank.ledger.http;

/**
 * An answer that is an RFC 9457 problem: thrown by handlers and validators, written as
 * {@code application/problem+json} by the one exception mapper of {@link LedgerHttpApp}.
 */
public final class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Seconds a client should wait before retrying a 503. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final int status;
    private final String code;
    private final Integer retryAfterSeconds;

    private ProblemException(int status, String code, String detail, Integer retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException invalidAccountId(String accountId) {
        return new ProblemException(400, "invalid-account-id",
                "account id must be 1-64 characters of [A-Za-z0-9._-], not '" + abbreviate(accountId) + "'", null);
    }

    public static ProblemException malformedRequest(String detail) {
        return new ProblemException(400, "malformed-request", detail, null);
    }

    public static ProblemException accountNotFound(String accountId) {
        return new ProblemException(404, "account-not-found", "no account " + accountId, null);
    }

    public static ProblemException accountNotFoundAsOf(String accountId, String instant) {
        return new ProblemException(404, "account-not-found", "account " + accountId + " was not open at " + instant, null);
    }

    public static ProblemException notFound(String path) {
        return new ProblemException(404, "not-found", "no resource at " + abbreviate(path), null);
    }

    public static ProblemException methodNotAllowed(String method, String path) {
        return new ProblemException(405, "method-not-allowed", method + " is not allowed on " + abbreviate(path), null);
    }

    public static ProblemException notReady(String detail) {
        return new ProblemException(503, "not-ready", detail, RETRY_AFTER_SECONDS);
    }

    public static ProblemException minVersionTimeout(String accountId, long minVersion, long seenVersion, long waitedMs) {
        return new ProblemException(504, "min-version-timeout", "account " + accountId + " did not reach version " + minVersion
                + " within " + waitedMs + " ms (projected version: " + seenVersion + ")", null);
    }

    /** A bug, not a client error: 500, logged with its stack trace by the mapper. */
    public static ProblemException internalError(Exception cause) {
        return new ProblemException(500, "internal-error", "the projector failed to answer (" + cause.getClass().getSimpleName()
                + "); this is logged and is a bug", null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}

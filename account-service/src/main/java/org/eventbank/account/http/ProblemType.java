package org.eventbank.account.http;

/**
 * The problem codes of the REST contract: each answers with {@code type = /problems/<code>}, its
 * title and its HTTP status (design brief, error table).
 */
public enum ProblemType {
    MALFORMED_REQUEST("malformed-request", 400, "Malformed request"),
    INVALID_AMOUNT("invalid-amount", 400, "Invalid amount"),
    INVALID_CURRENCY("invalid-currency", 400, "Invalid currency"),
    INVALID_ACCOUNT_ID("invalid-account-id", 400, "Invalid account id"),
    ACCOUNT_NOT_FOUND("account-not-found", 404, "Account not found"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    ACCOUNT_EXISTS("account-exists", 409, "Account exists"),
    VERSION_CONFLICT("version-conflict", 409, "Version conflict"),
    REQUEST_IN_FLIGHT("request-in-flight", 409, "Request in flight"),
    BODY_TOO_LARGE("body-too-large", 413, "Body too large"),
    INSUFFICIENT_FUNDS("insufficient-funds", 422, "Insufficient funds"),
    CURRENCY_MISMATCH("currency-mismatch", 422, "Currency mismatch"),
    BALANCE_OVERFLOW("balance-overflow", 422, "Balance overflow"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "Idempotency key reused"),
    UNKNOWN_REJECTION("unknown-rejection", 422, "Rejected"),
    OUTCOME_UNKNOWN("outcome-unknown", 503, "Outcome unknown"),
    NOT_READY("not-ready", 503, "Not ready"),
    INTERNAL_ERROR("internal-error", 500, "Internal error");

    private final String code;
    private final int status;
    private final String title;

    ProblemType(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String type() {
        return "/problems/" + code;
    }
}

package org.eventbank.kit.http;

/**
 * One problem code of the REST contract: answered with {@code type = /problems/<code>}, its title and
 * its HTTP status (design brief, error table). Each service lists its own codes as constants; the
 * ones every service answers are here.
 */
public record ProblemType(String code, int status, String title) {

    public static final ProblemType MALFORMED_REQUEST = of("malformed-request", 400);
    public static final ProblemType INVALID_ACCOUNT_ID = of("invalid-account-id", 400);
    public static final ProblemType ACCOUNT_NOT_FOUND = of("account-not-found", 404);
    public static final ProblemType NOT_FOUND = of("not-found", 404);
    public static final ProblemType METHOD_NOT_ALLOWED = of("method-not-allowed", 405);
    public static final ProblemType BODY_TOO_LARGE = of("body-too-large", 413);
    public static final ProblemType URI_TOO_LONG = of("uri-too-long", 414);
    public static final ProblemType HEADERS_TOO_LARGE = of("headers-too-large", 431);
    public static final ProblemType INTERNAL_ERROR = of("internal-error", 500);
    public static final ProblemType NOT_READY = of("not-ready", 503);

    public ProblemType {
        if (code == null || !code.matches("[a-z]+(-[a-z]+)*")) {
            throw new IllegalArgumentException("a problem code is lower-case words joined by '-', not '" + code + "'");
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + status);
        }
    }

    /** The title is the code as words: "account-not-found" reads "Account not found". */
    public static ProblemType of(String code, int status) {
        return new ProblemType(code, status, Character.toUpperCase(code.charAt(0)) + code.substring(1).replace('-', ' '));
    }

    public String type() {
        return "/problems/" + code;
    }
}

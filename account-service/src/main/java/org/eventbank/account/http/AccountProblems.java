package org.eventbank.account.http;

import java.util.List;
import org.eventbank.kit.http.ProblemType;

/**
 * The problem codes account-service answers (design brief, error table): each with
 * {@code type = /problems/<code>}, its title and its HTTP status. The ones every service answers are
 * the kit's {@link ProblemType} constants, repeated here so this list is complete.
 */
public final class AccountProblems {

    public static final ProblemType MALFORMED_REQUEST = ProblemType.MALFORMED_REQUEST;
    public static final ProblemType INVALID_AMOUNT = ProblemType.of("invalid-amount", 400);
    public static final ProblemType INVALID_CURRENCY = ProblemType.of("invalid-currency", 400);
    public static final ProblemType INVALID_ACCOUNT_ID = ProblemType.INVALID_ACCOUNT_ID;
    public static final ProblemType ACCOUNT_NOT_FOUND = ProblemType.ACCOUNT_NOT_FOUND;
    public static final ProblemType NOT_FOUND = ProblemType.NOT_FOUND;
    public static final ProblemType METHOD_NOT_ALLOWED = ProblemType.METHOD_NOT_ALLOWED;
    public static final ProblemType ACCOUNT_EXISTS = ProblemType.of("account-exists", 409);
    public static final ProblemType VERSION_CONFLICT = ProblemType.of("version-conflict", 409);
    public static final ProblemType REQUEST_IN_FLIGHT = ProblemType.of("request-in-flight", 409);
    /** Closing waits until every transfer out of the account is credited or reversed: retry later. */
    public static final ProblemType TRANSFERS_IN_FLIGHT = ProblemType.of("transfers-in-flight", 409);
    public static final ProblemType BODY_TOO_LARGE = ProblemType.BODY_TOO_LARGE;
    public static final ProblemType INSUFFICIENT_FUNDS = ProblemType.of("insufficient-funds", 422);
    public static final ProblemType CURRENCY_MISMATCH = ProblemType.of("currency-mismatch", 422);
    public static final ProblemType BALANCE_OVERFLOW = ProblemType.of("balance-overflow", 422);
    /** Deposits, withdrawals and a second close on a closed account. */
    public static final ProblemType ACCOUNT_CLOSED = ProblemType.of("account-closed", 422);
    /** Only an empty account closes. */
    public static final ProblemType BALANCE_NOT_ZERO = ProblemType.of("balance-not-zero", 422);
    /** A transfer from an account to itself. */
    public static final ProblemType SAME_ACCOUNT = ProblemType.of("same-account", 400);
    /** The payee's account could not take the transfer; its money is back on the payer's (decision 0016). */
    public static final ProblemType TRANSFER_REVERSED = ProblemType.of("transfer-reversed", 422);
    public static final ProblemType IDEMPOTENCY_KEY_REUSED = ProblemType.of("idempotency-key-reused", 422);
    /** Titled "Rejected", not "Unknown rejection": the client learns only that the command was refused. */
    public static final ProblemType UNKNOWN_REJECTION = new ProblemType("unknown-rejection", 422, "Rejected");
    public static final ProblemType OUTCOME_UNKNOWN = ProblemType.of("outcome-unknown", 503);
    /**
     * Definite: the command was not decided before its deadline ({@code notAfter}) and wrote nothing; a retry, also
     * with the same Idempotency-Key, runs as a new attempt. 503 with Retry-After: the bank did not get to it in time,
     * and nothing the client changes in the request helps, a retry may (decision 0014).
     */
    public static final ProblemType EXPIRED = ProblemType.of("expired", 503);
    public static final ProblemType NOT_READY = ProblemType.NOT_READY;
    public static final ProblemType INTERNAL_ERROR = ProblemType.INTERNAL_ERROR;
    /**
     * A feature of this release the contract versions it writes cannot carry yet (closing while a family is
     * pinned below v2): the server cannot do it now and no change to the request helps, until the operator promotes.
     */
    public static final ProblemType NOT_ENABLED = ProblemType.of("not-enabled", 501);

    /** Every code above, in the order of the error table. */
    public static final List<ProblemType> ALL = List.of(MALFORMED_REQUEST, INVALID_AMOUNT, INVALID_CURRENCY,
            INVALID_ACCOUNT_ID, ACCOUNT_NOT_FOUND, NOT_FOUND, METHOD_NOT_ALLOWED, ACCOUNT_EXISTS, VERSION_CONFLICT,
            REQUEST_IN_FLIGHT, TRANSFERS_IN_FLIGHT, BODY_TOO_LARGE, INSUFFICIENT_FUNDS, CURRENCY_MISMATCH, BALANCE_OVERFLOW,
            ACCOUNT_CLOSED, BALANCE_NOT_ZERO, SAME_ACCOUNT, TRANSFER_REVERSED, IDEMPOTENCY_KEY_REUSED, UNKNOWN_REJECTION, OUTCOME_UNKNOWN, EXPIRED, NOT_READY,
            INTERNAL_ERROR, NOT_ENABLED);

    private AccountProblems() {
    }
}

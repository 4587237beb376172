package org.eventbank.account.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;

/** Turns a {@link CommandResult} into the REST contract's answer: a 201 body or a problem. */
final class CommandResponses {

    private CommandResponses() {
    }

    /** 201 body of {@code POST /accounts}: accountId, owner, currency, version, balance. */
    static Map<String, Object> opened(CommandResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accountId", result.getAccountId());
        body.put("owner", result.getOwner());
        body.put("currency", result.getCurrency());
        body.put("version", result.getVersion());
        body.put("balance", result.getBalanceMinor());
        return body;
    }

    /** 201 body of deposits and withdrawals: accountId, eventId, version, balance, currency. */
    static Map<String, Object> moved(CommandResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accountId", result.getAccountId());
        body.put("eventId", result.getEventId());
        body.put("version", result.getVersion());
        body.put("balance", result.getBalanceMinor());
        body.put("currency", result.getCurrency());
        return body;
    }

    static ProblemType problemFor(Outcome outcome) {
        switch (outcome) {
            case INVALID_ACCOUNT_ID: return ProblemType.INVALID_ACCOUNT_ID;
            case INVALID_OWNER: return ProblemType.MALFORMED_REQUEST;
            case ACCOUNT_NOT_FOUND: return ProblemType.ACCOUNT_NOT_FOUND;
            case ACCOUNT_EXISTS: return ProblemType.ACCOUNT_EXISTS;
            case VERSION_CONFLICT: return ProblemType.VERSION_CONFLICT;
            case INVALID_AMOUNT: return ProblemType.INVALID_AMOUNT;
            case INVALID_CURRENCY: return ProblemType.INVALID_CURRENCY;
            case CURRENCY_MISMATCH: return ProblemType.CURRENCY_MISMATCH;
            case INSUFFICIENT_FUNDS: return ProblemType.INSUFFICIENT_FUNDS;
            case BALANCE_OVERFLOW: return ProblemType.BALANCE_OVERFLOW;
            case IDEMPOTENCY_KEY_REUSED: return ProblemType.IDEMPOTENCY_KEY_REUSED;
            case UNKNOWN_REJECTION: return ProblemType.UNKNOWN_REJECTION;
            case ACCEPTED: throw new IllegalArgumentException("ACCEPTED is not a problem");
            default: return ProblemType.UNKNOWN_REJECTION;
        }
    }
}

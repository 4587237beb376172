package org.eventbank.account.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eventbank.account.app.CommandOutcome;
import org.eventbank.account.app.OutcomeCode;
import org.eventbank.account.app.TransferProgress;
import org.eventbank.kit.http.ProblemType;

/** Turns a {@link CommandOutcome} into the REST contract's answer: a 201 body or a problem. */
final class CommandResponses {

    private CommandResponses() {
    }

    /** 201 body of {@code POST /accounts}: accountId, owner, currency, version, balance. */
    static Map<String, Object> opened(CommandOutcome.Accepted result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accountId", result.accountId());
        body.put("owner", result.owner().orElse(null));
        body.put("currency", result.currency());
        body.put("version", result.version());
        body.put("balance", result.balanceMinor());
        return body;
    }

    /** 201 body of deposits and withdrawals: accountId, eventId, version, balance, currency. */
    static Map<String, Object> moved(CommandOutcome.Accepted result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accountId", result.accountId());
        body.put("eventId", result.eventId());
        body.put("version", result.version());
        body.put("balance", result.balanceMinor());
        body.put("currency", result.currency());
        return body;
    }

    /** 201 body of {@code POST /accounts/{id}/close}: the moved body (balance 0, the final version) and status closed. */
    static Map<String, Object> closed(CommandOutcome.Accepted result) {
        Map<String, Object> body = moved(result);
        body.put("status", "closed");
        return body;
    }

    /**
     * The body of a transfer's answer ({@code POST /transfers}: 201 completed, 202 pending): transferId, status, the
     * accounts, amount, currency, debitVersion and, once completed, creditVersion.
     */
    static Map<String, Object> transfer(TransferProgress progress) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transferId", progress.transferId());
        body.put("status", progress.stage().name().toLowerCase(Locale.ROOT));
        putMovement(body, progress);
        if (progress.creditVersion().isPresent()) {
            body.put("creditVersion", progress.creditVersion().getAsLong());
        }
        return body;
    }

    /** Where a transfer can be read once it is pending: the ledger-projector's {@code GET /transfers/{id}}. */
    static String transferLocation(String transferId) {
        return "/transfers/" + transferId;
    }

    /**
     * The extension members of a 422 transfer-reversed problem: the transfer's id, the reason as the detail spells it,
     * the accounts, amount, currency and the payer's debit version, so a program need not parse the detail.
     */
    static Map<String, Object> reversedMembers(TransferProgress progress) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("transferId", progress.transferId());
        members.put("reason", reasonWord(progress));
        putMovement(members, progress);
        return members;
    }

    /** What the transfer moves, in the order both answers show it: the accounts, amount, currency, the debit's version. */
    private static void putMovement(Map<String, Object> body, TransferProgress progress) {
        body.put("fromAccountId", progress.fromAccountId());
        body.put("toAccountId", progress.toAccountId());
        body.put("amount", progress.amountMinor());
        body.put("currency", progress.currency());
        body.put("debitVersion", progress.debitVersion());
    }

    private static String reasonWord(TransferProgress progress) {
        return progress.reversalReason().map(r -> r.toLowerCase(Locale.ROOT).replace('_', '-')).orElse("unknown");
    }

    /** The detail of a 422 transfer-reversed: the reason as the problem codes spell them, and the writer's words. */
    static String reversedDetail(TransferProgress progress, Optional<String> detail) {
        return "transfer " + progress.transferId() + " was reversed (" + reasonWord(progress) + ")" + detail.map(d -> ": " + d).orElse("")
                + "; the money is back on account " + progress.fromAccountId();
    }

    static ProblemType problemFor(OutcomeCode code) {
        switch (code) {
            case EXPIRED: return AccountProblems.EXPIRED;
            case INVALID_ACCOUNT_ID: return AccountProblems.INVALID_ACCOUNT_ID;
            case INVALID_OWNER: return AccountProblems.MALFORMED_REQUEST;
            case ACCOUNT_NOT_FOUND: return AccountProblems.ACCOUNT_NOT_FOUND;
            case ACCOUNT_EXISTS: return AccountProblems.ACCOUNT_EXISTS;
            case ACCOUNT_CLOSED: return AccountProblems.ACCOUNT_CLOSED;
            case VERSION_CONFLICT: return AccountProblems.VERSION_CONFLICT;
            case INVALID_AMOUNT: return AccountProblems.INVALID_AMOUNT;
            case INVALID_CURRENCY: return AccountProblems.INVALID_CURRENCY;
            case CURRENCY_MISMATCH: return AccountProblems.CURRENCY_MISMATCH;
            case INSUFFICIENT_FUNDS: return AccountProblems.INSUFFICIENT_FUNDS;
            case BALANCE_OVERFLOW: return AccountProblems.BALANCE_OVERFLOW;
            case BALANCE_NOT_ZERO: return AccountProblems.BALANCE_NOT_ZERO;
            case TRANSFERS_IN_FLIGHT: return AccountProblems.TRANSFERS_IN_FLIGHT;
            case IDEMPOTENCY_KEY_REUSED: return AccountProblems.IDEMPOTENCY_KEY_REUSED;
            case SAME_ACCOUNT: return AccountProblems.SAME_ACCOUNT;
            case TRANSFER_REVERSED: return AccountProblems.TRANSFER_REVERSED;
            case UNKNOWN_REJECTION: return AccountProblems.UNKNOWN_REJECTION;
            default: return AccountProblems.UNKNOWN_REJECTION;
        }
    }
}

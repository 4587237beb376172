package org.eventbank.account.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eventbank.account.app.CommandIds;
import org.eventbank.account.app.CommandLookup;
import org.eventbank.account.app.CommandOutcome;
import org.eventbank.account.app.CommandStatus;
import org.eventbank.account.app.OutcomeCode;
import org.eventbank.account.app.TransferProgress;
import org.eventbank.kit.auth.BearerAuth;
import org.eventbank.kit.auth.Caller;
import org.eventbank.kit.auth.Scope;
import org.eventbank.kit.http.ProblemException;
import org.eventbank.kit.http.ProblemType;

/**
 * {@code GET /accounts/{id}/commands/{commandId}}: the final outcome of a command whose request ended without one
 * (503 outcome-unknown), from the committed results (decision 0014). 200 with {@code outcome}:
 * <ul>
 *   <li>{@code applied}: {@code answer} is what the request would have got, status 201 and its body;
 *   <li>{@code refused}: {@code answer} is status and problem document of the refusal;
 *   <li>{@code expired}: not decided before its deadline and never applied, now or later ({@code answer}: the 503
 *       expired problem); a retry, also with the same Idempotency-Key, is a new attempt;
 *   <li>{@code pending}: not decided yet; final by {@code finalBy} at the latest, which {@code Retry-After} names.
 * </ul>
 * A customer ({@code accounts:read} or {@code accounts:write}) sees the outcomes of their own accounts only; tellers
 * and auditors every one (decision 0015).
 * 404 not-found for an id this service did not issue, of another account (or another customer's), or older than the
 * results' retention;
 * 503 not-ready with Retry-After when the lookup cannot run now. The command type is not on the result, so the 201
 * body of an applied close is the deposit and withdrawal body (no {@code status} field).
 */
public final class CommandStatusHandler implements Handler {

    private final CommandLookup lookup;
    private final RequestInput input;
    private final Clock clock;

    public CommandStatusHandler(CommandLookup lookup, RequestInput input, Clock clock) {
        this.lookup = lookup;
        this.input = input;
        this.clock = clock;
    }

    @Override
    public void handle(Context ctx) {
        Caller caller = BearerAuth.require(ctx, Scope.ACCOUNTS_WRITE, Scope.ACCOUNTS_READ, Scope.TELLER, Scope.AUDITOR);
        String accountId = input.accountIdFromPath(ctx);
        String commandId = ctx.pathParam("commandId");
        Optional<CommandIds.Stamp> stamp = CommandIds.stampOf(commandId);
        CommandStatus status = lookup.find(accountId, commandId);
        boolean seesEveryAccount = caller.isTeller() || caller.has(Scope.AUDITOR);
        if (status instanceof CommandStatus.Decided decided && !seesEveryAccount
                && !decided.outcome().concerns(caller.ownerReference())) {
            // Another customer's command: the same answer as for a command of another account (decision 0015).
            throw new ProblemException(AccountProblems.NOT_FOUND, "command " + commandId + " is not a command of account "
                    + accountId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commandId", commandId);
        body.put("accountId", accountId);
        stamp.ifPresent(s -> {
            body.put("issuedAt", s.issuedAt().toString());
            body.put("notAfter", s.notAfter().map(Object::toString).orElse(null));
        });
        if (status instanceof CommandStatus.Decided decided) {
            decided(body, decided.outcome());
        } else if (status instanceof CommandStatus.NeverApplied never) {
            body.put("outcome", "expired");
            body.put("answer", answer(AccountProblems.EXPIRED, "command " + commandId + " was not decided before its"
                    + " deadline " + never.notAfter() + " and never will be: it was never applied; a retry, also with the"
                    + " same Idempotency-Key, runs as a new attempt"));
        } else if (status instanceof CommandStatus.Pending pending) {
            body.put("outcome", "pending");
            body.put("finalBy", pending.finalBy().toString());
            long seconds = Math.max(1, (Duration.between(clock.instant(), pending.finalBy()).toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
        } else if (status instanceof CommandStatus.Unknown unknown) {
            throw new ProblemException(AccountProblems.NOT_FOUND, unknown.why());
        } else if (status instanceof CommandStatus.Unavailable unavailable) {
            throw ProblemException.notReady(unavailable.why() + "; retry shortly");
        } else {
            throw new IllegalStateException("unknown command status " + status);
        }
        ctx.status(200).json(body);
    }

    private static void decided(Map<String, Object> body, CommandOutcome outcome) {
        body.put("replayed", outcome.replayed());
        if (outcome instanceof CommandOutcome.Transfer transfer) {
            TransferProgress progress = transfer.progress();
            if (progress.stage() == TransferProgress.Stage.REVERSED) {
                body.put("outcome", "refused");
                body.put("answer", answer(AccountProblems.TRANSFER_REVERSED,
                        CommandResponses.reversedDetail(progress, transfer.detail()), CommandResponses.reversedMembers(progress)));
                return;
            }
            // Pending: the debit is applied, the credit on its way; the final answer replaces it under this command.
            body.put("outcome", progress.stage() == TransferProgress.Stage.PENDING ? "transfer-pending" : "applied");
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", progress.stage() == TransferProgress.Stage.PENDING ? 202 : 201);
            answer.put("body", CommandResponses.transfer(progress));
            body.put("answer", answer);
            return;
        }
        if (outcome instanceof CommandOutcome.Accepted accepted) {
            body.put("outcome", "applied");
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", 201);
            // Version 1 is always the opening; results since identity name the owner on every command.
            answer.put("body", accepted.version() == 1 ? CommandResponses.opened(accepted) : CommandResponses.moved(accepted));
            body.put("answer", answer);
            return;
        }
        CommandOutcome.Rejected rejected = (CommandOutcome.Rejected) outcome;
        ProblemType type = CommandResponses.problemFor(rejected.code());
        body.put("outcome", rejected.code() == OutcomeCode.EXPIRED ? "expired" : "refused");
        body.put("answer", answer(type, rejected.detail().orElse(type.title())));
    }

    private static Map<String, Object> answer(ProblemType type, String detail) {
        return answer(type, detail, Map.of());
    }

    /** The problem the request would have been answered with, with its extension members. */
    private static Map<String, Object> answer(ProblemType type, String detail, Map<String, Object> members) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.type());
        problem.put("title", type.title());
        problem.put("status", type.status());
        problem.put("detail", detail);
        problem.putAll(members);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", type.status());
        answer.put("body", problem);
        return answer;
    }
}

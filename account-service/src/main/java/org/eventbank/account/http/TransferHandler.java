package org.eventbank.account.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.eventbank.account.app.ContractFeatures;
import org.eventbank.account.app.IdempotencyScope;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountRules;
import org.eventbank.account.domain.Origin;
import org.eventbank.account.http.RequestBodies.TransferBody;
import org.eventbank.kit.http.ProblemException;
import org.eventbank.schemas.contract.AccountIds;

/**
 * {@code POST /transfers} with {@code {"reference"?, "fromAccountId", "toAccountId", "amount", "currency"?}}: the
 * payer's single writer debits, the payee's credits or sends the money back (decision 0016). The answer is 201 once
 * credited, 202 with {@code Location: /transfers/{id}} (the ledger-projector's) while the credit is still on its way
 * when the wait ends, 422 transfer-reversed once sent back, or the payer's refusal. The Idempotency-Key counts on the
 * payer account and the caller, as for every command; the transferId is assigned here, name-based on the payer, the
 * caller and the key (or on the command id without a key), so a retry cannot start a second transfer and two payers
 * never share one. 501 not-enabled until every family this writes is at v3.
 */
public final class TransferHandler implements Handler {

    static final String COMMAND_TYPE = "transfer";

    private final ContractFeatures features;
    private final ObjectMapper mapper;
    private final RequestInput input;
    private final CommandSubmitter submitter;

    public TransferHandler(ContractFeatures features, ObjectMapper mapper, RequestInput input, CommandSubmitter submitter) {
        this.features = features;
        this.mapper = mapper;
        this.input = input;
        this.submitter = submitter;
    }

    @Override
    public void handle(Context ctx) {
        submitter.handle(ctx, COMMAND_TYPE, () -> {
            CommandSubmitter.Sender sender = submitter.sender(ctx);
            Optional<String> notEnabled = features.transfersDisabledReason();
            if (notEnabled.isPresent()) {
                throw new ProblemException(AccountProblems.NOT_ENABLED, notEnabled.get());
            }
            Optional<String> key = input.idempotencyKey(ctx);
            TransferBody body = StrictJson.read(mapper, input.body(ctx), TransferBody.class);
            String from = requireAccountId("fromAccountId", body.fromAccountId());
            String to = requireAccountId("toAccountId", body.toAccountId());
            if (from.equals(to)) {
                throw new ProblemException(AccountProblems.SAME_ACCOUNT, "fromAccountId and toAccountId are both " + from
                        + "; a transfer needs two accounts");
            }
            long amountMinor = RequestInput.amountMinor(body.amount());
            RequestInput.requireKnownCurrency(body.currency());
            if (body.reference() != null && !AccountRules.isValidReason(body.reference())) {
                throw new ProblemException(AccountProblems.MALFORMED_REQUEST, "reference must be 1-"
                        + AccountRules.REASON_LENGTH_MAX + " characters, not blank");
            }
            Instant issuedAt = submitter.now();
            String commandId = submitter.newCommandId(issuedAt);
            String transferId = transferId(from, sender, key, commandId);
            Origin origin = new Origin(sender.origin().initiatedBy(), Optional.of(transferId));
            AccountCommand command = new AccountCommand.Transfer(commandId, from, OptionalLong.empty(), issuedAt, transferId,
                    to, amountMinor, Optional.ofNullable(body.currency()), Optional.ofNullable(body.reference()), origin,
                    sender.actingAs(), submitter.notAfter(issuedAt));
            Map<String, Object> canonical = new HashMap<>();
            canonical.put("type", COMMAND_TYPE);
            canonical.put("fromAccountId", from);
            canonical.put("toAccountId", to);
            canonical.put("amount", amountMinor);
            canonical.put("currency", body.currency());
            canonical.put("reference", body.reference());
            return new CommandSubmitter.PreparedCommand(COMMAND_TYPE, command, key, input.bodyHash(canonical),
                    accepted -> {
                        throw new IllegalStateException("a transfer is answered by its transfer outcome, not as a plain command");
                    }, Optional.empty());
        });
    }

    private static String requireAccountId(String field, String accountId) {
        if (!AccountIds.isValid(accountId)) {
            throw new ProblemException(AccountProblems.INVALID_ACCOUNT_ID, field + ": " + AccountIds.refusal(accountId));
        }
        return accountId;
    }

    /**
     * Name-based on the payer and the caller's key, so every retry names the same transfer; without a key, on the
     * command id, so every request is a transfer of its own.
     */
    static String transferId(String payer, CommandSubmitter.Sender sender, Optional<String> key, String commandId) {
        String name = key.map(k -> "transfer/" + payer + "/" + IdempotencyScope.callerAndKey(sender.caller().ownerReference(), k))
                .orElse("transfer/command/" + commandId);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}

package org.eventbank.account.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.eventbank.account.app.IdempotencyScope;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountRules;
import org.eventbank.account.http.RequestBodies.OpenAccountBody;
import org.eventbank.kit.auth.BearerAuth;
import org.eventbank.kit.auth.Caller;
import org.eventbank.kit.auth.Scope;
import org.eventbank.kit.http.ProblemException;
import org.eventbank.schemas.contract.AccountIds;

/**
 * {@code POST /accounts} with {@code {"accountId"?, "owner", "currency"}}. Without an accountId the
 * id is derived from the caller and the Idempotency-Key (a name-based UUID), so a retry cannot open a second
 * account; without a key either, a random UUID is used. A customer ({@code accounts:write}) opens accounts only
 * with themselves as owner (403 otherwise); a teller for anyone.
 */
public final class OpenAccountHandler implements Handler {

    static final String COMMAND_TYPE = "open";

    private final ObjectMapper mapper;
    private final RequestInput input;
    private final CommandSubmitter submitter;

    public OpenAccountHandler(ObjectMapper mapper, RequestInput input, CommandSubmitter submitter) {
        this.mapper = mapper;
        this.input = input;
        this.submitter = submitter;
    }

    @Override
    public void handle(Context ctx) {
        submitter.handle(ctx, COMMAND_TYPE, () -> {
            CommandSubmitter.Sender sender = submitter.sender(ctx);
            Optional<String> key = input.idempotencyKey(ctx);
            OpenAccountBody body = StrictJson.read(mapper, input.body(ctx), OpenAccountBody.class);
            if (body.owner() == null || body.currency() == null) {
                throw new ProblemException(AccountProblems.MALFORMED_REQUEST, "owner and currency must be strings, not null");
            }
            if (body.accountId() != null && !AccountIds.isValid(body.accountId())) {
                throw new ProblemException(AccountProblems.INVALID_ACCOUNT_ID, AccountIds.refusal(body.accountId()));
            }
            if (!AccountRules.isValidOwner(body.owner())) {
                throw new ProblemException(AccountProblems.MALFORMED_REQUEST, "owner must be 1-" + AccountRules.OWNER_LENGTH_MAX
                        + " characters and not blank");
            }
            if (!AccountRules.isKnownCurrency(body.currency())) {
                throw new ProblemException(AccountProblems.INVALID_CURRENCY, "currency must be an ISO 4217 code such as EUR");
            }
            if (!sender.caller().isTeller() && !body.owner().equals(sender.caller().ownerReference())) {
                throw BearerAuth.forbidden("a customer opens accounts only in their own name: owner must be '"
                        + sender.caller().ownerReference() + "', the owner reference of your token", Scope.TELLER);
            }
            String accountId = body.accountId() != null ? body.accountId() : accountIdFor(sender.caller(), key);
            Instant issuedAt = submitter.now();
            var command = new AccountCommand.OpenAccount(submitter.newCommandId(issuedAt), accountId, OptionalLong.empty(),
                    issuedAt, body.owner(), body.currency(), sender.origin(), sender.actingAs(), submitter.notAfter(issuedAt));
            String bodyHash = input.bodyHash(Map.of("type", COMMAND_TYPE, "accountId", accountId, "owner", body.owner(),
                    "currency", body.currency()));
            return new CommandSubmitter.PreparedCommand(COMMAND_TYPE, command, key, bodyHash, CommandResponses::opened,
                    Optional.of("/accounts/" + accountId));
        });
    }

    /**
     * The same caller's same key always names the same account, so a retried open cannot create a second one; two
     * callers' equal keys name two accounts (decision 0015), named as {@link IdempotencyScope} names a caller's key.
     */
    static String accountIdFor(Caller caller, Optional<String> idempotencyKey) {
        return idempotencyKey
                .map(key -> "open-account/" + IdempotencyScope.callerAndKey(caller.ownerReference(), key))
                .map(name -> UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
                .orElseGet(() -> UUID.randomUUID().toString());
    }
}

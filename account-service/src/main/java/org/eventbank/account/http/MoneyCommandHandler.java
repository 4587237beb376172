package org.eventbank.account.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.http.RequestBodies.MoneyBody;
import org.eventbank.kit.http.ProblemException;

/**
 * {@code POST /accounts/{id}/deposits} and {@code POST /accounts/{id}/withdrawals} with
 * {@code {"amount", "currency"?, "expectedVersion"?}}; {@code amount} is a positive JSON integer of
 * minor units, at most 10^12.
 */
public final class MoneyCommandHandler implements Handler {

    /** Which of the two money commands this handler makes. */
    public enum Kind {
        DEPOSIT("deposit"),
        WITHDRAW("withdraw");

        private final String commandType;

        Kind(String commandType) {
            this.commandType = commandType;
        }
    }

    private final Kind kind;
    private final ObjectMapper mapper;
    private final RequestInput input;
    private final CommandSubmitter submitter;

    public MoneyCommandHandler(Kind kind, ObjectMapper mapper, RequestInput input, CommandSubmitter submitter) {
        this.kind = kind;
        this.mapper = mapper;
        this.input = input;
        this.submitter = submitter;
    }

    @Override
    public void handle(Context ctx) {
        submitter.handle(ctx, kind.commandType, () -> {
            CommandSubmitter.Sender sender = submitter.sender(ctx);
            String accountId = input.accountIdFromPath(ctx);
            Optional<String> key = input.idempotencyKey(ctx);
            MoneyBody body = StrictJson.read(mapper, input.body(ctx), MoneyBody.class);
            long amountMinor = RequestInput.amountMinor(body.amount());
            RequestInput.requireKnownCurrency(body.currency());
            if (body.expectedVersion() != null && body.expectedVersion() < 0) {
                throw new ProblemException(AccountProblems.MALFORMED_REQUEST, "expectedVersion must not be negative");
            }
            OptionalLong expectedVersion = body.expectedVersion() == null
                    ? OptionalLong.empty() : OptionalLong.of(body.expectedVersion());
            Optional<String> currency = Optional.ofNullable(body.currency());
            Instant issuedAt = submitter.now();
            String commandId = submitter.newCommandId(issuedAt);
            AccountCommand command = kind == Kind.DEPOSIT
                    ? new AccountCommand.Deposit(commandId, accountId, expectedVersion, issuedAt, amountMinor, currency,
                            sender.origin(), sender.actingAs(), submitter.notAfter(issuedAt))
                    : new AccountCommand.Withdraw(commandId, accountId, expectedVersion, issuedAt, amountMinor, currency,
                            sender.origin(), sender.actingAs(), submitter.notAfter(issuedAt));
            Map<String, Object> canonical = new HashMap<>();
            canonical.put("type", kind.commandType);
            canonical.put("accountId", accountId);
            canonical.put("amount", amountMinor);
            canonical.put("currency", body.currency());
            canonical.put("expectedVersion", body.expectedVersion());
            return new CommandSubmitter.PreparedCommand(kind.commandType, command, key, input.bodyHash(canonical),
                    CommandResponses::moved, Optional.empty());
        });
    }
}

package org.eventbank.account.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.eventbank.account.app.ContractFeatures;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountRules;
import org.eventbank.account.http.RequestBodies.CloseAccountBody;
import org.eventbank.kit.http.ProblemException;

/**
 * {@code POST /accounts/{id}/close} with {@code {"reason"?, "expectedVersion"?}} (an empty body means
 * {@code {}}); {@code reason} is 1-200 characters, not blank. Answers 201 with the account's final version,
 * balance 0 and status closed.
 *
 * <p>While the contract versions this instance writes cannot carry a close ({@link ContractFeatures}), it
 * answers 501 not-enabled right after checking the path's account id: before the body, the key or
 * readiness, since nothing the client changes helps until the operator promotes, and before any command
 * is sent, so nothing is written.
 */
public final class CloseAccountHandler implements Handler {

    static final String COMMAND_TYPE = "close";

    private final ContractFeatures features;
    private final ObjectMapper mapper;
    private final RequestInput input;
    private final CommandSubmitter submitter;

    public CloseAccountHandler(ContractFeatures features, ObjectMapper mapper, RequestInput input, CommandSubmitter submitter) {
        this.features = features;
        this.mapper = mapper;
        this.input = input;
        this.submitter = submitter;
    }

    @Override
    public void handle(Context ctx) {
        submitter.handle(ctx, COMMAND_TYPE, () -> {
            CommandSubmitter.Sender sender = submitter.sender(ctx);
            String accountId = input.accountIdFromPath(ctx);
            if (!features.closingEnabled()) {
                throw new ProblemException(AccountProblems.NOT_ENABLED, features.closingDisabledReason().orElseThrow());
            }
            Optional<String> key = input.idempotencyKey(ctx);
            byte[] bytes = input.body(ctx);
            // Closing usually says nothing more, so no body at all is the same as {}.
            CloseAccountBody body = bytes.length == 0 ? CloseAccountBody.EMPTY
                    : StrictJson.read(mapper, bytes, CloseAccountBody.class);
            if (body.reason() != null && !AccountRules.isValidReason(body.reason())) {
                throw new ProblemException(AccountProblems.MALFORMED_REQUEST, "reason must be 1-" + AccountRules.REASON_LENGTH_MAX
                        + " characters and not blank");
            }
            if (body.expectedVersion() != null && body.expectedVersion() < 0) {
                throw new ProblemException(AccountProblems.MALFORMED_REQUEST, "expectedVersion must not be negative");
            }
            OptionalLong expectedVersion = body.expectedVersion() == null
                    ? OptionalLong.empty() : OptionalLong.of(body.expectedVersion());
            Instant issuedAt = submitter.now();
            var command = new AccountCommand.CloseAccount(submitter.newCommandId(issuedAt), accountId, expectedVersion,
                    issuedAt, Optional.ofNullable(body.reason()), sender.origin(), sender.actingAs(), submitter.notAfter(issuedAt));
            Map<String, Object> canonical = new HashMap<>();
            canonical.put("type", COMMAND_TYPE);
            canonical.put("accountId", accountId);
            canonical.put("reason", body.reason());
            canonical.put("expectedVersion", body.expectedVersion());
            return new CommandSubmitter.PreparedCommand(COMMAND_TYPE, command, key, input.bodyHash(canonical),
                    CommandResponses::closed, Optional.empty());
        });
    }
}

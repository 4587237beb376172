package org.eventbank.account.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eventbank.account.app.CommandGateway;
import org.eventbank.account.app.CommandIds;
import org.eventbank.account.app.CommandOutcome;
import org.eventbank.account.app.ContractFeatures;
import org.eventbank.account.app.Submission;
import org.eventbank.account.app.TransferProgress;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.ActingAs;
import org.eventbank.account.domain.Initiator;
import org.eventbank.account.domain.Origin;
import org.eventbank.kit.auth.BearerAuth;
import org.eventbank.kit.auth.Caller;
import org.eventbank.kit.auth.Scope;
import org.eventbank.kit.http.ProblemException;
import org.eventbank.kit.http.ProblemType;
import org.eventbank.kit.http.Problems;
import org.eventbank.kit.http.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every command handler shares: check readiness, send the command through the gateway,
 * wait (asynchronously) for its committed result and answer 201 or a problem; count the outcome.
 */
public final class CommandSubmitter {

    public static final String COMMAND_ID_HEADER = "Command-Id";
    /** Sent when the request had no Idempotency-Key: the client's retry is not protected. */
    public static final String IDEMPOTENCY_HEADER = "Idempotency";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Logger log = LoggerFactory.getLogger(CommandSubmitter.class);

    /**
     * Who sends a command, as the command carries it: the caller, their origin ({@code initiatedBy}) and on whose
     * behalf they act. Empty origin and actingAs while identity is off (then only tellers get here).
     */
    public record Sender(Caller caller, Origin origin, Optional<ActingAs> actingAs) {
    }

    /** A validated command, ready to send, and how to render its success. */
    public record PreparedCommand(String commandType, AccountCommand command, Optional<String> idempotencyKey,
                                  String bodyHash, Function<CommandOutcome.Accepted, Map<String, Object>> successBody,
                                  Optional<String> location) {
    }

    private final CommandGateway gateway;
    private final Readiness readiness;
    private final CommandMetrics metrics;
    private final Clock clock;
    private final Optional<Duration> commandDeadline;
    private final ContractFeatures features;

    /**
     * @param commandDeadline {@code notAfter - issuedAt} of every command sent; empty while deadlines are off (the
     *                        commands or results contract is still pinned below v2)
     * @param features        whether commands and events can carry who asked ({@link #sender})
     */
    public CommandSubmitter(CommandGateway gateway, Readiness readiness, CommandMetrics metrics, Clock clock,
                            Optional<Duration> commandDeadline, ContractFeatures features) {
        this.gateway = gateway;
        this.readiness = readiness;
        this.metrics = metrics;
        this.clock = clock;
        this.commandDeadline = commandDeadline;
        this.features = features;
    }

    /**
     * The sender of a write: a caller with {@code accounts:write} (their own accounts) or {@code bank:teller} (any),
     * else 403. While the contract written cannot carry who asked, a customer's write is 501 not-enabled and a
     * teller's command names nobody (decision 0015). The owner check itself is the single writer's.
     */
    public Sender sender(Context ctx) {
        Caller caller = BearerAuth.require(ctx, Scope.ACCOUNTS_WRITE, Scope.TELLER);
        if (!features.identityEnabled()) {
            if (!caller.isTeller()) {
                throw new ProblemException(AccountProblems.NOT_ENABLED, features.identityDisabledReason().orElseThrow());
            }
            return new Sender(caller, Origin.NONE, Optional.empty());
        }
        Origin origin = new Origin(Optional.of(new Initiator(caller.ownerReference(), caller.clientId())), Optional.empty());
        return new Sender(caller, origin, Optional.of(caller.isTeller() ? ActingAs.TELLER : ActingAs.CUSTOMER));
    }

    /** Runs {@code prepare} (validation), then submits; any refusal is counted under {@code commandType}. */
    public void handle(Context ctx, String commandType, Supplier<PreparedCommand> prepare) {
        long startNanos = System.nanoTime();
        try {
            submit(ctx, prepare.get(), startNanos);
        } catch (ProblemException e) {
            metrics.record(commandType, e.problemType().code(), Duration.ofNanos(System.nanoTime() - startNanos));
            throw e;
        }
    }

    /** The instant a command is issued at: milliseconds, as the wire carries them. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * A new command id that carries {@code issuedAt} and the deadline, so its outcome can be looked up later
     * ({@link CommandIds}).
     */
    public String newCommandId(Instant issuedAt) {
        return CommandIds.mint(issuedAt, commandDeadline);
    }

    /** The deadline of a command issued at {@code issuedAt}: never decided after it. Empty while deadlines are off. */
    public Optional<Instant> notAfter(Instant issuedAt) {
        return commandDeadline.map(issuedAt::plus);
    }

    private void submit(Context ctx, PreparedCommand prepared, long startNanos) {
        Optional<String> notReady = readiness.notReadyReason();
        if (notReady.isPresent()) {
            throw notReady(notReady.get());
        }
        AccountCommand command = prepared.command();
        ctx.header(COMMAND_ID_HEADER, command.commandId());
        if (prepared.idempotencyKey().isEmpty()) {
            ctx.header(IDEMPOTENCY_HEADER, "none; no Idempotency-Key was sent, so a retry of this request is not"
                    + " protected and may apply it twice");
        }
        Submission submission = gateway.submit(command, prepared.idempotencyKey(), prepared.bodyHash());
        if (submission instanceof Submission.Refused refused) {
            if (refused.reason() == Submission.Refused.Reason.KEY_IN_FLIGHT) {
                throw new ProblemException(AccountProblems.REQUEST_IN_FLIGHT, "a request with this Idempotency-Key is still"
                        + " being processed for this account; retry once it has been answered");
            }
            throw notReady("this instance has too many requests waiting for results");
        }
        CompletableFuture<CommandOutcome> result = ((Submission.Pending) submission).outcome();
        ctx.future(() -> result.handle((answer, error) -> {
            String outcome = answer(ctx, prepared, answer, error);
            metrics.record(prepared.commandType(), outcome, Duration.ofNanos(System.nanoTime() - startNanos));
            return null;
        }));
    }

    /** Writes the answer and returns the outcome label for the metrics. */
    private String answer(Context ctx, PreparedCommand prepared, CommandOutcome result, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (!(cause instanceof TimeoutException)) {
                log.warn("command {} failed before its result arrived", prepared.command().commandId(), cause);
            }
            String retry = prepared.idempotencyKey().isPresent()
                    ? "retrying with the same Idempotency-Key is safe: it is applied at most once"
                    : "without an Idempotency-Key a retry may apply it twice; check the account before retrying";
            Problems.write(ctx, new ProblemException(AccountProblems.OUTCOME_UNKNOWN, "no result for command "
                    + prepared.command().commandId() + " arrived in time; it may or may not have been applied; " + retry,
                    Map.of("Retry-After", ProblemException.RETRY_AFTER_SECONDS)));
            return AccountProblems.OUTCOME_UNKNOWN.code();
        }
        if (result.replayed()) {
            ctx.header(REPLAYED_HEADER, "true");
        }
        if (result instanceof CommandOutcome.Transfer transfer) {
            return answerTransfer(ctx, transfer);
        }
        if (result instanceof CommandOutcome.Accepted accepted) {
            prepared.location().ifPresent(location -> ctx.header("Location", location));
            ctx.status(201).json(prepared.successBody().apply(accepted));
            return "accepted";
        }
        CommandOutcome.Rejected rejected = (CommandOutcome.Rejected) result;
        ProblemType type = CommandResponses.problemFor(rejected.code());
        String detail = rejected.detail().orElse(type.title());
        if (type.equals(AccountProblems.EXPIRED)) {
            Problems.write(ctx, new ProblemException(type, "command " + prepared.command().commandId() + " " + detail
                    + "; a retry, also with the same Idempotency-Key, runs as a new attempt",
                    Map.of("Retry-After", ProblemException.RETRY_AFTER_SECONDS)));
        } else {
            Problems.write(ctx, type, detail);
        }
        return type.code();
    }

    /**
     * A transfer whose debit is written: 201 once credited, 202 with where to follow it while the credit is on its way,
     * 422 transfer-reversed once the money came back (decision 0016).
     */
    private static String answerTransfer(Context ctx, CommandOutcome.Transfer transfer) {
        TransferProgress progress = transfer.progress();
        switch (progress.stage()) {
            case COMPLETED:
                ctx.status(201).json(CommandResponses.transfer(progress));
                return "accepted";
            case PENDING:
                ctx.header("Location", CommandResponses.transferLocation(progress.transferId()));
                ctx.status(202).json(CommandResponses.transfer(progress));
                return "pending";
            case REVERSED:
                Problems.write(ctx, AccountProblems.TRANSFER_REVERSED, CommandResponses.reversedDetail(progress, transfer.detail()),
                        CommandResponses.reversedMembers(progress));
                return AccountProblems.TRANSFER_REVERSED.code();
            default:
                throw new IllegalStateException("unknown transfer stage " + progress.stage());
        }
    }

    private static ProblemException notReady(String reason) {
        return ProblemException.notReady(reason + "; retry shortly");
    }
}

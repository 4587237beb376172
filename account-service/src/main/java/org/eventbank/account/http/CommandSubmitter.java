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
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.mapping.AvroMapper;
import org.eventbank.account.mapping.CommandEnvelope;
import org.eventbank.account.results.PendingRequests;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
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
    static final String RETRY_AFTER_SECONDS = "1";

    private static final Logger log = LoggerFactory.getLogger(CommandSubmitter.class);

    /** A validated command, ready to send, and how to render its success. */
    public record PreparedCommand(String commandType, AccountCommand command, Optional<String> idempotencyKey,
                                  String bodyHash, Function<CommandResult, Map<String, Object>> successBody,
                                  Optional<String> location) {
    }

    private final CommandGateway gateway;
    private final Readiness readiness;
    private final CommandMetrics metrics;
    private final ProblemWriter problems;
    private final Clock clock;

    public CommandSubmitter(CommandGateway gateway, Readiness readiness, CommandMetrics metrics, ProblemWriter problems,
                            Clock clock) {
        this.gateway = gateway;
        this.readiness = readiness;
        this.metrics = metrics;
        this.problems = problems;
        this.clock = clock;
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
        var avro = AvroMapper.toAvro(command, new CommandEnvelope(prepared.idempotencyKey(), prepared.bodyHash(),
                gateway.instanceId()));
        CompletableFuture<CommandResult> result;
        try {
            result = gateway.submit(avro);
        } catch (PendingRequests.RefusedException e) {
            if (e.refusal() == PendingRequests.Refusal.IN_FLIGHT) {
                throw new ProblemException(ProblemType.REQUEST_IN_FLIGHT, "a request with this Idempotency-Key is still"
                        + " being processed for this account; retry once it has been answered");
            }
            throw notReady("this instance has too many requests waiting for results");
        }
        ctx.future(() -> result.handle((answer, error) -> {
            String outcome = answer(ctx, prepared, answer, error);
            metrics.record(prepared.commandType(), outcome, Duration.ofNanos(System.nanoTime() - startNanos));
            return null;
        }));
    }

    /** Writes the answer and returns the outcome label for the metrics. */
    private String answer(Context ctx, PreparedCommand prepared, CommandResult result, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (!(cause instanceof TimeoutException)) {
                log.warn("command {} failed before its result arrived", prepared.command().commandId(), cause);
            }
            String retry = prepared.idempotencyKey().isPresent()
                    ? "retrying with the same Idempotency-Key is safe: it is applied at most once"
                    : "without an Idempotency-Key a retry may apply it twice; check the account before retrying";
            problems.write(ctx, ProblemType.OUTCOME_UNKNOWN, "no result for command " + prepared.command().commandId()
                    + " arrived in time; it may or may not have been applied; " + retry);
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            return ProblemType.OUTCOME_UNKNOWN.code();
        }
        if (result.getReplayed()) {
            ctx.header(REPLAYED_HEADER, "true");
        }
        if (result.getOutcome() == Outcome.ACCEPTED) {
            prepared.location().ifPresent(location -> ctx.header("Location", location));
            ctx.status(201).json(prepared.successBody().apply(result));
            return "accepted";
        }
        ProblemType type = CommandResponses.problemFor(result.getOutcome());
        problems.write(ctx, type, result.getDetail() == null ? type.title() : result.getDetail());
        return type.code();
    }

    private static ProblemException notReady(String reason) {
        return new ProblemException(ProblemType.NOT_READY, reason + "; retry shortly",
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
}

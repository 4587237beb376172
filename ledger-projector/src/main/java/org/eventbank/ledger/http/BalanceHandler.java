package org.eventbank.ledger.http;

import static org.eventbank.ledger.http.LedgerProjectorProblems.valueOrNotReady;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.eventbank.kit.auth.Caller;
import org.eventbank.kit.auth.Scope;
import org.eventbank.kit.http.ProblemException;
import org.eventbank.kit.http.ProblemType;
import org.eventbank.kit.http.Problems;
import org.eventbank.ledger.domain.AccountStatus;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.query.Finality;
import org.eventbank.ledger.query.LedgerQueries;
import org.eventbank.ledger.query.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /accounts/{id}/balance}, with optional {@code asOf=<instant>} (the balance after the
 * last event at or before it, answered only once the instant is final: before, 503 not-ready with
 * Retry-After; see {@link Finality}) or {@code minVersion=N} (wait, at most {@code minVersionWaitMax},
 * until version N is folded, then 504 min-version-timeout). A closed account answers like an open
 * one, with {@code "status": "closed"}; as of an instant before its closing, {@code "open"}.
 *
 * <p>A minVersion wait holds no server thread (issue 16): a version already folded is answered at once; a minVersion more
 * than {@code minVersionAheadMax} ({@code BANK_MIN_VERSION_AHEAD_MAX}) above the version the caller sees now (0 for an
 * account it cannot see or that does not exist yet) is refused at once, 400 malformed-request; otherwise the query
 * becomes a waiter of {@link VersionWaits} (503 not-ready at once when {@code BANK_MIN_VERSION_WAITERS_MAX} wait already)
 * and is answered through {@code ctx.future}, its answer (200, 404, 504, 503, or the kit's 500) written here as a
 * problem document like every other, and its latency recorded when it is written. A query forwarded to the owning
 * instance is not: see {@link RoutedQuery}.
 *
 * <p>Who may read which account is {@link AccountAccess}'s rule, applied where the account is held (a forwarded
 * query is decided by the owning instance). An account the caller may not read answers as one that does not exist:
 * 404 account-not-found; asOf, like for an unknown account, only once the instant is final (the 503 before says
 * nothing about the account: it is the partition's); minVersion after waiting the whole bound, like for an account
 * never seen, and then 404 for a customer (an auditor, who may read every account, still gets 504 for one never
 * seen).
 */
final class BalanceHandler implements Handler {

    private static final Logger log = LoggerFactory.getLogger(BalanceHandler.class);

    private final RoutedQuery routedQuery;
    private final LedgerQueries queries;
    private final Finality finality;
    private final Duration minVersionWaitMax;
    private final long minVersionAheadMax;
    private final VersionWaits waits;
    private final QueryMetrics metrics;

    BalanceHandler(RoutedQuery routedQuery, LedgerQueries queries, Finality finality, Duration minVersionWaitMax, long minVersionAheadMax,
                   VersionWaits waits, QueryMetrics metrics) {
        this.routedQuery = routedQuery;
        this.queries = queries;
        this.finality = finality;
        this.minVersionWaitMax = minVersionWaitMax;
        this.minVersionAheadMax = minVersionAheadMax;
        this.waits = waits;
        this.metrics = metrics;
    }

    @Override
    public void handle(Context ctx) {
        long start = System.nanoTime();
        Caller caller = AccountAccess.requireReader(ctx);
        String accountId = QueryParams.accountId(ctx);
        QueryParams.allowOnly(ctx, Set.of("asOf", "minVersion"));
        Instant asOf = QueryParams.instant(ctx, "asOf");
        long minVersion = QueryParams.longBetween(ctx, "minVersion", 1, Long.MAX_VALUE, 0);
        if (asOf != null && minVersion > 0) {
            throw LedgerProjectorProblems.malformedRequest("asOf and minVersion cannot be combined");
        }
        String query = asOf != null ? "asOf" : minVersion > 0 ? "minVersion" : "balance";
        boolean answeredLater = false;
        try {
            OptionalInt partition = routedQuery.localPartitionOrRelay(ctx, accountId, minVersion > 0 ? minVersionWaitMax : Duration.ZERO);
            if (partition.isEmpty()) {
                return;
            }
            if (asOf != null) {
                // finality first: it depends on the partition only (the same 503 for every account, readable or not), and
                // only once the instant is final does an account missing here stay missing at that instant
                requireFinal(accountId, partition.getAsInt(), asOf);
                if (visibleBalance(caller, partition.getAsInt(), accountId).isEmpty()) {
                    throw LedgerProjectorProblems.accountNotFoundAsOf(accountId, asOf.toString());
                }
                LedgerQueries.AsOf found = valueOrNotReady(queries.asOf(partition.getAsInt(), accountId, asOf))
                        .orElseThrow(() -> LedgerProjectorProblems.accountNotFoundAsOf(accountId, asOf.toString()));
                Json.write(ctx, 200, body(accountId, found.balanceMinor(), found.currency(), found.version(), found.updatedAt(),
                        found.status()).put("asOf", asOf.toString()));
                return;
            }
            Optional<BalanceView> current = visibleBalance(caller, partition.getAsInt(), accountId);
            if (minVersion == 0) {
                writeBalance(ctx, accountId, current.orElseThrow(() -> LedgerProjectorProblems.accountNotFound(accountId)));
                return;
            }
            if (reached(current, minVersion)) {
                // answered now, no waiter
                writeBalance(ctx, accountId, current.get());
                return;
            }
            requireWithinAhead(accountId, minVersion, current);
            if (minVersionWaitMax.isZero()) {
                writeWaited(ctx, caller, accountId, minVersion, current);
                return;
            }
            CompletableFuture<Optional<BalanceView>> waited = awaitVersion(caller, accountId, partition.getAsInt(), minVersion);
            answeredLater = true;
            ctx.future(() -> waited.handle((view, failure) -> {
                try {
                    if (failure == null) {
                        writeWaited(ctx, caller, accountId, minVersion, view);
                    } else {
                        writeFailure(ctx, failure);
                    }
                } catch (RuntimeException e) {
                    writeFailure(ctx, e);
                } finally {
                    metrics.record(query, start);
                }
                return null;
            }));
        } finally {
            if (!answeredLater) {
                metrics.record(query, start);
            }
        }
    }

    private static boolean reached(Optional<BalanceView> view, long minVersion) {
        return view.isPresent() && view.get().version() >= minVersion;
    }

    /**
     * A minVersion more than {@code minVersionAheadMax} above the version this caller sees now (0 for an account it cannot
     * see or that does not exist yet, so the answer is the same for both) is refused, 400, before any wait.
     */
    private void requireWithinAhead(String accountId, long minVersion, Optional<BalanceView> current) {
        long currentVersion = current.map(BalanceView::version).orElse(0L);
        if (minVersion - currentVersion > minVersionAheadMax) {
            throw LedgerProjectorProblems.malformedRequest("minVersion " + minVersion + " is more than " + minVersionAheadMax
                    + " versions (BANK_MIN_VERSION_AHEAD_MAX) ahead of the current version of account " + accountId + " ("
                    + currentVersion + "); ask for a version closer to it");
        }
    }

    /**
     * Registers the wait (503 not-ready at once when the waiters' cap is reached). Polled on the waits' thread until the
     * account reaches minVersion, at most minVersionWaitMax; each read checks first that the account is still held here
     * (503 not-ready once it moved).
     */
    private CompletableFuture<Optional<BalanceView>> awaitVersion(Caller caller, String accountId, int partition, long minVersion) {
        return waits.await(() -> {
            if (!(routedQuery.route(accountId) instanceof Route.Local local) || local.partition() != partition) {
                throw LedgerProjectorProblems.notReady("account " + accountId + " moved to another instance while waiting for version "
                        + minVersion);
            }
            return visibleBalance(caller, partition, accountId);
        }, view -> reached(view, minVersion), minVersionWaitMax);
    }

    /**
     * The answer of a minVersion query to the last view read: 200 once reached; otherwise, for an account the caller may
     * not read (or one never seen), the plain balance query's 404 to a customer, and 504 min-version-timeout to an
     * auditor or for an account that is behind.
     */
    private void writeWaited(Context ctx, Caller caller, String accountId, long minVersion, Optional<BalanceView> view) {
        if (reached(view, minVersion)) {
            writeBalance(ctx, accountId, view.get());
        } else if (view.isEmpty() && !caller.has(Scope.AUDITOR)) {
            // no account this customer may read: the plain balance query's answer, whether it exists or not
            Problems.write(ctx, LedgerProjectorProblems.accountNotFound(accountId));
        } else {
            Problems.write(ctx, LedgerProjectorProblems.minVersionTimeout(accountId, minVersion, view.map(BalanceView::version).orElse(0L),
                    minVersionWaitMax.toMillis()));
        }
    }

    /** A wait that failed: its problem (503 not-ready when the store went away), or the kit's 500 for anything else. */
    private static void writeFailure(Context ctx, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ProblemException problem) {
            Problems.write(ctx, problem);
        } else {
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), cause);
            Problems.write(ctx, ProblemType.INTERNAL_ERROR, "an unexpected error occurred (" + cause.getClass().getSimpleName()
                    + "); it is logged and is a bug");
        }
    }

    private static void writeBalance(Context ctx, String accountId, BalanceView view) {
        Json.write(ctx, 200, body(accountId, view.balanceMinor(), view.currency(), view.version(), view.updatedAt(), view.status()));
    }

    /**
     * asOf answers only a final instant (its 404 too): a later one could still change, so it gets 503 not-ready, with
     * Retry-After the seconds until it can be final (at least 1, at most the longest trail, when the partition's
     * final instant is known; otherwise 1).
     */
    private void requireFinal(String accountId, int partition, Instant asOf) {
        Optional<Instant> finalUpTo = finality.finalUpTo(partition);
        if (finalUpTo.isPresent() && !asOf.isAfter(finalUpTo.get())) {
            return;
        }
        long retryAfterSeconds = finalUpTo.map(upTo -> Math.min(ceilSeconds(Duration.between(upTo, asOf)), ceilSeconds(finality.trailMax())))
                .orElse(1L);
        throw LedgerProjectorProblems.notFinal(accountId, asOf, finalUpTo, finality.trailMax(), Math.max(1, retryAfterSeconds));
    }

    /** Whole seconds, rounded up; in seconds, not millis, so an instant a billion years ahead cannot overflow. */
    private static long ceilSeconds(Duration duration) {
        return duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
    }

    /** The account's current balance if the caller may read it; empty as for an account that does not exist otherwise. */
    private Optional<BalanceView> visibleBalance(Caller caller, int partition, String accountId) {
        return AccountAccess.visible(caller, valueOrNotReady(queries.balance(partition, accountId)));
    }

    private static ObjectNode body(String accountId, long balance, String currency, long version, Instant updatedAt,
                                   AccountStatus status) {
        ObjectNode body = Json.object();
        body.put("accountId", accountId);
        body.put("balance", balance);
        body.put("currency", currency);
        body.put("version", version);
        body.put("updatedAt", updatedAt.toString());
        body.put("status", Json.status(status));
        return body;
    }
}

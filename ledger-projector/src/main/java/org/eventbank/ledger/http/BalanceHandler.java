package org.eventbank.ledger.http;

import static org.eventbank.ledger.http.LedgerProjectorProblems.valueOrNotReady;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.eventbank.kit.auth.Caller;
import org.eventbank.kit.auth.Scope;
import org.eventbank.ledger.domain.AccountStatus;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.query.Finality;
import org.eventbank.ledger.query.LedgerQueries;
import org.eventbank.ledger.query.Route;

/**
 * {@code GET /accounts/{id}/balance}, with optional {@code asOf=<instant>} (the balance after the
 * last event at or before it, answered only once the instant is final: before, 503 not-ready with
 * Retry-After; see {@link Finality}) or {@code minVersion=N} (wait, at most {@code minVersionWaitMax},
 * until version N is folded, then 504 min-version-timeout). A closed account answers like an open
 * one, with {@code "status": "closed"}; as of an instant before its closing, {@code "open"}.
 *
 * <p>Who may read which account is {@link AccountAccess}'s rule, applied where the account is held (a forwarded
 * query is decided by the owning instance). An account the caller may not read answers as one that does not exist:
 * 404 account-not-found; asOf, like for an unknown account, only once the instant is final (the 503 before says
 * nothing about the account: it is the partition's); minVersion after waiting the whole bound, like for an account
 * never seen, and then 404 for a customer (an auditor, who may read every account, still gets 504 for one never
 * seen).
 */
final class BalanceHandler implements Handler {

    /** How often a minVersion wait looks at the store again. */
    static final long MIN_VERSION_POLL_MS = 10;

    private final RoutedQuery routedQuery;
    private final LedgerQueries queries;
    private final Finality finality;
    private final Duration minVersionWaitMax;
    private final QueryMetrics metrics;

    BalanceHandler(RoutedQuery routedQuery, LedgerQueries queries, Finality finality, Duration minVersionWaitMax, QueryMetrics metrics) {
        this.routedQuery = routedQuery;
        this.queries = queries;
        this.finality = finality;
        this.minVersionWaitMax = minVersionWaitMax;
        this.metrics = metrics;
    }

    @Override
    public void handle(Context ctx) throws InterruptedException {
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
            BalanceView view = minVersion > 0
                    ? awaitVersion(caller, accountId, partition.getAsInt(), minVersion)
                    : visibleBalance(caller, partition.getAsInt(), accountId)
                            .orElseThrow(() -> LedgerProjectorProblems.accountNotFound(accountId));
            Json.write(ctx, 200, body(accountId, view.balanceMinor(), view.currency(), view.version(), view.updatedAt(), view.status()));
        } finally {
            metrics.record(query, start);
        }
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

    /**
     * Polls the local store until the account reaches minVersion; bounded by minVersionWaitMax. An account the caller may
     * not read is waited for like one never seen, the whole bound: an answer sooner would tell that it exists.
     */
    private BalanceView awaitVersion(Caller caller, String accountId, int partition, long minVersion) throws InterruptedException {
        long deadline = System.nanoTime() + minVersionWaitMax.toNanos();
        while (true) {
            Optional<BalanceView> view = visibleBalance(caller, partition, accountId);
            if (view.isPresent() && view.get().version() >= minVersion) {
                return view.get();
            }
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0) {
                if (view.isEmpty() && !caller.has(Scope.AUDITOR)) {
                    // no account this customer may read: the plain balance query's answer, whether it exists or not
                    throw LedgerProjectorProblems.accountNotFound(accountId);
                }
                throw LedgerProjectorProblems.minVersionTimeout(accountId, minVersion, view.map(BalanceView::version).orElse(0L),
                        minVersionWaitMax.toMillis());
            }
            Thread.sleep(Math.min(MIN_VERSION_POLL_MS, remainingMs));
            if (!(routedQuery.route(accountId) instanceof Route.Local local) || local.partition() != partition) {
                throw LedgerProjectorProblems.notReady("account " + accountId + " moved to another instance while waiting for version " + minVersion);
            }
        }
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

package org.eventbank.ledger.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.eventbank.kit.auth.BearerAuth;
import org.eventbank.kit.auth.Scope;
import org.eventbank.ledger.domain.CurrencyTotals;
import org.eventbank.ledger.query.ClusterMembers;
import org.eventbank.ledger.query.LedgerQueries;
import org.eventbank.ledger.query.Route;

/**
 * {@code GET /totals}: per currency the number of accounts (ever opened, open, closed), balance sum,
 * deposit and withdrawal volume and money in flight between accounts (transfers debited, not yet credited or
 * reversed), summed over every partition's partial totals fetched from every instance. The partials
 * are read one after another while the fold goes on, so the sum is not a point-in-time snapshot
 * (the body says so). Each partition must be counted exactly once: a rebalance that leaves a
 * partition unowned or owned twice gives 503 not-ready, never a wrong sum.
 *
 * <p>For {@code bank:auditor} only (403 otherwise). Each instance's share is asked with the caller's own token,
 * and each instance checks it again ({@link LocalTotalsHandler}); an instance that refuses it (401 or 403: a token
 * that expired on the way, keys that differ) has its refusal relayed as it is.
 */
final class TotalsHandler implements Handler {

    static final String CONSISTENCY_NOTE = "sum of per-partition partial totals read one after another while the ledger"
            + " is being folded: not a point-in-time snapshot";

    private final ClusterMembers members;
    private final LedgerQueries queries;
    private final Forwarder forwarder;
    private final Duration forwardTimeout;
    private final int partitions;
    private final QueryMetrics metrics;

    TotalsHandler(ClusterMembers members, LedgerQueries queries, Forwarder forwarder, Duration forwardTimeout, int partitions,
                  QueryMetrics metrics) {
        this.members = members;
        this.queries = queries;
        this.forwarder = forwarder;
        this.forwardTimeout = forwardTimeout;
        this.partitions = partitions;
        this.metrics = metrics;
    }

    @Override
    public void handle(Context ctx) {
        long start = System.nanoTime();
        BearerAuth.require(ctx, Scope.AUDITOR);
        QueryParams.allowOnly(ctx, Set.of());
        try {
            List<Integer> counted = new ArrayList<>();
            List<Map<String, CurrencyTotals>> shares = new ArrayList<>();
            for (Route.Remote member : LedgerProjectorProblems.valueOrNotReady(members.all())) {
                if (member.equals(members.self())) {
                    LedgerQueries.LocalTotals local = LedgerProjectorProblems.valueOrNotReady(queries.localTotals());
                    counted.addAll(local.partitions());
                    shares.add(local.currencies());
                } else {
                    Forwarder.Answer answer = forwarder.get(member, LocalTotalsHandler.PATH, forwardTimeout,
                            BearerAuth.authorization(ctx));
                    if (answer.status() == 401 || answer.status() == 403) {
                        Forwarder.relay(ctx, answer);
                        return;
                    }
                    if (answer.status() != 200) {
                        throw LedgerProjectorProblems.notReady("instance " + member.authority() + " answered " + answer.status() + " for its totals");
                    }
                    JsonNode body = Json.parse(answer.body());
                    body.get("partitions").forEach(p -> counted.add(p.intValue()));
                    shares.add(TotalsJson.parseCurrencies(body.get("currencies")));
                }
            }
            TreeSet<Integer> distinct = new TreeSet<>(counted);
            if (counted.size() != partitions || distinct.size() != partitions) {
                throw LedgerProjectorProblems.notReady("totals need each of " + partitions + " partitions exactly once, got " + counted
                        + " (a rebalance is in progress)");
            }
            ObjectNode body = Json.object();
            body.set("currencies", TotalsJson.currencies(sum(shares)));
            body.put("pointInTime", false);
            body.put("consistency", CONSISTENCY_NOTE);
            Json.write(ctx, 200, body);
        } finally {
            metrics.record("totals", start);
        }
    }

    static Map<String, CurrencyTotals> sum(Collection<Map<String, CurrencyTotals>> partials) {
        Map<String, CurrencyTotals> sums = new TreeMap<>();
        for (Map<String, CurrencyTotals> partial : partials) {
            partial.forEach((currency, totals) -> sums.merge(currency, totals, CurrencyTotals::plus));
        }
        return sums;
    }
}

package org.eventbank.ledger.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.eventbank.kit.auth.BearerAuth;
import org.eventbank.kit.auth.Scope;
import org.eventbank.ledger.query.LedgerQueries;

/**
 * {@code GET /internal/totals}: this instance's share of the totals, the partitions it summed and
 * their partial totals added up. Called by {@link TotalsHandler} on every instance, with the token of the caller of
 * {@code /totals}; not public API, and guarded like it: {@code bank:auditor} only.
 */
final class LocalTotalsHandler implements Handler {

    static final String PATH = "/internal/totals";

    private final LedgerQueries queries;

    LocalTotalsHandler(LedgerQueries queries) {
        this.queries = queries;
    }

    @Override
    public void handle(Context ctx) {
        BearerAuth.require(ctx, Scope.AUDITOR);
        LedgerQueries.LocalTotals local = LedgerProjectorProblems.valueOrNotReady(queries.localTotals());
        ObjectNode body = Json.object();
        ArrayNode partitions = body.putArray("partitions");
        local.partitions().forEach(partitions::add);
        body.set("currencies", TotalsJson.currencies(local.currencies()));
        Json.write(ctx, 200, body);
    }
}

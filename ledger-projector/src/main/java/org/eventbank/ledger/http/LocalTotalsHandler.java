package org.eventbank.ledger.http;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.eventbank.ledger.domain.CurrencyTotals;

/**
 * {@code GET /internal/totals}: this instance's share of the totals, the partitions it summed and
 * their partial totals added up. Called by {@link TotalsHandler} on every instance; not public API.
 */
final class LocalTotalsHandler implements Handler {

    static final String PATH = "/internal/totals";

    private final LocalStores stores;

    LocalTotalsHandler(LocalStores stores) {
        this.stores = stores;
    }

    @Override
    public void handle(Context ctx) {
        Map<Integer, Map<String, CurrencyTotals>> partials = stores.partialTotals();
        ObjectNode body = Json.object();
        ArrayNode partitions = body.putArray("partitions");
        partials.keySet().stream().sorted().forEach(partitions::add);
        body.set("currencies", TotalsJson.currencies(TotalsHandler.sum(partials.values())));
        Json.write(ctx, 200, body);
    }
}

package org.eventbank.ledger.http;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.eventbank.kit.auth.Caller;
import org.eventbank.ledger.domain.TransferLeg;
import org.eventbank.ledger.domain.TransferStatus;
import org.eventbank.ledger.domain.TransferView;
import org.eventbank.ledger.query.TransferQueries;

/**
 * {@code GET /transfers/{id}} (contract v3, issue 15): where a transfer stands, from the transfers store of the instance
 * that owns the transferId's partition (forwarded there like an account query, with the caller's token):
 * {@code {"transferId", "status": "pending"|"completed"|"reversed", "reason"? (reversed only, e.g. "payee-not-found"),
 * "fromAccountId", "toAccountId", "amount", "currency", "events": [{"type", "accountId", "version", "occurredAt",
 * "eventId"}]}}, the debit first. No balance and no owner is shown: the caller may own only one of the two accounts.
 *
 * <p>{@link AccountAccess} decides on the owning instance: the owner of either account and auditors read it; anyone
 * else gets 404 transfer-not-found, the answer for a transfer that does not exist. A token without a read scope gets
 * 403 before anything is looked at; an id that is not a UUID is then 400 invalid-transfer-id for every reader (it says
 * nothing about any transfer).
 */
final class TransferHandler implements Handler {

    private final RoutedQuery routedQuery;
    private final TransferQueries transfers;
    private final QueryMetrics metrics;

    /** @param routedQuery routed by the transfers store's partitions (of the transferId), not the accounts' */
    TransferHandler(RoutedQuery routedQuery, TransferQueries transfers, QueryMetrics metrics) {
        this.routedQuery = routedQuery;
        this.transfers = transfers;
        this.metrics = metrics;
    }

    @Override
    public void handle(Context ctx) {
        long start = System.nanoTime();
        Caller caller = AccountAccess.requireReader(ctx);
        String transferId = QueryParams.transferId(ctx);
        QueryParams.allowOnly(ctx, Set.of());
        try {
            OptionalInt partition = routedQuery.localPartitionOrRelay(ctx, transferId, Duration.ZERO);
            if (partition.isEmpty()) {
                return;
            }
            TransferView transfer = AccountAccess.visibleTransfer(caller, LedgerProjectorProblems.valueOrNotReady(
                            transfers.transfer(partition.getAsInt(), transferId)))
                    .orElseThrow(() -> LedgerProjectorProblems.transferNotFound(transferId));
            Json.write(ctx, 200, body(transfer));
        } finally {
            metrics.record("transfer", start);
        }
    }

    private static ObjectNode body(TransferView transfer) {
        ObjectNode body = Json.object();
        body.put("transferId", transfer.transferId());
        body.put("status", transfer.status().wireName());
        if (transfer.status() == TransferStatus.REVERSED) {
            body.put("reason", transfer.reason().wireName());
        }
        body.put("fromAccountId", transfer.payerAccountId());
        body.put("toAccountId", transfer.payeeAccountId());
        body.put("amount", transfer.amountMinor());
        body.put("currency", transfer.currency());
        ArrayNode events = body.putArray("events");
        for (TransferLeg leg : transfer.legs()) {
            events.addObject()
                    .put("type", leg.type().wireName())
                    .put("accountId", leg.accountId())
                    .put("version", leg.version())
                    .put("occurredAt", leg.occurredAt().toString())
                    .put("eventId", leg.eventId());
        }
        return body;
    }
}

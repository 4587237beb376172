package org.eventbank.ledger.http;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.eventbank.kit.auth.Caller;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.query.LedgerQueries;

/**
 * {@code GET /accounts/{id}/events?fromVersion=&limit=}: one page of the statement, oldest first,
 * with the query of the next page when there is one and the account's status. Each entry says who
 * asked and the operation it belongs to where the event carries them (contract v2), null otherwise. A transfer's entry
 * (contract v3) also shows its {@code transferId} (its correlation id), the {@code counterpartyAccountId} (the payee on a
 * debit or reversal, the payer on a credit), the client's {@code reference} (debit) and the reversal's {@code reason}
 * ({@code payee-not-found}, ...); these are null on other entries and where the event has none. Who initiated a credit
 * is the payer's side: to the payee's owner it is redacted like any initiator that is not the account's owner.
 *
 * <p>{@link AccountAccess} decides, where the account is held and before any entry is read, whether the caller may
 * see the account (otherwise 404 as for an account that does not exist), and hides from a customer who acted on the
 * account where it was not its owner: {@code "initiatedBy": {"subject": null, "clientId": null, "redacted": true}}.
 */
final class StatementHandler implements Handler {

    static final int LIMIT_DEFAULT = 100;
    static final int LIMIT_MAX = 1000;

    private final RoutedQuery routedQuery;
    private final LedgerQueries queries;
    private final QueryMetrics metrics;

    StatementHandler(RoutedQuery routedQuery, LedgerQueries queries, QueryMetrics metrics) {
        this.routedQuery = routedQuery;
        this.queries = queries;
        this.metrics = metrics;
    }

    @Override
    public void handle(Context ctx) {
        long start = System.nanoTime();
        Caller caller = AccountAccess.requireReader(ctx);
        String accountId = QueryParams.accountId(ctx);
        QueryParams.allowOnly(ctx, Set.of("fromVersion", "limit"));
        long fromVersion = QueryParams.longBetween(ctx, "fromVersion", 1, Long.MAX_VALUE, 1);
        int limit = (int) QueryParams.longBetween(ctx, "limit", 1, LIMIT_MAX, LIMIT_DEFAULT);
        try {
            OptionalInt partition = routedQuery.localPartitionOrRelay(ctx, accountId, Duration.ZERO);
            if (partition.isEmpty()) {
                return;
            }
            // the owner of an opened account never changes: the view read here speaks for the page read next
            BalanceView account = AccountAccess.visible(caller, LedgerProjectorProblems.valueOrNotReady(
                            queries.balance(partition.getAsInt(), accountId)))
                    .orElseThrow(() -> LedgerProjectorProblems.accountNotFound(accountId));
            LedgerQueries.StatementPage page = LedgerProjectorProblems.valueOrNotReady(
                            queries.statement(partition.getAsInt(), accountId, fromVersion, limit))
                    .orElseThrow(() -> LedgerProjectorProblems.accountNotFound(accountId));
            ObjectNode body = Json.object();
            body.put("accountId", accountId);
            body.put("status", Json.status(page.status()));
            ArrayNode events = body.putArray("events");
            for (HistoryEntry entry : page.entries()) {
                ObjectNode event = events.addObject()
                        .put("type", entry.type().wireName())
                        .put("amount", entry.amountMinor())
                        .put("balanceAfter", entry.balanceAfterMinor())
                        .put("version", entry.version())
                        .put("occurredAt", entry.occurredAt().toString())
                        .put("eventId", entry.eventId());
                if (entry.initiatedBy() == null) {
                    event.putNull("initiatedBy");
                } else if (AccountAccess.initiatorHidden(caller, account.owner(), entry)) {
                    event.putObject("initiatedBy").putNull("subject").putNull("clientId").put("redacted", true);
                } else {
                    event.putObject("initiatedBy").put("subject", entry.initiatedBy().subject())
                            .put("clientId", entry.initiatedBy().clientId());
                }
                event.put("correlationId", entry.correlationId());
                // contract v3: a transfer's entry names the other account and its transfer; null on every other entry
                HistoryEntry.Transfer transfer = entry.transfer();
                event.put("transferId", transfer == null ? null : entry.correlationId());
                event.put("counterpartyAccountId", transfer == null ? null : transfer.counterpartyAccountId());
                event.put("reference", transfer == null ? null : transfer.reference());
                event.put("reason", transfer == null || transfer.reason() == null ? null : transfer.reason().wireName());
            }
            if (page.nextFromVersion() == null) {
                body.putNull("nextFromVersion");
                body.putNull("next");
            } else {
                body.put("nextFromVersion", page.nextFromVersion());
                body.put("next", "/accounts/" + accountId + "/events?fromVersion=" + page.nextFromVersion() + "&limit=" + limit);
            }
            Json.write(ctx, 200, body);
        } finally {
            metrics.record("statement", start);
        }
    }
}

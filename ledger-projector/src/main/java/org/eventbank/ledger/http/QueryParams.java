package org.eventbank.ledger.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.javalin.http.Context;
import org.eventbank.schemas.contract.AccountIds;

/** Typed validation of path and query parameters at the edge; anything invalid becomes a 400 problem. */
final class QueryParams {

    /** The canonical text of a UUID (any version): {@code UUID.fromString} alone would also take "1-2-3-4-5". */
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private QueryParams() {
    }

    /** The transferId of the path, lower-cased as the ledger writes it (a name-based UUID's text), or 400 invalid-transfer-id. */
    static String transferId(Context ctx) {
        String transferId = ctx.pathParam("id");
        if (!UUID_TEXT.matcher(transferId).matches()) {
            throw LedgerProjectorProblems.invalidTransferId(transferId);
        }
        return transferId.toLowerCase(Locale.ROOT);
    }

    static String accountId(Context ctx) {
        String accountId = ctx.pathParam("id");
        if (!AccountIds.isValid(accountId)) {
            throw LedgerProjectorProblems.invalidAccountId(accountId);
        }
        return accountId;
    }

    /** Unknown parameters are refused, not ignored: a typo like {@code asof} must not silently return today's balance. */
    static void allowOnly(Context ctx, Set<String> names) {
        for (Map.Entry<String, List<String>> parameter : ctx.queryParamMap().entrySet()) {
            if (!names.contains(parameter.getKey())) {
                throw LedgerProjectorProblems.malformedRequest("unknown query parameter '" + parameter.getKey() + "'; allowed: " + names);
            }
            if (parameter.getValue().size() > 1) {
                throw LedgerProjectorProblems.malformedRequest("query parameter '" + parameter.getKey() + "' given more than once");
            }
        }
    }

    /** An ISO-8601 instant ({@code 2026-01-01T00:00:00Z}, or with an offset), or null when absent. */
    static Instant instant(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notZulu) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw LedgerProjectorProblems.malformedRequest(name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, not '" + value + "'");
            }
        }
    }

    /** A whole number within [min, max], or the default when absent. */
    static long longBetween(Context ctx, String name, long min, long max, long defaultValue) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw LedgerProjectorProblems.malformedRequest(name + " must be a whole number, not '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw LedgerProjectorProblems.malformedRequest(name + " must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }
}

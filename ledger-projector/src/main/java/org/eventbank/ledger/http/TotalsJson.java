package org.eventbank.ledger.http;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eventbank.ledger.domain.CurrencyTotals;

/**
 * Totals to and from JSON: sums are JSON numbers written from BigInteger, so they never overflow or
 * round. {@code accounts} counts every account ever opened (its meaning before accounts could close);
 * {@code openAccounts} and {@code closedAccounts} split it. {@code inFlight} (contract v3) is the money of transfers
 * debited and not yet credited or reversed; over the whole bank, balanceSum + inFlight = depositVolume - withdrawalVolume.
 */
final class TotalsJson {

    private TotalsJson() {
    }

    static ObjectNode currencies(Map<String, CurrencyTotals> totals) {
        ObjectNode currencies = Json.object();
        for (Map.Entry<String, CurrencyTotals> entry : new TreeMap<>(totals).entrySet()) {
            currencies.putObject(entry.getKey())
                    .put("accounts", entry.getValue().accounts())
                    .put("openAccounts", entry.getValue().openAccounts())
                    .put("closedAccounts", entry.getValue().closedAccounts())
                    .put("balanceSum", entry.getValue().balanceSum())
                    .put("depositVolume", entry.getValue().depositVolume())
                    .put("withdrawalVolume", entry.getValue().withdrawalVolume())
                    .put("inFlight", entry.getValue().inFlight());
        }
        return currencies;
    }

    static Map<String, CurrencyTotals> parseCurrencies(JsonNode currencies) {
        Map<String, CurrencyTotals> totals = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = currencies.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            // an instance of the release before v2 sends no closedAccounts; it has folded no closing (it stops on one)
            BigInteger closed = value.has("closedAccounts") ? number(value, "closedAccounts") : BigInteger.ZERO;
            // nor does one before v3 send inFlight; it has folded no transfer (it stops on one)
            BigInteger inFlight = value.has("inFlight") ? number(value, "inFlight") : BigInteger.ZERO;
            totals.put(field.getKey(), new CurrencyTotals(number(value, "accounts"), number(value, "balanceSum"),
                    number(value, "depositVolume"), number(value, "withdrawalVolume"), closed, inFlight));
        }
        return totals;
    }

    private static BigInteger number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("totals field " + field + " is not a whole number: " + value);
        }
        return value.bigIntegerValue();
    }
}

package org.eventbank.account.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigInteger;

/** The JSON request bodies of the REST contract, bound strictly by {@link StrictJson}. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** {@code POST /accounts}: {@code {"accountId"?, "owner", "currency"}}. */
    public record OpenAccountBody(
            @JsonProperty("accountId") String accountId,
            @JsonProperty(value = "owner", required = true) String owner,
            @JsonProperty(value = "currency", required = true) String currency) {
    }

    /**
     * {@code POST /accounts/{id}/deposits} and {@code /withdrawals}: {@code {"amount", "currency"?,
     * "expectedVersion"?}}. The amount binds as a BigInteger so a huge integer is reported as an
     * invalid amount, not as a malformed request; fractions and strings are still refused.
     */
    public record MoneyBody(
            @JsonProperty(value = "amount", required = true) BigInteger amount,
            @JsonProperty("currency") String currency,
            @JsonProperty("expectedVersion") Long expectedVersion) {
    }

    /**
     * {@code POST /transfers}: {@code {"reference"?, "fromAccountId", "toAccountId", "amount", "currency"?}}; the amount
     * binds as for deposits.
     */
    public record TransferBody(
            @JsonProperty("reference") String reference,
            @JsonProperty(value = "fromAccountId", required = true) String fromAccountId,
            @JsonProperty(value = "toAccountId", required = true) String toAccountId,
            @JsonProperty(value = "amount", required = true) BigInteger amount,
            @JsonProperty("currency") String currency) {
    }

    /**
     * {@code POST /accounts/{id}/close}: {@code {"reason"?, "expectedVersion"?}}; an empty body means {@code {}}.
     */
    public record CloseAccountBody(
            @JsonProperty("reason") String reason,
            @JsonProperty("expectedVersion") Long expectedVersion) {

        static final CloseAccountBody EMPTY = new CloseAccountBody(null, null);
    }
}

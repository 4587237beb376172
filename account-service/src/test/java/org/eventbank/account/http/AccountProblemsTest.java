package org.eventbank.account.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.eventbank.kit.http.ProblemType;
import org.junit.jupiter.api.Test;

class AccountProblemsTest {

    @Test
    void shouldKeepEveryCodeStatusAndTitleOfTheErrorTable() {
        assertThat(AccountProblems.ALL).containsExactly(
                new ProblemType("malformed-request", 400, "Malformed request"),
                new ProblemType("invalid-amount", 400, "Invalid amount"),
                new ProblemType("invalid-currency", 400, "Invalid currency"),
                new ProblemType("invalid-account-id", 400, "Invalid account id"),
                new ProblemType("account-not-found", 404, "Account not found"),
                new ProblemType("not-found", 404, "Not found"),
                new ProblemType("method-not-allowed", 405, "Method not allowed"),
                new ProblemType("account-exists", 409, "Account exists"),
                new ProblemType("version-conflict", 409, "Version conflict"),
                new ProblemType("request-in-flight", 409, "Request in flight"),
                new ProblemType("transfers-in-flight", 409, "Transfers in flight"),
                new ProblemType("body-too-large", 413, "Body too large"),
                new ProblemType("insufficient-funds", 422, "Insufficient funds"),
                new ProblemType("currency-mismatch", 422, "Currency mismatch"),
                new ProblemType("balance-overflow", 422, "Balance overflow"),
                new ProblemType("account-closed", 422, "Account closed"),
                new ProblemType("balance-not-zero", 422, "Balance not zero"),
                new ProblemType("same-account", 400, "Same account"),
                new ProblemType("transfer-reversed", 422, "Transfer reversed"),
                new ProblemType("idempotency-key-reused", 422, "Idempotency key reused"),
                new ProblemType("unknown-rejection", 422, "Rejected"),
                new ProblemType("outcome-unknown", 503, "Outcome unknown"),
                new ProblemType("expired", 503, "Expired"),
                new ProblemType("not-ready", 503, "Not ready"),
                new ProblemType("internal-error", 500, "Internal error"),
                new ProblemType("not-enabled", 501, "Not enabled"));
    }
}

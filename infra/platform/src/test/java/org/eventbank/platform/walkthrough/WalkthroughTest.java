package org.eventbank.platform.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WalkthroughTest {

    @Test
    void shouldCoverEveryStepTheReadmePromisesInOrder() {
        List<String> titles = Walkthrough.load().steps().stream().map(Walkthrough.Step::title).toList();

        assertThat(titles).containsExactly("Open an account", "Deposit 100.00 EUR", "Withdraw 25.00 EUR", "Be refused for insufficient funds",
                "Retry the withdrawal with the same Idempotency-Key", "Read the balance, at least as new as version 3", "Read the statement",
                "Read the balance as of a minute ago", "Try to close the account while money is on it", "Withdraw the rest",
                "Close the account", "Be refused a deposit on the closed account", "Read the closed account's balance",
                "Read the bank-wide totals", "See the events on the topic with a plain consumer");
    }

    @Test
    void shouldExpectAStatusAndAnAnswerForEveryHttpStep() {
        for (Walkthrough.Step step : Walkthrough.load().steps()) {
            if (step.target() == Walkthrough.Target.TAIL) {
                assertThat(step.output()).as(step.title()).isNotEmpty();
            } else {
                assertThat(step.status()).as(step.title()).isBetween(200, 599);
                assertThat(step.response()).as(step.title()).isNotNull();
                assertThat(step.method()).isIn("GET", "POST");
            }
        }
    }

    @Test
    void shouldRenderAPostAsACurlCommandWithJsonBodyAndHeaders() {
        Walkthrough.Step open = Walkthrough.load().steps().get(0);

        assertThat(Walkthrough.curl(open, "localhost:8080", "localhost:8081")).isEqualTo("curl -i -X POST \"localhost:8080/accounts\""
                + " -H 'Content-Type: application/json' -H 'Idempotency-Key: open-acc-1'"
                + " -d '{\"accountId\":\"acc-1\",\"owner\":\"customer-42\",\"currency\":\"EUR\"}'");
    }

    @Test
    void shouldRenderTheAsOfQueryWithAShellComputedInstant() {
        Walkthrough.Step asOf = Walkthrough.load().steps().get(7);

        assertThat(Walkthrough.curl(asOf, "localhost:8080", "localhost:8081"))
                .isEqualTo("curl -i \"localhost:8081/accounts/acc-1/balance?asOf=$(date -u -d '1 minute ago' +%Y-%m-%dT%H:%M:%SZ)\"");
    }
}

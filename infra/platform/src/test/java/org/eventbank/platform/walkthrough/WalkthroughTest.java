package org.eventbank.platform.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eventbank.config.Env;
import org.eventbank.platform.token.TokenOptions;
import org.junit.jupiter.api.Test;

class WalkthroughTest {

    @Test
    void shouldCoverEveryStepTheReadmePromisesInOrder() {
        List<String> titles = Walkthrough.load().steps().stream().map(Walkthrough.Step::title).toList();

        assertThat(titles).containsExactly("Get an access token", "Open an account", "Deposit 100.00 EUR", "Withdraw 25.00 EUR",
                "Be refused for insufficient funds", "Retry the withdrawal with the same Idempotency-Key",
                "Read the balance, at least as new as version 3", "Read the statement", "Read the balance as of a minute ago",
                "Try to close the account while money is on it", "Withdraw the rest", "Close the account",
                "Be refused a deposit on the closed account", "Read the closed account's balance", "Read the bank-wide totals",
                "See the events on the topic with a plain consumer", "Get a customer's token", "Open an account as the customer",
                "Deposit as the customer", "Be refused without a token", "Deposit into the customer's account as a teller",
                "Read the balance as the customer", "Read the statement as the customer", "Get another customer's token",
                "Be refused another customer's balance", "Open an account as the second customer",
                "Transfer money to another customer", "Be refused a transfer over the balance",
                "Send money to an account that does not exist, and get it back", "Read the transfer",
                "Read the totals again, money in flight included");
    }

    @Test
    void shouldRepeatOnlyReadsOfTheProjector() {
        for (Walkthrough.Step step : Walkthrough.load().steps()) {
            if (step.eventually()) {
                assertThat(step.target()).as(step.title()).isEqualTo(Walkthrough.Target.LEDGER);
                assertThat(step.method()).as(step.title()).isEqualTo("GET");
            }
        }
        assertThat(Walkthrough.load().steps()).filteredOn(Walkthrough.Step::eventually).extracting(Walkthrough.Step::title)
                .containsExactly("Read the transfer", "Read the totals again, money in flight included");
    }

    @Test
    void shouldExpectAStatusAndAnAnswerForEveryHttpStep() {
        for (Walkthrough.Step step : Walkthrough.load().steps()) {
            if (step.target() == Walkthrough.Target.TAIL) {
                assertThat(step.output()).as(step.title()).isNotEmpty();
            } else if (step.target() == Walkthrough.Target.TOKEN) {
                assertThat(step.command()).as(step.title()).startsWith(Walkthrough.TokenCommandLine.parse(step.command()).variable());
            } else {
                assertThat(step.status()).as(step.title()).isBetween(200, 599);
                assertThat(step.response()).as(step.title()).isNotNull();
                assertThat(step.method()).isIn("GET", "POST");
            }
        }
    }

    @Test
    void shouldSendATokenMintedInAnEarlierStepWithEveryRequestButTheOneShowingA401() {
        Set<String> minted = new HashSet<>();
        for (Walkthrough.Step step : Walkthrough.load().steps()) {
            if (step.target() == Walkthrough.Target.TOKEN) {
                Walkthrough.TokenCommandLine line = Walkthrough.TokenCommandLine.parse(step.command());
                // the arguments are ones ./bank token takes
                TokenOptions.parse(line.args(), Env.of(Map.of()));
                minted.add(line.variable());
            } else if (step.isRequest()) {
                if (step.status() == 401) {
                    assertThat(step.token()).as(step.title() + " shows a request without a token").isEmpty();
                } else {
                    assertThat(minted).as(step.title() + " sends a token minted before it").contains(step.token());
                }
            }
        }
        assertThat(minted).containsExactlyInAnyOrder("TOKEN", "ALICE", "BOB");
        assertThat(Walkthrough.load().steps().get(0).command()).isEqualTo("TOKEN=$(./bank token)");
    }

    @Test
    void shouldRenderAPostAsACurlCommandWithJsonBodyHeadersAndTheBearerToken() {
        Walkthrough.Step open = step("Open an account");

        assertThat(Walkthrough.curl(open, "localhost:8080", "localhost:8081")).isEqualTo("curl -i -X POST \"localhost:8080/accounts\""
                + " -H 'Content-Type: application/json' -H 'Idempotency-Key: open-acc-1' -H \"Authorization: Bearer $TOKEN\""
                + " -d '{\"accountId\":\"acc-1\",\"owner\":\"customer-42\",\"currency\":\"EUR\"}'");
        assertThat(Walkthrough.curl(step("Be refused without a token"), "localhost:8080", "localhost:8081"))
                .doesNotContain("Authorization");
    }

    @Test
    void shouldRenderTheAsOfQueryWithAShellComputedInstant() {
        Walkthrough.Step asOf = step("Read the balance as of a minute ago");

        assertThat(Walkthrough.curl(asOf, "localhost:8080", "localhost:8081"))
                .isEqualTo("curl -i \"localhost:8081/accounts/acc-1/balance?asOf=$(date -u -d '1 minute ago' +%Y-%m-%dT%H:%M:%SZ)\""
                        + " -H \"Authorization: Bearer $TOKEN\"");
    }

    @Test
    void shouldTakeATokenCommandApartAsTheShellWould() {
        assertThat(Walkthrough.TokenCommandLine.parse("TOKEN=$(./bank token)"))
                .isEqualTo(new Walkthrough.TokenCommandLine("TOKEN", List.of()));
        assertThat(Walkthrough.TokenCommandLine.parse("ALICE=$(./bank token --subject alice --scope \"accounts:read accounts:write\")"))
                .isEqualTo(new Walkthrough.TokenCommandLine("ALICE", List.of("--subject", "alice", "--scope", "accounts:read accounts:write")));
        assertThat(Walkthrough.TokenCommandLine.parse("T=$(./bank token --scope '' --ttl 5m)").args()).containsExactly("--scope", "", "--ttl", "5m");
        assertThatThrownBy(() -> Walkthrough.TokenCommandLine.parse("TOKEN=`./bank token`")).hasMessageContaining("NAME=$(./bank token");
        assertThatThrownBy(() -> Walkthrough.TokenCommandLine.parse("T=$(./bank token --scope \"a)")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Walkthrough.Step step(String title) {
        return Walkthrough.load().steps().stream().filter(step -> step.title().equals(title)).findFirst().orElseThrow();
    }
}

package org.eventbank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eventbank.bench.Completion.Answer;
import org.eventbank.bench.Completion.LedgerExpectation;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.junit.jupiter.api.Test;

/** How the bench reads the bank's answers, in both modes, for the report and for the self-check. */
class BenchAnswersTest {

    private final UUID commandId = UUID.randomUUID();
    private final Optional<String> header = Optional.of(commandId.toString());

    @Test
    void shouldCountA201AsAcceptedWithItsVersionAndCommandId() {
        Completion completion = HttpCommandDriver.classify(201, header,
                "{\"accountId\":\"a\",\"eventId\":\"e\",\"version\":7,\"balance\":10,\"currency\":\"EUR\"}", 1);

        assertThat(completion.answer()).isEqualTo(Answer.ACCEPTED);
        assertThat(completion.ledger()).isEqualTo(LedgerExpectation.WRITTEN);
        assertThat(completion.commandId()).isEqualTo(commandId);
        assertThat(completion.version()).isEqualTo(7);
    }

    @Test
    void shouldNotTrustA201ItCannotAttribute() {
        assertThat(HttpCommandDriver.classify(201, Optional.empty(), "{\"version\":7}", 1).ledger())
                .isEqualTo(LedgerExpectation.UNKNOWN);
        assertThat(HttpCommandDriver.classify(201, header, "not json", 1).ledger()).isEqualTo(LedgerExpectation.UNKNOWN);
    }

    @Test
    void shouldCountA4xxProblemAsARejectionUnderItsCode() {
        Completion completion = HttpCommandDriver.classify(422, header,
                "{\"type\":\"/problems/insufficient-funds\",\"title\":\"Insufficient funds\",\"status\":422}", 1);

        assertThat(completion.answer()).isEqualTo(Answer.REJECTED);
        assertThat(completion.code()).isEqualTo("insufficient-funds");
        assertThat(completion.ledger()).isEqualTo(LedgerExpectation.NOT_WRITTEN);
    }

    @Test
    void shouldTellNotReadyWhichWroteNothingFromOutcomeUnknownWhichMayHave() {
        Completion notReady = HttpCommandDriver.classify(503, Optional.empty(), "{\"type\":\"/problems/not-ready\"}", 1);
        Completion unknown = HttpCommandDriver.classify(503, header, "{\"type\":\"/problems/outcome-unknown\"}", 1);

        assertThat(notReady.answer()).isEqualTo(Answer.ERROR);
        assertThat(notReady.ledger()).isEqualTo(LedgerExpectation.NOT_WRITTEN);
        assertThat(unknown.answer()).isEqualTo(Answer.ERROR);
        assertThat(unknown.code()).isEqualTo("outcome-unknown");
        assertThat(unknown.ledger()).isEqualTo(LedgerExpectation.UNKNOWN);
        assertThat(unknown.commandId()).isEqualTo(commandId);
    }

    @Test
    void shouldNameAnAnswerWithoutAProblemDocumentByItsStatus() {
        Completion completion = HttpCommandDriver.classify(502, Optional.empty(), "<html>bad gateway</html>", 1);

        assertThat(completion.code()).isEqualTo("http-502");
        assertThat(completion.ledger()).isEqualTo(LedgerExpectation.UNKNOWN);
    }

    @Test
    void shouldSpellCoreModeRejectionsLikeTheRestContract() {
        CommandResult result = CommandResult.newBuilder().setCommandId(commandId.toString()).setOutcome(Outcome.INSUFFICIENT_FUNDS)
                .setAccountId("a").build();

        Completion completion = CoreCommandDriver.completionOf(result, 1);

        assertThat(completion.answer()).isEqualTo(Answer.REJECTED);
        assertThat(completion.code()).isEqualTo("insufficient-funds");
        assertThat(CoreCommandDriver.codeOf(Outcome.ACCOUNT_NOT_FOUND)).isEqualTo("account-not-found");
    }

    @Test
    void shouldCountBrokerAppendsPerCommandWithTheBookkeepingTopicsApart() {
        Map<String, Long> before = Map.of("bank.account-events", 100L, "__consumer_offsets", 10L, "idle", 5L);
        Map<String, Long> after = Map.of("bank.account-events", 400L, "__consumer_offsets", 13L, "idle", 5L,
                "bank.command-results", 300L);

        BrokerAppends.Summary summary = BrokerAppends.Summary.of(before, after, 300);

        assertThat(summary.appendsByTopic()).containsOnlyKeys("bank.account-events", "__consumer_offsets", "bank.command-results");
        assertThat(summary.dataAppends()).isEqualTo(600);
        assertThat(summary.perCommand()).isEqualTo(2.0);
        assertThat(summary.bookkeepingAppends()).isEqualTo(3);
        assertThat(summary.bookkeepingPerCommand()).isEqualTo(0.01);
    }
}

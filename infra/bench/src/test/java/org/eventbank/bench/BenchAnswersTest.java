package org.eventbank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eventbank.bench.Completion.Answer;
import org.eventbank.bench.Completion.LedgerExpectation;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.TransferOutcome;
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
    void shouldReadATransfersAnswersOverHttpAsCompletedPendingReversedOrRefused() {
        String body = "{\"transferId\":\"t-1\",\"status\":\"%s\",\"fromAccountId\":\"a\",\"toAccountId\":\"b\","
                + "\"amount\":5,\"currency\":\"EUR\",\"debitVersion\":4%s}";
        Completion completed = HttpCommandDriver.classifyTransfer(201, header, String.format(body, "completed", ",\"creditVersion\":9"), 1);
        Completion pending = HttpCommandDriver.classifyTransfer(202, header, String.format(body, "pending", ""), 1);
        Completion reversed = HttpCommandDriver.classifyTransfer(422, header,
                "{\"type\":\"/problems/transfer-reversed\",\"status\":422,\"transferId\":\"t-2\",\"reason\":\"payee-closed\","
                        + "\"debitVersion\":6}", 1);
        Completion reversedWithoutMembers = HttpCommandDriver.classifyTransfer(422, header,
                "{\"type\":\"/problems/transfer-reversed\",\"status\":422}", 1);
        Completion refused = HttpCommandDriver.classifyTransfer(422, header,
                "{\"type\":\"/problems/insufficient-funds\",\"status\":422}", 1);

        assertThat(completed.transfer()).isEqualTo(new Completion.TransferLegs(Completion.TransferLegs.Stage.COMPLETED, "t-1", 4, 9));
        assertThat(completed.ledger()).isEqualTo(LedgerExpectation.WRITTEN);
        assertThat(completed.version()).isEqualTo(4);
        assertThat(pending.transfer()).isEqualTo(new Completion.TransferLegs(Completion.TransferLegs.Stage.PENDING, "t-1", 4, 0));
        assertThat(pending.code()).isEqualTo("pending");
        assertThat(reversed.transfer()).as("named by the problem's extension members")
                .isEqualTo(new Completion.TransferLegs(Completion.TransferLegs.Stage.REVERSED, "t-2", 6, 0));
        assertThat(reversedWithoutMembers.transfer())
                .isEqualTo(new Completion.TransferLegs(Completion.TransferLegs.Stage.REVERSED, null, 0, 0));
        assertThat(reversed.ledger()).as("the debit and its reversal are written").isEqualTo(LedgerExpectation.WRITTEN);
        assertThat(reversed.commandId()).isEqualTo(commandId);
        assertThat(refused.transfer()).isNull();
        assertThat(refused.answer()).isEqualTo(Answer.REJECTED);
        assertThat(refused.ledger()).isEqualTo(LedgerExpectation.NOT_WRITTEN);
        assertThat(HttpCommandDriver.classifyTransfer(201, header, String.format(body, "completed", ""), 1).ledger())
                .as("a completed transfer without its credit version").isEqualTo(LedgerExpectation.UNKNOWN);
    }

    @Test
    void shouldReadATransfersResultsInCoreModeWithThePendingOneNotFinal() {
        TransferOutcome pendingOutcome = TransferOutcome.newBuilder().setTransferId("t-1").setFromAccountId("a")
                .setToAccountId("b").setAmountMinor(5).setCurrency("EUR").setDebitVersion(4).build();
        CommandResult.Builder result = CommandResult.newBuilder().setCommandId(commandId.toString()).setAccountId("a");

        Completion pending = CoreCommandDriver.completionOf(result.setOutcome(Outcome.TRANSFER_PENDING)
                .setTransfer(pendingOutcome).build(), 1);
        Completion completed = CoreCommandDriver.completionOf(result.setOutcome(Outcome.ACCEPTED)
                .setTransfer(TransferOutcome.newBuilder(pendingOutcome).setCreditVersion(9L).build()).build(), 1);
        Completion reversed = CoreCommandDriver.completionOf(result.setOutcome(Outcome.TRANSFER_REVERSED)
                .setTransfer(TransferOutcome.newBuilder(pendingOutcome).setReversalVersion(5L).build()).build(), 1);

        assertThat(pending.transfer()).isEqualTo(new Completion.TransferLegs(Completion.TransferLegs.Stage.PENDING, "t-1", 4, 0));
        assertThat(completed.transfer()).isEqualTo(new Completion.TransferLegs(Completion.TransferLegs.Stage.COMPLETED, "t-1", 4, 9));
        assertThat(reversed.transfer()).isEqualTo(new Completion.TransferLegs(Completion.TransferLegs.Stage.REVERSED, "t-1", 4, 0));
        assertThat(reversed.code()).isEqualTo("transfer-reversed");
    }

    @Test
    void shouldCountTransfersApartFromTheCommandsOnOneAccount() {
        RunStats stats = new RunStats(0);
        stats.record(Completion.accepted(commandId, 2, 0), 1_000_000, true, 1, false);
        stats.record(Completion.transferCompleted(commandId, "t", 3, 4, 0), 2_000_000, true, 1, true);
        stats.record(Completion.transferReversed(commandId, null, 0, 0), 2_000_000, true, 1, true);
        stats.record(Completion.transferPending(commandId, "t", 3, 0), 9_000_000, true, 1, true);
        stats.record(Completion.rejected("insufficient-funds", commandId, 0), 2_000_000, true, 1, true);
        stats.record(Completion.unknown("timeout", null, 0), 2_000_000, true, 1, true);

        assertThat(stats.accepted()).isEqualTo(1);
        assertThat(stats.rejected()).isZero();
        assertThat(stats.acknowledgement().count()).isEqualTo(1);
        assertThat(stats.transfersCompleted()).isEqualTo(1);
        assertThat(stats.transfersReversed()).isEqualTo(1);
        assertThat(stats.transfersPending()).isEqualTo(1);
        assertThat(stats.transfersRefusedByCode()).containsExactly(Map.entry("insufficient-funds", 1L));
        assertThat(stats.transferErrorsByCode()).containsExactly(Map.entry("timeout", 1L));
        assertThat(stats.transferLatency().count()).as("completed, reversed and refused: the final answers").isEqualTo(3);
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

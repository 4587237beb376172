package org.eventbank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eventbank.bench.Completion.LedgerExpectation;
import org.eventbank.bench.Completion.TransferLegs;
import org.eventbank.bench.LedgerAudit.Entry.Type;
import org.junit.jupiter.api.Test;

/**
 * The self-check's transfers and conservation of money ({@link LedgerAudit}), on synthetic ledgers: given what the
 * clients were told, when the ledger holds these events, then. Two accounts: #0 gets a deposit of 1000, pays 300 to
 * #1 (completed), and 100 to #1 that comes back (reversed).
 */
class BenchTransferAuditTest {

    private static final String EUR = "EUR";

    private final Map<UUID, CommandLog.Entry> told = new HashMap<>();
    private final UUID open0 = acknowledged(0, 1);
    private final UUID open1 = acknowledged(1, 1);
    private final UUID deposit = acknowledged(0, 2);
    private final UUID completedCommand = UUID.randomUUID();
    private final String completed = "11111111-1111-1111-1111-111111111111";
    private final UUID reversedCommand = UUID.randomUUID();
    private final String reversed = "22222222-2222-2222-2222-222222222222";
    private final List<LedgerAudit.Entry> ledger = new ArrayList<>();

    BenchTransferAuditTest() {
        told.put(completedCommand, new CommandLog.Entry(0, LedgerExpectation.WRITTEN, 3, 1,
                new TransferLegs(TransferLegs.Stage.COMPLETED, completed, 3, 2)));
        // as over HTTP: a 422 transfer-reversed names neither the transferId nor the debit's version
        told.put(reversedCommand, new CommandLog.Entry(0, LedgerExpectation.WRITTEN, 0, 1,
                new TransferLegs(TransferLegs.Stage.REVERSED, null, 0, 0)));
        ledger.add(event(0, 1, open0, Type.OPENED, 0, 0, null, -1));
        ledger.add(event(1, 1, open1, Type.OPENED, 0, 0, null, -1));
        ledger.add(event(0, 2, deposit, Type.DEPOSITED, 1000, 1000, null, -1));
    }

    @Test
    void shouldPassABalancedLedgerWithACompletedAndAReversedTransfer() {
        // the credit is read before its debit: another partition
        ledger.add(event(1, 2, completedCommand, Type.TRANSFER_CREDITED, 300, 300, completed, 0));
        ledger.add(event(0, 3, completedCommand, Type.TRANSFER_DEBITED, 300, 700, completed, 1));
        ledger.add(event(0, 4, reversedCommand, Type.TRANSFER_DEBITED, 100, 600, reversed, 1));
        ledger.add(event(0, 5, reversedCommand, Type.TRANSFER_REVERSED, 100, 700, reversed, 1));

        LedgerAudit.Result result = audit();

        assertThat(result.passed()).as("%s", result.problems()).isTrue();
        assertThat(result.transfers()).isEqualTo(2);
        assertThat(result.acknowledged()).isEqualTo(5);
        assertThat(result.money()).containsExactly(new LedgerAudit.Money(EUR, 1000, 0, 1000, 0, 2, 1, 1));
    }

    @Test
    void shouldFailWhenACompletedTransferHasNoCredit() {
        ledger.add(event(0, 3, completedCommand, Type.TRANSFER_DEBITED, 300, 700, completed, 1));
        settledReversal();

        LedgerAudit.Result result = audit();

        assertThat(result.passed()).isFalse();
        assertThat(result.problems())
                .anyMatch(problem -> problem.contains("transfer command " + completedCommand + " (account #0 -> #1) was"
                        + " answered completed, but its transfer " + completed + " has no TransferCredited"))
                .anyMatch(problem -> problem.contains("transfer " + completed + " (command " + completedCommand
                        + ", account #0 -> #1, 300) was debited but neither credited nor reversed"))
                .anyMatch(problem -> problem.contains("EUR: 300 minor units still in flight"));
    }

    @Test
    void shouldFailWhenATransferIsCreditedTwice() {
        ledger.add(event(0, 3, completedCommand, Type.TRANSFER_DEBITED, 300, 700, completed, 1));
        ledger.add(event(1, 2, completedCommand, Type.TRANSFER_CREDITED, 300, 300, completed, 0));
        ledger.add(event(1, 3, completedCommand, Type.TRANSFER_CREDITED, 300, 600, completed, 0));
        settledReversal();

        LedgerAudit.Result result = audit();

        assertThat(result.passed()).isFalse();
        assertThat(result.problems())
                .anyMatch(problem -> problem.contains("transfer " + completed + " (command " + completedCommand
                        + ", account #0 -> #1, 300) has 2 TransferCredited and 0 TransferReversed, expected exactly one of them"))
                .anyMatch(problem -> problem.contains("EUR: -300 minor units still in flight"));
    }

    @Test
    void shouldFailWhenADebitIsNeverSettledEvenIfItsAnswerWasPending() {
        told.put(completedCommand, new CommandLog.Entry(0, LedgerExpectation.WRITTEN, 3, 1,
                new TransferLegs(TransferLegs.Stage.PENDING, completed, 3, 0)));
        ledger.add(event(0, 3, completedCommand, Type.TRANSFER_DEBITED, 300, 700, completed, 1));
        settledReversal();

        LedgerAudit audit = audit(ledger);
        assertThat(audit.transfersUnsettled()).isEqualTo(1);
        LedgerAudit.Result result = audit.finish();

        assertThat(result.passed()).isFalse();
        assertThat(result.problems())
                .anyMatch(problem -> problem.contains("transfer " + completed + " (command " + completedCommand
                        + ", account #0 -> #1, 300) was debited but neither credited nor reversed: still in flight"))
                .anyMatch(problem -> problem.contains("EUR: 300 minor units still in flight (debits minus credits minus"
                        + " reversals) after the ledger went quiet; expected 0"));
    }

    @Test
    void shouldFailWhenASettlementHasNoDebit() {
        ledger.add(event(1, 2, completedCommand, Type.TRANSFER_CREDITED, 300, 300, completed, 0));
        settledReversal();

        LedgerAudit.Result result = audit();

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).anyMatch(problem -> problem.contains("transfer " + completed
                + " has a credit or reversal but no TransferDebited"));
    }

    @Test
    void shouldFailWhenATransferAnsweredReversedWasCreditedInstead() {
        ledger.add(event(0, 3, completedCommand, Type.TRANSFER_DEBITED, 300, 700, completed, 1));
        ledger.add(event(1, 2, completedCommand, Type.TRANSFER_CREDITED, 300, 300, completed, 0));
        ledger.add(event(0, 4, reversedCommand, Type.TRANSFER_DEBITED, 100, 600, reversed, 1));
        ledger.add(event(1, 3, reversedCommand, Type.TRANSFER_CREDITED, 100, 400, reversed, 0));

        LedgerAudit.Result result = audit();

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).anyMatch(problem -> problem.contains("transfer command " + reversedCommand
                + " (account #0 -> #1) was answered transfer-reversed, but its transfer " + reversed + " has no TransferReversed"));
    }

    @Test
    void shouldFailWhenACreditMakesMoney() {
        ledger.add(event(0, 3, completedCommand, Type.TRANSFER_DEBITED, 300, 700, completed, 1));
        // a credit of more than was debited: the payee's balance and the ledger's total both grow
        ledger.add(event(1, 2, completedCommand, Type.TRANSFER_CREDITED, 400, 400, completed, 0));
        settledReversal();

        LedgerAudit.Result result = audit();

        assertThat(result.passed()).isFalse();
        assertThat(result.problems())
                .anyMatch(problem -> problem.contains("the credit of transfer " + completed))
                .anyMatch(problem -> problem.contains("EUR: -100 minor units still in flight"));
        assertThat(result.money()).containsExactly(new LedgerAudit.Money(EUR, 1100, -100, 1000, 0, 2, 1, 1));
    }

    @Test
    void shouldFailConservationWhenBalancesAndInFlightDoNotAddUpToDepositsMinusWithdrawals() {
        ledger.add(event(0, 3, completedCommand, Type.TRANSFER_DEBITED, 300, 700, completed, 1));
        // the payee's balance grows by more than the credit: its chain breaks, and the sum with it
        ledger.add(event(1, 2, completedCommand, Type.TRANSFER_CREDITED, 300, 350, completed, 0));
        settledReversal();

        LedgerAudit.Result result = audit();

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).anyMatch(problem -> problem.contains("EUR: balances 1050 + in flight 0 = 1050, but"
                + " deposits 1000 - withdrawals 0 = 1000: money was made or lost"));
    }

    private void settledReversal() {
        ledger.add(event(0, ledger.stream().filter(e -> e.accountIndex() == 0).count() + 1, reversedCommand,
                Type.TRANSFER_DEBITED, 100, lastBalance(0) - 100, reversed, 1));
        ledger.add(event(0, ledger.stream().filter(e -> e.accountIndex() == 0).count() + 1, reversedCommand,
                Type.TRANSFER_REVERSED, 100, lastBalance(0) + 100, reversed, 1));
    }

    private long lastBalance(int account) {
        long balance = 0;
        for (LedgerAudit.Entry entry : ledger) {
            if (entry.accountIndex() == account) {
                balance = entry.balanceAfterMinor();
            }
        }
        return balance;
    }

    private UUID acknowledged(int account, long version) {
        UUID id = UUID.randomUUID();
        told.put(id, new CommandLog.Entry(account, LedgerExpectation.WRITTEN, version));
        return id;
    }

    private LedgerAudit.Result audit() {
        return audit(ledger).finish();
    }

    private LedgerAudit audit(List<LedgerAudit.Entry> events) {
        LedgerAudit audit = new LedgerAudit(2, told, 0);
        events.forEach(audit::accept);
        return audit;
    }

    private static LedgerAudit.Entry event(int account, long version, UUID commandId, Type type, long amount,
                                           long balanceAfter, String transferId, int counterparty) {
        return new LedgerAudit.Entry(account, version, commandId, type, amount, balanceAfter, EUR, transferId, counterparty);
    }
}

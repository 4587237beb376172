package org.eventbank.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import org.eventbank.ledger.LedgerFixtures;
import org.junit.jupiter.api.Test;

class CurrencyTotalsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void shouldCountAccountsAndVolumes() {
        CurrencyTotals totals = CurrencyTotals.ZERO;
        for (LedgerEvent event : new LedgerFixtures.AccountHistory("a", "EUR", T0).deposit(700, T0).withdraw(200, T0).events()) {
            totals = CurrencyTotals.evolve(totals, event);
        }

        assertThat(totals).isEqualTo(new CurrencyTotals(BigInteger.ONE, BigInteger.valueOf(500), BigInteger.valueOf(700), BigInteger.valueOf(200)));
    }

    @Test
    void shouldCountAClosedAccountAsClosedAndStillAsAnAccountEverOpened() {
        CurrencyTotals totals = CurrencyTotals.ZERO;
        for (LedgerEvent event : new LedgerFixtures.AccountHistory("a", "EUR", T0).deposit(700, T0).withdraw(700, T0).close(T0).events()) {
            totals = CurrencyTotals.evolve(totals, event);
        }

        assertThat(totals).isEqualTo(new CurrencyTotals(BigInteger.ONE, BigInteger.ZERO, BigInteger.valueOf(700), BigInteger.valueOf(700),
                BigInteger.ONE));
        assertThat(totals.openAccounts()).isZero();
    }

    @Test
    void shouldAddClosedAccountsOfPartials() {
        CurrencyTotals here = new CurrencyTotals(BigInteger.TWO, BigInteger.TEN, BigInteger.TEN, BigInteger.ZERO, BigInteger.ONE);
        CurrencyTotals there = new CurrencyTotals(BigInteger.valueOf(3), BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO, BigInteger.TWO);

        CurrencyTotals sum = here.plus(there);

        assertThat(sum.accounts()).isEqualTo(BigInteger.valueOf(5));
        assertThat(sum.closedAccounts()).isEqualTo(BigInteger.valueOf(3));
        assertThat(sum.openAccounts()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void shouldSumBalancesBeyondLongMaxWithoutOverflow() {
        var first = new LedgerFixtures.AccountHistory("a", "EUR", T0).deposit(Long.MAX_VALUE, T0).events();
        var second = new LedgerFixtures.AccountHistory("b", "EUR", T0).deposit(Long.MAX_VALUE, T0).events();
        CurrencyTotals partialA = CurrencyTotals.ZERO;
        for (LedgerEvent event : first) {
            partialA = CurrencyTotals.evolve(partialA, event);
        }
        CurrencyTotals partialB = CurrencyTotals.ZERO;
        for (LedgerEvent event : second) {
            partialB = CurrencyTotals.evolve(partialB, event);
        }

        CurrencyTotals sum = partialA.plus(partialB);

        BigInteger twiceMax = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TWO);
        assertThat(sum.balanceSum()).isEqualTo(twiceMax);
        assertThat(sum.depositVolume()).isEqualTo(twiceMax);
        assertThat(sum.accounts()).isEqualTo(BigInteger.TWO);
    }

    // Contract v3: transfers move money between accounts, never in or out of the bank.

    private static CurrencyTotals fold(List<LedgerEvent> events) {
        CurrencyTotals totals = CurrencyTotals.ZERO;
        for (LedgerEvent event : events) {
            totals = CurrencyTotals.evolve(totals, event);
        }
        return totals;
    }

    @Test
    void shouldPutADebitInFlightAndTakeItOutOnItsCreditOrReversalLeavingTheVolumesAlone() {
        LedgerFixtures.AccountHistory payer = new LedgerFixtures.AccountHistory("a", "EUR", T0).deposit(700, T0)
                .transferOut("t-1", "b", 300, T0, null);
        CurrencyTotals debited = fold(payer.events());
        assertThat(debited).isEqualTo(new CurrencyTotals(BigInteger.ONE, BigInteger.valueOf(400), BigInteger.valueOf(700), BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.valueOf(300)));

        payer.transferBack("t-1", "b", 3, 300, TransferReversalReason.PAYEE_NOT_FOUND, T0);
        CurrencyTotals reversed = CurrencyTotals.evolve(debited, payer.lastEvent());
        assertThat(reversed).isEqualTo(new CurrencyTotals(BigInteger.ONE, BigInteger.valueOf(700), BigInteger.valueOf(700), BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.ZERO));
        assertThat(reversed.ledgerDifference()).isZero();
    }

    /**
     * Given a transfer whose debit is on one partition and whose credit is on another, when each partition folds its own
     * events, then the payee's partial has a negative inFlight, only the sum is the money in flight, and the invariant
     * balanceSum + inFlight = depositVolume - withdrawalVolume holds for each partial and for their sum.
     */
    @Test
    void shouldKeepTheInvariantOverTwoPartitionsWhileOnePartialHasNegativeInFlight() {
        LedgerFixtures.AccountHistory payer = new LedgerFixtures.AccountHistory("a", "EUR", T0).deposit(700, T0).withdraw(100, T0)
                .transferOut("t-1", "b", 250, T0, "rent").transferOut("t-2", "b", 50, T0, null);
        LedgerFixtures.AccountHistory payee = new LedgerFixtures.AccountHistory("b", "EUR", T0).deposit(10, T0)
                .transferIn("t-1", "a", 4, 250, T0);

        CurrencyTotals payerPartition = fold(payer.events());
        CurrencyTotals payeePartition = fold(payee.events());

        assertThat(payeePartition.inFlight()).isEqualTo(BigInteger.valueOf(-250));
        assertThat(payeePartition.balanceSum()).isEqualTo(BigInteger.valueOf(260));
        assertThat(payeePartition.depositVolume()).isEqualTo(BigInteger.TEN);
        assertThat(payerPartition.inFlight()).isEqualTo(BigInteger.valueOf(300));
        assertThat(payerPartition.ledgerDifference()).isZero();
        assertThat(payeePartition.ledgerDifference()).isZero();

        CurrencyTotals bank = payerPartition.plus(payeePartition);
        // t-2 is still in flight: its 50 are on no balance
        assertThat(bank.inFlight()).isEqualTo(BigInteger.valueOf(50));
        assertThat(bank.balanceSum()).isEqualTo(BigInteger.valueOf(560));
        assertThat(bank.balanceSum().add(bank.inFlight())).isEqualTo(bank.depositVolume().subtract(bank.withdrawalVolume()));
        assertThat(bank.ledgerDifference()).isZero();
    }

    @Test
    void shouldAddInFlightOfPartials() {
        CurrencyTotals here = new CurrencyTotals(BigInteger.ONE, BigInteger.ONE, BigInteger.TEN, BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.valueOf(9));
        CurrencyTotals there = new CurrencyTotals(BigInteger.ONE, BigInteger.TEN, BigInteger.ONE, BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.valueOf(-9));

        assertThat(here.plus(there).inFlight()).isZero();
        assertThat(here.plus(there).ledgerDifference()).isZero();
    }
}

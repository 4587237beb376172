package org.eventbank.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;

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
}

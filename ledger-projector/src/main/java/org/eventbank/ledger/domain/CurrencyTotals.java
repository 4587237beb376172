package org.eventbank.ledger.domain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Bank-wide figures for one currency, or a partial of them (one partition's share). Sums are
 * {@link BigInteger}: a balance fits in a long, but the sum over millions of accounts, or the
 * deposit volume of years, does not have to. Partials add up with {@link #plus}, so the query
 * side sums every partition's partial on every instance.
 *
 * @param accounts         accounts opened in this currency
 * @param balanceSum       sum of their balances, in minor units
 * @param depositVolume    sum of every deposit, in minor units
 * @param withdrawalVolume sum of every withdrawal, in minor units
 */
public record CurrencyTotals(BigInteger accounts, BigInteger balanceSum, BigInteger depositVolume, BigInteger withdrawalVolume) {

    public static final CurrencyTotals ZERO = new CurrencyTotals(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);

    public CurrencyTotals {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(balanceSum, "balanceSum");
        Objects.requireNonNull(depositVolume, "depositVolume");
        Objects.requireNonNull(withdrawalVolume, "withdrawalVolume");
    }

    /** Folds one event of this totals' currency (the fold has already checked it against the account). */
    public static CurrencyTotals evolve(CurrencyTotals totals, LedgerEvent event) {
        BigInteger amount = BigInteger.valueOf(event.amountMinor());
        if (event instanceof LedgerEvent.AccountOpened) {
            return new CurrencyTotals(totals.accounts.add(BigInteger.ONE), totals.balanceSum, totals.depositVolume, totals.withdrawalVolume);
        } else if (event instanceof LedgerEvent.Deposited) {
            return new CurrencyTotals(totals.accounts, totals.balanceSum.add(amount), totals.depositVolume.add(amount), totals.withdrawalVolume);
        } else if (event instanceof LedgerEvent.Withdrawn) {
            return new CurrencyTotals(totals.accounts, totals.balanceSum.subtract(amount), totals.depositVolume, totals.withdrawalVolume.add(amount));
        }
        throw new IllegalArgumentException("unknown ledger event " + event.getClass());
    }

    public CurrencyTotals plus(CurrencyTotals other) {
        return new CurrencyTotals(accounts.add(other.accounts), balanceSum.add(other.balanceSum),
                depositVolume.add(other.depositVolume), withdrawalVolume.add(other.withdrawalVolume));
    }
}

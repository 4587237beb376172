package org.eventbank.ledger.domain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Bank-wide figures for one currency, or a partial of them (one partition's share). Sums are
 * {@link BigInteger}: a balance fits in a long, but the sum over millions of accounts, or the
 * deposit volume of years, does not have to. Partials add up with {@link #plus}, so the query
 * side sums every partition's partial on every instance.
 *
 * <p>{@code accounts} keeps the meaning it had before accounts could close: every account ever
 * opened, closed ones included, so a reader of v1 totals is not silently told something else.
 * The closed ones are counted apart, and the open ones are the difference ({@link #openAccounts()}).
 *
 * @param accounts         accounts ever opened in this currency, closed ones included
 * @param balanceSum       sum of their balances, in minor units (a closed account's is 0)
 * @param depositVolume    sum of every deposit, in minor units
 * @param withdrawalVolume sum of every withdrawal, in minor units
 * @param closedAccounts   accounts of {@code accounts} that are closed
 */
public record CurrencyTotals(BigInteger accounts, BigInteger balanceSum, BigInteger depositVolume, BigInteger withdrawalVolume,
                             BigInteger closedAccounts) {

    public static final CurrencyTotals ZERO = new CurrencyTotals(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);

    public CurrencyTotals {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(balanceSum, "balanceSum");
        Objects.requireNonNull(depositVolume, "depositVolume");
        Objects.requireNonNull(withdrawalVolume, "withdrawalVolume");
        Objects.requireNonNull(closedAccounts, "closedAccounts");
    }

    /** Totals in which no account is closed: every total of a ledger before contract v2. */
    public CurrencyTotals(BigInteger accounts, BigInteger balanceSum, BigInteger depositVolume, BigInteger withdrawalVolume) {
        this(accounts, balanceSum, depositVolume, withdrawalVolume, BigInteger.ZERO);
    }

    /** Accounts opened and not closed. */
    public BigInteger openAccounts() {
        return accounts.subtract(closedAccounts);
    }

    /** Folds one event of this totals' currency (the fold has already checked it against the account). */
    public static CurrencyTotals evolve(CurrencyTotals totals, LedgerEvent event) {
        BigInteger amount = BigInteger.valueOf(event.amountMinor());
        if (event instanceof LedgerEvent.AccountOpened) {
            return new CurrencyTotals(totals.accounts.add(BigInteger.ONE), totals.balanceSum, totals.depositVolume,
                    totals.withdrawalVolume, totals.closedAccounts);
        } else if (event instanceof LedgerEvent.Deposited) {
            return new CurrencyTotals(totals.accounts, totals.balanceSum.add(amount), totals.depositVolume.add(amount),
                    totals.withdrawalVolume, totals.closedAccounts);
        } else if (event instanceof LedgerEvent.Withdrawn) {
            return new CurrencyTotals(totals.accounts, totals.balanceSum.subtract(amount), totals.depositVolume,
                    totals.withdrawalVolume.add(amount), totals.closedAccounts);
        } else if (event instanceof LedgerEvent.AccountClosed) {
            // the fold allows a closing only at balance 0, so the balance sum does not move
            return new CurrencyTotals(totals.accounts, totals.balanceSum, totals.depositVolume, totals.withdrawalVolume,
                    totals.closedAccounts.add(BigInteger.ONE));
        }
        throw new IllegalArgumentException("unknown ledger event " + event.getClass());
    }

    public CurrencyTotals plus(CurrencyTotals other) {
        return new CurrencyTotals(accounts.add(other.accounts), balanceSum.add(other.balanceSum),
                depositVolume.add(other.depositVolume), withdrawalVolume.add(other.withdrawalVolume),
                closedAccounts.add(other.closedAccounts));
    }
}

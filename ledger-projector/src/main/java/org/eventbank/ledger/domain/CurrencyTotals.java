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
 * <p>{@code inFlight} (contract v3, transfers) is the money that has left a payer and not yet reached a payee or come
 * back: + amount on a TransferDebited, − amount on its TransferCredited or TransferReversed. The debit and its
 * settlement are on two accounts, usually on two partitions, so one partition's partial may be negative (a credit
 * folded where its debit is not); only the sum over every partition is the money in flight. Every event keeps
 * {@code balanceSum + inFlight = depositVolume − withdrawalVolume} ({@link #ledgerDifference()} is 0), so it holds for
 * each partial and for their sum: transfers move money between accounts, never in or out of the bank.
 *
 * @param accounts         accounts ever opened in this currency, closed ones included
 * @param balanceSum       sum of their balances, in minor units (a closed account's is 0)
 * @param depositVolume    sum of every deposit, in minor units
 * @param withdrawalVolume sum of every withdrawal, in minor units
 * @param closedAccounts   accounts of {@code accounts} that are closed
 * @param inFlight         money of transfers debited and not yet credited or reversed, in minor units; a partition's
 *                         partial may be negative
 */
public record CurrencyTotals(BigInteger accounts, BigInteger balanceSum, BigInteger depositVolume, BigInteger withdrawalVolume,
                             BigInteger closedAccounts, BigInteger inFlight) {

    public static final CurrencyTotals ZERO = new CurrencyTotals(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);

    public CurrencyTotals {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(balanceSum, "balanceSum");
        Objects.requireNonNull(depositVolume, "depositVolume");
        Objects.requireNonNull(withdrawalVolume, "withdrawalVolume");
        Objects.requireNonNull(closedAccounts, "closedAccounts");
        Objects.requireNonNull(inFlight, "inFlight");
    }

    /** Totals of a ledger without transfers (every total before contract v3): nothing in flight. */
    public CurrencyTotals(BigInteger accounts, BigInteger balanceSum, BigInteger depositVolume, BigInteger withdrawalVolume,
                          BigInteger closedAccounts) {
        this(accounts, balanceSum, depositVolume, withdrawalVolume, closedAccounts, BigInteger.ZERO);
    }

    /** Totals in which no account is closed: every total of a ledger before contract v2. */
    public CurrencyTotals(BigInteger accounts, BigInteger balanceSum, BigInteger depositVolume, BigInteger withdrawalVolume) {
        this(accounts, balanceSum, depositVolume, withdrawalVolume, BigInteger.ZERO);
    }

    /** Accounts opened and not closed. */
    public BigInteger openAccounts() {
        return accounts.subtract(closedAccounts);
    }

    /**
     * What the invariant leaves over: {@code depositVolume − withdrawalVolume − balanceSum − inFlight}. 0 for every
     * partial of a sound ledger and for their sum, since each event moves both sides by the same amount.
     */
    public BigInteger ledgerDifference() {
        return depositVolume.subtract(withdrawalVolume).subtract(balanceSum).subtract(inFlight);
    }

    /**
     * Folds one event of this totals' currency (the fold has already checked it against the account). A transfer moves
     * the balance sum and inFlight and leaves deposit and withdrawal volumes alone: no money enters or leaves the bank.
     */
    public static CurrencyTotals evolve(CurrencyTotals totals, LedgerEvent event) {
        BigInteger amount = BigInteger.valueOf(event.amountMinor());
        if (event instanceof LedgerEvent.AccountOpened) {
            return new CurrencyTotals(totals.accounts.add(BigInteger.ONE), totals.balanceSum, totals.depositVolume,
                    totals.withdrawalVolume, totals.closedAccounts, totals.inFlight);
        } else if (event instanceof LedgerEvent.Deposited) {
            return new CurrencyTotals(totals.accounts, totals.balanceSum.add(amount), totals.depositVolume.add(amount),
                    totals.withdrawalVolume, totals.closedAccounts, totals.inFlight);
        } else if (event instanceof LedgerEvent.Withdrawn) {
            return new CurrencyTotals(totals.accounts, totals.balanceSum.subtract(amount), totals.depositVolume,
                    totals.withdrawalVolume.add(amount), totals.closedAccounts, totals.inFlight);
        } else if (event instanceof LedgerEvent.AccountClosed) {
            // the fold allows a closing only at balance 0, so the balance sum does not move
            return new CurrencyTotals(totals.accounts, totals.balanceSum, totals.depositVolume, totals.withdrawalVolume,
                    totals.closedAccounts.add(BigInteger.ONE), totals.inFlight);
        } else if (event instanceof LedgerEvent.TransferDebited) {
            // the money leaves the payer's balance and is in flight until its credit or reversal
            return new CurrencyTotals(totals.accounts, totals.balanceSum.subtract(amount), totals.depositVolume,
                    totals.withdrawalVolume, totals.closedAccounts, totals.inFlight.add(amount));
        } else if (event instanceof LedgerEvent.TransferCredited || event instanceof LedgerEvent.TransferReversed) {
            // it lands on the payee's balance, or back on the payer's: no longer in flight
            return new CurrencyTotals(totals.accounts, totals.balanceSum.add(amount), totals.depositVolume,
                    totals.withdrawalVolume, totals.closedAccounts, totals.inFlight.subtract(amount));
        }
        throw new IllegalArgumentException("unknown ledger event " + event.getClass());
    }

    public CurrencyTotals plus(CurrencyTotals other) {
        return new CurrencyTotals(accounts.add(other.accounts), balanceSum.add(other.balanceSum),
                depositVolume.add(other.depositVolume), withdrawalVolume.add(other.withdrawalVolume),
                closedAccounts.add(other.closedAccounts), inFlight.add(other.inFlight));
    }
}

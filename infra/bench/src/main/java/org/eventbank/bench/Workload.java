package org.eventbank.bench;

import java.util.SplittableRandom;

/**
 * The benchmark's workload, as pure values: which accounts exist and what each client sends next.
 * Deposits are {@value #DEPOSIT_PERCENT}% of the money commands and withdrawals the rest, of random
 * amounts (1 to {@code amountMinorMax} minor units, uniform) over random accounts (uniform), drawn
 * from a seeded generator per client, so a run's command sequence per client is reproducible.
 * Withdrawals beyond the balance are part of the mix: the bank must reject them, and the report counts
 * them as rejected. With a transfer share ({@code --mix transfers=N%}), N% of the money commands are transfers
 * between two distinct random accounts (same amounts), and the rest splits 60/40 as before; with 0 the generator
 * draws exactly what it drew before transfers existed, so a run without them is the run it always was. No Kafka or
 * HTTP here.
 *
 * @param runId           distinguishes this run's accounts from every other run's on the same ledger
 * @param accounts        accounts opened before the mix starts
 * @param seed            seed of every client's generator
 * @param amountMinorMax  largest amount of one deposit, withdrawal or transfer
 * @param transferPercent share of the money commands that are transfers, 0 to 100 (needs at least 2 accounts if
 *                        positive)
 */
public record Workload(String runId, int accounts, long seed, long amountMinorMax, int transferPercent) {

    public static final int DEPOSIT_PERCENT = 60;
    public static final String CURRENCY = "EUR";
    static final String ACCOUNT_PREFIX = "bench-";

    public Workload {
        if (!runId.matches("[A-Za-z0-9]{1,20}")) {
            throw new IllegalArgumentException("run id must be 1-20 letters or digits, not " + runId);
        }
        if (accounts < 1) {
            throw new IllegalArgumentException("accounts must be at least 1, not " + accounts);
        }
        if (amountMinorMax < 1) {
            throw new IllegalArgumentException("amountMinorMax must be at least 1, not " + amountMinorMax);
        }
        if (transferPercent < 0 || transferPercent > 100) {
            throw new IllegalArgumentException("transferPercent must be 0 to 100, not " + transferPercent);
        }
        if (transferPercent > 0 && accounts < 2) {
            throw new IllegalArgumentException("transfers need at least 2 accounts, not " + accounts);
        }
    }

    /** A workload without transfers: deposits and withdrawals only. */
    public Workload(String runId, int accounts, long seed, long amountMinorMax) {
        this(runId, accounts, seed, amountMinorMax, 0);
    }

    /** What a client sends: open an account, move money on one, or move money from one to another. */
    public enum Kind { OPEN, DEPOSIT, WITHDRAW, TRANSFER }

    /**
     * One command of the workload, before it is put on the wire.
     *
     * @param accountIndex   the account the command is for (the payer of a transfer)
     * @param toAccountIndex the payee of a transfer, another account than the payer; -1 for every other kind
     */
    public record Command(Kind kind, int accountIndex, long amountMinor, int toAccountIndex) {

        public Command {
            if ((kind == Kind.TRANSFER) != (toAccountIndex >= 0) || toAccountIndex == accountIndex) {
                throw new IllegalArgumentException("a transfer, and only a transfer, names a second, other account: "
                        + kind + " " + accountIndex + " -> " + toAccountIndex);
            }
        }

        /** A command on one account. */
        public Command(Kind kind, int accountIndex, long amountMinor) {
            this(kind, accountIndex, amountMinor, -1);
        }

        public boolean transfer() {
            return kind == Kind.TRANSFER;
        }
    }

    /** The id of account {@code index}: {@code bench-<runId>-<index>}, a valid account id (1-64 of [A-Za-z0-9._-]). */
    public String accountId(int index) {
        return accountIdPrefix() + index;
    }

    /** Every account id of this run starts with this. */
    public String accountIdPrefix() {
        return ACCOUNT_PREFIX + runId + "-";
    }

    /** The account index of an id of this run, or -1 for any other id. */
    public int accountIndexOf(String accountId) {
        String prefix = accountIdPrefix();
        if (accountId == null || !accountId.startsWith(prefix)) {
            return -1;
        }
        try {
            int index = Integer.parseInt(accountId.substring(prefix.length()));
            return index >= 0 && index < accounts ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public Command open(int accountIndex) {
        return new Command(Kind.OPEN, accountIndex, 0);
    }

    /** The money commands of client {@code client}: an endless, reproducible sequence. */
    public Mix mix(int client) {
        return new Mix(new SplittableRandom(seed * 1_000_003L + client));
    }

    /** One client's sequence of money commands; not thread-safe, one per client. */
    public final class Mix {
        private final SplittableRandom random;

        private Mix(SplittableRandom random) {
            this.random = random;
        }

        public Command next() {
            // no draw at all without transfers: the same sequence as before the mix had them
            if (transferPercent > 0 && random.nextInt(100) < transferPercent) {
                int from = random.nextInt(accounts);
                // uniform over the other accounts
                int to = random.nextInt(accounts - 1);
                if (to >= from) {
                    to++;
                }
                return new Command(Kind.TRANSFER, from, random.nextLong(amountMinorMax) + 1, to);
            }
            Kind kind = random.nextInt(100) < DEPOSIT_PERCENT ? Kind.DEPOSIT : Kind.WITHDRAW;
            return new Command(kind, random.nextInt(accounts), random.nextLong(amountMinorMax) + 1);
        }
    }
}

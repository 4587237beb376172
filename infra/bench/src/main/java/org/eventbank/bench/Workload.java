package org.eventbank.bench;

import java.util.SplittableRandom;

/**
 * The benchmark's workload, as pure values: which accounts exist and what each client sends next.
 * Deposits are {@value #DEPOSIT_PERCENT}% of the money commands and withdrawals the rest, of random
 * amounts (1 to {@code amountMinorMax} minor units, uniform) over random accounts (uniform), drawn
 * from a seeded generator per client, so a run's command sequence per client is reproducible.
 * Withdrawals beyond the balance are part of the mix: the bank must reject them, and the report counts
 * them as rejected. No Kafka or HTTP here.
 *
 * @param runId          distinguishes this run's accounts from every other run's on the same ledger
 * @param accounts       accounts opened before the mix starts
 * @param seed           seed of every client's generator
 * @param amountMinorMax largest amount of one deposit or withdrawal
 */
public record Workload(String runId, int accounts, long seed, long amountMinorMax) {

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
    }

    /** What a client sends: open an account, or move money on one. */
    public enum Kind { OPEN, DEPOSIT, WITHDRAW }

    /** One command of the workload, before it is put on the wire. */
    public record Command(Kind kind, int accountIndex, long amountMinor) {
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
            Kind kind = random.nextInt(100) < DEPOSIT_PERCENT ? Kind.DEPOSIT : Kind.WITHDRAW;
            return new Command(kind, random.nextInt(accounts), random.nextLong(amountMinorMax) + 1);
        }
    }
}

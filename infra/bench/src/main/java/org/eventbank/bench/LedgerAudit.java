package org.eventbank.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The bench's self-check, as a pure fold over the ledger's events of the bench accounts (in log order, which
 * is per-account order) against what the clients were told:
 * <ul>
 *   <li>every acknowledged (2xx) command has exactly one event, of the account and version acknowledged (a
 *       transfer: its debit, on the payer, at the debit version answered);
 *   <li>no event belongs to a rejected command, or to no command the bench sent (unless that many commands
 *       ended without an answer at all);
 *   <li>each account's versions run 1, 2, 3, ... without a gap, starting with the opening;
 *   <li>every balance is non-negative and each balance follows from the previous one and the amount;
 *   <li>transfers (decision 0016): every transferId has exactly one TransferDebited and exactly one of
 *       TransferCredited (on the payee the debit names, of the same amount) or TransferReversed (on the payer);
 *       a transfer answered completed has its credit (at the credit version answered), one answered
 *       transfer-reversed has its reversal;
 *   <li>conservation, per currency: the sum of the balances plus the money in flight (debits minus credits minus
 *       reversals) equals deposits minus withdrawals, and nothing is in flight any more (the bench waits, bounded,
 *       for its transfers to settle before it calls {@link #finish}).
 * </ul>
 * Transfer events are matched by their correlationId (the transferId), in {@link #finish}: the debit and the
 * settlement are on two accounts, usually two partitions, so the settlement may be read first. No Kafka here:
 * {@link LedgerEventsReader} feeds it. Like the {@link CommandLog}, it holds every transfer of the run.
 */
final class LedgerAudit {

    /**
     * One ledger event of a bench account.
     *
     * @param currency          the event's currency (the account's)
     * @param transferId        a transfer event's correlationId, else null
     * @param counterpartyIndex a transfer event's other account, as an index of the run (-1 when it is not one)
     */
    record Entry(int accountIndex, long version, UUID commandId, Type type, long amountMinor, long balanceAfterMinor,
                 String currency, String transferId, int counterpartyIndex) {

        enum Type {
            OPENED, DEPOSITED, WITHDRAWN, TRANSFER_DEBITED, TRANSFER_CREDITED, TRANSFER_REVERSED;

            boolean transfer() {
                return this == TRANSFER_DEBITED || this == TRANSFER_CREDITED || this == TRANSFER_REVERSED;
            }
        }

        /** An event of one account, in the workload's currency. */
        Entry(int accountIndex, long version, UUID commandId, Type type, long amountMinor, long balanceAfterMinor) {
            this(accountIndex, version, commandId, type, amountMinor, balanceAfterMinor, Workload.CURRENCY, null, -1);
        }
    }

    /**
     * Money per currency over the bench accounts, as the ledger holds it after the run: what conservation compares.
     *
     * @param balancesMinor    the sum of the accounts' last balances
     * @param inFlightMinor    transfers debited minus credited minus reversed
     * @param depositsMinor    all deposits
     * @param withdrawalsMinor all withdrawals
     */
    record Money(String currency, long balancesMinor, long inFlightMinor, long depositsMinor, long withdrawalsMinor,
                 long transfersDebited, long transfersCredited, long transfersReversed) {

        boolean conserved() {
            return balancesMinor + inFlightMinor == depositsMinor - withdrawalsMinor;
        }
    }

    /**
     * What the self-check found.
     *
     * @param money    per currency, the totals conservation compared
     * @param problems at most {@value #PROBLEMS_MAX} descriptions, the first found
     */
    record Result(boolean passed, long eventsRead, long acknowledged, long rejected, long unknownOutcome,
                  long unattributedEvents, long transfers, List<Money> money, long problemCount, List<String> problems) {
    }

    static final int PROBLEMS_MAX = 20;

    /** A credit or reversal as read, checked against its debit in {@link #finish}. */
    private record Settlement(boolean credit, int account, int counterparty, long amountMinor, String where) {
    }

    /** One transfer's events as read, by transferId. */
    private static final class Trail {
        UUID commandId;
        int payer = -1;
        int payee = -1;
        long amountMinor;
        int debits;
        int credits;
        int reversals;
        long creditVersion;
        final List<Settlement> settlements = new ArrayList<>(1);

        boolean settled() {
            return credits + reversals > 0;
        }
    }

    /** Running sums of one currency. */
    private static final class Sums {
        long deposits;
        long withdrawals;
        long inFlight;
        long debited;
        long credited;
        long reversed;
    }

    private final Map<UUID, CommandLog.Entry> commands;
    private final long unknownWithoutId;
    private final long[] lastVersion;
    private final long[] lastBalance;
    private final String[] accountCurrency;
    private final Set<UUID> seen = new HashSet<>();
    private final Map<String, Trail> transfers = new HashMap<>();
    private final Map<UUID, String> transferOfCommand = new HashMap<>();
    private final Map<String, Sums> sums = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private long problemCount;
    private long eventsRead;
    private long unattributed;

    LedgerAudit(int accounts, Map<UUID, CommandLog.Entry> commands, long unknownWithoutId) {
        this.commands = commands;
        this.unknownWithoutId = unknownWithoutId;
        this.lastVersion = new long[accounts];
        this.lastBalance = new long[accounts];
        this.accountCurrency = new String[accounts];
    }

    void accept(Entry event) {
        eventsRead++;
        int account = event.accountIndex();
        String where = "account #" + account + " version " + event.version();
        if (event.version() != lastVersion[account] + 1) {
            problem(where + ": expected version " + (lastVersion[account] + 1) + " (versions must be contiguous)");
        }
        if (event.balanceAfterMinor() < 0) {
            problem(where + ": negative balance " + event.balanceAfterMinor());
        }
        long expectedBalance = balanceAfter(event, lastBalance[account]);
        if (event.balanceAfterMinor() != expectedBalance) {
            problem(where + ": balance " + event.balanceAfterMinor() + " does not follow from " + lastBalance[account]
                    + " and the " + event.type() + " of " + event.amountMinor());
        }
        lastVersion[account] = event.version();
        lastBalance[account] = event.balanceAfterMinor();
        if (accountCurrency[account] == null) {
            accountCurrency[account] = event.currency();
        } else if (!accountCurrency[account].equals(event.currency())) {
            problem(where + ": an event in " + event.currency() + " on an account in " + accountCurrency[account]);
        }
        addToSums(event);
        if (event.type() == Entry.Type.TRANSFER_CREDITED || event.type() == Entry.Type.TRANSFER_REVERSED) {
            // the settlement carries the transfer command's id too: it is matched by transferId, in finish
            settle(event, where);
            return;
        }

        if (!seen.add(event.commandId())) {
            problem(where + ": a second event for command " + event.commandId());
            return;
        }
        if (event.type() == Entry.Type.TRANSFER_DEBITED) {
            debit(event, where);
        }
        CommandLog.Entry command = commands.get(event.commandId());
        if (command == null) {
            unattributed++;
            return;
        }
        if (command.accountIndex() != account) {
            problem(where + ": command " + event.commandId() + " was for account #" + command.accountIndex());
        }
        switch (command.expectation()) {
            case NOT_WRITTEN:
                problem(where + ": an event for command " + event.commandId() + ", which was rejected");
                break;
            case WRITTEN:
                // 0: a transfer whose answer did not name its debit version (a 422 transfer-reversed without members)
                if (command.version() != event.version() && !(command.transfer() != null && command.version() == 0)) {
                    problem(where + ": command " + event.commandId() + " was acknowledged with version " + command.version());
                }
                break;
            default:
                break;
        }
    }

    private void addToSums(Entry event) {
        Sums money = sums.computeIfAbsent(event.currency(), currency -> new Sums());
        switch (event.type()) {
            case DEPOSITED:
                money.deposits = Math.addExact(money.deposits, event.amountMinor());
                break;
            case WITHDRAWN:
                money.withdrawals = Math.addExact(money.withdrawals, event.amountMinor());
                break;
            case TRANSFER_DEBITED:
                money.inFlight = Math.addExact(money.inFlight, event.amountMinor());
                money.debited++;
                break;
            case TRANSFER_CREDITED:
                money.inFlight = Math.subtractExact(money.inFlight, event.amountMinor());
                money.credited++;
                break;
            case TRANSFER_REVERSED:
                money.inFlight = Math.subtractExact(money.inFlight, event.amountMinor());
                money.reversed++;
                break;
            default:
                break;
        }
    }

    private Trail trail(Entry event, String where) {
        if (event.transferId() == null) {
            problem(where + ": a " + event.type() + " without a transferId (correlationId)");
            return new Trail();
        }
        return transfers.computeIfAbsent(event.transferId(), id -> new Trail());
    }

    private void debit(Entry event, String where) {
        Trail trail = trail(event, where);
        trail.debits++;
        trail.commandId = event.commandId();
        trail.payer = event.accountIndex();
        trail.payee = event.counterpartyIndex();
        trail.amountMinor = event.amountMinor();
        if (event.transferId() != null) {
            transferOfCommand.put(event.commandId(), event.transferId());
        }
    }

    private void settle(Entry event, String where) {
        Trail trail = trail(event, where);
        boolean credit = event.type() == Entry.Type.TRANSFER_CREDITED;
        if (credit) {
            trail.credits++;
            trail.creditVersion = event.version();
        } else {
            trail.reversals++;
        }
        // checked against the debit once both are read
        trail.settlements.add(new Settlement(credit, event.accountIndex(), event.counterpartyIndex(), event.amountMinor(),
                where));
    }

    private static long balanceAfter(Entry event, long previous) {
        switch (event.type()) {
            case OPENED:
                return 0;
            case DEPOSITED:
            case TRANSFER_CREDITED:
            case TRANSFER_REVERSED:
                return previous + event.amountMinor();
            case WITHDRAWN:
            case TRANSFER_DEBITED:
                return previous - event.amountMinor();
            default:
                throw new IllegalArgumentException("unknown event type " + event.type());
        }
    }

    /** Transfers debited and not yet credited or reversed, as read so far: what the bench waits on before finishing. */
    long transfersUnsettled() {
        return transfers.values().stream().filter(trail -> trail.debits > 0 && !trail.settled()).count();
    }

    Result finish() {
        long acknowledged = 0;
        long rejected = 0;
        long unknown = unknownWithoutId;
        for (Map.Entry<UUID, CommandLog.Entry> command : commands.entrySet()) {
            switch (command.getValue().expectation()) {
                case WRITTEN:
                    acknowledged++;
                    if (!seen.contains(command.getKey())) {
                        problem("command " + command.getKey() + " (account #" + command.getValue().accountIndex()
                                + ", version " + command.getValue().version() + ") was acknowledged but has no event");
                    } else if (command.getValue().transfer() != null) {
                        checkAnswer(command.getKey(), command.getValue());
                    }
                    break;
                case NOT_WRITTEN:
                    rejected++;
                    break;
                default:
                    unknown++;
            }
        }
        if (unattributed > unknownWithoutId) {
            problem(unattributed + " events belong to no command the bench sent, but only " + unknownWithoutId
                    + " commands ended without an answer");
        }
        transfers.forEach(this::checkTrail);
        List<Money> money = conservation();
        return new Result(problemCount == 0, eventsRead, acknowledged, rejected, unknown, unattributed, transfers.size(),
                money, problemCount, List.copyOf(problems));
    }

    /** A transfer's answer against its events: completed has its credit, reversed its reversal. */
    private void checkAnswer(UUID commandId, CommandLog.Entry command) {
        Completion.TransferLegs told = command.transfer();
        String transferId = transferOfCommand.get(commandId);
        Trail trail = transferId == null ? null : transfers.get(transferId);
        String which = "transfer command " + commandId + " (account #" + command.accountIndex() + " -> #"
                + command.toAccountIndex() + ")";
        if (told.transferId() != null && !told.transferId().equals(transferId)) {
            problem(which + " was answered with transferId " + told.transferId() + " but its debit says " + transferId);
        }
        if (trail == null) {
            return;
        }
        switch (told.stage()) {
            case COMPLETED:
                if (trail.credits == 0) {
                    problem(which + " was answered completed, but its transfer " + transferId + " has no TransferCredited");
                } else if (told.creditVersion() > 0 && trail.creditVersion != told.creditVersion()) {
                    problem(which + " was answered completed with credit version " + told.creditVersion()
                            + ", but its TransferCredited is version " + trail.creditVersion);
                }
                if (trail.payee != command.toAccountIndex()) {
                    problem(which + " was debited for account #" + trail.payee);
                }
                break;
            case REVERSED:
                if (trail.reversals == 0) {
                    problem(which + " was answered transfer-reversed, but its transfer " + transferId
                            + " has no TransferReversed");
                }
                break;
            default:
                break;
        }
    }

    /** Exactly one debit, then exactly one credit or reversal, each on the right account and of the debit's amount. */
    private void checkTrail(String transferId, Trail trail) {
        String which = "transfer " + transferId + (trail.debits > 0 ? " (command " + trail.commandId + ", account #"
                + trail.payer + " -> #" + trail.payee + ", " + trail.amountMinor + ")" : "");
        if (trail.debits == 0) {
            problem(which + " has a credit or reversal but no TransferDebited");
            return;
        }
        if (trail.debits > 1) {
            problem(which + " has " + trail.debits + " TransferDebited, expected exactly one");
        }
        if (!trail.settled()) {
            problem(which + " was debited but neither credited nor reversed: still in flight after the ledger went quiet");
        } else if (trail.credits + trail.reversals > 1) {
            problem(which + " has " + trail.credits + " TransferCredited and " + trail.reversals
                    + " TransferReversed, expected exactly one of them");
        }
        for (Settlement settlement : trail.settlements) {
            int expectedAccount = settlement.credit() ? trail.payee : trail.payer;
            int expectedCounterparty = settlement.credit() ? trail.payer : trail.payee;
            if (settlement.account() != expectedAccount || settlement.counterparty() != expectedCounterparty
                    || settlement.amountMinor() != trail.amountMinor) {
                problem(settlement.where() + ": the " + (settlement.credit() ? "credit" : "reversal") + " of " + which
                        + " is on account #" + settlement.account() + " with counterparty #" + settlement.counterparty()
                        + " of " + settlement.amountMinor() + ", not as debited");
            }
        }
    }

    /** Per currency: balances + in flight = deposits - withdrawals, and nothing in flight once quiet. */
    private List<Money> conservation() {
        Map<String, Long> balances = new TreeMap<>();
        for (int account = 0; account < lastBalance.length; account++) {
            if (accountCurrency[account] != null) {
                balances.merge(accountCurrency[account], lastBalance[account], Math::addExact);
            }
        }
        List<Money> money = new ArrayList<>();
        sums.forEach((currency, sum) -> {
            Money totals = new Money(currency, balances.getOrDefault(currency, 0L), sum.inFlight, sum.deposits,
                    sum.withdrawals, sum.debited, sum.credited, sum.reversed);
            money.add(totals);
            if (!totals.conserved()) {
                problem(currency + ": balances " + totals.balancesMinor() + " + in flight " + totals.inFlightMinor() + " = "
                        + (totals.balancesMinor() + totals.inFlightMinor()) + ", but deposits " + totals.depositsMinor()
                        + " - withdrawals " + totals.withdrawalsMinor() + " = "
                        + (totals.depositsMinor() - totals.withdrawalsMinor()) + ": money was made or lost");
            }
            if (totals.inFlightMinor() != 0) {
                problem(currency + ": " + totals.inFlightMinor() + " minor units still in flight (debits minus credits"
                        + " minus reversals) after the ledger went quiet; expected 0");
            }
        });
        return List.copyOf(money);
    }

    private void problem(String description) {
        problemCount++;
        if (problems.size() < PROBLEMS_MAX) {
            problems.add(description);
        }
    }
}

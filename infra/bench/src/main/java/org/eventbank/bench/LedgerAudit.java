package org.eventbank.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The bench's self-check, as a pure fold over the ledger's events of the bench accounts (in log order, which
 * is per-account order) against what the clients were told:
 * <ul>
 *   <li>every acknowledged (2xx) command has exactly one event, of the account and version acknowledged;
 *   <li>no event belongs to a rejected command, or to no command the bench sent (unless that many commands
 *       ended without an answer at all);
 *   <li>each account's versions run 1, 2, 3, ... without a gap, starting with the opening;
 *   <li>every balance is non-negative and each balance follows from the previous one and the amount.
 * </ul>
 * No Kafka here: {@link LedgerEventsReader} feeds it.
 */
final class LedgerAudit {

    /** One ledger event of a bench account. */
    record Entry(int accountIndex, long version, UUID commandId, Type type, long amountMinor, long balanceAfterMinor) {
        enum Type { OPENED, DEPOSITED, WITHDRAWN }
    }

    /**
     * What the self-check found.
     *
     * @param problems at most {@value #PROBLEMS_MAX} descriptions, the first found
     */
    record Result(boolean passed, long eventsRead, long acknowledged, long rejected, long unknownOutcome,
                  long unattributedEvents, long problemCount, List<String> problems) {
    }

    static final int PROBLEMS_MAX = 20;

    private final Map<UUID, CommandLog.Entry> commands;
    private final long unknownWithoutId;
    private final long[] lastVersion;
    private final long[] lastBalance;
    private final Set<UUID> seen = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private long problemCount;
    private long eventsRead;
    private long unattributed;

    LedgerAudit(int accounts, Map<UUID, CommandLog.Entry> commands, long unknownWithoutId) {
        this.commands = commands;
        this.unknownWithoutId = unknownWithoutId;
        this.lastVersion = new long[accounts];
        this.lastBalance = new long[accounts];
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

        if (!seen.add(event.commandId())) {
            problem(where + ": a second event for command " + event.commandId());
            return;
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
                if (command.version() != event.version()) {
                    problem(where + ": command " + event.commandId() + " was acknowledged with version " + command.version());
                }
                break;
            default:
                break;
        }
    }

    private static long balanceAfter(Entry event, long previous) {
        switch (event.type()) {
            case OPENED:
                return 0;
            case DEPOSITED:
                return previous + event.amountMinor();
            case WITHDRAWN:
                return previous - event.amountMinor();
            default:
                throw new IllegalArgumentException("unknown event type " + event.type());
        }
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
        return new Result(problemCount == 0, eventsRead, acknowledged, rejected, unknown, unattributed, problemCount,
                List.copyOf(problems));
    }

    private void problem(String description) {
        problemCount++;
        if (problems.size() < PROBLEMS_MAX) {
            problems.add(description);
        }
    }
}

package org.eventbank.bench;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the bench was told about every command it sent, kept for the self-check: by command id, the
 * account and what the ledger must hold. It grows with the run (about 100 bytes per command), the one
 * structure here that does: the self-check needs every command.
 */
final class CommandLog {

    /**
     * What the ledger must hold for one command.
     *
     * @param toAccountIndex the payee of a transfer, else -1
     * @param transfer       what the answer said of a debited transfer's legs, else null
     */
    record Entry(int accountIndex, Completion.LedgerExpectation expectation, long version, int toAccountIndex,
                 Completion.TransferLegs transfer) {

        /** A command on one account. */
        Entry(int accountIndex, Completion.LedgerExpectation expectation, long version) {
            this(accountIndex, expectation, version, -1, null);
        }
    }

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final LongAdder unknownWithoutId = new LongAdder();

    void record(Workload.Command command, Completion completion) {
        if (completion.commandId() == null) {
            if (completion.ledger() == Completion.LedgerExpectation.UNKNOWN) {
                unknownWithoutId.increment();
            }
            return;
        }
        entries.put(completion.commandId(), new Entry(command.accountIndex(), completion.ledger(), completion.version(),
                command.toAccountIndex(), completion.transfer()));
    }

    Map<UUID, Entry> entries() {
        return entries;
    }

    /** Commands whose outcome is unknown and whose id the bench never learned (no answer at all). */
    long unknownWithoutId() {
        return unknownWithoutId.sum();
    }
}

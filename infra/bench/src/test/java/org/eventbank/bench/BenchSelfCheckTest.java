package org.eventbank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eventbank.bench.Completion.LedgerExpectation;
import org.eventbank.bench.LedgerAudit.Entry.Type;
import org.junit.jupiter.api.Test;

/** The self-check ({@link LedgerAudit}): given what the clients were told, when the ledger holds these events, then. */
class BenchSelfCheckTest {

    private final Map<UUID, CommandLog.Entry> told = new HashMap<>();
    private final UUID open = acknowledged(0, 1);
    private final UUID deposit = acknowledged(0, 2);
    private final UUID withdrawal = acknowledged(0, 3);

    @Test
    void shouldPassWhenEveryAcknowledgedCommandHasExactlyItsEvent() {
        LedgerAudit.Result result = audit(0,
                event(0, 1, open, Type.OPENED, 0, 0),
                event(0, 2, deposit, Type.DEPOSITED, 500, 500),
                event(0, 3, withdrawal, Type.WITHDRAWN, 200, 300));

        assertThat(result.passed()).as("%s", result.problems()).isTrue();
        assertThat(result.eventsRead()).isEqualTo(3);
        assertThat(result.acknowledged()).isEqualTo(3);
    }

    @Test
    void shouldFailWhenAnAcknowledgedCommandHasNoEvent() {
        LedgerAudit.Result result = audit(0,
                event(0, 1, open, Type.OPENED, 0, 0),
                event(0, 2, deposit, Type.DEPOSITED, 500, 500));

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).anyMatch(problem -> problem.contains(withdrawal + " (account #0, version 3) was acknowledged but has no event"));
    }

    @Test
    void shouldFailWhenACommandHasTwoEvents() {
        LedgerAudit.Result result = audit(0,
                event(0, 1, open, Type.OPENED, 0, 0),
                event(0, 2, deposit, Type.DEPOSITED, 500, 500),
                event(0, 3, deposit, Type.DEPOSITED, 500, 1000),
                event(0, 4, withdrawal, Type.WITHDRAWN, 200, 800));

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).anyMatch(problem -> problem.contains("a second event for command " + deposit));
    }

    @Test
    void shouldFailWhenARejectedCommandHasAnEvent() {
        UUID rejected = UUID.randomUUID();
        told.put(rejected, new CommandLog.Entry(0, LedgerExpectation.NOT_WRITTEN, 0));

        LedgerAudit.Result result = audit(0,
                event(0, 1, open, Type.OPENED, 0, 0),
                event(0, 2, deposit, Type.DEPOSITED, 500, 500),
                event(0, 3, withdrawal, Type.WITHDRAWN, 200, 300),
                event(0, 4, rejected, Type.WITHDRAWN, 300, 0));

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).anyMatch(problem -> problem.contains("which was rejected"));
    }

    @Test
    void shouldFailOnAVersionGapANegativeBalanceOrABalanceThatDoesNotAddUp() {
        LedgerAudit.Result result = audit(0,
                event(0, 1, open, Type.OPENED, 0, 0),
                event(0, 3, deposit, Type.DEPOSITED, 500, 400),
                event(0, 4, withdrawal, Type.WITHDRAWN, 500, -100));

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).anyMatch(problem -> problem.contains("expected version 2"))
                .anyMatch(problem -> problem.contains("negative balance -100"))
                .anyMatch(problem -> problem.contains("balance 400 does not follow from 0"));
    }

    @Test
    void shouldAllowAsManyStrayEventsAsCommandsThatEndedWithoutAnAnswer() {
        UUID stray = UUID.randomUUID();
        LedgerAudit.Result tolerated = audit(1, ledgerWithStray(stray));
        LedgerAudit.Result refused = audit(0, ledgerWithStray(stray));

        assertThat(tolerated.passed()).as("%s", tolerated.problems()).isTrue();
        assertThat(tolerated.unattributedEvents()).isEqualTo(1);
        assertThat(refused.passed()).isFalse();
        assertThat(refused.problems()).anyMatch(problem -> problem.contains("belong to no command the bench sent"));
    }

    @Test
    void shouldAcceptAnEventOfACommandWhoseOutcomeIsUnknownAndNoEventForItEither() {
        UUID unknownWritten = UUID.randomUUID();
        UUID unknownLost = UUID.randomUUID();
        told.put(unknownWritten, new CommandLog.Entry(0, LedgerExpectation.UNKNOWN, 0));
        told.put(unknownLost, new CommandLog.Entry(0, LedgerExpectation.UNKNOWN, 0));

        LedgerAudit.Result result = audit(0,
                event(0, 1, open, Type.OPENED, 0, 0),
                event(0, 2, deposit, Type.DEPOSITED, 500, 500),
                event(0, 3, withdrawal, Type.WITHDRAWN, 200, 300),
                event(0, 4, unknownWritten, Type.DEPOSITED, 1, 301));

        assertThat(result.passed()).as("%s", result.problems()).isTrue();
        assertThat(result.unknownOutcome()).isEqualTo(2);
    }

    @Test
    void shouldFailWhenTheEventHasAnotherVersionThanTheOneAcknowledged() {
        told.put(withdrawal, new CommandLog.Entry(0, LedgerExpectation.WRITTEN, 7));

        LedgerAudit.Result result = audit(0,
                event(0, 1, open, Type.OPENED, 0, 0),
                event(0, 2, deposit, Type.DEPOSITED, 500, 500),
                event(0, 3, withdrawal, Type.WITHDRAWN, 200, 300));

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).anyMatch(problem -> problem.contains("was acknowledged with version 7"));
    }

    private LedgerAudit.Entry[] ledgerWithStray(UUID stray) {
        return new LedgerAudit.Entry[] {
                event(0, 1, open, Type.OPENED, 0, 0),
                event(0, 2, deposit, Type.DEPOSITED, 500, 500),
                event(0, 3, withdrawal, Type.WITHDRAWN, 200, 300),
                event(0, 4, stray, Type.DEPOSITED, 5, 305)};
    }

    private UUID acknowledged(int account, long version) {
        UUID id = UUID.randomUUID();
        told.put(id, new CommandLog.Entry(account, LedgerExpectation.WRITTEN, version));
        return id;
    }

    private LedgerAudit.Result audit(long unknownWithoutId, LedgerAudit.Entry... events) {
        LedgerAudit audit = new LedgerAudit(2, told, unknownWithoutId);
        for (LedgerAudit.Entry event : events) {
            audit.accept(event);
        }
        return audit.finish();
    }

    private static LedgerAudit.Entry event(int account, long version, UUID commandId, Type type, long amount, long balanceAfter) {
        return new LedgerAudit.Entry(account, version, commandId, type, amount, balanceAfter);
    }
}

package org.eventbank.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load plans: the warm-up is not measured, a count or a deadline ends the run, a rate schedules every command. */
class BenchPlanTest {

    private final Workload workload = new Workload("plan", 100, 1, 1_000);

    @Test
    void shouldOpenEveryAccountExactlyOnceAcrossIssuers() {
        LoadRunner.Plan plan = LoadRunner.openAccounts(workload);
        List<Integer> opened = new ArrayList<>();
        for (LoadRunner.Ticket ticket = plan.next(0); ticket != null; ticket = plan.next(opened.size() % 3)) {
            assertThat(ticket.command().kind()).isEqualTo(Workload.Kind.OPEN);
            opened.add(ticket.command().accountIndex());
        }

        assertThat(opened).hasSize(100).doesNotHaveDuplicates();
    }

    @Test
    void shouldScheduleCommandsAtTheFixedRateAndMeasureOnlyAfterTheWarmUp() {
        long start = 1_000_000_000L;
        // 1000/s: one command per ms; warm-up 5 ms; 3 measured commands
        LoadRunner.MixPlan plan = new LoadRunner.MixPlan(workload, 1, start, start + 5_000_000, Long.MAX_VALUE, 3, 1000);
        List<LoadRunner.Ticket> tickets = new ArrayList<>();
        for (LoadRunner.Ticket ticket = plan.next(0); ticket != null; ticket = plan.next(0)) {
            tickets.add(ticket);
        }

        assertThat(tickets).hasSize(8);
        assertThat(tickets).extracting(LoadRunner.Ticket::scheduledNanos)
                .containsExactly(start, start + 1_000_000, start + 2_000_000, start + 3_000_000, start + 4_000_000,
                        start + 5_000_000, start + 6_000_000, start + 7_000_000);
        assertThat(tickets).extracting(LoadRunner.Ticket::measured)
                .containsExactly(false, false, false, false, false, true, true, true);
    }

    @Test
    void shouldStopAtTheDeadlineInOpenThrottle() {
        long now = System.nanoTime();
        LoadRunner.MixPlan ended = new LoadRunner.MixPlan(workload, 2, now - 2_000, now - 1_000, now - 1, 0, 0);
        LoadRunner.MixPlan running = new LoadRunner.MixPlan(workload, 2, now, now, now + 60_000_000_000L, 0, 0);

        assertThat(ended.next(0)).isNull();
        LoadRunner.Ticket ticket = running.next(1);
        assertThat(ticket).isNotNull();
        assertThat(ticket.scheduledNanos()).isZero();
        assertThat(ticket.measured()).isTrue();
    }
}

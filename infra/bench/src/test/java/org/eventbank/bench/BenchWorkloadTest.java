package org.eventbank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchWorkloadTest {

    private final Workload workload = new Workload("run1", 1_000, 42, 10_000);

    @Test
    void shouldSendSixtyPercentDepositsAndFortyPercentWithdrawals() {
        Workload.Mix mix = workload.mix(0);
        int deposits = 0;
        int commands = 100_000;
        for (int i = 0; i < commands; i++) {
            Workload.Command command = mix.next();
            assertThat(command.kind()).isIn(Workload.Kind.DEPOSIT, Workload.Kind.WITHDRAW);
            if (command.kind() == Workload.Kind.DEPOSIT) {
                deposits++;
            }
        }

        assertThat((double) deposits / commands).isBetween(0.59, 0.61);
    }

    @Test
    void shouldSpreadCommandsOverEveryAccountWithAmountsWithinTheMaximum() {
        Workload.Mix mix = workload.mix(3);
        int[] perAccount = new int[workload.accounts()];
        long largest = 0;
        for (int i = 0; i < 200_000; i++) {
            Workload.Command command = mix.next();
            perAccount[command.accountIndex()]++;
            assertThat(command.amountMinor()).isBetween(1L, 10_000L);
            largest = Math.max(largest, command.amountMinor());
        }

        // uniform: about 200 each; none forgotten, none hot
        assertThat(java.util.Arrays.stream(perAccount).min().getAsInt()).isGreaterThanOrEqualTo(120);
        assertThat(java.util.Arrays.stream(perAccount).max().getAsInt()).isLessThanOrEqualTo(290);
        assertThat(largest).isGreaterThan(9_900);
    }

    @Test
    void shouldRepeatTheSameSequenceForTheSameSeedAndClient() {
        assertThat(first(workload.mix(5), 100)).isEqualTo(first(workload.mix(5), 100));
        assertThat(first(workload.mix(5), 100)).isNotEqualTo(first(workload.mix(6), 100));
        assertThat(first(new Workload("run1", 1_000, 43, 10_000).mix(5), 100)).isNotEqualTo(first(workload.mix(5), 100));
    }

    @Test
    void shouldNameAccountsValidlyAndRecogniseOnlyItsOwn() {
        String id = workload.accountId(999);

        assertThat(id).isEqualTo("bench-run1-999").matches("[A-Za-z0-9._-]{1,64}");
        assertThat(workload.accountIndexOf(id)).isEqualTo(999);
        assertThat(workload.accountIndexOf("bench-run1-1000")).isEqualTo(-1);
        assertThat(workload.accountIndexOf("bench-run2-5")).isEqualTo(-1);
        assertThat(workload.accountIndexOf("bench-run1-x")).isEqualTo(-1);
        assertThat(workload.accountIndexOf(null)).isEqualTo(-1);
    }

    @Test
    void shouldRefuseARunIdThatWouldMakeInvalidAccountIds() {
        assertThatThrownBy(() -> new Workload("has space", 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Workload("run", 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMakeTheShareOfTransfersAskedBetweenTwoDistinctAccountsWithTheSameAmounts() {
        Workload withTransfers = new Workload("run1", 3, 42, 10_000, 30);
        Workload.Mix mix = withTransfers.mix(0);
        int transfers = 0;
        int deposits = 0;
        int commands = 100_000;
        for (int i = 0; i < commands; i++) {
            Workload.Command command = mix.next();
            assertThat(command.amountMinor()).isBetween(1L, 10_000L);
            if (command.transfer()) {
                transfers++;
                assertThat(command.toAccountIndex()).isBetween(0, 2).isNotEqualTo(command.accountIndex());
            } else {
                assertThat(command.toAccountIndex()).isEqualTo(-1);
                deposits += command.kind() == Workload.Kind.DEPOSIT ? 1 : 0;
            }
        }

        assertThat((double) transfers / commands).isBetween(0.29, 0.31);
        assertThat((double) deposits / (commands - transfers)).isBetween(0.59, 0.61);
    }

    @Test
    void shouldSendTheSameSequenceAsBeforeWithoutTransfers() {
        // the first commands of client 5 as the bench drew them before transfers existed (the previous release's jar)
        assertThat(first(new Workload("run1", 1_000, 42, 10_000, 0).mix(5), 4)).containsExactly(
                new Workload.Command(Workload.Kind.WITHDRAW, 581, 2668), new Workload.Command(Workload.Kind.WITHDRAW, 61, 4601),
                new Workload.Command(Workload.Kind.WITHDRAW, 849, 1514), new Workload.Command(Workload.Kind.WITHDRAW, 290, 1844));
        assertThat(first(new Workload("run1", 1_000, 42, 10_000, 0).mix(5), 1_000)).isEqualTo(first(workload.mix(5), 1_000))
                .noneMatch(Workload.Command::transfer);
        assertThatThrownBy(() -> new Workload("run1", 1, 42, 10_000, 5)).hasMessageContaining("at least 2 accounts");
        assertThatThrownBy(() -> new Workload.Command(Workload.Kind.TRANSFER, 3, 10, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Workload.Command> first(Workload.Mix mix, int count) {
        List<Workload.Command> commands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            commands.add(mix.next());
        }
        return commands;
    }
}

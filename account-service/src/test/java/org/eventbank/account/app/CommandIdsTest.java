package org.eventbank.account.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CommandIdsTest {

    private static final Instant ISSUED = Instant.parse("2026-11-30T18:00:00.123Z");

    @Test
    void shouldCarryTheIssueInstantAndTheDeadlineRoundedUpToASecond() {
        String id = CommandIds.mint(ISSUED, Optional.of(Duration.ofMillis(12_000)));
        assertThat(UUID.fromString(id).version()).isEqualTo(8);
        assertThat(UUID.fromString(id).variant()).isEqualTo(2);
        assertThat(CommandIds.stampOf(id)).hasValue(new CommandIds.Stamp(ISSUED, Optional.of(ISSUED.plusSeconds(12))));
        assertThat(CommandIds.stampOf(CommandIds.mint(ISSUED, Optional.of(Duration.ofMillis(12_001)))))
                .hasValueSatisfying(stamp -> assertThat(stamp.notAfter()).hasValue(ISSUED.plusSeconds(13)));
        assertThat(CommandIds.stampOf(CommandIds.mint(ISSUED, Optional.empty())))
                .hasValue(new CommandIds.Stamp(ISSUED, Optional.empty()));
    }

    @Test
    void shouldMintADifferentIdEachTimeForTheSameInstant() {
        assertThat(CommandIds.mint(ISSUED, Optional.empty())).isNotEqualTo(CommandIds.mint(ISSUED, Optional.empty()));
    }

    @Test
    void shouldFindNoStampInIdsItDidNotMint() {
        assertThat(CommandIds.stampOf(UUID.randomUUID().toString())).isEmpty();
        assertThat(CommandIds.stampOf("not-a-uuid")).isEmpty();
        assertThat(CommandIds.stampOf("1-2-3-4-5")).isEmpty();
        String minted = CommandIds.mint(ISSUED, Optional.of(Duration.ofSeconds(12)));
        // The variant bits broken: not one of ours.
        assertThat(CommandIds.stampOf(minted.substring(0, 19) + "0" + minted.substring(20))).isEmpty();
    }

    @Test
    void shouldRefuseADeadlineOrAnInstantTheIdCannotCarry() {
        assertThatThrownBy(() -> CommandIds.mint(ISSUED, Optional.of(Duration.ofSeconds(CommandIds.DEADLINE_SECONDS_MAX + 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandIds.mint(ISSUED, Optional.of(Duration.ZERO))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandIds.mint(Instant.ofEpochMilli(-1), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CommandIds.stampOf(CommandIds.mint(ISSUED, Optional.of(Duration.ofSeconds(CommandIds.DEADLINE_SECONDS_MAX)))))
                .hasValueSatisfying(stamp -> assertThat(stamp.notAfter()).hasValue(ISSUED.plusSeconds(4095)));
    }
}

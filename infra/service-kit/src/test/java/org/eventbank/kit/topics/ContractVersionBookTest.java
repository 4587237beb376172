package org.eventbank.kit.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules by which a writer picks its schema version, without a broker. */
class ContractVersionBookTest {

    private static final int NEWEST_KNOWN = 2;

    @Test
    void shouldObeyAPinWhateverIsRecorded() {
        assertThat(ContractVersionBook.resolve(Optional.of(1), Optional.of(2), false, NEWEST_KNOWN)).isEqualTo(1);
        assertThat(ContractVersionBook.resolve(Optional.of(2), Optional.of(1), false, NEWEST_KNOWN)).isEqualTo(2);
    }

    @Test
    void shouldKeepWritingTheNewestRecordedVersionAfterAnUpgradeUntilPromoted() {
        // the release that adds v2 meets a ledger written in v1: it keeps writing v1
        assertThat(ContractVersionBook.resolve(Optional.empty(), Optional.of(1), false, NEWEST_KNOWN)).isEqualTo(1);
        // once someone promoted to v2, every writer started later writes v2
        assertThat(ContractVersionBook.resolve(Optional.empty(), Optional.of(2), false, NEWEST_KNOWN)).isEqualTo(2);
    }

    @Test
    void shouldNeverWriteAVersionThisBuildDoesNotKnow() {
        assertThat(ContractVersionBook.resolve(Optional.empty(), Optional.of(3), false, NEWEST_KNOWN)).isEqualTo(2);
    }

    @Test
    void shouldStartANewLedgerOnTheNewestAndALedgerFromBeforeTheBookOnVersionOne() {
        assertThat(ContractVersionBook.resolve(Optional.empty(), Optional.empty(), true, NEWEST_KNOWN)).isEqualTo(2);
        assertThat(ContractVersionBook.resolve(Optional.empty(), Optional.empty(), false, NEWEST_KNOWN)).isEqualTo(1);
    }
}

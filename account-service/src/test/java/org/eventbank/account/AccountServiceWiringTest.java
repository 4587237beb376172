package org.eventbank.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.eventbank.account.app.ContractFeatures;
import org.eventbank.schemas.catalog.Family;
import org.eventbank.schemas.serde.WriterVersions;
import org.junit.jupiter.api.Test;

/** What {@link AccountService} hands the edge from the writer versions the contract-version book settled. */
class AccountServiceWiringTest {

    private static WriterVersions settled(int events, int commands, int results) {
        return WriterVersions.pinned(Map.of(Family.EVENTS, events, Family.COMMANDS, commands, Family.RESULTS, results));
    }

    @Test
    void shouldEnableClosingOnlyOnceEventsCommandsAndResultsAreAllWrittenInV2() {
        // v2 everywhere: every feature of the release before transfers, and transfers still off.
        assertThat(AccountService.contractFeatures(settled(2, 2, 2))).isEqualTo(new ContractFeatures(List.of(), List.of(),
                List.of(), List.of("BANK_EVENT_SCHEMA_VERSION", "BANK_COMMAND_SCHEMA_VERSION", "BANK_RESULT_SCHEMA_VERSION")));
        assertThat(AccountService.contractFeatures(settled(2, 2, 2)).closingEnabled()).isTrue();
        assertThat(AccountService.contractFeatures(settled(1, 2, 2)).closingEnabled()).isFalse();
        assertThat(AccountService.contractFeatures(settled(2, 1, 2)).closingEnabled()).isFalse();
        assertThat(AccountService.contractFeatures(settled(2, 2, 1)).closingEnabled()).isFalse();
    }

    @Test
    void shouldNameOnlyTheSettingsStillBelowV2InEventsCommandsResultsOrder() {
        assertThat(AccountService.contractFeatures(settled(1, 2, 2)).closingDisabledReason()).hasValue(
                "closing accounts needs contract v2; promote with BANK_EVENT_SCHEMA_VERSION=2 once every reader runs this release");
        assertThat(AccountService.contractFeatures(settled(1, 1, 1)).closingDisabledReason()).hasValue(
                "closing accounts needs contract v2; promote with BANK_EVENT_SCHEMA_VERSION=2, BANK_COMMAND_SCHEMA_VERSION=2 and"
                        + " BANK_RESULT_SCHEMA_VERSION=2 once every reader runs this release");
        assertThat(AccountService.contractFeatures(settled(2, 1, 1)).closingBlockedBy())
                .containsExactly("BANK_COMMAND_SCHEMA_VERSION", "BANK_RESULT_SCHEMA_VERSION");
    }

    @Test
    void shouldTurnDeadlinesOnOnlyOnceCommandsAndResultsAreWrittenInV2() {
        assertThat(AccountService.contractFeatures(settled(2, 2, 2)).deadlinesEnabled()).isTrue();
        // Events do not carry a deadline: v1 events are no reason to keep deadlines off.
        assertThat(AccountService.contractFeatures(settled(1, 2, 2)).deadlinesEnabled()).isTrue();
        assertThat(AccountService.contractFeatures(settled(2, 1, 2)).deadlinesBlockedBy()).containsExactly("BANK_COMMAND_SCHEMA_VERSION");
        assertThat(AccountService.contractFeatures(settled(2, 2, 1)).deadlinesBlockedBy()).containsExactly("BANK_RESULT_SCHEMA_VERSION");
        assertThat(AccountService.contractFeatures(settled(1, 1, 1)).deadlinesDisabledReason()).hasValue(
                "a command deadline (notAfter, expired) needs contract v2; promote with BANK_COMMAND_SCHEMA_VERSION=2 and"
                        + " BANK_RESULT_SCHEMA_VERSION=2 once every reader runs this release");
    }

    @Test
    void shouldEnableEveryFeatureOnlyOnceEventsCommandsAndResultsAreAllWrittenInV3() {
        assertThat(AccountService.contractFeatures(settled(3, 3, 3))).isEqualTo(ContractFeatures.ALL_ENABLED);
        assertThat(AccountService.contractFeatures(settled(3, 3, 3)).transfersEnabled()).isTrue();
        assertThat(AccountService.contractFeatures(settled(3, 3, 3)).transfersDisabledReason()).isEmpty();
        assertThat(AccountService.contractFeatures(settled(2, 3, 3)).transfersBlockedBy()).containsExactly("BANK_EVENT_SCHEMA_VERSION");
        assertThat(AccountService.contractFeatures(settled(3, 2, 3)).transfersBlockedBy()).containsExactly("BANK_COMMAND_SCHEMA_VERSION");
        assertThat(AccountService.contractFeatures(settled(3, 3, 2)).transfersBlockedBy()).containsExactly("BANK_RESULT_SCHEMA_VERSION");
        // Transfers off leave closing, deadlines and identity as they were.
        ContractFeatures v2 = AccountService.contractFeatures(settled(2, 2, 2));
        assertThat(v2.closingEnabled() && v2.deadlinesEnabled() && v2.identityEnabled()).isTrue();
        assertThat(v2.transfersEnabled()).isFalse();
    }

    @Test
    void shouldNameOnlyTheSettingsStillBelowV3WhenTransfersAreOff() {
        assertThat(AccountService.contractFeatures(settled(3, 2, 3)).transfersDisabledReason()).hasValue(
                "a transfer needs contract v3; promote with BANK_COMMAND_SCHEMA_VERSION=3 once every reader runs this release");
        assertThat(AccountService.contractFeatures(settled(1, 1, 1)).transfersDisabledReason()).hasValue(
                "a transfer needs contract v3; promote with BANK_EVENT_SCHEMA_VERSION=3, BANK_COMMAND_SCHEMA_VERSION=3 and"
                        + " BANK_RESULT_SCHEMA_VERSION=3 once every reader runs this release");
    }

    @Test
    void shouldRefuseToWireFromVersionsThatWereNeverSettled() {
        assertThatThrownBy(() -> AccountService.contractFeatures(WriterVersions.newest()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not settled");
    }
}

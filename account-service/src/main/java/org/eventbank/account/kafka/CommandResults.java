package org.eventbank.account.kafka;

import org.eventbank.account.app.OutcomeCode;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.Rejection;
import org.eventbank.account.domain.RejectionCode;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;

/** Builds the {@link CommandResult} the processor sends back for each command. */
final class CommandResults {

    private CommandResults() {
    }

    static CommandResult accepted(String commandId, AccountEvent lastEvent, AccountState after) {
        return CommandResult.newBuilder()
                .setCommandId(commandId)
                .setOutcome(Outcome.ACCEPTED)
                .setAccountId(lastEvent.accountId())
                .setEventId(lastEvent.eventId())
                .setVersion(after.version())
                .setBalanceMinor(after.balanceMinor())
                .setCurrency(after.currency())
                // Every result names the account's owner, so a customer's outcome lookup can be checked (decision 0015);
                // an open is told from other commands by its version, 1.
                .setOwner(after.owner())
                .setReplayed(false)
                .build();
    }

    /**
     * A rejection as the decider gave it. A refusal on ownership is reported as the edge must answer it, and tells no
     * more than an unknown account does: no version, currency or owner.
     */
    static CommandResult rejected(AccountCommand command, Rejection rejection, AccountState state) {
        boolean notOwner = rejection.code() == RejectionCode.NOT_OWNER;
        OutcomeCode reported = OutcomeCode.reported(rejection.code(), command instanceof AccountCommand.OpenAccount);
        return rejected(command.commandId(), command.accountId(), Outcome.valueOf(reported.name()), rejection.detail(),
                notOwner ? AccountState.INITIAL : state);
    }

    static CommandResult rejected(String commandId, String accountId, Outcome outcome, String detail, AccountState state) {
        return CommandResult.newBuilder()
                .setCommandId(commandId)
                .setOutcome(outcome)
                .setDetail(detail)
                .setAccountId(accountId)
                // A closed account still has a version: its last, which a client may want to see.
                .setVersion(state.exists() ? state.version() : null)
                .setCurrency(state.currency())
                .setOwner(state.owner())
                .setReplayed(false)
                .build();
    }

    /**
     * A command refused because it was not decided before its deadline: nothing was decided, so the result tells no
     * version or currency. Results written in v1 have no EXPIRED outcome; there it is UNKNOWN_REJECTION (what a v1
     * reader of a v2 EXPIRED reads anyway) with a detail that says it expired.
     */
    static CommandResult expired(String commandId, String accountId, String detail, boolean resultsCarryExpired) {
        return resultsCarryExpired
                ? rejected(commandId, accountId, Outcome.EXPIRED, detail, AccountState.INITIAL)
                : rejected(commandId, accountId, Outcome.UNKNOWN_REJECTION, "expired: " + detail, AccountState.INITIAL);
    }

    /** The stored answer of an earlier command, sent again under the new command's id. */
    static CommandResult replayed(CommandResult stored, String commandId) {
        return CommandResult.newBuilder(stored).setCommandId(commandId).setReplayed(true).build();
    }
}

package org.eventbank.account.kafka;

import org.eventbank.account.app.OutcomeCode;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.Rejection;
import org.eventbank.account.domain.RejectionCode;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.TransferOutcome;
import org.eventbank.schemas.avro.TransferReversalReason;

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

    /**
     * A transfer whose debit is written and whose credit is not yet (decision 0016): the payer's state after the debit,
     * and the transfer as it stands. The final result replaces it, under the same command id.
     */
    static CommandResult transferPending(AccountCommand.Transfer command, AccountEvent.TransferDebited debit, AccountState after) {
        return CommandResult.newBuilder(accepted(command.commandId(), debit, after))
                .setOutcome(Outcome.TRANSFER_PENDING)
                .setTransfer(TransferOutcome.newBuilder()
                        .setTransferId(debit.transferId()).setFromAccountId(debit.accountId())
                        .setToAccountId(debit.counterpartyAccountId()).setAmountMinor(debit.amountMinor())
                        .setCurrency(debit.currency()).setDebitVersion(debit.version())
                        .build())
                .build();
    }

    /** The payee's writer credited it at {@code creditVersion}: the transfer is complete. */
    static CommandResult transferCompleted(CommandResult pending, long creditVersion) {
        return CommandResult.newBuilder(pending)
                .setOutcome(Outcome.ACCEPTED)
                .setReplayed(false)
                .setTransfer(TransferOutcome.newBuilder(pending.getTransfer()).setCreditVersion(creditVersion).build())
                .build();
    }

    /** The payee's writer sent it back: the payer's state after the reversal, and why. */
    static CommandResult transferReversed(CommandResult pending, AccountEvent.TransferReversed reversal, String detail,
                                          AccountState after) {
        return CommandResult.newBuilder(pending)
                .setOutcome(Outcome.TRANSFER_REVERSED)
                .setDetail(detail)
                .setEventId(reversal.eventId())
                .setVersion(after.version())
                .setBalanceMinor(after.balanceMinor())
                .setReplayed(false)
                .setTransfer(TransferOutcome.newBuilder(pending.getTransfer()).setReversalVersion(reversal.version())
                        .setReversalReason(TransferReversalReason.valueOf(reversal.reason().name())).build())
                .build();
    }

    /** The stored answer of an earlier command, sent again under the new command's id. */
    static CommandResult replayed(CommandResult stored, String commandId) {
        return CommandResult.newBuilder(stored).setCommandId(commandId).setReplayed(true).build();
    }
}

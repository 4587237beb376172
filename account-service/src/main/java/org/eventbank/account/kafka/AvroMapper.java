package org.eventbank.account.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.account.app.CommandOutcome;
import org.eventbank.account.app.OutcomeCode;
import org.eventbank.account.app.TransferProgress;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.domain.ActingAs;
import org.eventbank.account.domain.Initiator;
import org.eventbank.account.domain.Origin;
import org.eventbank.account.domain.ReversalReason;
import org.eventbank.account.domain.TransferInstruction;
import org.eventbank.account.domain.TransferTerms;
import org.eventbank.schemas.avro.AccountClosed;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.CloseAccount;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Deposit;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.OpenAccount;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.Transfer;
import org.eventbank.schemas.avro.TransferCredited;
import org.eventbank.schemas.avro.TransferDebited;
import org.eventbank.schemas.avro.TransferInstructionKind;
import org.eventbank.schemas.avro.TransferReversalReason;
import org.eventbank.schemas.avro.TransferReversed;
import org.eventbank.schemas.avro.Withdraw;
import org.eventbank.schemas.avro.Withdrawn;

/**
 * The one place where domain records meet the generated Avro classes: two functions per type (and,
 * for command results, the one way back to the HTTP edge's {@link CommandOutcome}), so generated
 * classes stay out of the domain and the ports. Instants travel as milliseconds (timestamp-millis).
 * An optional field the contract added in v2 is null on the wire when empty, and data written by a
 * v1 writer reads back as empty ({@link Origin#NONE}, no actingAs, no deadline of its own). Records are built
 * with the generated builders, which survive fields appended in a later version.
 */
public final class AvroMapper {

    private AvroMapper() {
    }

    // ---- commands ----

    public static org.eventbank.schemas.avro.AccountCommand toAvro(AccountCommand command, CommandEnvelope envelope) {
        Object payload;
        if (command instanceof AccountCommand.OpenAccount open) {
            payload = OpenAccount.newBuilder().setOwner(open.owner()).setCurrency(open.currency()).build();
        } else if (command instanceof AccountCommand.Deposit deposit) {
            payload = Deposit.newBuilder().setAmountMinor(deposit.amountMinor()).setCurrency(deposit.currency().orElse(null))
                    .build();
        } else if (command instanceof AccountCommand.Withdraw withdraw) {
            payload = Withdraw.newBuilder().setAmountMinor(withdraw.amountMinor()).setCurrency(withdraw.currency().orElse(null))
                    .build();
        } else if (command instanceof AccountCommand.CloseAccount close) {
            payload = CloseAccount.newBuilder().setReason(close.reason().orElse(null)).build();
        } else if (command instanceof AccountCommand.Transfer transfer) {
            payload = Transfer.newBuilder().setTransferId(transfer.transferId()).setToAccountId(transfer.toAccountId())
                    .setAmountMinor(transfer.amountMinor()).setCurrency(transfer.currency().orElse(null))
                    .setReference(transfer.reference().orElse(null)).build();
        } else {
            throw new IllegalArgumentException("unknown command type " + command.getClass().getName());
        }
        return org.eventbank.schemas.avro.AccountCommand.newBuilder()
                .setCommandId(command.commandId())
                .setAccountId(command.accountId())
                .setIdempotencyKey(envelope.idempotencyKey().orElse(null))
                .setBodyHash(envelope.bodyHash())
                .setReplyTo(envelope.replyTo())
                .setExpectedVersion(command.expectedVersion().isPresent() ? command.expectedVersion().getAsLong() : null)
                .setIssuedAt(command.issuedAt())
                .setPayload(payload)
                .setInitiatedBy(toAvro(command.origin().initiatedBy()))
                .setActingAs(command.actingAs().map(actingAs -> org.eventbank.schemas.avro.ActingAs.valueOf(actingAs.name()))
                        .orElse(null))
                .setNotAfter(command.notAfter().orElse(null))
                .setCorrelationId(command.origin().correlationId().orElse(null))
                .build();
    }

    /** The command as written: no deadline unless it carries one. */
    public static AccountCommand fromAvro(org.eventbank.schemas.avro.AccountCommand avro) {
        return fromAvro(avro, Optional.empty());
    }

    /**
     * The command as the processor decides it: its own {@code notAfter}, or, when it carries none and
     * {@code defaultDeadline} is given, {@code issuedAt + defaultDeadline} (decision 0014).
     */
    public static AccountCommand fromAvro(org.eventbank.schemas.avro.AccountCommand avro, Optional<Duration> defaultDeadline) {
        OptionalLong expectedVersion = avro.getExpectedVersion() == null
                ? OptionalLong.empty() : OptionalLong.of(avro.getExpectedVersion());
        Origin origin = originOf(avro.getInitiatedBy(), avro.getCorrelationId());
        Optional<ActingAs> actingAs = Optional.ofNullable(avro.getActingAs()).map(symbol -> ActingAs.valueOf(symbol.name()));
        Optional<Instant> notAfter = avro.getNotAfter() != null ? Optional.of(avro.getNotAfter())
                : defaultDeadline.map(deadline -> avro.getIssuedAt().plus(deadline));
        Object payload = avro.getPayload();
        if (payload instanceof OpenAccount open) {
            return new AccountCommand.OpenAccount(avro.getCommandId(), avro.getAccountId(), expectedVersion,
                    avro.getIssuedAt(), open.getOwner(), open.getCurrency(), origin, actingAs, notAfter);
        } else if (payload instanceof Deposit deposit) {
            return new AccountCommand.Deposit(avro.getCommandId(), avro.getAccountId(), expectedVersion,
                    avro.getIssuedAt(), deposit.getAmountMinor(), Optional.ofNullable(deposit.getCurrency()),
                    origin, actingAs, notAfter);
        } else if (payload instanceof Withdraw withdraw) {
            return new AccountCommand.Withdraw(avro.getCommandId(), avro.getAccountId(), expectedVersion,
                    avro.getIssuedAt(), withdraw.getAmountMinor(), Optional.ofNullable(withdraw.getCurrency()),
                    origin, actingAs, notAfter);
        } else if (payload instanceof CloseAccount close) {
            return new AccountCommand.CloseAccount(avro.getCommandId(), avro.getAccountId(), expectedVersion,
                    avro.getIssuedAt(), Optional.ofNullable(close.getReason()), origin, actingAs, notAfter);
        } else if (payload instanceof Transfer transfer) {
            // The transferId is the transfer's correlation id, whatever the command's field says: one source of truth.
            return new AccountCommand.Transfer(avro.getCommandId(), avro.getAccountId(), expectedVersion, avro.getIssuedAt(),
                    transfer.getTransferId(), transfer.getToAccountId(), transfer.getAmountMinor(),
                    Optional.ofNullable(transfer.getCurrency()), Optional.ofNullable(transfer.getReference()),
                    new Origin(origin.initiatedBy(), Optional.of(transfer.getTransferId())), actingAs, notAfter);
        }
        throw new IllegalArgumentException("unknown command payload " + (payload == null ? null : payload.getClass().getName()));
    }

    public static CommandEnvelope envelopeOf(org.eventbank.schemas.avro.AccountCommand avro) {
        return new CommandEnvelope(Optional.ofNullable(avro.getIdempotencyKey()), avro.getBodyHash(), avro.getReplyTo());
    }

    // ---- events ----

    public static SpecificRecord toAvro(AccountEvent event) {
        org.eventbank.schemas.avro.Initiator initiatedBy = toAvro(event.origin().initiatedBy());
        String correlationId = event.origin().correlationId().orElse(null);
        if (event instanceof AccountEvent.AccountOpened opened) {
            return AccountOpened.newBuilder()
                    .setEventId(opened.eventId()).setAccountId(opened.accountId()).setVersion(opened.version())
                    .setOccurredAt(opened.occurredAt()).setCommandId(opened.commandId())
                    .setOwner(opened.owner()).setCurrency(opened.currency())
                    .setInitiatedBy(initiatedBy).setCorrelationId(correlationId)
                    .build();
        } else if (event instanceof AccountEvent.Deposited deposited) {
            return Deposited.newBuilder()
                    .setEventId(deposited.eventId()).setAccountId(deposited.accountId()).setVersion(deposited.version())
                    .setOccurredAt(deposited.occurredAt()).setCommandId(deposited.commandId())
                    .setAmountMinor(deposited.amountMinor()).setCurrency(deposited.currency())
                    .setBalanceAfterMinor(deposited.balanceAfterMinor())
                    .setInitiatedBy(initiatedBy).setCorrelationId(correlationId)
                    .build();
        } else if (event instanceof AccountEvent.Withdrawn withdrawn) {
            return Withdrawn.newBuilder()
                    .setEventId(withdrawn.eventId()).setAccountId(withdrawn.accountId()).setVersion(withdrawn.version())
                    .setOccurredAt(withdrawn.occurredAt()).setCommandId(withdrawn.commandId())
                    .setAmountMinor(withdrawn.amountMinor()).setCurrency(withdrawn.currency())
                    .setBalanceAfterMinor(withdrawn.balanceAfterMinor())
                    .setInitiatedBy(initiatedBy).setCorrelationId(correlationId)
                    .build();
        } else if (event instanceof AccountEvent.AccountClosed closed) {
            return AccountClosed.newBuilder()
                    .setEventId(closed.eventId()).setAccountId(closed.accountId()).setVersion(closed.version())
                    .setOccurredAt(closed.occurredAt()).setCommandId(closed.commandId())
                    .setCurrency(closed.currency()).setBalanceAfterMinor(closed.balanceAfterMinor())
                    .setReason(closed.reason().orElse(null))
                    .setInitiatedBy(initiatedBy).setCorrelationId(correlationId)
                    .build();
        } else if (event instanceof AccountEvent.TransferDebited debited) {
            return TransferDebited.newBuilder()
                    .setEventId(debited.eventId()).setAccountId(debited.accountId()).setVersion(debited.version())
                    .setOccurredAt(debited.occurredAt()).setCommandId(debited.commandId())
                    .setAmountMinor(debited.amountMinor()).setCurrency(debited.currency())
                    .setBalanceAfterMinor(debited.balanceAfterMinor())
                    .setInitiatedBy(initiatedBy).setCorrelationId(debited.transferId())
                    .setCounterpartyAccountId(debited.counterpartyAccountId())
                    .setReference(debited.reference().orElse(null))
                    .build();
        } else if (event instanceof AccountEvent.TransferCredited credited) {
            return TransferCredited.newBuilder()
                    .setEventId(credited.eventId()).setAccountId(credited.accountId()).setVersion(credited.version())
                    .setOccurredAt(credited.occurredAt()).setCommandId(credited.commandId())
                    .setAmountMinor(credited.amountMinor()).setCurrency(credited.currency())
                    .setBalanceAfterMinor(credited.balanceAfterMinor())
                    .setInitiatedBy(initiatedBy).setCorrelationId(credited.transferId())
                    .setCounterpartyAccountId(credited.counterpartyAccountId())
                    .setPayerDebitVersion(credited.payerDebitVersion())
                    .build();
        } else if (event instanceof AccountEvent.TransferReversed reversed) {
            return TransferReversed.newBuilder()
                    .setEventId(reversed.eventId()).setAccountId(reversed.accountId()).setVersion(reversed.version())
                    .setOccurredAt(reversed.occurredAt()).setCommandId(reversed.commandId())
                    .setAmountMinor(reversed.amountMinor()).setCurrency(reversed.currency())
                    .setBalanceAfterMinor(reversed.balanceAfterMinor())
                    .setInitiatedBy(initiatedBy).setCorrelationId(reversed.transferId())
                    .setCounterpartyAccountId(reversed.counterpartyAccountId())
                    .setDebitVersion(reversed.debitVersion())
                    .setReason(TransferReversalReason.valueOf(reversed.reason().name()))
                    .build();
        }
        throw new IllegalArgumentException("unknown event type " + event.getClass().getName());
    }

    public static AccountEvent fromAvro(SpecificRecord avro) {
        if (avro instanceof AccountOpened opened) {
            return new AccountEvent.AccountOpened(opened.getEventId(), opened.getAccountId(), opened.getVersion(),
                    opened.getOccurredAt(), opened.getCommandId(), opened.getOwner(), opened.getCurrency(),
                    originOf(opened.getInitiatedBy(), opened.getCorrelationId()));
        } else if (avro instanceof Deposited deposited) {
            return new AccountEvent.Deposited(deposited.getEventId(), deposited.getAccountId(), deposited.getVersion(),
                    deposited.getOccurredAt(), deposited.getCommandId(), deposited.getAmountMinor(),
                    deposited.getCurrency(), deposited.getBalanceAfterMinor(),
                    originOf(deposited.getInitiatedBy(), deposited.getCorrelationId()));
        } else if (avro instanceof Withdrawn withdrawn) {
            return new AccountEvent.Withdrawn(withdrawn.getEventId(), withdrawn.getAccountId(), withdrawn.getVersion(),
                    withdrawn.getOccurredAt(), withdrawn.getCommandId(), withdrawn.getAmountMinor(),
                    withdrawn.getCurrency(), withdrawn.getBalanceAfterMinor(),
                    originOf(withdrawn.getInitiatedBy(), withdrawn.getCorrelationId()));
        } else if (avro instanceof AccountClosed closed) {
            return new AccountEvent.AccountClosed(closed.getEventId(), closed.getAccountId(), closed.getVersion(),
                    closed.getOccurredAt(), closed.getCommandId(), closed.getCurrency(), closed.getBalanceAfterMinor(),
                    Optional.ofNullable(closed.getReason()), originOf(closed.getInitiatedBy(), closed.getCorrelationId()));
        } else if (avro instanceof TransferDebited debited) {
            return new AccountEvent.TransferDebited(debited.getEventId(), debited.getAccountId(), debited.getVersion(),
                    debited.getOccurredAt(), debited.getCommandId(), transferIdOf(debited, debited.getCorrelationId()),
                    debited.getCounterpartyAccountId(), debited.getAmountMinor(), debited.getCurrency(),
                    debited.getBalanceAfterMinor(), Optional.ofNullable(debited.getReference()),
                    originOf(debited.getInitiatedBy(), debited.getCorrelationId()));
        } else if (avro instanceof TransferCredited credited) {
            return new AccountEvent.TransferCredited(credited.getEventId(), credited.getAccountId(), credited.getVersion(),
                    credited.getOccurredAt(), credited.getCommandId(), transferIdOf(credited, credited.getCorrelationId()),
                    credited.getCounterpartyAccountId(), credited.getAmountMinor(), credited.getCurrency(),
                    credited.getBalanceAfterMinor(), credited.getPayerDebitVersion(),
                    originOf(credited.getInitiatedBy(), credited.getCorrelationId()));
        } else if (avro instanceof TransferReversed reversed) {
            return new AccountEvent.TransferReversed(reversed.getEventId(), reversed.getAccountId(), reversed.getVersion(),
                    reversed.getOccurredAt(), reversed.getCommandId(), transferIdOf(reversed, reversed.getCorrelationId()),
                    reversed.getCounterpartyAccountId(), reversed.getAmountMinor(), reversed.getCurrency(),
                    reversed.getBalanceAfterMinor(), reversed.getDebitVersion(), reversalReasonOf(reversed.getReason()),
                    originOf(reversed.getInitiatedBy(), reversed.getCorrelationId()));
        }
        throw new IllegalArgumentException("not an account event: " + (avro == null ? null : avro.getClass().getName()));
    }

    /** A transfer event without its transferId is not one this bank wrote: refused, never guessed. */
    private static String transferIdOf(SpecificRecord event, String correlationId) {
        if (correlationId == null) {
            throw new IllegalArgumentException(event.getSchema().getName() + " without a correlationId (its transferId)");
        }
        return correlationId;
    }

    /** A reason this version does not know (read as UNKNOWN) cannot be told as one it does: refused, never guessed. */
    private static ReversalReason reversalReasonOf(TransferReversalReason reason) {
        if (reason == TransferReversalReason.UNKNOWN) {
            throw new IllegalArgumentException("a transfer reversal reason this version does not know");
        }
        return ReversalReason.valueOf(reason.name());
    }

    // ---- transfer instructions ----

    public static org.eventbank.schemas.avro.TransferInstruction toAvro(TransferInstruction instruction, String replyTo) {
        TransferTerms terms = instruction.terms();
        var avro = org.eventbank.schemas.avro.TransferInstruction.newBuilder()
                .setTransferId(terms.transferId()).setPayerAccountId(terms.payerAccountId())
                .setPayeeAccountId(terms.payeeAccountId()).setAmountMinor(terms.amountMinor()).setCurrency(terms.currency())
                .setPayerDebitVersion(terms.payerDebitVersion()).setIssuedAt(terms.issuedAt()).setCommandId(terms.commandId())
                .setReplyTo(replyTo).setInitiatedBy(toAvro(terms.origin().initiatedBy()));
        if (instruction instanceof TransferInstruction.Credit) {
            avro.setKind(TransferInstructionKind.CREDIT);
        } else if (instruction instanceof TransferInstruction.Reverse reverse) {
            avro.setKind(TransferInstructionKind.REVERSE).setReason(TransferReversalReason.valueOf(reverse.reason().name()))
                    .setDetail(reverse.detail());
        } else if (instruction instanceof TransferInstruction.Credited credited) {
            avro.setKind(TransferInstructionKind.CREDITED).setPayeeCreditVersion(credited.payeeCreditVersion());
        } else {
            throw new IllegalArgumentException("unknown transfer instruction " + instruction.getClass().getName());
        }
        return avro.build();
    }

    public static TransferInstruction fromAvro(org.eventbank.schemas.avro.TransferInstruction avro) {
        TransferTerms terms = new TransferTerms(avro.getTransferId(), avro.getPayerAccountId(), avro.getPayeeAccountId(),
                avro.getAmountMinor(), avro.getCurrency(), avro.getPayerDebitVersion(), avro.getCommandId(),
                avro.getIssuedAt(), originOf(avro.getInitiatedBy(), avro.getTransferId()));
        switch (avro.getKind()) {
            case CREDIT:
                return new TransferInstruction.Credit(terms);
            case REVERSE:
                if (avro.getReason() == null) {
                    throw new IllegalArgumentException("REVERSE instruction for transfer " + avro.getTransferId() + " without a reason");
                }
                return new TransferInstruction.Reverse(terms, reversalReasonOf(avro.getReason()),
                        Optional.ofNullable(avro.getDetail()).orElse(""));
            case CREDITED:
                if (avro.getPayeeCreditVersion() == null) {
                    throw new IllegalArgumentException("CREDITED instruction for transfer " + avro.getTransferId()
                            + " without the payee's credit version");
                }
                return new TransferInstruction.Credited(terms, avro.getPayeeCreditVersion());
            default:
                throw new IllegalArgumentException("unknown transfer instruction kind " + avro.getKind());
        }
    }

    // ---- who and why ----

    private static org.eventbank.schemas.avro.Initiator toAvro(Optional<Initiator> initiator) {
        return initiator.map(who -> org.eventbank.schemas.avro.Initiator.newBuilder()
                .setSubject(who.subject()).setClientId(who.clientId().orElse(null)).build()).orElse(null);
    }

    private static Origin originOf(org.eventbank.schemas.avro.Initiator initiatedBy, String correlationId) {
        Optional<Initiator> initiator = Optional.ofNullable(initiatedBy)
                .map(who -> new Initiator(who.getSubject(), Optional.ofNullable(who.getClientId())));
        return new Origin(initiator, Optional.ofNullable(correlationId));
    }

    // ---- results ----

    /** The outcome a command result tells the waiting request. */
    public static CommandOutcome outcomeOf(CommandResult result) {
        if (result.getTransfer() != null) {
            return transferOutcomeOf(result);
        }
        if (result.getOutcome() == Outcome.TRANSFER_PENDING) {
            // A debit was written: answering it as a refusal would tell the client its money did not move.
            throw new IllegalArgumentException("result of command " + result.getCommandId()
                    + " is TRANSFER_PENDING without its transfer record");
        }
        if (result.getOutcome() == Outcome.ACCEPTED) {
            return new CommandOutcome.Accepted(result.getAccountId(), result.getEventId(), result.getVersion(),
                    result.getBalanceMinor(), result.getCurrency(), Optional.ofNullable(result.getOwner()),
                    result.getReplayed());
        }
        return new CommandOutcome.Rejected(outcomeCodeOf(result.getOutcome()), Optional.ofNullable(result.getDetail()),
                result.getReplayed(), Optional.ofNullable(result.getOwner()));
    }

    /** A transfer's result once its debit is written: the outcome says the stage, the {@code transfer} record the rest. */
    private static CommandOutcome transferOutcomeOf(CommandResult result) {
        var transfer = result.getTransfer();
        TransferProgress.Stage stage;
        if (result.getOutcome() == Outcome.TRANSFER_PENDING) {
            stage = TransferProgress.Stage.PENDING;
        } else if (result.getOutcome() == Outcome.ACCEPTED) {
            stage = TransferProgress.Stage.COMPLETED;
        } else if (result.getOutcome() == Outcome.TRANSFER_REVERSED) {
            stage = TransferProgress.Stage.REVERSED;
        } else {
            throw new IllegalArgumentException("result of command " + result.getCommandId() + " carries a transfer but"
                    + " outcome " + result.getOutcome());
        }
        TransferProgress progress = new TransferProgress(stage, transfer.getTransferId(), transfer.getFromAccountId(),
                transfer.getToAccountId(), transfer.getAmountMinor(), transfer.getCurrency(), transfer.getDebitVersion(),
                transfer.getCreditVersion() == null ? OptionalLong.empty() : OptionalLong.of(transfer.getCreditVersion()),
                Optional.ofNullable(transfer.getReversalReason()).map(Enum::name));
        return new CommandOutcome.Transfer(progress, Optional.ofNullable(result.getDetail()),
                Optional.ofNullable(result.getOwner()), result.getReplayed());
    }

    /** Every rejection on the wire by its name; one this version does not know is an unknown rejection. */
    static OutcomeCode outcomeCodeOf(Outcome outcome) {
        if (outcome == Outcome.ACCEPTED) {
            throw new IllegalArgumentException("ACCEPTED is not a rejection");
        }
        try {
            return OutcomeCode.valueOf(outcome.name());
        } catch (IllegalArgumentException e) {
            return OutcomeCode.UNKNOWN_REJECTION;
        }
    }
}

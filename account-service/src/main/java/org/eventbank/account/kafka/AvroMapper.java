package org.eventbank.account.kafka;

import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.account.app.CommandOutcome;
import org.eventbank.account.app.OutcomeCode;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Deposit;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.OpenAccount;
import org.eventbank.schemas.avro.Outcome;
import org.eventbank.schemas.avro.Withdraw;
import org.eventbank.schemas.avro.Withdrawn;

/**
 * The one place where domain records meet the generated Avro classes: two functions per type (and,
 * for command results, the one way back to the HTTP edge's {@link CommandOutcome}), so generated
 * classes stay out of the domain and the ports. Instants travel as milliseconds (timestamp-millis).
 */
public final class AvroMapper {

    private AvroMapper() {
    }

    // ---- commands ----

    public static org.eventbank.schemas.avro.AccountCommand toAvro(AccountCommand command, CommandEnvelope envelope) {
        Object payload;
        if (command instanceof AccountCommand.OpenAccount open) {
            payload = new OpenAccount(open.owner(), open.currency());
        } else if (command instanceof AccountCommand.Deposit deposit) {
            payload = new Deposit(deposit.amountMinor(), deposit.currency().orElse(null));
        } else if (command instanceof AccountCommand.Withdraw withdraw) {
            payload = new Withdraw(withdraw.amountMinor(), withdraw.currency().orElse(null));
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
                .build();
    }

    public static AccountCommand fromAvro(org.eventbank.schemas.avro.AccountCommand avro) {
        OptionalLong expectedVersion = avro.getExpectedVersion() == null
                ? OptionalLong.empty() : OptionalLong.of(avro.getExpectedVersion());
        Object payload = avro.getPayload();
        if (payload instanceof OpenAccount open) {
            return new AccountCommand.OpenAccount(avro.getCommandId(), avro.getAccountId(), expectedVersion,
                    avro.getIssuedAt(), open.getOwner(), open.getCurrency());
        } else if (payload instanceof Deposit deposit) {
            return new AccountCommand.Deposit(avro.getCommandId(), avro.getAccountId(), expectedVersion,
                    avro.getIssuedAt(), deposit.getAmountMinor(), Optional.ofNullable(deposit.getCurrency()));
        } else if (payload instanceof Withdraw withdraw) {
            return new AccountCommand.Withdraw(avro.getCommandId(), avro.getAccountId(), expectedVersion,
                    avro.getIssuedAt(), withdraw.getAmountMinor(), Optional.ofNullable(withdraw.getCurrency()));
        }
        throw new IllegalArgumentException("unknown command payload " + (payload == null ? null : payload.getClass().getName()));
    }

    public static CommandEnvelope envelopeOf(org.eventbank.schemas.avro.AccountCommand avro) {
        return new CommandEnvelope(Optional.ofNullable(avro.getIdempotencyKey()), avro.getBodyHash(), avro.getReplyTo());
    }

    // ---- events ----

    public static SpecificRecord toAvro(AccountEvent event) {
        if (event instanceof AccountEvent.AccountOpened opened) {
            return new AccountOpened(opened.eventId(), opened.accountId(), opened.version(), opened.occurredAt(),
                    opened.commandId(), opened.owner(), opened.currency());
        } else if (event instanceof AccountEvent.Deposited deposited) {
            return new Deposited(deposited.eventId(), deposited.accountId(), deposited.version(), deposited.occurredAt(),
                    deposited.commandId(), deposited.amountMinor(), deposited.currency(), deposited.balanceAfterMinor());
        } else if (event instanceof AccountEvent.Withdrawn withdrawn) {
            return new Withdrawn(withdrawn.eventId(), withdrawn.accountId(), withdrawn.version(), withdrawn.occurredAt(),
                    withdrawn.commandId(), withdrawn.amountMinor(), withdrawn.currency(), withdrawn.balanceAfterMinor());
        }
        throw new IllegalArgumentException("unknown event type " + event.getClass().getName());
    }

    public static AccountEvent fromAvro(SpecificRecord avro) {
        if (avro instanceof AccountOpened opened) {
            return new AccountEvent.AccountOpened(opened.getEventId(), opened.getAccountId(), opened.getVersion(),
                    opened.getOccurredAt(), opened.getCommandId(), opened.getOwner(), opened.getCurrency());
        } else if (avro instanceof Deposited deposited) {
            return new AccountEvent.Deposited(deposited.getEventId(), deposited.getAccountId(), deposited.getVersion(),
                    deposited.getOccurredAt(), deposited.getCommandId(), deposited.getAmountMinor(),
                    deposited.getCurrency(), deposited.getBalanceAfterMinor());
        } else if (avro instanceof Withdrawn withdrawn) {
            return new AccountEvent.Withdrawn(withdrawn.getEventId(), withdrawn.getAccountId(), withdrawn.getVersion(),
                    withdrawn.getOccurredAt(), withdrawn.getCommandId(), withdrawn.getAmountMinor(),
                    withdrawn.getCurrency(), withdrawn.getBalanceAfterMinor());
        }
        throw new IllegalArgumentException("not an account event: " + (avro == null ? null : avro.getClass().getName()));
    }

    // ---- results ----

    /** The outcome a command result tells the waiting request. */
    public static CommandOutcome outcomeOf(CommandResult result) {
        if (result.getOutcome() == Outcome.ACCEPTED) {
            return new CommandOutcome.Accepted(result.getAccountId(), result.getEventId(), result.getVersion(),
                    result.getBalanceMinor(), result.getCurrency(), Optional.ofNullable(result.getOwner()),
                    result.getReplayed());
        }
        return new CommandOutcome.Rejected(outcomeCodeOf(result.getOutcome()), Optional.ofNullable(result.getDetail()),
                result.getReplayed());
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

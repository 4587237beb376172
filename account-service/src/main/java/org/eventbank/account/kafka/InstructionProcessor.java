package org.eventbank.account.kafka;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eventbank.account.domain.AccountDecider;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.TransferDecider;
import org.eventbank.account.domain.TransferDecider.CreditDecision;
import org.eventbank.account.domain.TransferInstruction;
import org.eventbank.schemas.avro.CommandResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of every transfer (decision 0016), in the same task and so the same exactly-once transaction and
 * stores as the {@link CommandProcessor} of the account it acts on:
 * <ul>
 *   <li>CREDIT, on the payee's writer: credits the payee and tells the payer ({@code CREDITED}), or writes nothing on
 *       the payee and sends the money back ({@code REVERSE}). Decided once: the highest debit version of each payer
 *       decided here is kept per (payee, payer) in {@value CommandProcessorTopology#TRANSFER_CREDITS_STORE}, and one
 *       payer's instructions reach a payee in that order, so a repeat is passed over.
 *   <li>REVERSE, on the payer's: writes the reversal and the final result (422 transfer-reversed);
 *   <li>CREDITED, on the payer's: no event (the credit is the payee's fact), the transfer leaves the payer's in-flight
 *       figures, and the final result (completed) is written.
 * </ul>
 * Both payer steps act only on a transfer still in {@value CommandProcessorTopology#TRANSFERS_OUT_STORE}, and remove
 * it: a repeat finds nothing and is passed over. Both also replace the pending result under the command's
 * Idempotency-Key, so a replay answers the transfer as it stands. Instructions have no deadline: they carry money
 * already debited.
 */
final class InstructionProcessor implements Processor<String, org.eventbank.schemas.avro.TransferInstruction, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(InstructionProcessor.class);

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccountState> accounts;
    private KeyValueStore<String, IdempotencyEntry> idempotency;
    private KeyValueStore<String, OutgoingTransfer> transfersOut;
    private KeyValueStore<String, Long> transferCredits;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.accounts = context.getStateStore(CommandProcessorTopology.ACCOUNTS_STORE);
        this.idempotency = context.getStateStore(CommandProcessorTopology.IDEMPOTENCY_STORE);
        this.transfersOut = context.getStateStore(CommandProcessorTopology.TRANSFERS_OUT_STORE);
        this.transferCredits = context.getStateStore(CommandProcessorTopology.TRANSFER_CREDITS_STORE);
    }

    @Override
    public void process(Record<String, org.eventbank.schemas.avro.TransferInstruction> record) {
        if (record.value() == null) {
            throw new IllegalStateException("null transfer instruction, key " + record.key()
                    + ": instructions are never deleted by tombstone");
        }
        TransferInstruction instruction = AvroMapper.fromAvro(record.value());
        if (!instruction.accountId().equals(record.key())) {
            // Another account's partition may hold it: acting here would be a second writer for that account.
            throw new IllegalStateException("transfer instruction " + instruction.getClass().getSimpleName() + " of transfer "
                    + instruction.terms().transferId() + " for account " + instruction.accountId() + " under key "
                    + record.key());
        }
        String replyTo = record.value().getReplyTo();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        if (instruction instanceof TransferInstruction.Credit credit) {
            credit(credit, replyTo, now);
        } else if (instruction instanceof TransferInstruction.Reverse reverse) {
            reverse(reverse, now);
        } else if (instruction instanceof TransferInstruction.Credited credited) {
            settle(credited);
        }
    }

    private void credit(TransferInstruction.Credit credit, String replyTo, Instant now) {
        var terms = credit.terms();
        String pairKey = terms.payeeAccountId() + "/" + terms.payerAccountId();
        Long decidedThrough = transferCredits.get(pairKey);
        AccountState payee = state(terms.payeeAccountId());
        CreditDecision decision = TransferDecider.credit(credit, payee,
                decidedThrough == null ? OptionalLong.empty() : OptionalLong.of(decidedThrough), now);
        if (decision instanceof CreditDecision.Repeated repeated) {
            log.warn("transfer {}: credit instruction for payer {} debit version {} passed over: payee {} has decided up to"
                    + " version {} of that payer (a repeated instruction)", terms.transferId(), terms.payerAccountId(),
                    terms.payerDebitVersion(), terms.payeeAccountId(), repeated.creditedThrough());
            return;
        }
        transferCredits.put(pairKey, terms.payerDebitVersion());
        if (decision instanceof CreditDecision.Take take) {
            AccountEvent.TransferCredited event = take.event();
            append(payee, event);
            send(new TransferInstruction.Credited(terms, event.version()), replyTo);
        } else if (decision instanceof CreditDecision.SendBack sendBack) {
            send(sendBack.reverse(), replyTo);
        }
    }

    private void reverse(TransferInstruction.Reverse reverse, Instant now) {
        var terms = reverse.terms();
        OutgoingTransfer outgoing = transfersOut.get(terms.transferId());
        if (outgoing == null) {
            log.warn("transfer {}: reversal for payer {} passed over: not in flight (settled already; a repeated"
                    + " instruction)", terms.transferId(), terms.payerAccountId());
            return;
        }
        AccountState payer = state(terms.payerAccountId());
        AccountEvent.TransferReversed reversal = TransferDecider.reverse(reverse, payer, now);
        AccountState after = append(payer, reversal);
        finish(terms.transferId(), outgoing, CommandResults.transferReversed(outgoing.pendingResult(), reversal,
                reverse.detail(), after));
    }

    private void settle(TransferInstruction.Credited credited) {
        var terms = credited.terms();
        OutgoingTransfer outgoing = transfersOut.get(terms.transferId());
        if (outgoing == null) {
            log.warn("transfer {}: credit report for payer {} passed over: not in flight (settled already; a repeated"
                    + " instruction)", terms.transferId(), terms.payerAccountId());
            return;
        }
        accounts.put(terms.payerAccountId(), AccountDecider.settle(state(terms.payerAccountId()), terms.amountMinor()));
        finish(terms.transferId(), outgoing, CommandResults.transferCompleted(outgoing.pendingResult(),
                credited.payeeCreditVersion()));
    }

    /** The transfer is over: no longer in flight, its final result answers the command and replaces the pending one. */
    private void finish(String transferId, OutgoingTransfer outgoing, CommandResult result) {
        transfersOut.delete(transferId);
        Optional<String> key = outgoing.idempotencyStoreKey();
        if (key.isPresent()) {
            IdempotencyEntry entry = idempotency.get(key.get());
            // Absent once purged (the retention passed while the transfer was in flight): nothing left to answer.
            if (entry != null && entry.result().getCommandId().equals(result.getCommandId())) {
                idempotency.put(key.get(), new IdempotencyEntry(entry.bodyHash(), result, entry.expiresAt()));
            }
        }
        context.forward(new Record<String, SpecificRecord>(result.getCommandId(), result, context.currentSystemTimeMs()),
                CommandProcessorTopology.RESULTS_SINK);
    }

    private AccountState state(String accountId) {
        return Optional.ofNullable(accounts.get(accountId)).orElse(AccountState.INITIAL);
    }

    private AccountState append(AccountState before, AccountEvent event) {
        AccountState after = CommandProcessor.emit(context, before, event, "transfer " + event.commandId());
        accounts.put(event.accountId(), after);
        return after;
    }

    private void send(TransferInstruction instruction, String replyTo) {
        context.forward(new Record<String, SpecificRecord>(instruction.accountId(), AvroMapper.toAvro(instruction, replyTo),
                context.currentSystemTimeMs()), CommandProcessorTopology.INSTRUCTIONS_SINK);
    }
}

package org.eventbank.account.domain;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * The second half of a transfer, as pure functions like {@link AccountDecider}: what the payee's writer does with a
 * {@link TransferInstruction.Credit} and what the payer's does with a {@link TransferInstruction.Reverse} (decision
 * 0016). The first half, the debit, is the {@link AccountCommand.Transfer} command's, in {@link AccountDecider}.
 */
public final class TransferDecider {

    private TransferDecider() {
    }

    /** What the payee's writer does with a credit instruction. */
    public sealed interface CreditDecision permits CreditDecision.Repeated, CreditDecision.Take, CreditDecision.SendBack {

        /** Decided already (at or below the payer's high-water mark here): nothing happens again. */
        record Repeated(long creditedThrough) implements CreditDecision {
        }

        /** Credited: the event to append; the payer is told with a {@link TransferInstruction.Credited}. */
        record Take(AccountEvent.TransferCredited event) implements CreditDecision {
        }

        /** Not taken: nothing is written on the payee, and the money goes back with a {@link TransferInstruction.Reverse}. */
        record SendBack(TransferInstruction.Reverse reverse) implements CreditDecision {
        }
    }

    /**
     * @param payee            the payee account's state
     * @param decidedThrough   the highest {@code payerDebitVersion} of this payer this payee has decided (credited or
     *                         sent back), if any: one payer's instructions reach a payee in the payer's version order, so
     *                         one at or below it is a repeat (it can only come from a reset offset or a bug upstream)
     * @param now              the payee writer's clock; the credit occurs at the later of it and the payee's last event
     */
    public static CreditDecision credit(TransferInstruction.Credit credit, AccountState payee, OptionalLong decidedThrough,
                                        Instant now) {
        TransferTerms terms = credit.terms();
        if (decidedThrough.isPresent() && terms.payerDebitVersion() <= decidedThrough.getAsLong()) {
            return new CreditDecision.Repeated(decidedThrough.getAsLong());
        }
        if (!payee.exists()) {
            return sendBack(terms, ReversalReason.PAYEE_NOT_FOUND, "account " + terms.payeeAccountId() + " does not exist");
        }
        if (payee.isClosed()) {
            return sendBack(terms, ReversalReason.PAYEE_CLOSED, "account " + terms.payeeAccountId() + " is closed");
        }
        if (!terms.currency().equals(payee.currency())) {
            return sendBack(terms, ReversalReason.CURRENCY_MISMATCH, "account " + terms.payeeAccountId() + " holds "
                    + payee.currency() + ", not " + terms.currency());
        }
        if (terms.amountMinor() > AccountDecider.headroomMinor(payee)) {
            return sendBack(terms, ReversalReason.BALANCE_OVERFLOW, "the balance of account " + terms.payeeAccountId()
                    + " would exceed " + Long.MAX_VALUE + " minor units");
        }
        long version = payee.version() + 1;
        return new CreditDecision.Take(new AccountEvent.TransferCredited(AccountDecider.eventId(terms.payeeAccountId(), version),
                terms.payeeAccountId(), version, AccountDecider.occurredAt(payee, now), terms.commandId(), terms.transferId(),
                terms.payerAccountId(), terms.amountMinor(), terms.currency(), payee.balanceMinor() + terms.amountMinor(),
                terms.payerDebitVersion(), terms.origin()));
    }

    /**
     * The payer takes its money back: never refused. The account cannot be closed (a close is refused while a transfer
     * is in flight) and cannot overflow (the amount stayed in reserve: {@link AccountDecider#headroomMinor}). The
     * caller passes only a reversal of a transfer still in flight; a repeat finds none and is passed over.
     */
    public static AccountEvent.TransferReversed reverse(TransferInstruction.Reverse reverse, AccountState payer, Instant now) {
        TransferTerms terms = reverse.terms();
        if (!payer.isOpen() || payer.outgoingTransfersInFlight() < 1 || payer.outgoingInFlightMinor() < terms.amountMinor()) {
            throw new IllegalStateException("account " + terms.payerAccountId() + ": reversal of transfer " + terms.transferId()
                    + " while the account is " + payer.status() + " with " + payer.outgoingTransfersInFlight()
                    + " transfer(s), " + payer.outgoingInFlightMinor() + " minor units in flight");
        }
        long version = payer.version() + 1;
        return new AccountEvent.TransferReversed(AccountDecider.eventId(terms.payerAccountId(), version),
                terms.payerAccountId(), version, AccountDecider.occurredAt(payer, now), terms.commandId(), terms.transferId(),
                terms.payeeAccountId(), terms.amountMinor(), terms.currency(),
                Math.addExact(payer.balanceMinor(), terms.amountMinor()), terms.payerDebitVersion(), reverse.reason(),
                terms.origin());
    }

    private static CreditDecision sendBack(TransferTerms terms, ReversalReason reason, String detail) {
        return new CreditDecision.SendBack(new TransferInstruction.Reverse(terms, reason, detail));
    }
}

package org.eventbank.ledger.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One transfer as its events tell it (contract v3, decision 0016): the payer's debit and then exactly one settlement,
 * the payee's credit or the payer's reversal. The events arrive re-keyed by transferId from two accounts' folds, which
 * may run on different instances at different speeds, so the settlement may be folded before the debit: the view
 * takes its legs in any order. Its status follows the settlement, not the debit: a credit alone proves the transfer
 * completed (its debit is committed before the credit is written), and the debit fills in later.
 *
 * @param debit      the payer's TransferDebited, or null while only the settlement is folded
 * @param settlement the payee's TransferCredited or the payer's TransferReversed, or null while pending
 */
public record TransferView(String transferId, String payerAccountId, String payeeAccountId, long amountMinor, String currency,
                           TransferLeg debit, TransferLeg settlement) {

    public TransferView {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(payerAccountId, "payerAccountId");
        Objects.requireNonNull(payeeAccountId, "payeeAccountId");
        Objects.requireNonNull(currency, "currency");
        if (debit == null && settlement == null) {
            throw new IllegalArgumentException("a transfer view of transfer " + transferId + " without any event");
        }
        if (debit != null && !debit.isDebit()) {
            throw new IllegalArgumentException("the debit of transfer " + transferId + " is a " + debit.type());
        }
        if (settlement != null && settlement.isDebit()) {
            throw new IllegalArgumentException("the settlement of transfer " + transferId + " is a debit");
        }
    }

    /** Folds one leg into the view so far (null before the first), checking that the legs fit together. */
    public static TransferView evolve(TransferView view, TransferLeg leg) {
        if (view == null) {
            return new TransferView(leg.transferId(), leg.payerAccountId(), leg.payeeAccountId(), leg.amountMinor(), leg.currency(),
                    leg.isDebit() ? leg : null, leg.isDebit() ? null : leg);
        }
        if (!view.transferId.equals(leg.transferId())) {
            throw new IllegalArgumentException("leg of transfer " + leg.transferId() + " folded into transfer " + view.transferId);
        }
        TransferLeg known = view.debit != null ? view.debit : view.settlement;
        requireAgrees(view, leg, "payer", view.payerAccountId, leg.payerAccountId());
        requireAgrees(view, leg, "payee", view.payeeAccountId, leg.payeeAccountId());
        requireAgrees(view, leg, "amount", Long.toString(view.amountMinor), Long.toString(leg.amountMinor()));
        requireAgrees(view, leg, "currency", view.currency, leg.currency());
        requireAgrees(view, leg, "debit version", Long.toString(known.debitVersion()), Long.toString(leg.debitVersion()));
        TransferLeg sameSide = leg.isDebit() ? view.debit : view.settlement;
        if (sameSide != null) {
            // the same event again changes nothing; another event in its place would be a second debit or settlement
            if (sameSide.eventId().equals(leg.eventId()) && sameSide.equals(leg)) {
                return view;
            }
            throw LedgerInvariantException.ofTransfer(Violation.TRANSFER_LEG_TWICE, view.transferId, leg.accountId(), leg.version(),
                    leg.type().wireName() + " after " + sameSide.type().wireName() + " at version " + sameSide.version()
                            + " of account " + sameSide.accountId());
        }
        return leg.isDebit()
                ? new TransferView(view.transferId, view.payerAccountId, view.payeeAccountId, view.amountMinor, view.currency, leg,
                        view.settlement)
                : new TransferView(view.transferId, view.payerAccountId, view.payeeAccountId, view.amountMinor, view.currency,
                        view.debit, leg);
    }

    private static void requireAgrees(TransferView view, TransferLeg leg, String what, String known, String claimed) {
        if (!known.equals(claimed)) {
            throw LedgerInvariantException.ofTransfer(Violation.TRANSFER_LEGS_DISAGREE, view.transferId, leg.accountId(), leg.version(),
                    leg.type().wireName() + " says " + what + " " + claimed + ", the transfer's other event " + known);
        }
    }

    public TransferStatus status() {
        if (settlement == null) {
            return TransferStatus.PENDING;
        }
        return settlement.type() == EventType.TRANSFER_CREDITED ? TransferStatus.COMPLETED : TransferStatus.REVERSED;
    }

    /** Why the money came back, when reversed; null otherwise. */
    public TransferReversalReason reason() {
        return status() == TransferStatus.REVERSED ? settlement.reason() : null;
    }

    /** The owner of the payer's account, from the debit or the reversal; null while neither is folded, or not known. */
    public String payerOwner() {
        if (debit != null && debit.accountOwner() != null) {
            return debit.accountOwner();
        }
        return status() == TransferStatus.REVERSED ? settlement.accountOwner() : null;
    }

    /** The owner of the payee's account, from the credit; null while it is not folded (pending, reversed), or not known. */
    public String payeeOwner() {
        return status() == TransferStatus.COMPLETED ? settlement.accountOwner() : null;
    }

    /** The transfer's events folded so far, the debit first: at most two. */
    public List<TransferLeg> legs() {
        List<TransferLeg> legs = new ArrayList<>(2);
        if (debit != null) {
            legs.add(debit);
        }
        if (settlement != null) {
            legs.add(settlement);
        }
        return Collections.unmodifiableList(legs);
    }
}

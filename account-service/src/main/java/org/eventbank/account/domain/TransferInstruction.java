package org.eventbank.account.domain;

/**
 * One step of a transfer between the payer's and the payee's single writers, keyed by the account it acts on
 * (decision 0016). Not a command: it carries money already debited, so it has no deadline and is never refused for
 * time; the payee's writer takes a {@link Credit} or sends it back as a {@link Reverse}, and tells the payer of a
 * credit with {@link Credited}.
 */
public sealed interface TransferInstruction permits TransferInstruction.Credit, TransferInstruction.Reverse,
        TransferInstruction.Credited {

    TransferTerms terms();

    /** The account whose writer acts on it: the payee for a credit, the payer for the other two. */
    String accountId();

    /** To the payee: take the money. */
    record Credit(TransferTerms terms) implements TransferInstruction {
        @Override
        public String accountId() {
            return terms.payeeAccountId();
        }
    }

    /** To the payer: the payee could not take it, so the money comes back. */
    record Reverse(TransferTerms terms, ReversalReason reason, String detail) implements TransferInstruction {
        @Override
        public String accountId() {
            return terms.payerAccountId();
        }
    }

    /** To the payer: the payee took it at {@code payeeCreditVersion}; the transfer is complete. */
    record Credited(TransferTerms terms, long payeeCreditVersion) implements TransferInstruction {
        @Override
        public String accountId() {
            return terms.payerAccountId();
        }
    }
}

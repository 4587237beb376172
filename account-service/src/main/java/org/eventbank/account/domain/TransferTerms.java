package org.eventbank.account.domain;

import java.time.Instant;

/**
 * What both single writers of a transfer know about it once the payer's is debited: carried by every
 * {@link TransferInstruction} between them (decision 0016).
 *
 * @param payerDebitVersion the payer's version of its {@link AccountEvent.TransferDebited}: one payer's instructions
 *                          reach a payee in this order, which is what lets the payee tell a repeat
 * @param commandId         the transfer command's id: the events of both legs name it, and its results answer it
 * @param issuedAt          when the transfer command was issued
 * @param origin            who asked, with the transferId as correlation id; copied onto the credit and the reversal
 */
public record TransferTerms(String transferId, String payerAccountId, String payeeAccountId, long amountMinor,
                            String currency, long payerDebitVersion, String commandId, Instant issuedAt, Origin origin) {

    /** The terms a debit sets: the instruction to credit the payee is built from them. */
    public static TransferTerms of(AccountEvent.TransferDebited debit, Instant issuedAt) {
        return new TransferTerms(debit.transferId(), debit.accountId(), debit.counterpartyAccountId(), debit.amountMinor(),
                debit.currency(), debit.version(), debit.commandId(), issuedAt, debit.origin());
    }
}

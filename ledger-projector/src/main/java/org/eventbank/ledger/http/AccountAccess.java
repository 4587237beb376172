package org.eventbank.ledger.http;

import java.util.Optional;

import io.javalin.http.Context;
import org.eventbank.kit.auth.BearerAuth;
import org.eventbank.kit.auth.Caller;
import org.eventbank.kit.auth.Scope;
import org.eventbank.ledger.domain.BalanceView;
import org.eventbank.ledger.domain.HistoryEntry;
import org.eventbank.ledger.domain.Initiator;
import org.eventbank.ledger.domain.TransferView;

/**
 * Who may see which account (issue 14), the one rule every account query applies on the instance that holds the
 * account:
 * <ul>
 *   <li>{@code accounts:read} reads the caller's own accounts (the account's {@code owner} is the token's owner
 *       claim), {@code bank:auditor} reads every account; other scopes read nothing (403 forbidden, before anything
 *       else is looked at);
 *   <li>an account the caller may not read is, to that caller, an account that does not exist: the same answer
 *       (status, problem, detail, and a minVersion wait as long), so no answer tells a customer that another's
 *       account exists. An account whose owner the store does not know (folded before owners were kept) is readable
 *       by auditors only;
 *   <li>in a statement, a customer sees who acted only where it was the account's owner: an entry someone else
 *       initiated (a teller) shows its initiator as redacted.
 * </ul>
 */
final class AccountAccess {

    private AccountAccess() {
    }

    /** The caller, if it may read some account; otherwise 403 forbidden. */
    static Caller requireReader(Context ctx) {
        return BearerAuth.require(ctx, Scope.ACCOUNTS_READ, Scope.AUDITOR);
    }

    /** The view, if the caller may read it; empty as for an account that does not exist otherwise. */
    static Optional<BalanceView> visible(Caller caller, Optional<BalanceView> view) {
        return view.filter(found -> caller.mayRead(found.owner()));
    }

    /** The transfer, if the caller may read one of its accounts as its events tell them; empty as for an unknown transfer otherwise. */
    static Optional<TransferView> visibleTransfer(Caller caller, Optional<TransferView> view) {
        // mayRead(null) is true for an auditor only: an owner not known (yet) lets no customer in
        return view.filter(found -> caller.mayRead(found.payerOwner()) || caller.mayRead(found.payeeOwner()));
    }

    /**
     * Whether the initiator of a statement entry is hidden from this caller: shown as it is to an auditor and where the
     * account's owner acted; hidden from a customer where someone else (a teller) did, leaving only that fact.
     */
    static boolean initiatorHidden(Caller caller, String accountOwner, HistoryEntry entry) {
        Initiator initiator = entry.initiatedBy();
        return initiator != null && !caller.has(Scope.AUDITOR) && !initiator.subject().equals(accountOwner);
    }
}

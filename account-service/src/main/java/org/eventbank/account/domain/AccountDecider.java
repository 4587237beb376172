package org.eventbank.account.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.eventbank.account.domain.AccountCommand.CloseAccount;
import org.eventbank.account.domain.AccountCommand.Deposit;
import org.eventbank.account.domain.AccountCommand.OpenAccount;
import org.eventbank.account.domain.AccountCommand.Transfer;
import org.eventbank.account.domain.AccountCommand.Withdraw;
import org.eventbank.account.domain.AccountEvent.AccountClosed;
import org.eventbank.account.domain.AccountEvent.AccountOpened;
import org.eventbank.account.domain.AccountEvent.Deposited;
import org.eventbank.account.domain.AccountEvent.TransferCredited;
import org.eventbank.account.domain.AccountEvent.TransferDebited;
import org.eventbank.account.domain.AccountEvent.TransferReversed;
import org.eventbank.account.domain.AccountEvent.Withdrawn;
import org.eventbank.schemas.contract.AccountIds;

/**
 * An account as a decider: {@link #decide} turns a command, the current state and the single writer's
 * clock reading into events or a rejection; {@link #evolve} folds one event into the state. Pure
 * functions: the clock arrives as a value, no I/O, no Kafka. Rules are checked in the order of
 * {@link RejectionCode}. Every event carries the {@link Origin} of the command that caused it.
 */
public final class AccountDecider {

    private AccountDecider() {
    }

    /**
     * @param now the single writer's clock when it decides: a command past its {@code notAfter} is refused as
     *            {@link RejectionCode#EXPIRED} before any other rule, so it is never decided after its deadline; the
     *            events it causes occur at {@code now}, or at the account's last event time if that is later, so a
     *            command decided late is not backdated and an account's time never goes backwards
     */
    public static Decision decide(AccountCommand command, AccountState state, Instant now) {
        if (command.notAfter().isPresent() && now.isAfter(command.notAfter().get())) {
            return Decision.reject(RejectionCode.EXPIRED, "not decided before its deadline " + command.notAfter().get()
                    + " (decided at " + now + "); nothing was written");
        }
        Optional<Rejection> unauthorized = authorize(command, state);
        if (unauthorized.isPresent()) {
            return new Decision.Rejected(unauthorized.get());
        }
        if (!AccountIds.isValid(command.accountId())) {
            return Decision.reject(RejectionCode.INVALID_ACCOUNT_ID, AccountIds.refusal(command.accountId()));
        }
        if (command instanceof OpenAccount open) {
            return decideOpen(open, state, now);
        } else if (command instanceof Deposit deposit) {
            return decideMoney(deposit, deposit.amountMinor(), deposit.currency(), state, now);
        } else if (command instanceof Withdraw withdraw) {
            return decideMoney(withdraw, withdraw.amountMinor(), withdraw.currency(), state, now);
        } else if (command instanceof CloseAccount close) {
            return decideClose(close, state, now);
        } else if (command instanceof Transfer transfer) {
            return decideTransfer(transfer, state, now);
        }
        throw new IllegalArgumentException("unknown command type " + command.getClass().getName());
    }

    /**
     * May the command's initiator do this to this account? Checked before anything else (the single writer checks it
     * before the Idempotency-Key too, so nobody reads or poisons another's key). A teller may act on any account;
     * a customer only on accounts whose owner is their own reference ({@code initiatedBy.subject}), and opens accounts
     * only in their own name. A command that names nobody (v1, or written while identity is off, when the edge lets
     * only tellers write) is not checked here. The refusal of a customer on another's existing account reads exactly
     * as an unknown account, so it reveals nothing.
     */
    public static Optional<Rejection> authorize(AccountCommand command, AccountState state) {
        if (command.actingAs().isEmpty() || command.actingAs().get() == ActingAs.TELLER) {
            return Optional.empty();
        }
        Optional<String> customer = command.origin().initiatedBy().map(Initiator::subject);
        if (command instanceof OpenAccount open) {
            return customer.isPresent() && customer.get().equals(open.owner()) ? Optional.empty()
                    : Optional.of(new Rejection(RejectionCode.NOT_OWNER, "a customer opens accounts only in their own name"));
        }
        if (customer.isPresent() && (!state.exists() || customer.get().equals(state.owner()))) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(RejectionCode.NOT_OWNER, notFound(command.accountId())));
    }

    /** The one wording of "no such account", shared by the real thing and the refusal that must look like it. */
    static String notFound(String accountId) {
        return "account " + accountId + " does not exist";
    }

    public static AccountState evolve(AccountState state, AccountEvent event) {
        if (state.isClosed()) {
            throw new IllegalStateException("account " + event.accountId() + ": event version " + event.version()
                    + " after the account was closed at version " + state.version());
        }
        if (event.version() != state.version() + 1) {
            throw new IllegalStateException("account " + event.accountId() + ": event version " + event.version()
                    + " does not follow version " + state.version());
        }
        if (event instanceof AccountOpened opened) {
            if (state.exists()) {
                throw new IllegalStateException("account " + event.accountId() + " opened twice");
            }
            return new AccountState(AccountStatus.OPEN, opened.owner(), opened.currency(), 0, opened.version(),
                    opened.occurredAt(), 0);
        } else if (event instanceof Deposited deposited) {
            return moved(state, event, Math.addExact(state.balanceMinor(), deposited.amountMinor()),
                    deposited.balanceAfterMinor());
        } else if (event instanceof Withdrawn withdrawn) {
            return moved(state, event, Math.subtractExact(state.balanceMinor(), withdrawn.amountMinor()),
                    withdrawn.balanceAfterMinor());
        } else if (event instanceof AccountClosed closed) {
            return closed(state, closed);
        } else if (event instanceof TransferDebited debited) {
            AccountState moved = moved(state, event, Math.subtractExact(state.balanceMinor(), debited.amountMinor()),
                    debited.balanceAfterMinor());
            return inFlight(moved, state.outgoingTransfersInFlight() + 1,
                    Math.addExact(state.outgoingInFlightMinor(), debited.amountMinor()));
        } else if (event instanceof TransferCredited credited) {
            return moved(state, event, Math.addExact(state.balanceMinor(), credited.amountMinor()),
                    credited.balanceAfterMinor());
        } else if (event instanceof TransferReversed reversed) {
            AccountState moved = moved(state, event, Math.addExact(state.balanceMinor(), reversed.amountMinor()),
                    reversed.balanceAfterMinor());
            return inFlight(moved, state.outgoingTransfersInFlight() - 1,
                    state.outgoingInFlightMinor() - reversed.amountMinor());
        }
        throw new IllegalArgumentException("unknown event type " + event.getClass().getName());
    }

    /**
     * The payee's writer reports that it credited a transfer out of this account: it is no longer in flight, and its
     * amount no longer held in reserve. No event on this account: the credit is the payee's fact.
     */
    public static AccountState settle(AccountState payer, long amountMinor) {
        return inFlight(payer, payer.outgoingTransfersInFlight() - 1, payer.outgoingInFlightMinor() - amountMinor);
    }

    /**
     * How much more money this account can take: {@link Long#MAX_VALUE} less its balance and what it has in flight to
     * others, since each of those transfers may still come back. Deposits and incoming credits above it are refused,
     * so a reversal never overflows.
     */
    public static long headroomMinor(AccountState state) {
        return Long.MAX_VALUE - state.balanceMinor() - state.outgoingInFlightMinor();
    }

    private static AccountState inFlight(AccountState state, int transfers, long amountMinor) {
        if (transfers < 0 || amountMinor < 0 || (transfers == 0) != (amountMinor == 0)) {
            throw new IllegalStateException("account at version " + state.version() + " would have " + transfers
                    + " outgoing transfer(s) in flight holding " + amountMinor + " minor units");
        }
        return new AccountState(state.status(), state.owner(), state.currency(), state.balanceMinor(), state.version(),
                state.lastEventAt(), transfers, amountMinor);
    }

    /** Name-based, so the same account and version always give the same event id, also on replay. */
    public static String eventId(String accountId, long version) {
        return UUID.nameUUIDFromBytes((accountId + "/" + version).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Decision decideOpen(OpenAccount open, AccountState state, Instant now) {
        if (!AccountRules.isValidOwner(open.owner())) {
            return Decision.reject(RejectionCode.INVALID_OWNER, "owner must be 1-" + AccountRules.OWNER_LENGTH_MAX
                    + " characters, not blank");
        }
        if (state.exists()) {
            // A closed account's id is never opened again: its ledger history belongs to it for good.
            return Decision.reject(RejectionCode.ACCOUNT_EXISTS, "account " + open.accountId()
                    + (state.isClosed() ? " existed and is closed; its id is never reused" : " already exists"));
        }
        Optional<Decision> conflict = versionConflict(open.expectedVersion(), state);
        if (conflict.isPresent()) {
            return conflict.get();
        }
        if (!AccountRules.isKnownCurrency(open.currency())) {
            return Decision.reject(RejectionCode.INVALID_CURRENCY, "'" + open.currency() + "' is not an ISO 4217 currency code");
        }
        long version = state.version() + 1;
        return Decision.accept(new AccountOpened(eventId(open.accountId(), version), open.accountId(), version,
                occurredAt(state, now), open.commandId(), open.owner(), open.currency(), open.origin()));
    }

    private static Decision decideMoney(AccountCommand command, long amountMinor, Optional<String> currency,
                                        AccountState state, Instant now) {
        Optional<Decision> refusal = refuseUnlessOpenAtExpectedVersion(command, state);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (!AccountRules.isValidAmount(amountMinor)) {
            return Decision.reject(RejectionCode.INVALID_AMOUNT, "amount must be 1 to " + AccountRules.AMOUNT_MINOR_MAX
                    + " minor units, not " + amountMinor);
        }
        if (currency.isPresent() && !AccountRules.isKnownCurrency(currency.get())) {
            return Decision.reject(RejectionCode.INVALID_CURRENCY, "'" + currency.get() + "' is not an ISO 4217 currency code");
        }
        if (currency.isPresent() && !currency.get().equals(state.currency())) {
            return Decision.reject(RejectionCode.CURRENCY_MISMATCH, "account " + command.accountId() + " holds "
                    + state.currency() + ", not " + currency.get());
        }
        long version = state.version() + 1;
        String eventId = eventId(command.accountId(), version);
        Instant occurredAt = occurredAt(state, now);
        if (command instanceof Withdraw) {
            if (amountMinor > state.balanceMinor()) {
                return Decision.reject(RejectionCode.INSUFFICIENT_FUNDS, "balance " + state.balanceMinor()
                        + " is less than " + amountMinor);
            }
            return Decision.accept(new Withdrawn(eventId, command.accountId(), version, occurredAt, command.commandId(),
                    amountMinor, state.currency(), state.balanceMinor() - amountMinor, command.origin()));
        }
        if (amountMinor > headroomMinor(state)) {
            return Decision.reject(RejectionCode.BALANCE_OVERFLOW, "the balance would exceed " + Long.MAX_VALUE
                    + " minor units" + (state.outgoingInFlightMinor() > 0 ? " with the " + state.outgoingInFlightMinor()
                    + " in flight to other accounts, which may come back" : ""));
        }
        return Decision.accept(new Deposited(eventId, command.accountId(), version, occurredAt, command.commandId(),
                amountMinor, state.currency(), state.balanceMinor() + amountMinor, command.origin()));
    }

    private static Decision decideClose(CloseAccount close, AccountState state, Instant now) {
        Optional<Decision> refusal = refuseUnlessOpenAtExpectedVersion(close, state);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (state.balanceMinor() != 0) {
            return Decision.reject(RejectionCode.BALANCE_NOT_ZERO, "the balance is " + state.balanceMinor()
                    + ", not 0; withdraw it first");
        }
        if (state.outgoingTransfersInFlight() > 0) {
            return Decision.reject(RejectionCode.TRANSFERS_IN_FLIGHT, state.outgoingTransfersInFlight()
                    + " outgoing transfer(s) not yet credited or reversed; retry once they are settled");
        }
        long version = state.version() + 1;
        return Decision.accept(new AccountClosed(eventId(close.accountId(), version), close.accountId(), version,
                occurredAt(state, now), close.commandId(), state.currency(), 0, close.reason(), close.origin()));
    }

    /**
     * The payer's half of a transfer (decision 0016): the money leaves this account in one event, and the payee's writer
     * is told to credit it. The payee is not known here (another writer's account): whether it can take the money is
     * that writer's decision, and a refusal there comes back as a reversal.
     */
    private static Decision decideTransfer(Transfer transfer, AccountState state, Instant now) {
        if (!AccountIds.isValid(transfer.toAccountId())) {
            return Decision.reject(RejectionCode.INVALID_ACCOUNT_ID, AccountIds.refusal(transfer.toAccountId()));
        }
        if (transfer.toAccountId().equals(transfer.accountId())) {
            return Decision.reject(RejectionCode.SAME_ACCOUNT, "a transfer needs two accounts; " + transfer.accountId()
                    + " is both");
        }
        Optional<Decision> refusal = refuseUnlessOpenAtExpectedVersion(transfer, state);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (!AccountRules.isValidAmount(transfer.amountMinor())) {
            return Decision.reject(RejectionCode.INVALID_AMOUNT, "amount must be 1 to " + AccountRules.AMOUNT_MINOR_MAX
                    + " minor units, not " + transfer.amountMinor());
        }
        if (transfer.currency().isPresent() && !AccountRules.isKnownCurrency(transfer.currency().get())) {
            return Decision.reject(RejectionCode.INVALID_CURRENCY, "'" + transfer.currency().get()
                    + "' is not an ISO 4217 currency code");
        }
        if (transfer.currency().isPresent() && !transfer.currency().get().equals(state.currency())) {
            return Decision.reject(RejectionCode.CURRENCY_MISMATCH, "account " + transfer.accountId() + " holds "
                    + state.currency() + ", not " + transfer.currency().get());
        }
        if (transfer.amountMinor() > state.balanceMinor()) {
            return Decision.reject(RejectionCode.INSUFFICIENT_FUNDS, "balance " + state.balanceMinor()
                    + " is less than " + transfer.amountMinor());
        }
        long version = state.version() + 1;
        return Decision.accept(new TransferDebited(eventId(transfer.accountId(), version), transfer.accountId(), version,
                occurredAt(state, now), transfer.commandId(), transfer.transferId(), transfer.toAccountId(),
                transfer.amountMinor(), state.currency(), state.balanceMinor() - transfer.amountMinor(),
                transfer.reference(), transfer.origin()));
    }

    /** The first rules of every command on an existing account, in precedence order: it exists, is open, is at the expected version. */
    private static Optional<Decision> refuseUnlessOpenAtExpectedVersion(AccountCommand command, AccountState state) {
        if (!state.exists()) {
            return Optional.of(Decision.reject(RejectionCode.ACCOUNT_NOT_FOUND, notFound(command.accountId())));
        }
        if (state.isClosed()) {
            return Optional.of(Decision.reject(RejectionCode.ACCOUNT_CLOSED, "account " + command.accountId()
                    + " is closed"));
        }
        return versionConflict(command.expectedVersion(), state);
    }

    private static Optional<Decision> versionConflict(OptionalLong expectedVersion, AccountState state) {
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != state.version()) {
            return Optional.of(Decision.reject(RejectionCode.VERSION_CONFLICT, "expected version "
                    + expectedVersion.getAsLong() + ", the account is at version " + state.version()));
        }
        return Optional.empty();
    }

    /**
     * The later of the single writer's clock and the last event's time, so an account's time never goes backwards
     * (a new owner's clock may be behind the previous one's). Not the command's {@code issuedAt}: a command decided
     * late would be backdated into a past that "as of" queries have already answered.
     */
    static Instant occurredAt(AccountState state, Instant now) {
        return now.isAfter(state.lastEventAt()) ? now : state.lastEventAt();
    }

    private static AccountState moved(AccountState state, AccountEvent event, long balanceMinor, long balanceAfterMinor) {
        if (!state.isOpen()) {
            throw new IllegalStateException("account " + event.accountId() + ": money event before the account was opened");
        }
        if (balanceMinor != balanceAfterMinor || balanceMinor < 0) {
            throw new IllegalStateException("account " + event.accountId() + " version " + event.version()
                    + ": balance after is " + balanceAfterMinor + ", the fold gives " + balanceMinor);
        }
        return new AccountState(AccountStatus.OPEN, state.owner(), state.currency(), balanceMinor, event.version(),
                event.occurredAt(), state.outgoingTransfersInFlight(), state.outgoingInFlightMinor());
    }

    /** Only an open, empty account with nothing in flight closes: anything else on the ledger is a bug upstream. */
    private static AccountState closed(AccountState state, AccountClosed closed) {
        if (!state.isOpen()) {
            throw new IllegalStateException("account " + closed.accountId() + ": closed before it was opened");
        }
        if (state.balanceMinor() != 0 || closed.balanceAfterMinor() != 0) {
            throw new IllegalStateException("account " + closed.accountId() + " version " + closed.version()
                    + ": closed with balance " + state.balanceMinor() + " (balance after " + closed.balanceAfterMinor()
                    + "); only an empty account closes");
        }
        if (state.outgoingTransfersInFlight() != 0) {
            throw new IllegalStateException("account " + closed.accountId() + " version " + closed.version()
                    + ": closed with " + state.outgoingTransfersInFlight() + " outgoing transfer(s) in flight");
        }
        return new AccountState(AccountStatus.CLOSED, state.owner(), state.currency(), 0, closed.version(),
                closed.occurredAt(), 0);
    }
}

package org.eventbank.account.http;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.eventbank.account.app.CommandGateway;
import org.eventbank.account.app.CommandOutcome;
import org.eventbank.account.app.IdempotencyScope;
import org.eventbank.account.app.OutcomeCode;
import org.eventbank.account.app.Submission;
import org.eventbank.account.app.TransferProgress;
import org.eventbank.account.domain.AccountCommand;
import org.eventbank.account.domain.AccountDecider;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.Decision;
import org.eventbank.account.domain.Initiator;
import org.eventbank.account.domain.RejectionCode;
import org.eventbank.account.domain.TransferDecider;
import org.eventbank.account.domain.TransferInstruction;
import org.eventbank.account.domain.TransferTerms;

/**
 * Stands in for Kafka at the HTTP edge only: decides with the real deciders over an in-memory map (a transfer's two
 * halves at once, or only its debit while {@link #creditsPending}),
 * records every command it was given, and can be told to hold answers or let them time out. Like the
 * Kafka gateway it lets at most {@link #WAITING_MAX} requests wait and refuses a key already in flight.
 */
final class FakeCommandGateway implements CommandGateway {

    enum Mode { ANSWER, TIME_OUT, HOLD }

    /** One command as the edge sent it. */
    record Submitted(AccountCommand command, Optional<String> idempotencyKey, String bodyHash) {
    }

    static final int WAITING_MAX = 2;

    final List<Submitted> submitted = new CopyOnWriteArrayList<>();
    private final Map<String, AccountState> accounts = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Set<String> keysInFlight = ConcurrentHashMap.newKeySet();
    volatile Mode mode = Mode.ANSWER;
    /** Whether a transfer's wait ends after its debit, before the payee's writer answers (202 pending). */
    volatile boolean creditsPending;
    /** The clock of the fake's single writer; null: it decides each command at the instant it was issued. */
    volatile Instant decideAt;

    @Override
    public synchronized Submission submit(AccountCommand command, Optional<String> idempotencyKey, String bodyHash) {
        if (held.size() >= WAITING_MAX) {
            return new Submission.Refused(Submission.Refused.Reason.TOO_MANY_WAITING);
        }
        Optional<String> inFlightKey = idempotencyKey.map(k -> IdempotencyScope.of(command.accountId(),
                command.origin().initiatedBy().map(Initiator::subject), k));
        if (inFlightKey.isPresent() && keysInFlight.contains(inFlightKey.get())) {
            return new Submission.Refused(Submission.Refused.Reason.KEY_IN_FLIGHT);
        }
        submitted.add(new Submitted(command, idempotencyKey, bodyHash));
        if (mode == Mode.HOLD) {
            held.add(command.commandId());
            inFlightKey.ifPresent(keysInFlight::add);
            return new Submission.Pending(new CompletableFuture<>());
        }
        if (mode == Mode.TIME_OUT) {
            return new Submission.Pending(CompletableFuture.failedFuture(new TimeoutException("no result")));
        }
        return new Submission.Pending(CompletableFuture.completedFuture(decide(command)));
    }

    /**
     * The rest of a transfer once its debit is written, as the two single writers decide it (decision 0016): the payee's
     * credits it with the real {@link TransferDecider} (the payer settles) or sends it back (the payer reverses it), at
     * once; unless {@link #creditsPending}, when the wait ends before the payee's writer answers.
     */
    private CommandOutcome transferred(AccountCommand.Transfer command, AccountEvent.TransferDebited debit, AccountState payer,
                                       Instant now) {
        Optional<String> owner = Optional.ofNullable(payer.owner());
        TransferProgress pending = new TransferProgress(TransferProgress.Stage.PENDING, debit.transferId(), debit.accountId(),
                debit.counterpartyAccountId(), debit.amountMinor(), debit.currency(), debit.version(), OptionalLong.empty(),
                Optional.empty());
        if (creditsPending) {
            return new CommandOutcome.Transfer(pending, Optional.empty(), owner, false);
        }
        String payeeId = debit.counterpartyAccountId();
        AccountState payee = accounts.getOrDefault(payeeId, AccountState.INITIAL);
        var credit = TransferDecider.credit(new TransferInstruction.Credit(TransferTerms.of(debit, command.issuedAt())), payee,
                OptionalLong.empty(), now);
        if (credit instanceof TransferDecider.CreditDecision.Take take) {
            accounts.put(payeeId, AccountDecider.evolve(payee, take.event()));
            accounts.put(debit.accountId(), AccountDecider.settle(payer, debit.amountMinor()));
            return new CommandOutcome.Transfer(new TransferProgress(TransferProgress.Stage.COMPLETED, pending.transferId(),
                    pending.fromAccountId(), pending.toAccountId(), pending.amountMinor(), pending.currency(),
                    pending.debitVersion(), OptionalLong.of(take.event().version()), Optional.empty()), Optional.empty(), owner,
                    false);
        }
        TransferInstruction.Reverse reverse = ((TransferDecider.CreditDecision.SendBack) credit).reverse();
        accounts.put(debit.accountId(), AccountDecider.evolve(payer, TransferDecider.reverse(reverse, payer, now)));
        return new CommandOutcome.Transfer(new TransferProgress(TransferProgress.Stage.REVERSED, pending.transferId(),
                pending.fromAccountId(), pending.toAccountId(), pending.amountMinor(), pending.currency(), pending.debitVersion(),
                OptionalLong.empty(), Optional.of(reverse.reason().name())), Optional.of(reverse.detail()), owner, false);
    }

    /** The state the fake holds for an account now. */
    AccountState state(String accountId) {
        return accounts.getOrDefault(accountId, AccountState.INITIAL);
    }

    /** Starts an account in a state no event of this release leads to yet (a transfer out in flight). */
    void givenState(String accountId, AccountState state) {
        accounts.put(accountId, state);
    }

    /** How many requests wait for an answer that is held back. */
    int waiting() {
        return held.size();
    }

    private CommandOutcome decide(AccountCommand command) {
        AccountState state = accounts.getOrDefault(command.accountId(), AccountState.INITIAL);
        Instant now = decideAt != null ? decideAt : command.issuedAt();
        Decision decision = AccountDecider.decide(command, state, now);
        if (decision instanceof Decision.Accepted accepted) {
            AccountEvent event = accepted.events().get(0);
            state = AccountDecider.evolve(state, event);
            accounts.put(command.accountId(), state);
            if (event instanceof AccountEvent.TransferDebited debit) {
                return transferred((AccountCommand.Transfer) command, debit, state, now);
            }
            // As the processor answers: the account's owner on every result.
            return new CommandOutcome.Accepted(command.accountId(), event.eventId(), state.version(), state.balanceMinor(),
                    state.currency(), Optional.ofNullable(state.owner()), false);
        }
        var rejection = ((Decision.Rejected) decision).rejection();
        boolean notOwner = rejection.code() == RejectionCode.NOT_OWNER;
        return new CommandOutcome.Rejected(OutcomeCode.reported(rejection.code(), command instanceof AccountCommand.OpenAccount),
                Optional.of(rejection.detail()), false, notOwner ? Optional.empty() : Optional.ofNullable(state.owner()));
    }
}

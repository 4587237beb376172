package org.eventbank.account.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.eventbank.account.domain.AccountDecider;
import org.eventbank.account.domain.AccountEvent;
import org.eventbank.account.domain.AccountState;
import org.eventbank.account.domain.Decision;
import org.eventbank.account.mapping.AvroMapper;
import org.eventbank.account.results.PendingRequests;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;

/**
 * Stands in for Kafka at the HTTP edge only: decides with the real decider over an in-memory map,
 * records every command it was given, and can be told to hold answers or let them time out.
 */
final class FakeCommandGateway implements CommandGateway {

    enum Mode { ANSWER, TIME_OUT, HOLD }

    final List<AccountCommand> submitted = new CopyOnWriteArrayList<>();
    final PendingRequests pending = new PendingRequests(2);
    private final Map<String, AccountState> accounts = new ConcurrentHashMap<>();
    volatile Mode mode = Mode.ANSWER;

    @Override
    public CompletableFuture<CommandResult> submit(AccountCommand command) {
        var inFlightKey = java.util.Optional.ofNullable(command.getIdempotencyKey()).map(k -> command.getAccountId() + "/" + k);
        CompletableFuture<CommandResult> future = pending.register(command.getCommandId(), inFlightKey);
        submitted.add(command);
        if (mode == Mode.HOLD) {
            return future;
        }
        pending.release(command.getCommandId(), inFlightKey);
        if (mode == Mode.TIME_OUT) {
            return CompletableFuture.failedFuture(new TimeoutException("no result"));
        }
        return CompletableFuture.completedFuture(decide(command));
    }

    @Override
    public String instanceId() {
        return "fake-instance";
    }

    private synchronized CommandResult decide(AccountCommand avro) {
        var command = AvroMapper.fromAvro(avro);
        AccountState state = accounts.getOrDefault(command.accountId(), AccountState.INITIAL);
        Decision decision = AccountDecider.decide(command, state);
        var result = CommandResult.newBuilder().setCommandId(command.commandId()).setAccountId(command.accountId())
                .setReplayed(false);
        if (decision instanceof Decision.Accepted accepted) {
            AccountEvent event = accepted.events().get(0);
            state = AccountDecider.evolve(state, event);
            accounts.put(command.accountId(), state);
            return result.setOutcome(Outcome.ACCEPTED).setEventId(event.eventId()).setVersion(state.version())
                    .setBalanceMinor(state.balanceMinor()).setCurrency(state.currency()).setOwner(state.owner()).build();
        }
        var rejection = ((Decision.Rejected) decision).rejection();
        return result.setOutcome(Outcome.valueOf(rejection.code().name())).setDetail(rejection.detail()).build();
    }
}

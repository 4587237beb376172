package org.eventbank.account.kafka;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import org.eventbank.schemas.avro.CommandResult;
import org.eventbank.schemas.avro.Outcome;

/**
 * The HTTP requests of this instance waiting for their command's result, keyed by command id, at
 * most {@code pendingRequestsMax} at once. Also remembers which (account, Idempotency-Key) pairs are
 * in flight here, so a second request with the same key is refused at once instead of racing.
 */
public final class PendingRequests {

    /** Why a request could not wait for its result. */
    public enum Refusal {
        /** {@code pendingRequestsMax} requests are already waiting. */
        FULL,
        /** The same (account, Idempotency-Key) is still being processed on this instance. */
        IN_FLIGHT
    }

    /** Thrown by {@link #register} when the request cannot wait. */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Refusal refusal;

        RefusedException(Refusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private final int pendingRequestsMax;
    private final Semaphore slots;
    private final ConcurrentMap<String, CompletableFuture<CommandResult>> byCommandId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> commandIdByInFlightKey = new ConcurrentHashMap<>();
    /**
     * The pending result of a transfer whose request still waits for the final one (decision 0016), by command id. Only
     * for a request registered in {@link #byCommandId} and removed with it, so bounded by {@code pendingRequestsMax}.
     */
    private final ConcurrentMap<String, CommandResult> transferPendingByCommandId = new ConcurrentHashMap<>();

    public PendingRequests(int pendingRequestsMax) {
        this.pendingRequestsMax = pendingRequestsMax;
        this.slots = new Semaphore(pendingRequestsMax);
    }

    /**
     * Registers a waiting request; the returned future completes with the result of {@code commandId}.
     * The caller must call {@link #release} once it stops waiting (answered, timed out or failed).
     *
     * @param inFlightKey "accountId/Idempotency-Key" when the request carries a key
     * @throws RefusedException when full, or when the same key is already in flight here
     */
    public CompletableFuture<CommandResult> register(String commandId, Optional<String> inFlightKey) {
        if (!slots.tryAcquire()) {
            throw new RefusedException(Refusal.FULL);
        }
        if (inFlightKey.isPresent() && commandIdByInFlightKey.putIfAbsent(inFlightKey.get(), commandId) != null) {
            slots.release();
            throw new RefusedException(Refusal.IN_FLIGHT);
        }
        CompletableFuture<CommandResult> future = new CompletableFuture<>();
        byCommandId.put(commandId, future);
        return future;
    }

    /** True while a request of this instance waits for {@code commandId}'s result. */
    public boolean isWaiting(String commandId) {
        return byCommandId.containsKey(commandId);
    }

    /**
     * Completes the request waiting for this result, if any is waiting on this instance. A transfer's pending result
     * (its debit written, the credit not yet) does not: the final one follows under the same command id, and the
     * request keeps waiting for it; the pending one is kept to answer with ({@link #transferPending}) if the wait ends
     * first. A replayed pending result is final for the request it answers: nothing else comes under its id.
     */
    public boolean complete(CommandResult result) {
        CompletableFuture<CommandResult> future = byCommandId.get(result.getCommandId());
        if (future == null) {
            return false;
        }
        if (result.getOutcome() == Outcome.TRANSFER_PENDING && !result.getReplayed()) {
            transferPendingByCommandId.put(result.getCommandId(), result);
            // Released in between: remove what was just put, so the map never outlives its request.
            if (!byCommandId.containsKey(result.getCommandId())) {
                transferPendingByCommandId.remove(result.getCommandId());
            }
            return true;
        }
        return future.complete(result);
    }

    /** The pending result of the transfer this request waits for, if it arrived. */
    public Optional<CommandResult> transferPending(String commandId) {
        return Optional.ofNullable(transferPendingByCommandId.get(commandId));
    }

    public void fail(String commandId, Throwable cause) {
        CompletableFuture<CommandResult> future = byCommandId.get(commandId);
        if (future != null) {
            future.completeExceptionally(cause);
        }
    }

    public void release(String commandId, Optional<String> inFlightKey) {
        if (byCommandId.remove(commandId) != null) {
            transferPendingByCommandId.remove(commandId);
            inFlightKey.ifPresent(key -> commandIdByInFlightKey.remove(key, commandId));
            slots.release();
        }
    }

    public int size() {
        return byCommandId.size();
    }

    public int pendingRequestsMax() {
        return pendingRequestsMax;
    }
}

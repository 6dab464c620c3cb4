package io.multibroker.paper;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Answers the account's calls after a latency drawn from the simulation's distribution, and keeps the calls still
 * waiting so that closing the account fails them with a clear error instead of leaving them waiting forever.
 */
final class SimulatedLatency {

    private final String accountId;
    private final ScheduledExecutorService scheduler;
    /** Calls waiting out their simulated latency. */
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    SimulatedLatency(String accountId, ScheduledExecutorService scheduler) {
        this.accountId = accountId;
        this.scheduler = scheduler;
    }

    /** The call's answer (or failure), after a latency of {@code current}. */
    <T> CompletionStage<T> after(Simulation current, Supplier<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        inFlight.add(result);
        result.whenComplete((value, failure) -> inFlight.remove(result));
        try {
            scheduler.schedule(() -> {
                try {
                    result.complete(call.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }, current.latency().sample().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(StandardBrokerError.of(ErrorCode.BROKER_UNAVAILABLE, null,
                    "paper account " + accountId + " is shut down", ErrorContext.account(accountId)));
        }
        return result;
    }

    /** Fails every call still waiting: the account closed (bundle removed, configuration deleted) before answering. */
    void failWaitingCalls() {
        StandardBrokerError closed = StandardBrokerError.of(ErrorCode.BROKER_UNAVAILABLE, null,
                "paper account " + accountId + " was closed before answering", ErrorContext.account(accountId));
        inFlight.forEach(call -> call.completeExceptionally(closed));
    }
}

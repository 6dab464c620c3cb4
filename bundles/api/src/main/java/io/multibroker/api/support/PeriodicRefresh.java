package io.multibroker.api.support;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What an adapter re-reads every so often once connected (instruments, the market clock, the account's modes): started
 * when the account connects, stopped when it disconnects, each run after the previous one has ended (a slow broker
 * does not pile reads up), and a failed run handed to {@code onFailure} and tried again at the next turn, never ending
 * the schedule.
 *
 * @since support 1.3
 */
public final class PeriodicRefresh {

    private final Supplier<? extends CompletionStage<?>> refresh;
    private final Duration every;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Throwable> onFailure;
    private ScheduledFuture<?> task;

    /**
     * @param refresh one run: the stage ends when the run has
     * @param onFailure told of a failed run (to log it): the failure behind the futures' wrappers
     */
    public PeriodicRefresh(Supplier<? extends CompletionStage<?>> refresh, Duration every, ScheduledExecutorService scheduler,
            Consumer<Throwable> onFailure) {
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.every = Objects.requireNonNull(every, "every");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    /** Runs every {@code every} from now on, the first time after one period; nothing when it runs already. */
    public synchronized void start() {
        if (task == null) {
            long millis = every.toMillis();
            task = scheduler.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    public synchronized boolean running() {
        return task != null;
    }

    private void runOnce() {
        try {
            // waited for here, so that the next run is scheduled only after this one ended
            refresh.get().toCompletableFuture().exceptionally(failure -> {
                onFailure.accept(Threads.unwrap(failure));
                return null;
            }).join();
        } catch (RuntimeException e) {
            // a failure thrown before a stage was made must not end the schedule either
            onFailure.accept(Threads.unwrap(e));
        }
    }
}

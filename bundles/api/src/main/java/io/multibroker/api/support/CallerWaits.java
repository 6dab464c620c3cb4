package io.multibroker.api.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A caller's word that it will wait for the stage it is asking for, so that the I/O behind it may run on the caller's own
 * thread.
 *
 * <p>Every I/O method of a {@code BrokerAdapter} returns a stage and never blocks its caller, so an adapter with a blocking
 * transport hands each exchange to a thread of its own and the caller is woken when the answer is in: two thread
 * hand-offs an order, which cost more CPU than the exchange itself (BENCHMARKS.md, the OANDA adapter against v20-java). A
 * caller that blocks on the stage anyway (an HTTP request's thread, a shell command) gains nothing from them. It says so
 * with {@link #whileCalling}: while the call runs, {@link #onThisThread()} is true on its thread, and an adapter (or a layer
 * on the way, such as the order journal) may do its work there and return a completed stage. Nothing else changes: the
 * stage, its outcome and its failures are the same either way, and code that ignores the hint stays correct.
 *
 * <p>The hint is the calling thread's only while the call runs: work that an adapter hands to another thread (a retry
 * after a backoff, a wait for a rate-limit slot) runs there as before. Only a caller that will wait for the answer may give
 * it: one that gives it and does not wait would be blocked by the I/O it asked to be spared.
 *
 * @since support 1.6
 */
public final class CallerWaits {

    private static final ThreadLocal<Boolean> WAITING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private CallerWaits() {
    }

    /** Runs the call with the hint given on this thread, and withdraws it afterwards (a nested call keeps the outer hint). */
    public static <T> T whileCalling(Supplier<T> call) {
        Boolean before = WAITING.get();
        WAITING.set(Boolean.TRUE);
        try {
            return call.get();
        } finally {
            WAITING.set(before);
        }
    }

    /** Whether the code running on this thread was called by a caller that waits for its answer. */
    public static boolean onThisThread() {
        return WAITING.get();
    }

    /**
     * Waits up to {@code patience} for the stage to complete, on this thread, whatever its outcome: afterwards the
     * dependent stages a caller adds run on this thread (when it completed) or on the thread that completes it later. An
     * interrupt ends the wait and is kept.
     *
     * @return whether the stage completed in time
     */
    public static boolean settle(CompletableFuture<?> stage, Duration patience) {
        try {
            stage.get(patience.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            // completed, with a failure: the dependent stages see it
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

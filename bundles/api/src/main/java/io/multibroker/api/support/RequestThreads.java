package io.multibroker.api.support;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where an account's requests to its broker run when the transport blocks, and knowing when the last of them has
 * finished.
 *
 * <p>An adapter promises never to block its caller, so an exchange runs on a thread of the account's own pool; but when
 * the caller has said it waits for the answer ({@link CallerWaits}) and the transport allows it, the exchange runs on the
 * caller's thread, which spares the two thread hand-offs (BENCHMARKS.md: they cost more CPU than the exchange). Either
 * way the exchange is counted, so that closing the account can wait for every exchange in flight before its connections
 * are closed: an order cut off mid-exchange would have an unknown outcome.
 *
 * <p>The transport must allow it because the caller's thread may be interrupted (a shell command stopped with Ctrl-C):
 * Apache HttpClient 5's classic exchange is plain socket I/O, which an interrupt does not end; the JDK's
 * {@code HttpClient.send} gives up on an interrupt, perhaps after the request left, which would make an order's outcome
 * unknown that a thread of the pool would have learnt. An already interrupted caller's exchange goes to the pool.
 *
 * @since support 1.6
 */
public final class RequestThreads {

    /** An exchange: the blocking transport's call. */
    @FunctionalInterface
    public interface Exchange<T> {
        T run() throws Exception;
    }

    private final ExecutorService pool;
    private final boolean onWaitingCallersThreads;
    /** One party per exchange in flight on a caller's thread, and the owner's until {@link #shutdown()}. */
    private final Phaser onCallersThreads = new Phaser(1);
    private final AtomicBoolean shutDown = new AtomicBoolean();

    /**
     * @param threadName the name of the pool's threads ({@code oanda-request-demo})
     * @param onWaitingCallersThreads whether a waiting caller's exchange runs on its thread: only for a transport whose
     *     exchange an interrupt does not cut short
     */
    public RequestThreads(String threadName, boolean onWaitingCallersThreads) {
        this.pool = Executors.newCachedThreadPool(Threads.daemon(threadName));
        this.onWaitingCallersThreads = onWaitingCallersThreads;
    }

    /** The exchange's result: from the caller's thread when the caller waits for it, else from a thread of the pool. */
    public <T> CompletableFuture<T> exchange(Exchange<T> exchange) {
        if (onWaitingCallersThreads && CallerWaits.onThisThread() && !Thread.currentThread().isInterrupted()) {
            return onThisThread(exchange);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            pool.execute(() -> complete(result, exchange));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closed());
        }
        return result;
    }

    private <T> CompletableFuture<T> onThisThread(Exchange<T> exchange) {
        CompletableFuture<T> result = new CompletableFuture<>();
        // a negative phase: shut down and every exchange finished, the connections closed or closing
        if (onCallersThreads.register() < 0) {
            result.completeExceptionally(closed());
            return result;
        }
        try {
            if (shutDown.get()) {
                result.completeExceptionally(closed());
            } else {
                complete(result, exchange);
            }
        } finally {
            onCallersThreads.arriveAndDeregister();
        }
        return result;
    }

    private static <T> void complete(CompletableFuture<T> result, Exchange<T> exchange) {
        try {
            result.complete(exchange.run());
        } catch (InterruptedException e) {
            // the thread's owner decides what the interrupt means: it is kept
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        } catch (Exception e) {
            result.completeExceptionally(e);
        }
    }

    private static ConnectException closed() {
        return new ConnectException("the request threads are shut down: nothing was sent");
    }

    /** No new exchange starts; those in flight go on. A second call changes nothing. */
    public void shutdown() {
        if (shutDown.compareAndSet(false, true)) {
            pool.shutdown();
            onCallersThreads.arriveAndDeregister();
        }
    }

    /**
     * Waits until every exchange in flight (on the pool or on a caller's thread) has finished, up to {@code patience}.
     * Only after {@link #shutdown()}: before it, new exchanges may start at any time.
     *
     * @return whether they all finished in time
     */
    public boolean awaitIdle(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        if (!pool.awaitTermination(patience.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        // after shutdown the owner's party is gone: the phaser terminates once the last exchange on a caller's thread ends
        int phase = onCallersThreads.getPhase();
        if (phase < 0) {
            return true;
        }
        try {
            onCallersThreads.awaitAdvanceInterruptibly(phase, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}

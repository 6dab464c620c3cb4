package io.multibroker.oanda;

import dev.failsafe.AsyncExecution;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One connection attempt of the price stream: its request, its body once the headers came, and when it last
 * delivered, on the stream's clock (nanoseconds, as {@link System#nanoTime()}).
 */
final class PriceConnection {
    final AsyncExecution<Void> execution;
    final AtomicBoolean ended = new AtomicBoolean();
    private final LongSupplier clock;
    /**
     * The exchange's end: the JDK client's futures pass a cancel on to the exchange (dependent stages too), so
     * cancelling it aborts a request still waiting for its headers, and the stage's own end is not run.
     */
    volatile CompletableFuture<HttpResponse<String>> response;
    volatile Flow.Subscription subscription;
    /** Since the request went out, the headers came, or the last line arrived. */
    volatile long lastActivityNanos;
    volatile long firstDataNanos;
    volatile boolean gotData;

    PriceConnection(AsyncExecution<Void> execution, LongSupplier clock) {
        this.execution = execution;
        this.clock = clock;
        this.lastActivityNanos = clock.getAsLong();
    }

    /** The headers came: the silence is counted from now. */
    void answered() {
        lastActivityNanos = clock.getAsLong();
    }

    /** A line arrived (a price or a heartbeat). */
    void delivered() {
        long now = clock.getAsLong();
        if (!gotData) {
            firstDataNanos = now;
            gotData = true;
        }
        lastActivityNanos = now;
    }

    /** How long it delivered data: from its first line to its last. */
    Duration deliveredFor() {
        return gotData ? Duration.ofNanos(lastActivityNanos - firstDataNanos) : Duration.ZERO;
    }

    /** True the first time only: a connection ends once, whichever of its end, the watchdog or a restart comes first. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }

    void cancel() {
        Flow.Subscription body = subscription;
        if (body != null) {
            body.cancel();
        }
        CompletableFuture<HttpResponse<String>> request = response;
        if (request != null) {
            request.cancel(true);
        }
    }
}

package io.multibroker.oanda;

import dev.failsafe.AsyncExecution;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** One connection attempt of the price stream: its request, its body once the headers came, and when it last delivered. */
final class PriceConnection {
    final AsyncExecution<Void> execution;
    final AtomicBoolean ended = new AtomicBoolean();
    volatile CompletableFuture<HttpResponse<String>> response;
    volatile Flow.Subscription subscription;
    volatile long lastActivityNanos = System.nanoTime();
    volatile long firstDataNanos;
    volatile boolean gotData;

    PriceConnection(AsyncExecution<Void> execution) {
        this.execution = execution;
    }

    void delivered() {
        long now = System.nanoTime();
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
            // aborts a request still waiting for its headers
            request.cancel(true);
        }
    }
}

package io.multibroker.oanda;

import dev.failsafe.AsyncExecution;
import dev.failsafe.Failsafe;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.support.PriceFanout;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's one price stream connection, carrying every instrument any subscriber asked for (and the
 * configured ones). It reads the chunked v20 stream as it arrives, splits it into lines across chunk
 * boundaries, and hands each price to the subscribers of its instrument through a {@link PriceFanout}
 * (each subscriber bounded: a slow one loses ticks, never stalls the connection or grows memory).
 *
 * <p>When neither a price nor a heartbeat arrives for the silence timeout, when a request gets no answer within
 * it, or when the connection ends, it reconnects with exponential backoff and jitter ({@link ReconnectBackoff}),
 * under the new-connection rate limit, and resubscribes. The backoff grows over interruptions in a row and
 * starts from its first step again after a stream that delivered for longer than its cap;
 * the first tick of each instrument after a reconnect is marked {@link PriceTick#afterGap()}. Ticks are
 * delivered in time order and at most once per instrument and time (the snapshot after a reconnect repeats
 * the last price: it is not delivered again).
 */
final class PriceStream {

    private static final Logger LOG = LoggerFactory.getLogger(PriceStream.class);

    private final HttpClient http;
    private final String accountId;
    private URI streamBase;
    private String token;
    private Duration silenceTimeout;
    private final RateLimiter<Object> newConnections;
    private final RetryPolicy<Void> reconnects;
    private final ReconnectBackoff backoff;
    /** Nanoseconds, as {@link System#nanoTime()}: when lines arrive, and how long a connection was silent or delivered. */
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private final PriceFanout fanout;
    private final Set<String> instruments = new TreeSet<>();
    private final TickOrder order = new TickOrder();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong connectionsHeldBack = new AtomicLong();

    /** Bumped by a new instrument set, a new target and close: attempts of an older generation stop. */
    private long generation;
    /** The attempts of this generation, under the retry policy. */
    private CompletableFuture<Void> attempts;
    /** The connection of this generation, connecting or open; null between attempts. */
    private PriceConnection current;
    private boolean open = true;
    private ScheduledFuture<?> watchdog;

    /**
     * @param newConnections the limit on new connections (OANDA allows 2 a second: {@link Limits#newConnections})
     * @param clock          nanoseconds, as {@link System#nanoTime()}
     */
    PriceStream(HttpClient http, URI streamBase, String oandaAccount, String token, String accountId, Duration silenceTimeout,
            RateLimiter<Object> newConnections, ScheduledExecutorService scheduler, PriceFanout fanout, ReconnectBackoff backoff,
            LongSupplier clock) {
        this.http = http;
        this.streamBase = streamBase.resolve("/v3/accounts/" + oandaAccount + "/pricing/stream");
        this.token = token;
        this.accountId = accountId;
        this.silenceTimeout = silenceTimeout;
        this.newConnections = newConnections;
        this.backoff = backoff;
        this.clock = clock;
        this.scheduler = scheduler;
        this.fanout = fanout;
        this.reconnects = backoff.policy(accountId);
    }

    /** Prices of these instruments; the connection is reopened to carry them if it does not yet. */
    Flow.Publisher<PriceTick> subscribe(Set<String> wanted) {
        Flow.Publisher<PriceTick> publisher = fanout.publisher(wanted);
        cover(wanted);
        return publisher;
    }

    /** Also carry these instruments (the configured ones), whether or not anyone subscribed yet. */
    synchronized void cover(Set<String> wanted) {
        if (!open || instruments.containsAll(wanted)) {
            return;
        }
        instruments.addAll(wanted);
        if (watchdog == null) {
            long period = Math.max(100, silenceTimeout.toMillis() / 4);
            watchdog = scheduler.scheduleWithFixedDelay(this::checkSilence, period, period, TimeUnit.MILLISECONDS);
        }
        // a new instrument set: a new connection (the old one is closed without a reconnect of its own)
        restart(false);
    }

    /**
     * Another host, account or token (a reconfiguration): the stream reconnects there with the same instruments
     * and subscribers; the first tick of each instrument after it is marked as after a gap.
     */
    synchronized void retarget(URI newBase, String oandaAccount, String newToken, Duration newSilenceTimeout) {
        this.streamBase = newBase.resolve("/v3/accounts/" + oandaAccount + "/pricing/stream");
        this.token = newToken;
        this.silenceTimeout = newSilenceTimeout;
        if (!open || instruments.isEmpty()) {
            return;
        }
        restart(true);
    }

    synchronized void close() {
        open = false;
        stopAttempts();
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        fanout.closeAll();
    }

    long ticksDelivered() {
        return ticks.get();
    }

    long malformedLines() {
        return malformed.get();
    }

    long connectionsOpened() {
        return connections.get();
    }

    /** Connection attempts the new-connection limit has held back (each waits and tries again). */
    long connectionsHeldBack() {
        return connectionsHeldBack.get();
    }

    /** Ends this generation's attempts and connection: a new one starts, at once. */
    private void restart(boolean afterGap) {
        stopAttempts();
        start(false, afterGap);
    }

    private void stopAttempts() {
        generation++;
        if (attempts != null) {
            attempts.cancel(false);
            attempts = null;
        }
        PriceConnection old = current;
        current = null;
        if (old != null) {
            old.cancel();
        }
    }

    /**
     * Attempts to connect under the retry policy: the first at once, or, when an interruption starts them, after
     * the backoff's first step (the interruption counts as the first failed attempt).
     */
    private void start(boolean afterInterruption, boolean afterGap) {
        long attemptsOf = generation;
        attempts = Failsafe.with(reconnects).with(scheduler).runAsyncExecution(execution -> {
            if (afterInterruption && execution.isFirstAttempt()) {
                execution.recordException(new StreamInterrupted("the stream ended after delivering for longer than " + backoff.cap().toMillis()
                        + " ms"));
                return;
            }
            connect(execution, attemptsOf, afterGap || !execution.isFirstAttempt());
        });
    }

    private synchronized void connect(AsyncExecution<Void> execution, long attemptsOf, boolean afterGap) {
        if (!open || attemptsOf != generation) {
            finish(execution);
            return;
        }
        if (!newConnections.tryAcquirePermit()) {
            // the new-connection limit: the same attempt a little later, not a failure
            connectionsHeldBack.incrementAndGet();
            scheduler.schedule(() -> connect(execution, attemptsOf, afterGap), 250, TimeUnit.MILLISECONDS);
            return;
        }
        if (afterGap) {
            order.gapIn(instruments);
        }
        String list = URLEncoder.encode(String.join(",", instruments), StandardCharsets.UTF_8);
        // the request timeout bounds the wait for the answer's headers (the watchdog bounds it too, and the body)
        HttpRequest request = HttpRequest.newBuilder(URI.create(streamBase + "?instruments=" + list + "&snapshot=true"))
                .timeout(silenceTimeout).header("Authorization", "Bearer " + token).header("Accept-Datetime-Format", "RFC3339").GET().build();
        connections.incrementAndGet();
        PriceConnection connection = new PriceConnection(execution, clock);
        current = connection;
        Reader reader = new Reader(connection);
        connection.response = http.sendAsync(request, info -> info.statusCode() == 200
                ? HttpResponse.BodySubscribers.fromSubscriber(reader, r -> "")
                : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8))
                .whenComplete((response, failure) -> ended(connection, failure != null ? failure.toString()
                        : response.statusCode() == 200 ? "the stream ended" : "OANDA answered " + response.statusCode() + ": "
                        + V20Client.excerpt(response.body())));
    }

    /**
     * A connection ended: the next attempt after the backoff, or, after a stream that delivered for longer than
     * the backoff's cap, a new series of attempts from its first step. Nothing when it was replaced or closed.
     */
    private synchronized void ended(PriceConnection connection, String why) {
        if (!connection.end()) {
            return;
        }
        if (!open || connection != current) {
            finish(connection.execution);
            return;
        }
        current = null;
        if (backoff.endsTheSeries(connection.deliveredFor())) {
            finish(connection.execution);
            LOG.info("account {}: price stream ended after delivering for {} ms ({})", accountId, connection.deliveredFor().toMillis(), why);
            start(true, true);
        } else {
            connection.execution.recordException(new StreamInterrupted(why));
        }
    }

    /** Ends a series of attempts that is over (replaced, closed, or healthy), unless cancelling it ended it already. */
    private static void finish(AsyncExecution<Void> execution) {
        if (!execution.isComplete() && !execution.isCancelled()) {
            execution.complete();
        }
    }

    /** Ends the connection that was silent (or got no answer) for the timeout; the watchdog runs this. */
    private void checkSilence() {
        PriceConnection silent;
        synchronized (this) {
            silent = current;
            if (!open || silent == null || clock.getAsLong() - silent.lastActivityNanos < silenceTimeout.toNanos()) {
                return;
            }
        }
        String why = silent.subscription == null ? "no answer within " + silenceTimeout.toMillis() + " ms"
                : "no price or heartbeat for " + silenceTimeout.toMillis() + " ms";
        LOG.warn("account {}: {}: closing the stream to reconnect", accountId, why);
        // ended first, with this reason: cancelling aborts the exchange, whose own end ("Request cancelled") could
        // otherwise come first and be the reason logged and backed off from
        ended(silent, why);
        silent.cancel();
    }

    private synchronized void deliver(PriceConnection connection, PriceTick tick) {
        if (connection != current) {
            return;
        }
        PriceTick delivered = order.admit(tick);
        if (delivered == null) {
            return;
        }
        ticks.incrementAndGet();
        fanout.publish(List.of(delivered));
    }

    /** Reads one connection's body: bytes to lines to messages. */
    private final class Reader implements Flow.Subscriber<List<ByteBuffer>>, StreamLines.Sink {
        private final PriceConnection connection;
        private final StreamLines lines = new StreamLines();
        private Flow.Subscription subscription;

        Reader(PriceConnection connection) {
            this.connection = connection;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            synchronized (PriceStream.this) {
                if (connection != current || !open) {
                    subscription.cancel();
                    return;
                }
                connection.subscription = subscription;
                connection.answered();
            }
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> chunks) {
            for (ByteBuffer chunk : chunks) {
                lines.feed(chunk, this);
            }
            subscription.request(1);
        }

        @Override
        public void line(byte[] bytes, int offset, int length) {
            try {
                PriceMessages.Message message = PriceMessages.parse(bytes, offset, length);
                connection.delivered();
                if (message instanceof PriceMessages.Price price) {
                    deliver(connection, price.tick());
                }
            } catch (PriceMessages.Malformed e) {
                malformed.incrementAndGet();
                LOG.warn("account {}: a price stream line that is not a v20 message was skipped ({}): {}", accountId, e.getMessage(),
                        V20Client.excerpt(new String(bytes, offset, Math.min(length, 200), StandardCharsets.UTF_8)));
            }
        }

        @Override
        public void oversized(int length) {
            malformed.incrementAndGet();
            LOG.warn("account {}: a price stream line of more than {} bytes was dropped", accountId, length);
        }

        @Override
        public void onError(Throwable failure) {
            // sendAsync completes exceptionally too: ended() handles it
        }

        @Override
        public void onComplete() {
            // sendAsync completes: ended() handles it
        }
    }
}

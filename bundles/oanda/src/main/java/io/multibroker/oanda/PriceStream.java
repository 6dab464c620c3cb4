package io.multibroker.oanda;

import dev.failsafe.RateLimiter;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's one price stream connection, carrying every instrument any subscriber asked for (and the
 * configured ones). It reads the chunked v20 stream as it arrives, splits it into lines across chunk
 * boundaries, and hands each price to the subscribers of its instrument through a {@link PriceFanout}
 * (each subscriber bounded: a slow one loses ticks, never stalls the connection or grows memory).
 *
 * <p>When neither a price nor a heartbeat arrives for the silence timeout, or the connection ends, it
 * reconnects with exponential backoff and jitter, under the new-connection rate limit, and resubscribes;
 * the first tick of each instrument after a reconnect is marked {@link PriceTick#afterGap()}. Ticks are
 * delivered in time order and at most once per instrument and time (the snapshot after a reconnect repeats
 * the last price: it is not delivered again).
 */
final class PriceStream {

    private static final Logger LOG = LoggerFactory.getLogger(PriceStream.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final HttpClient http;
    private final String accountId;
    private URI streamBase;
    private String token;
    private Duration silenceTimeout;
    private final RateLimiter<Object> newConnections;
    private final ScheduledExecutorService scheduler;
    private final PriceFanout fanout;
    private final Set<String> instruments = new TreeSet<>();
    private final Map<String, java.time.Instant> lastDelivered = new HashMap<>();
    private final Set<String> gapPending = new HashSet<>();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    private long generation;
    private Flow.Subscription current;
    private volatile long lastActivityNanos = System.nanoTime();
    private int failedAttempts;
    private boolean open = true;
    private java.util.concurrent.ScheduledFuture<?> watchdog;

    PriceStream(HttpClient http, URI streamBase, String oandaAccount, String token, String accountId, Duration silenceTimeout,
            int connectionsPerSecond, ScheduledExecutorService scheduler, PriceFanout fanout) {
        this.http = http;
        this.streamBase = streamBase.resolve("/v3/accounts/" + oandaAccount + "/pricing/stream");
        this.token = token;
        this.accountId = accountId;
        this.silenceTimeout = silenceTimeout;
        this.newConnections = Limits.newConnections(connectionsPerSecond);
        this.scheduler = scheduler;
        this.fanout = fanout;
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
        Flow.Subscription old = current;
        current = null;
        generation++;
        if (old != null) {
            old.cancel();
        }
        connect(generation, false);
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
        Flow.Subscription old = current;
        current = null;
        long next = ++generation;
        if (old != null) {
            old.cancel();
        }
        connect(next, true);
    }

    synchronized void close() {
        open = false;
        generation++;
        if (current != null) {
            current.cancel();
        }
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

    private synchronized void connect(long attempt, boolean afterGap) {
        if (!open || attempt != generation) {
            return;
        }
        if (!newConnections.tryAcquirePermit()) {
            scheduler.schedule(() -> connect(attempt, afterGap), 250, TimeUnit.MILLISECONDS);
            return;
        }
        if (afterGap) {
            gapPending.addAll(instruments);
        }
        String list = URLEncoder.encode(String.join(",", instruments), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(streamBase + "?instruments=" + list + "&snapshot=true"))
                .header("Authorization", "Bearer " + token).header("Accept-Datetime-Format", "RFC3339").GET().build();
        connections.incrementAndGet();
        lastActivityNanos = System.nanoTime();
        Reader reader = new Reader(attempt);
        http.sendAsync(request, info -> info.statusCode() == 200
                ? HttpResponse.BodySubscribers.fromSubscriber(reader, r -> "")
                : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8))
                .whenComplete((response, failure) -> {
                    String why = failure != null ? failure.toString()
                            : response.statusCode() == 200 ? "the stream ended" : "OANDA answered " + response.statusCode() + ": " + response.body();
                    ended(attempt, why, failure == null && response.statusCode() == 200 && reader.gotData);
                });
    }

    /** The connection of this attempt ended: reconnect after a backoff, unless it was replaced or closed. */
    private synchronized void ended(long attempt, String why, boolean hadData) {
        if (!open || attempt != generation) {
            return;
        }
        current = null;
        failedAttempts = hadData ? 1 : failedAttempts + 1;
        long base = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(10, failedAttempts - 1));
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        LOG.warn("account {}: price stream interrupted ({}); reconnecting in {} ms", accountId, why, delay);
        long next = ++generation;
        scheduler.schedule(() -> connect(next, true), delay, TimeUnit.MILLISECONDS);
    }

    private void checkSilence() {
        Flow.Subscription silent;
        synchronized (this) {
            if (!open || current == null || System.nanoTime() - lastActivityNanos < silenceTimeout.toNanos()) {
                return;
            }
            silent = current;
        }
        LOG.warn("account {}: no price or heartbeat for {} ms: closing the stream to reconnect", accountId, silenceTimeout.toMillis());
        // cancelling ends the body; sendAsync then completes and ended() reconnects
        silent.cancel();
        synchronized (this) {
            if (current == silent) {
                long attempt = generation;
                current = null;
                scheduler.execute(() -> ended(attempt, "silent for " + silenceTimeout.toMillis() + " ms", false));
            }
        }
    }

    private synchronized void deliver(long attempt, PriceTick tick) {
        if (attempt != generation) {
            return;
        }
        java.time.Instant last = lastDelivered.get(tick.instrument());
        if (last != null && !tick.time().isAfter(last)) {
            return;
        }
        lastDelivered.put(tick.instrument(), tick.time());
        PriceTick delivered = gapPending.remove(tick.instrument()) ? tick.markedAfterGap() : tick;
        ticks.incrementAndGet();
        fanout.publish(List.of(delivered));
    }

    /** Reads one connection's body: bytes to lines to messages. */
    private final class Reader implements Flow.Subscriber<List<ByteBuffer>>, StreamLines.Sink {
        private final long attempt;
        private final StreamLines lines = new StreamLines();
        private Flow.Subscription subscription;
        volatile boolean gotData;

        Reader(long attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            synchronized (PriceStream.this) {
                if (attempt != generation || !open) {
                    subscription.cancel();
                    return;
                }
                current = subscription;
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
                lastActivityNanos = System.nanoTime();
                gotData = true;
                if (message instanceof PriceMessages.Price price) {
                    deliver(attempt, price.tick());
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

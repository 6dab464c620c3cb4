package io.multibroker.quality;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.PriceTick;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One price subscription per reference stream (an account and an instrument), each feeding a {@link QuoteHistory}. A
 * stream is started the first time something asks for it and kept; one that fails or ends marks its history interrupted
 * and is subscribed again after a pause, so that the moments in between are gaps and never a stale price. The pause
 * doubles with each attempt that brought no tick (from {@value #FIRST_PAUSE_MILLIS} ms up to {@value #LONGEST_PAUSE_MILLIS}
 * ms) and starts again from the first once a tick arrives: an account whose adapter streams no prices, or that is gone, is
 * asked again once a minute, not every second. A failing stream is logged once (WARN) until it delivers again, later
 * failures at DEBUG, so that it does not fill the log; an account that is gone is not logged (the registry says so).
 */
final class ReferenceStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceStreams.class);
    static final long FIRST_PAUSE_MILLIS = 1_000;
    static final long LONGEST_PAUSE_MILLIS = 60_000;

    record Key(String accountId, String instrument) {
        @Override
        public String toString() {
            return instrument + " at " + accountId;
        }
    }

    private final Function<String, Optional<BrokerAdapter>> adapters;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final int ticksPerStream;
    private final Map<Key, Stream> streams = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param adapters finds an account's adapter (the registry's handle)
     * @param scheduler where resubscriptions are scheduled
     * @param ticksPerStream the size of each history's ring
     */
    ReferenceStreams(Function<String, Optional<BrokerAdapter>> adapters, ScheduledExecutorService scheduler, Clock clock,
            int ticksPerStream) {
        this.adapters = adapters;
        this.scheduler = scheduler;
        this.clock = clock;
        this.ticksPerStream = ticksPerStream;
    }

    /** The history of the account's prices of the instrument, subscribed to now if it was not. */
    QuoteHistory history(String accountId, String instrument) {
        Key key = new Key(accountId, instrument);
        Stream stream = streams.get(key);
        if (stream == null) {
            Stream created = new Stream(key, new QuoteHistory(key.toString(), ticksPerStream));
            stream = streams.putIfAbsent(key, created);
            if (stream == null) {
                stream = created;
                created.subscribe();
            }
        }
        return stream.history;
    }

    /** How many streams are followed. */
    int count() {
        return streams.size();
    }

    @Override
    public void close() {
        closed = true;
        streams.values().forEach(Stream::cancel);
    }

    /** One subscription; a new one after the previous failed or ended. */
    private final class Stream implements Flow.Subscriber<PriceTick> {
        private final Key key;
        private final QuoteHistory history;
        private volatile Flow.Subscription subscription;
        /** The pause before the next subscription; back to the first once a tick arrives. */
        private volatile long pauseMillis = FIRST_PAUSE_MILLIS;
        /** Whether a failure was logged at WARN since the last tick. */
        private volatile boolean reported;

        Stream(Key key, QuoteHistory history) {
            this.key = key;
            this.history = history;
        }

        void subscribe() {
            if (closed) {
                return;
            }
            Optional<BrokerAdapter> adapter = adapters.apply(key.accountId());
            if (adapter.isEmpty()) {
                history.interrupted(clock.instant());
                retryLater();
                return;
            }
            try {
                adapter.get().streamPrices(Set.of(key.instrument())).subscribe(this);
            } catch (RuntimeException e) {
                onError(e);
            }
        }

        void cancel() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription given) {
            subscription = given;
            if (closed) {
                given.cancel();
                return;
            }
            // each tick costs a few stores in the ring: this subscriber always keeps up
            given.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(PriceTick tick) {
            if (tick.instrument().equals(key.instrument())) {
                history.add(tick);
                pauseMillis = FIRST_PAUSE_MILLIS;
                reported = false;
            }
        }

        @Override
        public void onError(Throwable failure) {
            history.interrupted(clock.instant());
            if (!closed) {
                if (!reported) {
                    reported = true;
                    LOG.warn("reference prices of {} interrupted: {} (asked again after pauses growing to {} s)", key,
                            StandardBrokerError.from(failure).detail(), LONGEST_PAUSE_MILLIS / 1000);
                } else {
                    LOG.debug("reference prices of {} still interrupted: {}", key, StandardBrokerError.from(failure).detail());
                }
                retryLater();
            }
        }

        @Override
        public void onComplete() {
            history.interrupted(clock.instant());
            retryLater();
        }

        private void retryLater() {
            if (closed) {
                return;
            }
            long pause = pauseMillis;
            pauseMillis = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
            try {
                scheduler.schedule(this::subscribe, pause, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }
}

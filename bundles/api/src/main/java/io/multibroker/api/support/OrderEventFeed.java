package io.multibroker.api.support;

import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lasting subscription to a source of order events (an adapter's, the journal's, the registry's merged stream):
 * each event goes to the consumer, in batches requested as they are handled. When the stream ends or fails, or this
 * subscription itself fell behind (a GAP), {@code onGap} runs (the registry tells subscribers and has the account
 * reconciled; execution quality says which fills go unrecorded); a stream that ended is subscribed again after a pause
 * (since 1.5).
 */
public final class OrderEventFeed implements Flow.Subscriber<OrderEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(OrderEventFeed.class);
    /** Requested at a time: the consumer only queues, so it keeps up, and the adapter's buffer bounds the rest. */
    private static final int BATCH = 256;
    private static final long RESUBSCRIBE_MILLIS = 1_000;

    private final String name;
    private final Supplier<Flow.Publisher<OrderEvent>> source;
    private final Consumer<OrderEvent> consumer;
    private final Consumer<String> onGap;
    private final ScheduledExecutorService scheduler;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private long outstanding;

    /**
     * @param name what the events are of, for the log and the gap's reason
     * @param source subscribed to at the start and again after the stream ended
     */
    public OrderEventFeed(String name, Supplier<Flow.Publisher<OrderEvent>> source, Consumer<OrderEvent> consumer, Consumer<String> onGap,
            ScheduledExecutorService scheduler) {
        this.name = name;
        this.source = source;
        this.consumer = consumer;
        this.onGap = onGap;
        this.scheduler = scheduler;
    }

    /** Subscribes to the source; again after the stream ends, until {@link #close}. */
    public void start() {
        try {
            source.get().subscribe(this);
        } catch (RuntimeException e) {
            onError(e);
        }
    }

    /** Cancels the subscription and subscribes no more. */
    public void close() {
        closed = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        if (closed) {
            newSubscription.cancel();
            return;
        }
        subscription = newSubscription;
        synchronized (this) {
            outstanding = BATCH;
        }
        newSubscription.request(BATCH);
    }

    @Override
    public void onNext(OrderEvent event) {
        try {
            if (event.kind() == OrderEventKind.GAP) {
                onGap.accept(event.reason());
            } else {
                consumer.accept(event);
            }
        } catch (RuntimeException e) {
            LOG.error("order event of {} not handled: {}", name, e.toString(), e);
        }
        synchronized (this) {
            if (--outstanding <= BATCH / 2) {
                outstanding += BATCH / 2;
                subscription.request(BATCH / 2);
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (closed) {
            return;
        }
        LOG.warn("order events of {} interrupted: {}", name, StandardBrokerError.from(failure).detail());
        onGap.accept("the order event stream of " + name + " was interrupted");
        resubscribe();
    }

    @Override
    public void onComplete() {
        if (!closed) {
            onGap.accept("the order event stream of " + name + " ended");
            resubscribe();
        }
    }

    private void resubscribe() {
        try {
            scheduler.schedule(() -> {
                if (!closed) {
                    start();
                }
            }, RESUBSCRIBE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the registry is shutting down
        }
    }
}

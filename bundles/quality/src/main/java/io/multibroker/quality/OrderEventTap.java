package io.multibroker.quality;

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
 * The subscription to the registry's merged order events: each event is handed to the consumer as it comes (the
 * consumer only queues); a stream that fails or ends is subscribed again after a pause.
 */
final class OrderEventTap implements Flow.Subscriber<OrderEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(OrderEventTap.class);
    private static final int BATCH = 256;
    private static final long RESUBSCRIBE_MILLIS = 1_000;

    private final Supplier<Flow.Publisher<OrderEvent>> source;
    private final Consumer<OrderEvent> consumer;
    private final ScheduledExecutorService scheduler;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private long outstanding;

    OrderEventTap(Supplier<Flow.Publisher<OrderEvent>> source, Consumer<OrderEvent> consumer, ScheduledExecutorService scheduler) {
        this.source = source;
        this.consumer = consumer;
        this.scheduler = scheduler;
    }

    void start() {
        try {
            source.get().subscribe(this);
        } catch (RuntimeException e) {
            onError(e);
        }
    }

    void close() {
        closed = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription given) {
        if (closed) {
            given.cancel();
            return;
        }
        subscription = given;
        synchronized (this) {
            outstanding = BATCH;
        }
        given.request(BATCH);
    }

    @Override
    public void onNext(OrderEvent event) {
        if (event.kind() == OrderEventKind.GAP) {
            LOG.warn("execution quality: order events were missed ({}); their fills have no record", event.reason());
        } else {
            consumer.accept(event);
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
        if (!closed) {
            LOG.warn("execution quality: order events interrupted: {}", StandardBrokerError.from(failure).detail());
            resubscribe();
        }
    }

    @Override
    public void onComplete() {
        if (!closed) {
            resubscribe();
        }
    }

    private void resubscribe() {
        try {
            scheduler.schedule(this::start, RESUBSCRIBE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }
}

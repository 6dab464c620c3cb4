package io.multibroker.api.support;

import io.multibroker.api.model.OrderEvent;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands each order event to every subscriber, as {@link PriceFanout} hands prices: each subscriber has its own bounded
 * buffer and receives only what it requested, so that it can neither block the source nor make memory grow. Unlike a
 * price, a missed order event is not superseded by the next one: a subscriber that lost events receives a
 * {@link io.multibroker.api.model.OrderEventKind#GAP} marker before its next event, and knows to look its orders up.
 */
public final class OrderEventFanout {

    private static final class Feed {
        final SubmissionPublisher<OrderEvent> publisher;
        final AtomicBoolean missed = new AtomicBoolean();

        Feed(SubmissionPublisher<OrderEvent> publisher) {
            this.publisher = publisher;
        }
    }

    private final String accountId;
    private final Executor executor;
    private final int bufferSize;
    private final Clock clock;
    private final List<Feed> feeds = new CopyOnWriteArrayList<>();

    /**
     * @param accountId the account the events are of, for the GAP markers ({@code *} for a merged stream)
     * @param executor delivers to subscribers
     * @param bufferSize events a subscriber may fall behind before it loses them
     */
    public OrderEventFanout(String accountId, Executor executor, int bufferSize) {
        this(accountId, executor, bufferSize, Clock.systemUTC());
    }

    public OrderEventFanout(String accountId, Executor executor, int bufferSize, Clock clock) {
        this.accountId = accountId;
        this.executor = executor;
        this.bufferSize = bufferSize;
        this.clock = clock;
    }

    public Flow.Publisher<OrderEvent> publisher() {
        return subscriber -> {
            Feed feed = new Feed(new SubmissionPublisher<>(executor, bufferSize));
            // subscribed before it is listed: a publish in between would take a feed without subscribers for a dead one
            feed.publisher.subscribe(subscriber);
            feeds.add(feed);
        };
    }

    public void publish(OrderEvent event) {
        for (Feed feed : feeds) {
            if (feed.publisher.isClosed() || !feed.publisher.hasSubscribers()) {
                feed.publisher.close();
                feeds.remove(feed);
                continue;
            }
            if (feed.missed.get()) {
                if (feed.publisher.offer(OrderEvent.gap(accountId, "events were missed: the subscriber fell "
                        + bufferSize + " events behind", clock.instant()), (s, dropped) -> false) < 0) {
                    continue;
                }
                feed.missed.set(false);
            }
            if (feed.publisher.offer(event, (s, dropped) -> false) < 0) {
                feed.missed.set(true);
            }
        }
    }

    /** Tells every subscriber that events may have been missed (the source lost its connection and could not catch up). */
    public void publishGap(String reason) {
        OrderEvent gap = OrderEvent.gap(accountId, reason, clock.instant());
        for (Feed feed : feeds) {
            if (feed.publisher.offer(gap, (s, dropped) -> false) < 0) {
                feed.missed.set(true);
            }
        }
    }

    public int subscriberCount() {
        return feeds.size();
    }

    public void closeAll() {
        feeds.forEach(feed -> feed.publisher.close());
        feeds.clear();
    }
}

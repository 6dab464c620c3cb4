package io.multibroker.api.support;

import io.multibroker.api.model.PriceTick;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;

/**
 * Hands each price to every subscriber that asked for its instrument. Each subscriber gets its own
 * bounded {@link SubmissionPublisher}: it receives only what it requested, and when it falls more
 * than {@code bufferSize} ticks behind, new ticks for it are dropped, so that it can neither block
 * the price source nor make memory grow.
 */
public final class PriceFanout {

    private record Feed(Set<String> instruments, SubmissionPublisher<PriceTick> publisher) {
    }

    private final Executor executor;
    private final int bufferSize;
    private final List<Feed> feeds = new CopyOnWriteArrayList<>();

    public PriceFanout(Executor executor, int bufferSize) {
        this.executor = executor;
        this.bufferSize = bufferSize;
    }

    public Flow.Publisher<PriceTick> publisher(Set<String> instruments) {
        Set<String> wanted = Set.copyOf(instruments);
        return subscriber -> {
            SubmissionPublisher<PriceTick> publisher = new SubmissionPublisher<>(executor, bufferSize);
            // subscribed before it is listed: publish() closes a listed feed without subscribers, and would end this
            // subscriber's feed before it began if it ran in between
            publisher.subscribe(subscriber);
            feeds.add(new Feed(wanted, publisher));
        };
    }

    public void publish(List<PriceTick> ticks) {
        for (Feed feed : feeds) {
            if (feed.publisher.isClosed() || !feed.publisher.hasSubscribers()) {
                feed.publisher.close();
                feeds.remove(feed);
                continue;
            }
            for (PriceTick tick : ticks) {
                if (feed.instruments.contains(tick.instrument())) {
                    feed.publisher.offer(tick, (subscriber, dropped) -> false);
                }
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

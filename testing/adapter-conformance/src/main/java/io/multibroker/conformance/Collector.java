package io.multibroker.conformance;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/**
 * A subscriber for tests: asks for everything, and keeps what arrives (in order) for the test to look at, with the
 * stream's failure or end. The adapters' tests, the registry's and the paper account's share it instead of each writing
 * its own anonymous subscriber.
 *
 * @param <T> what the stream carries: price ticks, order events
 */
public final class Collector<T> implements Flow.Subscriber<T> {

    private final List<T> items = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;
    private volatile boolean completed;

    /** A collector subscribed to the publisher. */
    public static <T> Collector<T> of(Flow.Publisher<T> publisher) {
        Collector<T> collector = new Collector<>();
        publisher.subscribe(collector);
        return collector;
    }

    /** What arrived so far, in order; a live view, safe to read while items arrive. */
    public List<T> items() {
        return items;
    }

    /** Why the stream failed, or null. */
    public Throwable failure() {
        return failure;
    }

    public boolean completed() {
        return completed;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(T item) {
        items.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        failure = throwable;
    }

    @Override
    public void onComplete() {
        completed = true;
    }
}

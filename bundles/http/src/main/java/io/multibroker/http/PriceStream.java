package io.multibroker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.multibroker.api.model.PriceTick;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One price subscription written to one event stream. Ticks are taken from the adapter as fast as they come into a
 * small queue and written on the delivery executor, so that a slow client never holds up the adapter's delivery thread;
 * when the queue is full the oldest tick goes (a price is superseded by the next). A stream resumed with Last-Event-ID
 * cannot be replayed (prices are not kept): the first tick of each instrument after it is marked {@code afterGap}, as
 * the Java API marks the first tick after a reconnect.
 */
public final class PriceStream implements Flow.Subscriber<PriceTick> {

    private static final int QUEUE = 256;

    private final SseConnection connection;
    private final Executor delivery;
    private final String epoch;
    private final BlockingQueue<PriceTick> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Set<String> gapPending = new HashSet<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private volatile Flow.Subscription subscription;

    public PriceStream(SseConnection connection, Executor delivery, String epoch, Set<String> instruments, boolean resumed) {
        this.connection = connection;
        this.delivery = delivery;
        this.epoch = epoch;
        if (resumed) {
            gapPending.addAll(instruments);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (connection.closed()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(PriceTick tick) {
        while (!queue.offer(tick)) {
            queue.poll();
        }
        if (scheduled.compareAndSet(false, true)) {
            delivery.execute(this::drain);
        }
    }

    private void drain() {
        try {
            PriceTick tick;
            while (!connection.closed() && (tick = queue.poll()) != null) {
                synchronized (gapPending) {
                    if (gapPending.remove(tick.instrument())) {
                        tick = tick.markedAfterGap();
                    }
                }
                connection.event(epoch + "." + sequence.incrementAndGet(), Json.mapper().writeValueAsString(tick));
            }
        } catch (JsonProcessingException e) {
            connection.close();
        } finally {
            scheduled.set(false);
        }
        if (connection.closed()) {
            cancel();
        } else if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            delivery.execute(this::drain);
        }
    }

    @Override
    public void onError(Throwable failure) {
        connection.write("event: error\ndata: " + ProblemText.of(failure) + "\n\n");
        connection.close();
    }

    @Override
    public void onComplete() {
        connection.close();
    }

    public void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}

package io.multibroker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The runtime's merged order events, numbered and kept in a ring of the latest ones, so that an event stream can
 * resume after a reconnect with Last-Event-ID. An event id is {@code <epoch>.<sequence>}: the epoch changes when this
 * bundle starts again, and a stream resumed from another epoch, or from an event the ring no longer holds, gets the
 * Java API's GAP marker first, then the live events. Each stream reads the ring at its own pace on the delivery
 * executor: a slow client falls behind on its own and is told so with a GAP, it never holds the others up.
 */
public final class OrderEventHub implements Flow.Subscriber<OrderEvent> {

    /** An event and its number. */
    public record Numbered(long sequence, OrderEvent event) {
    }

    private final String epoch;
    private final Numbered[] ring;
    private final Executor delivery;
    private final Clock clock;
    private final AtomicLong published = new AtomicLong();
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private volatile long head;
    private volatile Flow.Subscription subscription;

    public OrderEventHub(int capacity, Executor delivery, Clock clock) {
        this.epoch = Long.toString(clock.millis(), 36);
        this.ring = new Numbered[capacity];
        this.delivery = delivery;
        this.clock = clock;
    }

    public String epoch() {
        return epoch;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(OrderEvent event) {
        append(event);
    }

    @Override
    public void onError(Throwable failure) {
        append(OrderEvent.gap("*", "the runtime's order events ended: " + failure, clock.instant()));
    }

    @Override
    public void onComplete() {
        append(OrderEvent.gap("*", "the runtime's order events ended", clock.instant()));
    }

    public void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        followers.forEach(follower -> follower.connection.close());
    }

    /** Numbers the event, keeps it and wakes every stream. */
    public void append(OrderEvent event) {
        synchronized (ring) {
            long sequence = head + 1;
            ring[(int) (sequence % ring.length)] = new Numbered(sequence, event);
            head = sequence;
        }
        published.incrementAndGet();
        followers.forEach(Follower::wake);
    }

    public long published() {
        return published.get();
    }

    public int followers() {
        return followers.size();
    }

    /**
     * Follows the events on a stream: from after {@code lastEventId} when it is one of ours and still held, otherwise a
     * GAP first (when an id was given) and then the live events. Only the events the filter accepts are written; GAP
     * markers always are.
     */
    public void follow(SseConnection connection, String lastEventId, Predicate<OrderEvent> filter) {
        Follower follower = new Follower(connection, filter);
        long start = head;
        String gap = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            String[] parts = lastEventId.trim().split("\\.", 2);
            long asked = parts.length == 2 && parts[0].equals(epoch) ? parse(parts[1]) : -1;
            if (asked < 0) {
                gap = "the stream resumed from " + lastEventId + ", which is not of this runtime's current run: events in between may be missed";
            } else if (asked < oldest() - 1) {
                gap = "the stream resumed from " + lastEventId + ", older than the " + ring.length + " events kept: events in between were missed";
            } else {
                start = Math.min(asked, head);
            }
        }
        follower.cursor = start;
        if (gap != null) {
            follower.pendingGap = gap;
        }
        followers.add(follower);
        follower.wake();
    }

    private long oldest() {
        return Math.max(1, head - ring.length + 1);
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The events after the sequence that the ring still holds, at most {@code max}. */
    private List<Numbered> after(long sequence, int max) {
        List<Numbered> events = new ArrayList<>();
        synchronized (ring) {
            for (long next = Math.max(sequence + 1, oldest()); next <= head && events.size() < max; next++) {
                events.add(ring[(int) (next % ring.length)]);
            }
        }
        return events;
    }

    /** One stream's reading position in the ring. */
    private final class Follower {
        final SseConnection connection;
        final Predicate<OrderEvent> filter;
        final AtomicBoolean scheduled = new AtomicBoolean();
        volatile long cursor;
        volatile String pendingGap;

        Follower(SseConnection connection, Predicate<OrderEvent> filter) {
            this.connection = connection;
            this.filter = filter;
        }

        void wake() {
            if (scheduled.compareAndSet(false, true)) {
                delivery.execute(this::drain);
            }
        }

        private void drain() {
            try {
                while (!connection.closed()) {
                    if (cursor < oldest() - 1) {
                        pendingGap = "the stream fell more than " + ring.length + " events behind: events in between were missed";
                        cursor = oldest() - 1;
                    }
                    String gap = pendingGap;
                    if (gap != null) {
                        pendingGap = null;
                        String id = epoch + "." + cursor;
                        connection.event(id, json(OrderEvent.gap("*", gap, clock.instant())));
                    }
                    List<Numbered> batch = after(cursor, 256);
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (Numbered numbered : batch) {
                        if (numbered.event().kind() == OrderEventKind.GAP || filter.test(numbered.event())) {
                            if (!connection.event(epoch + "." + numbered.sequence(), json(numbered.event()))) {
                                break;
                            }
                        }
                        cursor = numbered.sequence();
                    }
                }
            } finally {
                scheduled.set(false);
            }
            if (connection.closed()) {
                followers.remove(this);
            } else if (cursor < head) {
                // an event arrived between the last read and the flag's reset
                wake();
            }
        }
    }

    private static String json(OrderEvent event) {
        try {
            return Json.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an order event cannot be written as JSON", e);
        }
    }

    /** Heartbeats every stream (and drops those whose client went away). */
    public void heartbeat() {
        for (Follower follower : followers) {
            follower.connection.heartbeat();
            if (follower.connection.closed()) {
                followers.remove(follower);
            }
        }
    }
}

package io.multibroker.oanda;

import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The price stream's reconnect backoff: the first step, doubled at each interruption in a row up to the cap, with
 * jitter (a Failsafe retry policy over one series of attempts). A connection that delivered for longer than the cap
 * ends its series, so the next interruption starts from the first step again: a stream that was healthy in between
 * is not made to wait as long as one that keeps failing.
 *
 * <p>Every reconnect it schedules is told to an observer, with its wait and why the connection before it ended: the
 * waits are Failsafe's own, read where they are decided rather than measured.
 */
final class ReconnectBackoff {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectBackoff.class);

    /** One reconnect the backoff scheduled: how long it waits first, and why the connection before it ended. */
    record Reconnect(Duration delay, String why) {
    }

    private final Duration first;
    private final Duration cap;
    private final Consumer<Reconnect> observer;

    ReconnectBackoff(Duration first, Duration cap, Consumer<Reconnect> observer) {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("reconnect backoff: the first step (" + first.toMillis() + " ms) must be above zero and at most the cap ("
                    + cap.toMillis() + " ms)");
        }
        this.first = first;
        this.cap = cap;
        this.observer = observer;
    }

    /** 100 ms doubling to 10 s: OANDA allows two new connections a second, and a reconnect storm helps nobody. */
    static ReconnectBackoff standard() {
        return new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), reconnect -> { });
    }

    Duration first() {
        return first;
    }

    Duration cap() {
        return cap;
    }

    /** True when a connection that delivered for this long ends its series: the next reconnect waits the first step. */
    boolean endsTheSeries(Duration deliveredFor) {
        return deliveredFor.compareTo(cap) > 0;
    }

    /** The policy of one series of attempts for this account: retried without end, each wait logged and observed. */
    RetryPolicy<Void> policy(String accountId) {
        return RetryPolicy.<Void>builder().handle(StreamInterrupted.class).withBackoff(first, cap).withJitter(0.25).withMaxRetries(-1)
                .onRetryScheduled(event -> {
                    String why = event.getLastException().getMessage();
                    LOG.warn("account {}: price stream interrupted ({}); reconnecting in {} ms", accountId, why, event.getDelay().toMillis());
                    observer.accept(new Reconnect(event.getDelay(), why));
                }).build();
    }
}

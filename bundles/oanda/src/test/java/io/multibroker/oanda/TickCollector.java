package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.PriceTick;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** A subscriber to prices that keeps what it receives; it asks for everything, or (slow) for one tick and never more. */
final class TickCollector implements Flow.Subscriber<PriceTick> {

    final List<PriceTick> ticks = new CopyOnWriteArrayList<>();
    private final boolean slow;
    Flow.Subscription subscription;

    TickCollector(boolean slow) {
        this.slow = slow;
    }

    /** One that asks for everything. */
    static TickCollector all() {
        return new TickCollector(false);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(slow ? 1 : Long.MAX_VALUE);
    }

    @Override
    public void onNext(PriceTick tick) {
        ticks.add(tick);
    }

    @Override
    public void onError(Throwable throwable) {
    }

    @Override
    public void onComplete() {
    }

    void assertInOrderWithoutRepeats() {
        for (int i = 1; i < ticks.size(); i++) {
            assertTrue(ticks.get(i).time().isAfter(ticks.get(i - 1).time()),
                    "tick " + i + " is not after the one before: " + ticks.get(i - 1) + " then " + ticks.get(i));
        }
    }
}

package io.multibroker.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multibroker.api.model.PriceTick;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A subscriber is never dropped as "without subscribers" while it is subscribing, however fast prices come. */
class PriceFanoutTest {

    private static final int SUBSCRIBERS = 2_000;

    @Test
    void aSubscriptionMadeWhilePricesArePublishedIsNeverCompletedBeforeItsTime() throws Exception {
        ExecutorService delivery = Executors.newFixedThreadPool(2);
        ExecutorService source = Executors.newSingleThreadExecutor();
        PriceFanout fanout = new PriceFanout(delivery, 16);
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger completedEarly = new AtomicInteger();
        List<PriceTick> tick = List.of(new PriceTick("EUR_USD", Instant.EPOCH, new BigDecimal("1.08000"), new BigDecimal("1.08010"), true));
        try {
            source.execute(() -> {
                while (publishing.get()) {
                    fanout.publish(tick);
                }
            });
            for (int i = 0; i < SUBSCRIBERS; i++) {
                fanout.publisher(Set.of("EUR_USD")).subscribe(new Flow.Subscriber<>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(PriceTick item) {
                        // prices are what a subscriber is for; here only its end matters
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        completedEarly.incrementAndGet();
                    }

                    @Override
                    public void onComplete() {
                        if (publishing.get()) {
                            completedEarly.incrementAndGet();
                        }
                    }
                });
            }
            publishing.set(false);
        } finally {
            publishing.set(false);
            source.shutdown();
            source.awaitTermination(10, TimeUnit.SECONDS);
            fanout.closeAll();
            delivery.shutdown();
            delivery.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertEquals(0, completedEarly.get(), "subscribers completed while prices were still coming");
    }
}

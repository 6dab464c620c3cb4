package io.multibroker.quality;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.PriceTick;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How often a reference stream that cannot be had is asked for again. */
class ReferenceStreamsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    private final PausesRecorded scheduler = new PausesRecorded(10);
    private ReferenceStreams streams;

    @AfterEach
    void close() {
        streams.close();
        scheduler.shutdownNow();
    }

    @Test
    void anAdapterThatStreamsNoPricesIsAskedAgainAfterPausesDoublingToAMinute() {
        AtomicInteger asked = new AtomicInteger();
        BrokerAdapter noPrices = streaming(subscriber -> {
            asked.incrementAndGet();
            subscriber.onSubscribe(new NoDemand());
            subscriber.onError(StandardBrokerError.of(ErrorCode.UNSUPPORTED_OPERATION, null, "no price stream here",
                    ErrorContext.account("sample")));
        });
        streams = new ReferenceStreams(id -> Optional.of(noPrices), scheduler, CLOCK, 16);

        streams.history("sample", "EUR_USD");

        // the first subscription and one after each of the ten pauses
        await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() == 11);
        assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L, 60_000L, 60_000L), scheduler.pauses);
    }

    @Test
    void anAccountThatIsGoneIsAskedForAgainAfterTheSamePauses() {
        Function<String, Optional<BrokerAdapter>> none = id -> Optional.empty();
        streams = new ReferenceStreams(none, scheduler, CLOCK, 16);

        streams.history("gone", "EUR_USD");

        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.pauses.size() == 10 && scheduler.getCompletedTaskCount() == 11);
        assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L, 60_000L, 60_000L), scheduler.pauses);
    }

    @Test
    void aStreamThatDeliveredStartsItsPausesAgainFromTheFirst() {
        AtomicInteger asked = new AtomicInteger();
        BrokerAdapter flaky = streaming(subscriber -> {
            int attempt = asked.incrementAndGet();
            subscriber.onSubscribe(new NoDemand());
            if (attempt == 4) {
                subscriber.onNext(new PriceTick("EUR_USD", CLOCK.instant(), new BigDecimal("1.1000"), new BigDecimal("1.1002"), true));
            }
            subscriber.onError(StandardBrokerError.of(ErrorCode.NETWORK_ERROR, null, "dropped", ErrorContext.account("flaky")));
        });
        streams = new ReferenceStreams(id -> Optional.of(flaky), scheduler, CLOCK, 16);

        streams.history("flaky", "EUR_USD");

        await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() == 11);
        // three failures, then a stream that delivered a tick before it failed: its pause is the first again
        assertEquals(List.of(1_000L, 2_000L, 4_000L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L), scheduler.pauses);
    }

    private static BrokerAdapter streaming(Flow.Publisher<PriceTick> prices) {
        return (BrokerAdapter) Proxy.newProxyInstance(BrokerAdapter.class.getClassLoader(), new Class<?>[] {BrokerAdapter.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("streamPrices")) {
                        return prices;
                    }
                    throw new UnsupportedOperationException(method.getName() + " is not used by reference streams");
                });
    }

    /** A subscription whose demand and cancel do nothing: each test's publisher calls its subscriber directly. */
    private static final class NoDemand implements Flow.Subscription {
        @Override
        public void request(long n) {
            // the publisher above pushes what it has regardless
        }

        @Override
        public void cancel() {
            // nothing to stop
        }
    }

    /**
     * Records the pause asked for each resubscription and runs it at once instead of waiting it out, up to a bounded
     * number of times (after that the subscription is not attempted again, which ends the test's loop).
     */
    private static final class PausesRecorded extends ScheduledThreadPoolExecutor {
        final List<Long> pauses = new CopyOnWriteArrayList<>();
        private final int bound;

        PausesRecorded(int bound) {
            super(1);
            this.bound = bound;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            if (pauses.size() >= bound) {
                return super.schedule(() -> { }, 0, unit);
            }
            pauses.add(unit.toMillis(delay));
            return super.schedule(command, 0, unit);
        }
    }
}

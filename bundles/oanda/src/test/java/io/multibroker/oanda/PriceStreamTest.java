package io.multibroker.oanda;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.PriceTick;
import io.multibroker.oanda.stub.OandaStub;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The price stream against the stand-in: drops, stalls, lines cut across chunks, slow subscribers. Bounded in time. */
class PriceStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private OandaStub stub;
    private OandaBrokerAdapter adapter;

    /** Keeps what it receives; asks for everything, or for one tick and never more. */
    private static final class Collector implements Flow.Subscriber<PriceTick> {
        final List<PriceTick> ticks = new CopyOnWriteArrayList<>();
        final boolean slow;
        Flow.Subscription subscription;

        Collector(boolean slow) {
            this.slow = slow;
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

    @BeforeEach
    void start() throws Exception {
        stub = StandIn.start();
        adapter = StandIn.adapter(stub, StandIn.TOKEN, Duration.ofSeconds(5), Duration.ofSeconds(1));
        adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        adapter.deactivate();
        stub.close();
    }

    private Collector subscribe(boolean slow, String... instruments) {
        Collector collector = new Collector(slow);
        adapter.streamPrices(Set.of(instruments)).subscribe(collector);
        return collector;
    }

    @Test
    void aDroppedStreamIsReconnectedWithoutRepeatsAndTheGapIsMarked() {
        Collector eur = subscribe(false, "EUR_USD");
        await().atMost(WAIT).until(() -> eur.ticks.size() >= 3);
        assertFalse(eur.ticks.get(0).afterGap(), "the first connection has no gap");
        stub.faults().dropStreams();
        await().atMost(WAIT).until(() -> stub.streamConnections() >= 2 && eur.ticks.stream().anyMatch(PriceTick::afterGap));
        int afterGap = eur.ticks.size();
        await().atMost(WAIT).until(() -> eur.ticks.size() >= afterGap + 3);
        eur.assertInOrderWithoutRepeats();
        assertEquals(1, eur.ticks.stream().filter(PriceTick::afterGap).count(), "one gap, marked once");
    }

    @Test
    void aStalledStreamIsClosedAndReopened() {
        Collector eur = subscribe(false, "EUR_USD");
        await().atMost(WAIT).until(() -> eur.ticks.size() >= 2);
        // silent for 4 s, not even heartbeats; the adapter gives up after 1 s of silence
        stub.faults().stallStreams(Duration.ofSeconds(4));
        await().atMost(WAIT).until(() -> stub.streamConnections() >= 2 && eur.ticks.stream().anyMatch(PriceTick::afterGap));
        int count = eur.ticks.size();
        await().atMost(WAIT).until(() -> eur.ticks.size() >= count + 2);
        eur.assertInOrderWithoutRepeats();
    }

    @Test
    void linesCutAcrossChunksAreReassembled() {
        stub.faults().splitLinesAcrossChunks(true);
        Collector both = subscribe(false, "EUR_USD", "USD_JPY");
        await().atMost(WAIT).until(() -> both.ticks.stream().filter(t -> t.instrument().equals("USD_JPY")).count() >= 3
                && both.ticks.stream().filter(t -> t.instrument().equals("EUR_USD")).count() >= 3);
        assertEquals(0, adapter.priceStream().malformedLines());
        assertEquals(1, stub.streamConnections(), "one connection carries both instruments");
    }

    @Test
    void aSlowSubscriberStallsNeitherTheConnectionNorTheOthers() {
        Collector slow = subscribe(true, "EUR_USD");
        Collector fast = subscribe(false, "EUR_USD");
        await().atMost(WAIT).until(() -> fast.ticks.size() >= 10);
        assertEquals(1, slow.ticks.size(), "the slow subscriber got what it asked for and no more");
        fast.assertInOrderWithoutRepeats();
    }

    @Test
    void anUnknownInstrumentIsRefused() {
        Collector unknown = new Collector(false);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        adapter.streamPrices(Set.of("NO_SUCH")).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(PriceTick item) {
                unknown.ticks.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                errors.add(throwable);
            }

            @Override
            public void onComplete() {
            }
        });
        await().atMost(WAIT).until(() -> !errors.isEmpty());
        assertTrue(String.valueOf(errors.get(0)).contains("NO_SUCH"), String.valueOf(errors.get(0)));
    }
}

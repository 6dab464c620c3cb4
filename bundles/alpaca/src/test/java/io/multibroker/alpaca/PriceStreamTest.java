package io.multibroker.alpaca;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.alpaca.stub.AlpacaStub;
import io.multibroker.api.model.PriceTick;
import io.multibroker.conformance.Collector;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Prices from the market-data WebSocket: canonical ids, reconnects after drops and stalls, gap markers, resubscription. */
class PriceStreamTest {

    private AlpacaStub stub;
    private AlpacaBrokerAdapter adapter;
    private List<PriceTick> ticks = List.of();

    @BeforeEach
    void start() throws Exception {
        stub = AlpacaStub.builder().start();
        adapter = new AlpacaBrokerAdapter(StandIn.settings(stub, "alpaca-prices", Duration.ofMillis(900), Duration.ofSeconds(2)));
        adapter.connect().toCompletableFuture().get();
    }

    @AfterEach
    void stop() {
        adapter.deactivate();
        stub.close();
    }

    private void subscribe(Set<String> instruments) {
        ticks = Collector.of(adapter.streamPrices(instruments)).items();
    }

    @Test
    void equitiesAndCryptoArriveUnderTheirCanonicalIds() {
        subscribe(Set.of("AAPL", "BTC_USD"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.stream().anyMatch(t -> t.instrument().equals("AAPL"))
                && ticks.stream().anyMatch(t -> t.instrument().equals("BTC_USD")));
        PriceTick bitcoin = ticks.stream().filter(t -> t.instrument().equals("BTC_USD")).findFirst().orElseThrow();
        assertTrue(bitcoin.bid().compareTo(bitcoin.ask()) < 0);
    }

    @Test
    void aDroppedStreamIsReconnectedResubscribedAndItsNextTickMarked() {
        subscribe(Set.of("AAPL"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !ticks.isEmpty());
        stub.faults().dropDataStreams();
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.stream().anyMatch(PriceTick::afterGap));
        int marked = (int) ticks.stream().filter(PriceTick::afterGap).count();
        assertEquals(1, marked, "one gap marker per instrument and interruption");
        assertTrue(stub.dataConnections() >= 2);
    }

    @Test
    void aStalledStreamIsGivenUpAfterTheSilenceTimeout() {
        subscribe(Set.of("AAPL"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !ticks.isEmpty());
        long before = stub.dataConnections();
        stub.faults().stallDataStreams(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> stub.dataConnections() > before && ticks.stream().anyMatch(PriceTick::afterGap));
    }

    @Test
    void ticksNeverGoBackInTime() {
        subscribe(Set.of("AAPL"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() >= 5);
        for (int i = 1; i < ticks.size(); i++) {
            assertTrue(!ticks.get(i).time().isBefore(ticks.get(i - 1).time()));
        }
    }
}

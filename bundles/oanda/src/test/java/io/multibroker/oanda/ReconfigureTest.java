package io.multibroker.oanda;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.conformance.Collector;
import io.multibroker.oanda.stub.OandaStub;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A reconfiguration in force without a restart: moving an account from one stand-in to another. */
class ReconfigureTest {

    @Test
    void anAccountMovesHostsKeepingItsSubscribersAndItsOrderInFlight() throws Exception {
        try (OandaStub first = StandIn.start(); OandaStub second = StandIn.start()) {
            OandaBrokerAdapter adapter = StandIn.adapter(first);
            try {
                adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
                List<PriceTick> ticks = Collector.of(adapter.streamPrices(Set.of("EUR_USD"))).items();
                await().atMost(Duration.ofSeconds(20)).until(() -> ticks.size() >= 2);

                // an order in flight (slowed down at the first stand-in) when the account moves
                first.faults().latency(Duration.ofMillis(500));
                CompletableFuture<OrderResult> inFlight = adapter.placeOrder(UnifiedOrder.market("EUR_USD", OrderSide.BUY,
                        BigDecimal.valueOf(100)).clientOrderId("in-flight").build()).toCompletableFuture();
                URI base = URI.create(second.baseUrl());
                adapter.reconfigure(new OandaBrokerAdapter.Settings("oanda-test", StandIn.ACCOUNT, new OandaBrokerAdapter.Endpoints(base, base),
                        StandIn.TOKEN, Duration.ofSeconds(5), Duration.ofSeconds(2), 100, 2, Set.of(), Duration.ofMinutes(5)));

                assertEquals(OrderStatus.FILLED, inFlight.get(20, TimeUnit.SECONDS).status(), "the order finished where it started");
                assertEquals(1, first.ordersWithClientId(StandIn.ACCOUNT, "in-flight"));
                OrderResult after = adapter.placeOrder(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.valueOf(100))
                        .clientOrderId("after-move").build()).toCompletableFuture().get(20, TimeUnit.SECONDS);
                assertEquals(OrderStatus.FILLED, after.status());
                assertEquals(1, second.ordersWithClientId(StandIn.ACCOUNT, "after-move"), "new orders go to the new host");
                assertEquals(0, first.ordersWithClientId(StandIn.ACCOUNT, "after-move"));

                // the subscriber was kept: its ticks now come from the second stand-in, the first marked after a gap
                await().atMost(Duration.ofSeconds(20)).until(() -> second.streamConnections() >= 1
                        && ticks.stream().anyMatch(PriceTick::afterGap));
                int count = ticks.size();
                await().atMost(Duration.ofSeconds(20)).until(() -> ticks.size() >= count + 2);
                assertTrue(ticks.size() > count);
            } finally {
                adapter.deactivate();
            }
        }
    }
}

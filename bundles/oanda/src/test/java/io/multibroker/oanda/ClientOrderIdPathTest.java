package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client order ids with characters a path must escape are found by their id, and cancelled by it. */
class ClientOrderIdPathTest extends ConnectedStandInTest {

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a+b", "a/b", "100%", "a?b#c", "ümlaut-€", "a@b", "@lead", "plain-id_1.2~3", "a%20b"})
    void aRestingOrderIsFoundAndCancelledByItsClientId(String clientId) throws Exception {
        OrderResult placed = adapter.placeOrder(UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.valueOf(100), new BigDecimal("0.50000"))
                .clientOrderId(clientId).build()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(OrderStatus.ACCEPTED, placed.status(), placed::toString);

        Optional<OrderResult> found = adapter.findOrderByClientId(clientId).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertTrue(found.isPresent(), "found by client id " + clientId);
        assertEquals(placed.brokerOrderId(), found.get().brokerOrderId());
        assertEquals(clientId, found.get().clientOrderId());

        OrderResult cancelled = adapter.cancelOrder("@" + clientId).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(OrderStatus.CANCELLED, cancelled.status(), cancelled::toString);
    }
}

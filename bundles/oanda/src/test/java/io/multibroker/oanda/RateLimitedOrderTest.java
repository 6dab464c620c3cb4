package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An order the client-side rate limit holds back is refused as rate limited, and is never sent. */
class RateLimitedOrderTest extends ConnectedStandInTest {

    private static final int ORDERS = 5;

    @BeforeEach
    void oneRequestASecond() {
        // one request a second, and no request may wait more than 100 ms for its slot: the reads of the
        // reconfiguration take this second's slot, so orders sent at once find none
        URI base = URI.create(stub.baseUrl());
        adapter.reconfigure(new OandaBrokerAdapter.Settings("oanda-test", StandIn.ACCOUNT, new OandaBrokerAdapter.Endpoints(base, base),
                StandIn.TOKEN, Duration.ofMillis(100), Duration.ofSeconds(2), 1, 2, Set.of(), Duration.ofMinutes(5)));
    }

    @Test
    void ordersTheLimiterHoldsBackAreRateLimited() throws Exception {
        List<CompletableFuture<OrderResult>> sent = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            sent.add(adapter.placeOrder(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.valueOf(100)).clientOrderId("limited-" + i)
                    .build()).toCompletableFuture());
        }
        int filled = 0;
        int limited = 0;
        for (CompletableFuture<OrderResult> result : sent) {
            OrderResult order = result.get(30, TimeUnit.SECONDS);
            if (order.status() == OrderStatus.FILLED) {
                filled++;
            } else {
                assertEquals(OrderStatus.REJECTED, order.status(), order::toString);
                assertEquals(ErrorCode.RATE_LIMITED, order.error().code(), order.error()::toString);
                assertTrue(order.error().retryable(), "nothing was sent: it may be sent again");
                limited++;
            }
        }
        assertTrue(limited > 0, "the limiter held some back");
        assertEquals(filled, stub.orderSubmissions(StandIn.ACCOUNT), "only the filled ones were sent");
    }
}

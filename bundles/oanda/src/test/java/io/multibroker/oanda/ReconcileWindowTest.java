package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.oanda.stub.Faults;
import io.multibroker.oanda.stub.OandaStub;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An order whose outcome is unknown is looked up for the configured window, and found when it executes late. */
class ReconcileWindowTest {

    private OandaStub stub;
    private OandaBrokerAdapter adapter;

    private void start(Duration window) throws Exception {
        stub = StandIn.start();
        adapter = StandIn.adapter(stub, StandIn.TOKEN, Duration.ofSeconds(5), Duration.ofSeconds(2), window);
        adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.deactivate();
        }
        if (stub != null) {
            stub.close();
        }
    }

    private OrderResult place(String clientId) throws Exception {
        return adapter.placeOrder(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.valueOf(1000)).clientOrderId(clientId).build())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aSlowExecutionIsFoundOnALaterLookup() throws Exception {
        start(Duration.ofSeconds(10));
        // no answer, and the order is carried out only 2.5 s later: after the first lookups, well within the window
        stub.faults().executionDelay(Duration.ofMillis(2500)).next(1, Faults.Kind.EXECUTED_LATER, Faults.Target.ORDER_SUBMISSIONS);
        OrderResult result = place("slow-1");
        assertEquals(OrderStatus.FILLED, result.status(), result::toString);
        assertEquals("slow-1", result.clientOrderId());
        assertEquals(1, stub.orderSubmissions(StandIn.ACCOUNT), "sent once, never resent");
        assertEquals(1, stub.ordersWithClientId(StandIn.ACCOUNT, "slow-1"));
    }

    @Test
    void anExecutionLaterThanTheWindowIsLeftUnknownAndNotResent() throws Exception {
        start(Duration.ofSeconds(1));
        stub.faults().executionDelay(Duration.ofSeconds(4)).next(1, Faults.Kind.EXECUTED_LATER, Faults.Target.ORDER_SUBMISSIONS);
        OrderResult result = place("too-slow-1");
        assertEquals(OrderStatus.UNKNOWN, result.status(), result::toString);
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, result.error().code());
        assertTrue(result.error().message().contains("not resent"), result.error().message());
        assertEquals(0, stub.ordersWithClientId(StandIn.ACCOUNT, "too-slow-1"), "not carried out yet, and not sent again");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 999, 300_001})
    void aWindowOutsideItsRangeIsRefusedNamingTheKeyTheValueAndTheRule(long millis) {
        URI nowhere = URI.create("http://127.0.0.1:9");
        StandardBrokerError refused = assertThrows(StandardBrokerError.class, () -> new OandaBrokerAdapter.Settings("oanda-test",
                StandIn.ACCOUNT, new OandaBrokerAdapter.Endpoints(nowhere, nowhere), StandIn.TOKEN, Duration.ofSeconds(5), Duration.ofSeconds(2),
                100, 2, Set.of(), Duration.ofMinutes(5), Duration.ofMillis(millis)));
        assertEquals(ErrorCode.CONFIGURATION_INVALID, refused.code());
        assertTrue(refused.getMessage().contains("reconcile.window.ms=" + millis), refused.getMessage());
        assertTrue(refused.getMessage().contains("from 1000 to 300000"), refused.getMessage());
    }

    @Test
    void theBoundsOfTheRangeAreAccepted() {
        URI nowhere = URI.create("http://127.0.0.1:9");
        for (long millis : new long[] {1_000, 300_000}) {
            OandaBrokerAdapter.Settings settings = new OandaBrokerAdapter.Settings("oanda-test", StandIn.ACCOUNT,
                    new OandaBrokerAdapter.Endpoints(nowhere, nowhere), StandIn.TOKEN, Duration.ofSeconds(5), Duration.ofSeconds(2), 100, 2,
                    Set.of(), Duration.ofMinutes(5), Duration.ofMillis(millis));
            assertEquals(millis, settings.reconcileWindow().toMillis());
        }
    }
}

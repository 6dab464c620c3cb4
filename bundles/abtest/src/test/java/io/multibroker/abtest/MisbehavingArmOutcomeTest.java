package io.multibroker.abtest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.routing.RoutedOrderResult;
import io.multibroker.api.routing.RoutingRequest;
import io.multibroker.registry.BrokerRegistryImpl;
import io.multibroker.registry.TestRegistries;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment arm whose third-party adapter sends an order and then answers it REJECTED with a connectivity code,
 * routed through the real registry's handle: the outcome the experiment records is what the broker has (or UNKNOWN
 * while nobody can tell), never a refusal that did not happen, which would count against the arm's reject rate.
 */
class MisbehavingArmOutcomeTest {

    private static final String ARM = "arm-a";

    @TempDir
    Path directory;
    private BrokerRegistryImpl registry;
    private OrderRouterImpl router;
    private final SendsThenMisreports adapter = new SendsThenMisreports();

    @BeforeEach
    void start() {
        registry = TestRegistries.create();
        TestRegistries.add(registry, 1, adapter);
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.account(ARM)
                .map(account -> account.health().status() == HealthStatus.UP).orElse(false));
        router = new OrderRouterImpl(registry);
        router.outcomes = new OutcomeStore(OutcomeStore.embedded(directory.resolve("outcomes").toString()));
        router.bindExperiment(new ExperimentComponent(new TestExperimentConfig("solo", ARM + "=100", "arm-b=0")));
    }

    @AfterEach
    void stop() throws Exception {
        router.deactivate();
        router.outcomes.close();
        TestRegistries.stop(registry);
    }

    private RoutedOrderResult route(String clientOrderId) throws Exception {
        UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId(clientOrderId).build();
        return router.submit(order, RoutingRequest.experiment("solo")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Outcome recorded(String clientOrderId) throws Exception {
        return router.outcomes.outcomes("solo").stream().filter(o -> o.clientOrderId().equals(clientOrderId)).findFirst().orElseThrow();
    }

    @Test
    void anOrderTheBrokerFilledIsRecordedFilled() throws Exception {
        adapter.executes = true;
        RoutedOrderResult routed = route("arm-1");
        assertEquals(OrderStatus.FILLED, routed.result().status(), () -> "routed " + routed.result());
        Outcome outcome = recorded("arm-1");
        assertEquals("FILLED", outcome.status());
        assertNull(outcome.errorCode());
        assertEquals(1, adapter.placed.get(), "never resent");
    }

    @Test
    void anOrderTheLookupCannotFindIsRecordedRejectedWithTheAdaptersCode() throws Exception {
        adapter.executes = false;
        RoutedOrderResult routed = route("arm-2");
        assertEquals(OrderStatus.REJECTED, routed.result().status());
        Outcome outcome = recorded("arm-2");
        assertEquals("REJECTED", outcome.status());
        assertEquals("NETWORK_ERROR", outcome.errorCode());
    }

    @Test
    void anOrderNobodyCanTellAboutYetIsRecordedUnknown() throws Exception {
        adapter.executes = true;
        adapter.lookupDown = true;
        RoutedOrderResult routed = route("arm-3");
        assertEquals(OrderStatus.UNKNOWN, routed.result().status());
        Outcome outcome = recorded("arm-3");
        assertEquals("UNKNOWN", outcome.status());
        assertEquals("UNKNOWN_OUTCOME", outcome.errorCode());
        assertEquals(1, adapter.placed.get(), "never resent");
    }

    /** Sends every order (the broker fills it when {@link #executes}), then answers it REJECTED with NETWORK_ERROR. */
    private static final class SendsThenMisreports implements BrokerAdapter {

        private static final Instrument EUR_USD = new Instrument("EUR_USD", InstrumentType.CURRENCY, 5, 0, BigDecimal.ONE,
                new BigDecimal("1000000"), new BigDecimal("0.05"), -4);
        private final Map<String, OrderResult> book = new ConcurrentHashMap<>();
        final AtomicInteger placed = new AtomicInteger();
        volatile boolean executes;
        volatile boolean lookupDown;

        @Override
        public String brokerType() {
            return "misbehaving";
        }

        @Override
        public String accountId() {
            return ARM;
        }

        @Override
        public BrokerCapabilities capabilities() {
            return new BrokerCapabilities(Set.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.CLIENT_ORDER_ID_LOOKUP),
                    Map.of(OrderType.MARKET, Set.of(TimeInForce.FOK)), Map.of("EUR_USD", EUR_USD));
        }

        @Override
        public CompletionStage<Void> connect() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> disconnect() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
            placed.incrementAndGet();
            if (executes) {
                book.put(order.clientOrderId(), new OrderResult(ARM, order.clientOrderId(), "B-1", "T-1", order.instrument(), order.side(),
                        order.type(), OrderStatus.FILLED, order.units(), order.units(), new BigDecimal("1.10020"), Instant.now(),
                        Instant.now(), null, null));
            }
            return CompletableFuture.completedFuture(OrderResult.rejected(ARM, order, new ErrorDetail(ErrorCode.NETWORK_ERROR, true, null,
                    "connection reset", new ErrorContext(ARM, null, order.clientOrderId(), order.instrument(), null)), Instant.now()));
        }

        @Override
        public CompletionStage<OrderResult> cancelOrder(String brokerOrderId) {
            return CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.ORDER_NOT_FOUND, "no order " + brokerOrderId));
        }

        @Override
        public CompletionStage<OrderResult> getOrder(String brokerOrderId) {
            return CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.ORDER_NOT_FOUND, "no order " + brokerOrderId));
        }

        @Override
        public CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId) {
            return lookupDown ? CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.NETWORK_ERROR, "still down"))
                    : CompletableFuture.completedFuture(Optional.ofNullable(book.get(clientOrderId)));
        }

        @Override
        public CompletionStage<List<UnifiedPosition>> positions() {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletionStage<UnifiedAccountSummary> accountSummary() {
            return CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION, "not here"));
        }

        @Override
        public CompletionStage<List<Instrument>> instruments() {
            return CompletableFuture.completedFuture(List.of(EUR_USD));
        }

        @Override
        public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) {
            return BrokerAdapter.failedStream(new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION, "no prices"));
        }

        @Override
        public CompletionStage<HealthReport> checkHealth() {
            return CompletableFuture.completedFuture(HealthReport.up());
        }
    }
}

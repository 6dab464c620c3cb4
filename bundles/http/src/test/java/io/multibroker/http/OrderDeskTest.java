package io.multibroker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.routing.OrderRouter;
import io.multibroker.api.routing.RoutedOrderResult;
import io.multibroker.api.routing.RoutingStrategy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrderDeskTest {

    /** A router that answers when told to, and a lookup that knows what it answered: a journal in miniature. */
    private final AtomicInteger submitted = new AtomicInteger();
    private final CompletableFuture<Void> release = new CompletableFuture<>();
    private final Map<String, OrderView> journal = new ConcurrentHashMap<>();

    private final OrderRouter router = (order, routing) -> {
        submitted.incrementAndGet();
        return release.thenApply(done -> {
            OrderResult result = new OrderResult("paper-fast", order.clientOrderId(), "B" + submitted.get(), null, order.instrument(),
                    order.side(), order.type(), OrderStatus.FILLED, order.units(), order.units(), new BigDecimal("1.08"), Instant.now(),
                    Instant.now(), null, null);
            OrderView view = OrderView.of(new RoutedOrderResult(result, "paper-fast", RoutingStrategy.EXPLICIT, null, null, false));
            journal.put(order.clientOrderId(), new OrderView(view.clientOrderId(), view.accountId(), view.brokerOrderId(), view.instrument(),
                    view.side(), view.type(), view.status(), view.requestedUnits(), view.filledUnits(), view.averageFillPrice(), order.price(),
                    null, null, "explicit", null, null, null, null, null, null, false, view.createdAt(), view.updatedAt()));
            return new RoutedOrderResult(result, "paper-fast", RoutingStrategy.EXPLICIT, null, null, false);
        });
    };

    private final OrderDesk desk = new OrderDesk(() -> router, (id, account) -> Optional.ofNullable(journal.get(id)));

    private static PlaceOrder order(String id, String units) {
        return new PlaceOrder(id, new PlaceOrder.Routing(RoutingStrategy.EXPLICIT, "paper-fast", null), "EUR_USD", OrderSide.BUY,
                new BigDecimal(units), null, OrderType.MARKET, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void requestsWithOneClientOrderIdPlaceOneOrderWhetherInFlightOrAnswered() throws Exception {
        List<CompletableFuture<OrderDesk.Placement>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            answers.add(desk.place(order("c-1", "1000")).toCompletableFuture());
        }
        release.complete(null);
        int fresh = 0;
        for (CompletableFuture<OrderDesk.Placement> answer : answers) {
            OrderDesk.Placement placed = answer.get(5, TimeUnit.SECONDS);
            fresh += placed.replay() ? 0 : 1;
            assertEquals("B1", placed.order().brokerOrderId());
        }
        assertEquals(1, fresh);
        assertEquals(1, submitted.get());
        // after the answer the lookup has it: still no second order
        OrderDesk.Placement later = desk.place(order("c-1", "1000.0")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(later.replay());
        assertEquals(1, submitted.get());
        assertEquals(0, desk.inFlight());
    }

    @Test
    void aClientOrderIdReusedForAnotherOrderIsRefused() {
        release.complete(null);
        desk.place(order("c-2", "1000")).toCompletableFuture().join();
        // known from the lookup: the refusal is the placement's answer
        CompletionException failed = assertThrows(CompletionException.class,
                () -> desk.place(order("c-2", "2000")).toCompletableFuture().join());
        ApiException refused = (ApiException) failed.getCause();
        assertEquals(409, refused.problem().status());
        assertTrue(refused.problem().detail().contains("units 2000 (the order has 1000)"), refused.problem().detail());
        assertEquals(1, submitted.get());
    }

    /**
     * The same client order id for another named account is another order: answering it with the first account's order
     * would leave the client believing its order was placed where it asked.
     */
    @Test
    void aClientOrderIdKnownAtAnotherAccountIsRefusedForANamedAccount() {
        release.complete(null);
        desk.place(order("c-5", "1000")).toCompletableFuture().join();
        PlaceOrder elsewhere = new PlaceOrder("c-5", new PlaceOrder.Routing(RoutingStrategy.EXPLICIT, "paper-slow", null), "EUR_USD",
                OrderSide.BUY, new BigDecimal("1000"), null, OrderType.MARKET, null, null, null, null, null, null, null, null, null);
        CompletionException failed = assertThrows(CompletionException.class, () -> desk.place(elsewhere).toCompletableFuture().join());
        ApiException refused = (ApiException) failed.getCause();
        assertEquals(409, refused.problem().status());
        assertTrue(refused.problem().detail().contains("account paper-slow (the order has paper-fast)"), refused.problem().detail());
        assertEquals(1, submitted.get());
        // routed, the order may be wherever the router put it: the same request again is answered with it
        PlaceOrder routed = new PlaceOrder("c-5", new PlaceOrder.Routing(RoutingStrategy.CAPABILITY, null, null), "EUR_USD",
                OrderSide.BUY, new BigDecimal("1000"), null, OrderType.MARKET, null, null, null, null, null, null, null, null, null);
        assertTrue(desk.place(routed).toCompletableFuture().join().replay());
    }

    /** The answer to a placement carries the price it was sent with, as a later GET (the journal) does: it was null. */
    /** The same, while the first request is in flight: a routed first request is compared once its account is known. */
    @Test
    void aRequestForAnotherAccountWaitingOnARoutedFirstIsRefusedOnceItsAccountIsKnown() {
        PlaceOrder routed = new PlaceOrder("c-8", new PlaceOrder.Routing(RoutingStrategy.CAPABILITY, null, null), "EUR_USD",
                OrderSide.BUY, new BigDecimal("1000"), null, OrderType.MARKET, null, null, null, null, null, null, null, null, null);
        PlaceOrder elsewhere = new PlaceOrder("c-8", new PlaceOrder.Routing(RoutingStrategy.EXPLICIT, "paper-slow", null), "EUR_USD",
                OrderSide.BUY, new BigDecimal("1000"), null, OrderType.MARKET, null, null, null, null, null, null, null, null, null);
        CompletableFuture<OrderDesk.Placement> first = desk.place(routed).toCompletableFuture();
        CompletableFuture<OrderDesk.Placement> second = desk.place(elsewhere).toCompletableFuture();
        release.complete(null);
        assertEquals("paper-fast", first.join().order().accountId());
        CompletionException failed = assertThrows(CompletionException.class, second::join);
        ApiException refused = (ApiException) failed.getCause();
        assertEquals(409, refused.problem().status());
        assertTrue(refused.problem().detail().contains("account paper-slow (the order has paper-fast)"), refused.problem().detail());
        assertEquals(1, submitted.get());
    }

    @Test
    void aLimitOrdersAnswerCarriesItsPrice() {
        release.complete(null);
        PlaceOrder limit = new PlaceOrder("c-7", new PlaceOrder.Routing(RoutingStrategy.EXPLICIT, "paper-fast", null), "EUR_USD",
                OrderSide.BUY, new BigDecimal("1000"), null, OrderType.LIMIT, null, new BigDecimal("1.07000"), null, null, null, null, null,
                null, null);
        OrderView answer = desk.place(limit).toCompletableFuture().join().order();
        assertEquals(0, new BigDecimal("1.07000").compareTo(answer.price()), String.valueOf(answer.price()));
        assertEquals(Boolean.FALSE, answer.unresolved());
    }

    @Test
    void anInconsistentOrderIsA400NamingWhy() {
        PlaceOrder limitWithoutPrice = new PlaceOrder("c-3", new PlaceOrder.Routing(RoutingStrategy.EXPLICIT, "paper-fast", null), "EUR_USD",
                OrderSide.BUY, BigDecimal.ONE, null, OrderType.LIMIT, null, null, null, null, null, null, null, null, null);
        ApiException refused = assertThrows(ApiException.class, () -> desk.place(limitWithoutPrice));
        assertEquals(400, refused.problem().status());
        assertTrue(refused.problem().detail().contains("LIMIT order needs a price"), refused.problem().detail());
        PlaceOrder noAccount = new PlaceOrder("c-4", new PlaceOrder.Routing(RoutingStrategy.EXPLICIT, null, null), "EUR_USD",
                OrderSide.BUY, BigDecimal.ONE, null, null, null, null, null, null, null, null, null, null, null);
        assertEquals("routing", assertThrows(ApiException.class, () -> desk.place(noAccount)).problem().errors().get(0).field());
        // an amount that is not positive is named with its value, not as the body's
        ApiException negative = assertThrows(ApiException.class, () -> desk.place(order("c-6", "-5")));
        assertEquals(400, negative.problem().status());
        Problem.FieldError units = negative.problem().errors().get(0);
        assertEquals("units", units.field());
        assertEquals("-5", units.value());
        assertTrue(units.rule().startsWith("must be positive"), units.rule());
        assertEquals("units = -5: must be positive; the side gives the direction", negative.problem().detail());
        assertFalse(refused.problem().detail().contains("(body)"), refused.problem().detail());
        assertEquals(0, submitted.get());
    }
}

package io.multibroker.http;

import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.routing.OrderRouter;
import io.multibroker.api.routing.RoutingRequest;
import io.multibroker.api.routing.RoutingStrategy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Places orders idempotently by client order id. A client order id is placed at most once: while its placement is in
 * flight a second request with it waits for the first one's answer, and after that the order lookup (the journal)
 * finds it; either way the second request gets the order as it stands, marked as a replay, and nothing is sent twice.
 * A second request with the same client order id but a different order is refused (409), since answering it with the
 * first order would tell the client that an order it never placed was done.
 */
public final class OrderDesk {

    /**
     * The answer to a placement.
     *
     * @param order the order as it stands
     * @param replay true when the client order id was known already and this is the first order's state
     */
    public record Placement(OrderView order, boolean replay) {
    }

    /** One placement in flight: the order it sends, and its answer to come. */
    private record InFlight(UnifiedOrder order, String explicitAccount, CompletableFuture<Placement> answer) {
    }

    private final Supplier<OrderRouter> router;
    private final OrderLookup lookup;
    private final ConcurrentMap<String, InFlight> inFlight = new ConcurrentHashMap<>();

    public OrderDesk(Supplier<OrderRouter> router, OrderLookup lookup) {
        this.router = router;
        this.lookup = lookup;
    }

    public CompletionStage<Placement> place(PlaceOrder request) {
        UnifiedOrder order;
        RoutingRequest routing;
        try {
            order = request.toOrder();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.invalid(ApiException.BODY, null, String.valueOf(e.getMessage()));
        }
        try {
            routing = request.routing().toRequest();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.invalid("routing", null, String.valueOf(e.getMessage()));
        }
        // an order for a named account is that account's: the same id answered from another account would be another order
        String explicit = routing.strategy() == RoutingStrategy.EXPLICIT ? routing.accountId() : null;
        InFlight mine = new InFlight(order, explicit, new CompletableFuture<>());
        InFlight first = inFlight.putIfAbsent(order.clientOrderId(), mine);
        if (first != null) {
            requireSame(first.order(), order, first.explicitAccount(), explicit);
            // a first request that was routed lands wherever the router sent it: known only from its answer
            return first.answer().thenApply(placed -> {
                if (explicit != null) {
                    requireSame(placed.order(), order, explicit);
                }
                return new Placement(placed.order(), true);
            });
        }
        try {
            String preferred = routing.strategy() == RoutingStrategy.EXPLICIT || routing.strategy() == RoutingStrategy.FAILOVER
                    ? routing.accountId() : null;
            // looked up while this request holds the client order id: no other request of this runtime can place it meanwhile
            Optional<OrderView> known = lookup.find(order.clientOrderId(), preferred);
            if (known.isPresent()) {
                requireSame(known.get(), order, explicit);
                finish(mine, new Placement(known.get(), true), null);
                return mine.answer();
            }
            router.get().submit(order, routing).whenComplete((routed, failure) ->
                    finish(mine, routed == null ? null : new Placement(OrderView.of(routed, order.price()), false), failure));
        } catch (RuntimeException e) {
            finish(mine, null, e);
        }
        return mine.answer();
    }

    private void finish(InFlight mine, Placement placed, Throwable failure) {
        // removed before it completes: a request that finds it gone asks the lookup, which has the order by then
        inFlight.remove(mine.order().clientOrderId(), mine);
        if (failure != null) {
            mine.answer().completeExceptionally(failure);
        } else {
            mine.answer().complete(placed);
        }
    }

    /** Refuses a client order id that is reused for a different order. */
    private static void requireSame(UnifiedOrder first, UnifiedOrder again, String firstAccount, String againAccount) {
        List<String> differences = new ArrayList<>();
        if (firstAccount != null && againAccount != null) {
            compare(differences, "account", firstAccount, againAccount);
        }
        compare(differences, "instrument", first.instrument(), again.instrument());
        compare(differences, "side", first.side(), again.side());
        compare(differences, "type", first.type(), again.type());
        compareDecimal(differences, "units", first.units(), again.units());
        compareDecimal(differences, "notional", first.notional(), again.notional());
        compareDecimal(differences, "price", first.price(), again.price());
        refuseIfAny(again.clientOrderId(), differences);
    }

    private static void requireSame(OrderView known, UnifiedOrder again, String againAccount) {
        List<String> differences = new ArrayList<>();
        if (againAccount != null) {
            compare(differences, "account", known.accountId(), againAccount);
        }
        compare(differences, "instrument", known.instrument(), again.instrument());
        compare(differences, "side", known.side(), again.side());
        if (known.type() != null) {
            compare(differences, "type", known.type(), again.type());
        }
        if (again.units() != null) {
            compareDecimal(differences, "units", known.requestedUnits(), again.units());
        }
        if (known.routing() != null) {
            // the journal's record has the price it was sent with; a broker's lookup may not
            compareDecimal(differences, "price", known.price(), again.price());
        }
        refuseIfAny(again.clientOrderId(), differences);
    }

    private static void compare(List<String> differences, String field, Object first, Object again) {
        if (!Objects.equals(first, again)) {
            differences.add(field + " " + again + " (the order has " + first + ")");
        }
    }

    private static void compareDecimal(List<String> differences, String field, BigDecimal first, BigDecimal again) {
        boolean same = first == null ? again == null : again != null && first.compareTo(again) == 0;
        if (!same) {
            differences.add(field + " " + plain(again) + " (the order has " + plain(first) + ")");
        }
    }

    private static String plain(BigDecimal value) {
        return value == null ? "none" : value.toPlainString();
    }

    private static void refuseIfAny(String clientOrderId, List<String> differences) {
        if (!differences.isEmpty()) {
            throw ApiException.conflict("client order id " + clientOrderId + " belongs to a different order: "
                    + String.join(", ", differences) + "; a client order id names one order, give this one its own",
                    ApiException.DUPLICATE_CLIENT_ORDER_ID);
        }
    }

    /** Placements in flight now. */
    int inFlight() {
        return inFlight.size();
    }
}

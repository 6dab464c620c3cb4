package io.multibroker.http;

import static io.multibroker.http.Role.TRADER;
import static io.multibroker.http.Role.VIEWER;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalEntryKind;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.routing.RoutingStrategy;
import io.multibroker.api.support.CallerWaits;
import io.multibroker.api.support.OrderIds;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Orders: place (idempotent by client order id), status, history, list, cancel, replace. */
final class OrderRoutes {

    /** How long a placement is waited for before the answer is "unknown yet: ask again with the same client order id". */
    static final Duration PLACE_TIMEOUT = Duration.ofSeconds(30);

    private final Services services;
    private final OrderDesk desk;
    private final OrderLookup lookup;

    OrderRoutes(Services services, OrderDesk desk, OrderLookup lookup) {
        this.services = services;
        this.desk = desk;
        this.lookup = lookup;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.post("/orders", TRADER).tag("orders").status(201)
                .summary("Places an order, choosing its account by the routing. Idempotent by clientOrderId: an id the runtime "
                        + "has already answers that order as it stands now (200, header Idempotent-Replay: true), never a second "
                        + "order; the same id with a different order is refused (409). A refusal by the broker is an order too "
                        + "(status REJECTED, with its error)")
                .body(PlaceOrder.class).answers(Shape.of(OrderView.class)).handle(this::place));
        routes.add(Route.get("/orders", VIEWER).tag("orders").summary("Orders in the journal, newest change first")
                .query("account", false, "one account only")
                .query("status", false, "open (default: resting, partially filled, unanswered or unknown), unknown, unresolved or all")
                .query("since", false, "ISO-8601: only orders changed since")
                .query("limit", false, "at most this many (default 100, at most 10000)")
                .answers(Shape.listOf(OrderView.class)).handle(this::list));
        routes.add(Route.get("/orders/{order}", VIEWER).tag("orders")
                .summary("One order as the journal has it now, by client order id or broker order id")
                .path("order", "the client order id or the broker order id")
                .query("account", false, "the account (default: every account is searched)")
                .answers(Shape.of(OrderView.class)).handle(call -> Reply.ok(OrderView.of(journalOrder(call)))));
        routes.add(Route.get("/orders/{order}/history", VIEWER).tag("orders")
                .summary("The journal's whole history of one order: its intent, every answer and event, reconciliations")
                .path("order", "the client order id or the broker order id")
                .query("account", false, "the account (default: every account is searched)")
                .answers(Shape.listOf(JournalEntry.class)).handle(call -> {
                    JournalOrder order = journalOrder(call);
                    return Reply.ok(services.requireJournal().history(order.accountId(), order.clientOrderId()));
                }));
        routes.add(Route.post("/accounts/{account}/orders/{order}/cancel", TRADER).tag("orders")
                .summary("Cancels a resting order; one that is no longer resting is refused (409) saying what it is")
                .path("account", "the account").path("order", "the broker order id or the client order id")
                .answers(Shape.of(OrderView.class)).handle(this::cancel));
        routes.add(Route.post("/accounts/{account}/orders/{order}/replace", TRADER).tag("orders")
                .summary("Changes a resting order by cancel-and-replace: the answer is the new order. Idempotent by the "
                        + "replacement's clientOrderId")
                .path("account", "the account").path("order", "the broker order id or the client order id")
                .status(201).body(ReplaceOrder.class).answers(Shape.of(OrderView.class)).handle(this::replace));
        return routes;
    }

    private Reply place(ApiCall call) throws InterruptedException {
        PlaceOrder request = call.body(PlaceOrder.class);
        if (call.caller() != null && call.caller().clusterPeer()) {
            refuseUnlessDrivenHere(request);
        }
        try {
            // this thread waits for the answer: the adapter may place the order on it (CallerWaits), and then the wait below
            // finds it answered; what was spent placing it counts against the wait. Such a placement is bounded by the
            // adapter's own timeouts, not by this one, which it cannot interrupt: if those are longer, the answer comes later
            long deadline = System.nanoTime() + PLACE_TIMEOUT.toNanos();
            CompletionStage<OrderDesk.Placement> placing = CallerWaits.whileCalling(() -> desk.place(request));
            OrderDesk.Placement placed = placing.toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return placed.replay() ? Reply.ok(placed.order()).withHeader("Idempotent-Replay", "true") : Reply.created(placed.order());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw StandardBrokerError.from(e.getCause());
        } catch (TimeoutException e) {
            throw new StandardBrokerError(ErrorCode.UNKNOWN_OUTCOME, "order " + request.clientOrderId() + " has no answer after "
                    + PLACE_TIMEOUT.toSeconds() + " s: it may still be placed; send the same request again (same client order id) "
                    + "to learn how it stands, never a new one");
        }
    }

    /**
     * An order another runtime forwarded is placed only on the account it names, and only if this runtime drives it: were
     * the lease to have moved meanwhile, forwarding it on could send it around the runtimes; the sender learns who drives
     * the account and nothing was placed.
     */
    private void refuseUnlessDrivenHere(PlaceOrder request) {
        if (request.routing() == null || request.routing().strategy() != RoutingStrategy.EXPLICIT || request.routing().account() == null) {
            throw ApiException.invalid("routing", request.routing() == null ? null : String.valueOf(request.routing().strategy()),
                    "an order forwarded by another runtime names its account (EXPLICIT)");
        }
        Optional<ErrorDetail> refusal = services.ownership().flatMap(owners -> owners.refusal(request.routing().account()));
        if (refusal.isPresent()) {
            throw new StandardBrokerError(ErrorDetail.of(ErrorCode.ACCOUNT_NOT_OWNED, refusal.get().message()
                    + " (a forwarded order is not forwarded again)"));
        }
    }

    private Reply list(ApiCall call) {
        OrderJournal journal = services.requireJournal();
        String status = call.query("status").orElse("open").toLowerCase(Locale.ROOT);
        int limit = call.queryInt("limit", 100, 1, 10_000);
        String account = call.query("account").orElse(null);
        List<JournalOrder> orders = switch (status) {
            case "open" -> journal.orders(new JournalQuery(account, JournalQuery.Scope.OPEN, call.queryInstant("since").orElse(null), limit));
            case "unknown" -> journal.orders(new JournalQuery(account, JournalQuery.Scope.UNKNOWN, call.queryInstant("since").orElse(null), limit));
            case "all" -> journal.orders(new JournalQuery(account, JournalQuery.Scope.ALL, call.queryInstant("since").orElse(null), limit));
            case "unresolved" -> journal.unresolved().stream().filter(o -> account == null || o.accountId().equals(account)).limit(limit).toList();
            default -> throw ApiException.invalid("status", status, "must be open, unknown, unresolved or all");
        };
        return Reply.ok(orders.stream().map(OrderView::of).toList());
    }

    /** The order by client or broker order id, at the given account or at any. */
    private JournalOrder journalOrder(ApiCall call) {
        OrderJournal journal = services.requireJournal();
        String id = call.path("order");
        Optional<String> account = call.query("account");
        List<String> accounts = account.map(List::of).orElseGet(() -> services.registry().accounts().stream()
                .map(a -> a.accountId()).toList());
        for (String candidate : accounts) {
            Optional<JournalOrder> found = journal.order(candidate, id);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw ApiException.notFound("the journal has no order " + id + account.map(a -> " at " + a).orElse(" at any account")
                + " (neither a client order id nor a broker order id)");
    }

    /** The broker's id of the order named by either of its ids: see {@link OrderIds#brokerOrderId}. */
    private String brokerOrderId(BrokerAdapter adapter, String account, String id) throws InterruptedException {
        return OrderIds.brokerOrderId(adapter, services.journal(), account, id, AccountRoutes.CALL_TIMEOUT);
    }

    private Reply cancel(ApiCall call) throws InterruptedException {
        String account = call.path("account");
        BrokerAdapter adapter = services.registry().requireAccount(account).adapter();
        String orderId = brokerOrderId(adapter, account, call.path("order"));
        OrderResult before = current(adapter, orderId);
        if (before != null && before.status().terminal()) {
            throw notResting(before, account, orderId);
        }
        OrderResult result = AccountRoutes.await(CallerWaits.whileCalling(() -> adapter.cancelOrder(orderId)));
        if (result.replaced()) {
            // a replace reached the broker between the look-up and the cancel: nothing was cancelled, and the order that
            // replaced it may be working; a 200 CANCELLED would read as done
            throw notResting(result, account, orderId);
        }
        return Reply.ok(OrderView.of(result));
    }

    /** The refusal of a cancel of an order that is no longer resting; for one replaced, what replaced it when the journal knows. */
    private ApiException notResting(OrderResult order, String account, String orderId) {
        String since = order.updatedAt() == null ? "" : " since " + order.updatedAt();
        if (order.replaced()) {
            // a replace of a replacement, and so on: the last of them is the one that may be working
            List<String> replacements = OrderIds.replacements(services.journal(), account, orderId);
            String working = replacements.isEmpty() ? null : replacements.get(replacements.size() - 1);
            String through = replacements.size() > 1 ? " (through " + String.join(", ", replacements.subList(0, replacements.size() - 1)) + ")"
                    : "";
            return ApiException.conflict("order " + orderId + " of " + account + " was replaced" + (working == null ? ""
                    : " by order " + working + through) + since + ": nothing was cancelled; to cancel what replaced it, cancel "
                    + (working == null ? "that order" : working), ApiException.ORDER_NOT_RESTING);
        }
        return ApiException.conflict("order " + orderId + " of " + account + " is " + order.status().name().toLowerCase(Locale.ROOT)
                + since + ": only a resting order can be cancelled", ApiException.ORDER_NOT_RESTING);
    }

    /** The order as the broker has it, or null when the broker cannot look orders up. */
    private static OrderResult current(BrokerAdapter adapter, String orderId) throws InterruptedException {
        try {
            return AccountRoutes.await(adapter.getOrder(orderId));
        } catch (StandardBrokerError e) {
            if (e.code() == ErrorCode.UNSUPPORTED_OPERATION) {
                return null;
            }
            throw e;
        }
    }

    private Reply replace(ApiCall call) throws InterruptedException {
        String account = call.path("account");
        String named = call.path("order");
        ReplaceOrder request = call.body(ReplaceOrder.class);
        OrderReplacement replacement;
        try {
            replacement = request.toReplacement();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(ApiException.BODY, null, e.getMessage());
        }
        Optional<OrderView> known = lookup.find(request.clientOrderId(), account);
        if (known.isPresent()) {
            // answered from the journal alone, before the broker is asked anything: a retry is answered where the broker
            // cannot be reached now, and on a runtime that does not drive the account
            return replayed(known.get(), replacement, account, replacedOrderNamed(account, named, known.get()));
        }
        BrokerAdapter adapter = services.registry().requireAccount(account).adapter();
        String orderId = brokerOrderId(adapter, account, named);
        OrderResult result = AccountRoutes.await(CallerWaits.whileCalling(() -> adapter.replaceOrder(orderId, replacement)));
        return Reply.created(OrderView.replacing(result, orderId, replacement.price()));
    }

    /** The order a replace names, as the journal knows it: the replacement's own link when the id is its, else by client order id. */
    private String replacedOrderNamed(String account, String named, OrderView replacement) {
        if (named.equals(replacement.replacesOrderId())) {
            return named;
        }
        return services.journal().flatMap(journal -> journal.orderByClientId(account, named)).map(JournalOrder::brokerOrderId).orElse(named);
    }

    /**
     * A replace sent again with its client order id: the replacement it made, if the id names the replacement of this
     * order at this account, asked with the same values; an order the id names anywhere else is another order, and other
     * values another replace: nothing is sent for either. The values are those the journal recorded with the request
     * (price, units, time in force, expiry, stop loss, take profit), else the replacement's own price and units.
     */
    private Reply replayed(OrderView known, OrderReplacement again, String account, String orderId) {
        if (!known.accountId().equals(account) || !orderId.equals(known.replacesOrderId())) {
            throw ApiException.conflict("clientOrderId " + known.clientOrderId() + " names order " + known.brokerOrderId() + " at account "
                    + known.accountId() + " already (" + known.status() + (known.replacesOrderId() == null ? ""
                    : ", the replacement of " + known.replacesOrderId()) + "), not a replacement of " + orderId + " at " + account
                    + ": nothing was sent; a replacement needs a client order id of its own", ApiException.DUPLICATE_CLIENT_ORDER_ID);
        }
        String asked = "replace by " + again.clientOrderId() + ": ";
        Optional<String> recorded = services.journal().flatMap(journal -> journal.history(account, orderId).stream()
                .filter(entry -> entry.kind() == JournalEntryKind.REPLACE_REQUESTED && entry.detail() != null
                        && entry.detail().startsWith(asked)).map(JournalEntry::detail).reduce((first, last) -> last));
        List<String> differences = new ArrayList<>();
        if (recorded.isPresent()) {
            if (!recorded.get().equals(asked + again)) {
                differences.add("values (asked now: " + again + "; then: " + recorded.get().substring(asked.length()) + ")");
            }
        } else {
            if (again.price() != null && (known.price() == null || again.price().compareTo(known.price()) != 0)) {
                differences.add("price " + again.price().toPlainString() + " (the replacement's: " + plain(known.price()) + ")");
            }
            if (again.units() != null && (known.requestedUnits() == null || again.units().compareTo(known.requestedUnits()) != 0)) {
                differences.add("units " + again.units().toPlainString() + " (the replacement's: " + plain(known.requestedUnits()) + ")");
            }
        }
        if (!differences.isEmpty()) {
            throw ApiException.conflict("clientOrderId " + known.clientOrderId() + " names the replacement of " + orderId
                    + " already, made with other " + String.join(" and ", differences) + ": nothing was sent; another replace needs "
                    + "a client order id of its own", ApiException.DUPLICATE_CLIENT_ORDER_ID);
        }
        return Reply.ok(known).withHeader("Idempotent-Replay", "true");
    }

    private static String plain(BigDecimal value) {
        return value == null ? "none" : value.toPlainString();
    }
}

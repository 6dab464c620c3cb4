package io.multibroker.http;

import static io.multibroker.http.Role.VIEWER;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.model.OrderEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/** Server-Sent Events: the order events of the runtime, and an account's prices. */
final class StreamRoutes {

    private final Services services;
    private final OrderEventHub hub;
    private final Executor delivery;
    private final List<SseConnection> priceStreams = new CopyOnWriteArrayList<>();

    StreamRoutes(Services services, OrderEventHub hub, Executor delivery) {
        this.services = services;
        this.hub = hub;
        this.delivery = delivery;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.get("/events/orders", VIEWER).tag("streams")
                .summary("Order events of every account as Server-Sent Events: each event's data is an order event as JSON "
                        + "(decimal strings), its id resumes the stream with Last-Event-ID. A GAP event (kind GAP) says events "
                        + "may have been missed before the next one: look your orders up")
                .query("account", false, "one account only")
                .query("clientOrderId", false, "one order only, by client order id")
                .streams(this::orderEvents));
        routes.add(Route.get("/accounts/{account}/prices", VIEWER).tag("streams")
                .summary("Prices of instruments at an account as Server-Sent Events; after a reconnect with Last-Event-ID the "
                        + "first tick of each instrument has afterGap true (prices are not replayed: the next one supersedes)")
                .path("account", "the account").query("instruments", true, "comma-separated instruments, e.g. EUR_USD,USD_JPY")
                .streams(this::prices));
        return routes;
    }

    private void orderEvents(ApiCall call) throws Exception {
        Optional<String> account = call.query("account");
        Optional<String> clientOrderId = call.query("clientOrderId");
        Predicate<OrderEvent> filter = event -> account.map(a -> a.equals(event.accountId())).orElse(true)
                && clientOrderId.map(id -> id.equals(event.clientOrderId())).orElse(true);
        SseConnection connection = SseConnection.open(call, () -> { });
        hub.follow(connection, call.request().getHeader("Last-Event-ID"), filter);
    }

    private void prices(ApiCall call) throws Exception {
        BrokerAccount account = services.registry().requireAccount(call.path("account"));
        Set<String> instruments = new LinkedHashSet<>();
        for (String instrument : call.requireQuery("instruments").split(",")) {
            if (!instrument.isBlank()) {
                instruments.add(instrument.trim());
            }
        }
        if (instruments.isEmpty()) {
            throw ApiException.invalid("instruments", call.requireQuery("instruments"), "must name at least one instrument");
        }
        for (String instrument : instruments) {
            if (account.capabilities().instrument(instrument).isEmpty()) {
                throw ApiException.invalid("instruments", instrument, "is not an instrument of " + account.accountId());
            }
        }
        String lastEventId = call.request().getHeader("Last-Event-ID");
        PriceStream[] stream = new PriceStream[1];
        SseConnection connection = SseConnection.open(call, () -> {
            if (stream[0] != null) {
                stream[0].cancel();
            }
        });
        priceStreams.add(connection);
        stream[0] = new PriceStream(connection, delivery, hub.epoch(), instruments, lastEventId != null && !lastEventId.isBlank());
        account.adapter().streamPrices(instruments).subscribe(stream[0]);
    }

    /** Heartbeats the price streams and forgets the closed ones. */
    void heartbeat() {
        for (SseConnection connection : priceStreams) {
            connection.heartbeat();
            if (connection.closed()) {
                priceStreams.remove(connection);
            }
        }
    }

    int priceStreams() {
        return priceStreams.size();
    }

    void closeAll() {
        priceStreams.forEach(SseConnection::close);
    }
}

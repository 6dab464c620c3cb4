package io.multibroker.oanda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.model.UnifiedTrade;
import io.multibroker.api.support.PathSegments;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** An account's positions and open trades at OANDA, and closing a position. */
final class PositionDesk {

    private static final String CLOSEOUT_DOESNT_EXIST = "CLOSEOUT_POSITION_DOESNT_EXIST";

    private final String accountId;
    private final OrderTranslator translator;
    private final Supplier<V20Client> clients;

    PositionDesk(String accountId, OrderTranslator translator, Supplier<V20Client> clients) {
        this.accountId = accountId;
        this.translator = translator;
        this.clients = clients;
    }

    CompletableFuture<List<UnifiedPosition>> positions() {
        return clients.get().read("/openPositions", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(body -> {
            List<UnifiedPosition> positions = new ArrayList<>();
            for (JsonNode position : body.path("positions")) {
                JsonNode longSide = position.path("long");
                JsonNode shortSide = position.path("short");
                BigDecimal longUnits = translator.decimal(longSide, "units");
                BigDecimal shortUnits = translator.decimal(shortSide, "units").abs();
                positions.add(new UnifiedPosition(translator.required(position, "instrument"), longUnits,
                        longUnits.signum() == 0 ? null : translator.decimal(longSide, "averagePrice"), shortUnits,
                        shortUnits.signum() == 0 ? null : translator.decimal(shortSide, "averagePrice"),
                        translator.decimal(position, "unrealizedPL"), position.hasNonNull("marginUsed")
                                ? translator.decimal(position, "marginUsed") : null));
            }
            return positions;
        });
    }

    /**
     * Closes the sides of the position that are open, and only those: OANDA refuses the whole request when it asks
     * for ALL of a side that is flat (CLOSEOUT_POSITION_DOESNT_EXIST), which on a netting account is always one of
     * the two. The position is read first; a flat one is an error of its own, with nothing sent.
     */
    CompletableFuture<List<OrderResult>> close(String instrument) {
        V20Client client = clients.get();
        String path = "/positions/" + PathSegments.escape(instrument) + "/close";
        return client.read("/openPositions", ErrorCode.ACCOUNT_NOT_FOUND).thenCompose(open -> {
            ObjectNode body = V20Client.JSON.createObjectNode();
            for (JsonNode position : open.path("positions")) {
                if (instrument.equals(position.path("instrument").asText(null))) {
                    if (translator.decimal(position.path("long"), "units").signum() != 0) {
                        body.put("longUnits", "ALL");
                    }
                    if (translator.decimal(position.path("short"), "units").signum() != 0) {
                        body.put("shortUnits", "ALL");
                    }
                }
            }
            if (body.isEmpty()) {
                throw noOpenPosition(instrument);
            }
            Instant submitted = Instant.now();
            return client.change("PUT", path, body).thenApply(answer -> closed(client, instrument, path, answer, submitted));
        }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(OrderDesk.changeError(failure, "close of the position in "
                + instrument, new ErrorContext(accountId, null, null, instrument, null))));
    }

    private List<OrderResult> closed(V20Client client, String instrument, String path, V20Client.Answer answer, Instant submitted) {
        if (answer.status() != 200 || answer.body() == null) {
            if (answer.body() != null && CLOSEOUT_DOESNT_EXIST.equals(answer.body().path("errorCode").asText(null))) {
                // closed in the meantime (by a stop, another client): flat now
                throw noOpenPosition(instrument);
            }
            throw client.errorFor(answer.status(), answer.body(), path, ErrorCode.INVALID_SYMBOL);
        }
        List<OrderResult> results = new ArrayList<>();
        for (String side : List.of("long", "short")) {
            JsonNode create = answer.body().get(side + "OrderCreateTransaction");
            if (create != null && create.isObject()) {
                BigDecimal units = translator.decimal(create, "units");
                UnifiedOrder closing = UnifiedOrder.market(instrument, units.signum() > 0 ? OrderSide.BUY : OrderSide.SELL, units.abs())
                        .clientOrderId("close-" + side + "-" + create.path("id").asText()).build();
                ObjectNode single = V20Client.JSON.createObjectNode();
                single.set("orderCreateTransaction", create);
                if (answer.body().has(side + "OrderFillTransaction")) {
                    single.set("orderFillTransaction", answer.body().get(side + "OrderFillTransaction"));
                }
                if (answer.body().has(side + "OrderCancelTransaction")) {
                    single.set("orderCancelTransaction", answer.body().get(side + "OrderCancelTransaction"));
                }
                results.add(translator.created(closing, single, submitted));
            }
        }
        return results;
    }

    private StandardBrokerError noOpenPosition(String instrument) {
        return StandardBrokerError.of(ErrorCode.INVALID_ORDER, CLOSEOUT_DOESNT_EXIST, "no open position in " + instrument
                + " at " + accountId + ": nothing to close", new ErrorContext(accountId, null, null, instrument, null));
    }

    CompletableFuture<List<UnifiedTrade>> openTrades() {
        return clients.get().read("/openTrades", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(body -> {
            List<UnifiedTrade> trades = new ArrayList<>();
            for (JsonNode trade : body.path("trades")) {
                BigDecimal units = translator.decimal(trade, "currentUnits");
                trades.add(new UnifiedTrade(translator.required(trade, "id"), translator.required(trade, "instrument"),
                        units.signum() < 0 ? OrderSide.SELL : OrderSide.BUY, units.abs(), translator.decimal(trade, "price"),
                        translator.instant(trade, "openTime"), trade.hasNonNull("unrealizedPL") ? translator.decimal(trade, "unrealizedPL") : null,
                        trade.path("clientExtensions").path("id").asText(null)));
            }
            return trades;
        });
    }
}

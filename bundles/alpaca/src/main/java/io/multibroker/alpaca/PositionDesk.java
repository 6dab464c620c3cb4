package io.multibroker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.support.PathSegments;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** An account's positions at Alpaca, and closing one at market. */
final class PositionDesk {

    private final String accountId;
    private final AlpacaClient client;
    private final OrderTranslator translator;
    private final Supplier<BrokerCapabilities> capabilities;
    private final OrderDesk orders;

    PositionDesk(String accountId, AlpacaClient client, OrderTranslator translator, Supplier<BrokerCapabilities> capabilities,
            OrderDesk orders) {
        this.accountId = accountId;
        this.client = client;
        this.translator = translator;
        this.capabilities = capabilities;
        this.orders = orders;
    }

    CompletableFuture<List<UnifiedPosition>> positions() {
        return client.read("/v2/positions", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(PositionDesk::positions);
    }

    private static List<UnifiedPosition> positions(JsonNode list) {
        List<UnifiedPosition> positions = new ArrayList<>();
        for (JsonNode position : list) {
            BigDecimal qty = AlpacaJson.decimal(position, "qty");
            BigDecimal average = AlpacaJson.decimal(position, "avg_entry_price");
            boolean isCrypto = "crypto".equals(position.path("asset_class").asText());
            String symbol = Symbols.canonical(position.path("symbol").asText(), isCrypto);
            // Alpaca gives shorts a negative quantity; the model gives each side a positive one
            positions.add(new UnifiedPosition(symbol, qty.signum() > 0 ? qty : BigDecimal.ZERO, qty.signum() > 0 ? average : null,
                    qty.signum() < 0 ? qty.negate() : BigDecimal.ZERO, qty.signum() < 0 ? average : null,
                    AlpacaJson.decimal(position, "unrealized_pl"), null));
        }
        return positions;
    }

    /** Closes the position at market ({@code DELETE /v2/positions/{symbol}}): one result, the closing order's. */
    CompletableFuture<List<OrderResult>> close(String instrument) {
        Instrument known = capabilities.get().instruments().get(instrument);
        String symbol = known != null ? known.brokerSymbol() : Symbols.alpaca(instrument);
        String path = "/v2/positions/" + PathSegments.escape(symbol);
        Instant submitted = Instant.now();
        return client.change("DELETE", path, null).thenCompose(answer -> {
            if (answer.status() == 200 && answer.body() != null && answer.body().hasNonNull("id")) {
                OrderResult closing = translator.fromOrder(answer.body(), submitted);
                return orders.settled(closing, true).thenApply(List::of);
            }
            if (answer.status() == 404) {
                throw StandardBrokerError.of(ErrorCode.INVALID_ORDER, "HTTP 404", "no open position in " + instrument + " at " + accountId
                        + ": nothing to close", new ErrorContext(accountId, null, null, instrument, null));
            }
            throw client.errorFor(answer.status(), answer.body(), "DELETE " + path, ErrorCode.INVALID_SYMBOL);
        }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(OrderDesk.changeError(accountId, failure, "close of " + instrument)));
    }
}

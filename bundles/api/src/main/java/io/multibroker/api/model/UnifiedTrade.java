package io.multibroker.api.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One open trade: a fill that opened units which are not yet closed. Brokers that net positions
 * without trades (or do not expose them) report none.
 *
 * @param tradeId the broker's id of the trade
 * @param instrument the symbol
 * @param side the direction it opened
 * @param openUnits units still open (positive)
 * @param openPrice the price it opened at
 * @param openedAt when it opened
 * @param unrealizedPnl profit or loss at current prices in the account currency, or null when not known
 * @param clientTradeId the client's id of the trade, or null
 */
public record UnifiedTrade(String tradeId, String instrument, OrderSide side, BigDecimal openUnits, BigDecimal openPrice,
        Instant openedAt, BigDecimal unrealizedPnl, String clientTradeId) {

    public UnifiedTrade {
        Objects.requireNonNull(tradeId, "tradeId");
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(openUnits, "openUnits");
        Objects.requireNonNull(openPrice, "openPrice");
    }
}

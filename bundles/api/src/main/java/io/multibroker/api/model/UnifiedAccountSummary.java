package io.multibroker.api.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The state of a broker account. Money is in {@link #currency()}.
 *
 * @param accountId the account
 * @param currency the account's home currency
 * @param balance cash balance (realized)
 * @param netAssetValue balance plus unrealized profit and loss
 * @param unrealizedPnl profit or loss of open positions at current prices
 * @param marginUsed margin held by open positions
 * @param marginAvailable margin left for new positions
 * @param openPositionCount instruments with an open position
 * @param pendingOrderCount orders waiting to trigger
 * @param hedgingEnabled whether long and short positions in one instrument may coexist
 * @param asOf when these figures were true
 */
public record UnifiedAccountSummary(String accountId, String currency, BigDecimal balance, BigDecimal netAssetValue,
        BigDecimal unrealizedPnl, BigDecimal marginUsed, BigDecimal marginAvailable, int openPositionCount,
        int pendingOrderCount, boolean hedgingEnabled, Instant asOf) {
}

package io.multibroker.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The matching engine, driven by prices the test sets. */
class PaperExchangeTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    /** Prices the test sets by hand. */
    static final class SetQuotes implements Quotes {
        final Map<String, PriceTick> ticks = new HashMap<>();

        PriceTick set(String symbol, String bid, String ask) {
            PriceTick tick = new PriceTick(symbol, T0, new BigDecimal(bid), new BigDecimal(ask), true);
            ticks.put(symbol, tick);
            return tick;
        }

        @Override
        public PriceTick current(String symbol) {
            return ticks.get(symbol);
        }
    }

    private SetQuotes quotes;
    private BigDecimal slippage = BigDecimal.ZERO;

    @BeforeEach
    void prices() {
        quotes = new SetQuotes();
        quotes.set("EUR_USD", "1.10000", "1.10010");
        quotes.set("USD_JPY", "150.000", "150.020");
    }

    private PaperExchange exchange(String balance, boolean hedging, String slippagePips) {
        slippage = new BigDecimal(slippagePips);
        return new PaperExchange("acc", "USD", new BigDecimal(balance), hedging, PaperInstrument.CATALOGUE, quotes, 7);
    }

    private static UnifiedOrder market(OrderSide side, String units) {
        return UnifiedOrder.market("EUR_USD", side, new BigDecimal(units)).build();
    }

    private void move(PaperExchange exchange, String symbol, String bid, String ask, Instant at) {
        exchange.onPrices(List.of(quotes.set(symbol, bid, ask)), at, slippage);
    }

    @Test
    void marketBuyFillsAtTheAskAndSellAtTheBid() {
        PaperExchange exchange = exchange("100000", false, "0");
        OrderResult buy = exchange.submit(market(OrderSide.BUY, "1000"), T0, T0, slippage);
        assertEquals(OrderStatus.FILLED, buy.status());
        assertEquals(new BigDecimal("1.10010"), buy.averageFillPrice());
        OrderResult sell = exchange.submit(market(OrderSide.SELL, "1000"), T0, T0, slippage);
        assertEquals(new BigDecimal("1.10000"), sell.averageFillPrice());
        // the round trip cost the spread: 1000 * 0.0001 = 0.1 USD
        assertEquals(new BigDecimal("99999.9000"), exchange.summary(T0).balance());
        assertTrue(exchange.positions().isEmpty());
    }

    @Test
    void slippageIsAlwaysAgainstTheClient() {
        PaperExchange exchange = exchange("10000000", true, "2");
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < 200; i++) {
            OrderResult buy = exchange.submit(market(OrderSide.BUY, "1"), T0, T0, slippage);
            assertTrue(buy.averageFillPrice().compareTo(new BigDecimal("1.10010")) >= 0, "buy better than ask: " + buy);
            total = total.add(buy.averageFillPrice().subtract(new BigDecimal("1.10010")));
            OrderResult sell = exchange.submit(market(OrderSide.SELL, "1"), T0, T0, slippage);
            assertTrue(sell.averageFillPrice().compareTo(new BigDecimal("1.10000")) <= 0, "sell better than bid: " + sell);
        }
        // mean slippage of 2 pips (0.0002): the average of 200 draws lies well within 1 to 3 pips
        BigDecimal mean = total.divide(BigDecimal.valueOf(200));
        assertTrue(mean.compareTo(new BigDecimal("0.0001")) > 0 && mean.compareTo(new BigDecimal("0.0003")) < 0, "mean " + mean);
    }

    @Test
    void limitOrderRestsUntilThePriceReachesItThenFillsAtItsPriceOrBetter() {
        PaperExchange exchange = exchange("100000", false, "0");
        UnifiedOrder limit = UnifiedOrder.limit("EUR_USD", OrderSide.BUY, new BigDecimal("1000"), new BigDecimal("1.09000")).build();
        OrderResult placed = exchange.submit(limit, T0, T0, slippage);
        assertEquals(OrderStatus.ACCEPTED, placed.status());
        move(exchange, "EUR_USD", "1.09500", "1.09510", T0.plusSeconds(1));
        assertEquals(OrderStatus.ACCEPTED, exchange.order(placed.brokerOrderId()).orElseThrow().status());
        move(exchange, "EUR_USD", "1.08980", "1.08990", T0.plusSeconds(2));
        OrderResult filled = exchange.order(placed.brokerOrderId()).orElseThrow();
        assertEquals(OrderStatus.FILLED, filled.status());
        assertEquals(new BigDecimal("1.08990"), filled.averageFillPrice());
    }

    @Test
    void stopAndTouchOrdersTriggerOnTheirSideOfTheMarket() {
        PaperExchange exchange = exchange("100000", true, "0");
        OrderResult stop = exchange.submit(UnifiedOrder.builder("EUR_USD", OrderType.STOP, OrderSide.BUY, new BigDecimal("10"))
                .price(new BigDecimal("1.10500")).build(), T0, T0, slippage);
        OrderResult touch = exchange.submit(UnifiedOrder.builder("EUR_USD", OrderType.MARKET_IF_TOUCHED, OrderSide.BUY,
                new BigDecimal("10")).price(new BigDecimal("1.09500")).build(), T0, T0, slippage);
        assertEquals(OrderStatus.ACCEPTED, stop.status());
        assertEquals(OrderStatus.ACCEPTED, touch.status());
        move(exchange, "EUR_USD", "1.10600", "1.10610", T0.plusSeconds(1));
        assertEquals(OrderStatus.FILLED, exchange.order(stop.brokerOrderId()).orElseThrow().status());
        assertEquals(OrderStatus.ACCEPTED, exchange.order(touch.brokerOrderId()).orElseThrow().status());
        move(exchange, "EUR_USD", "1.09400", "1.09410", T0.plusSeconds(2));
        assertEquals(OrderStatus.FILLED, exchange.order(touch.brokerOrderId()).orElseThrow().status());
    }

    @Test
    void unmarketableImmediateOrdersAreCancelledNotLeftResting() {
        PaperExchange exchange = exchange("100000", false, "0");
        OrderResult ioc = exchange.submit(UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.TEN, new BigDecimal("1.00000"))
                .timeInForce(TimeInForce.IOC).build(), T0, T0, slippage);
        assertEquals(OrderStatus.CANCELLED, ioc.status());
        assertTrue(ioc.reason().startsWith("NOT_MARKETABLE"), ioc.reason());
    }

    @Test
    void goodTillDateOrdersExpire() {
        PaperExchange exchange = exchange("100000", false, "0");
        OrderResult gtd = exchange.submit(UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.TEN, new BigDecimal("1.00000"))
                .timeInForce(TimeInForce.GTD).goodTillTime(T0.plusSeconds(60)).build(), T0, T0, slippage);
        move(exchange, "EUR_USD", "1.10000", "1.10010", T0.plusSeconds(30));
        assertEquals(OrderStatus.ACCEPTED, exchange.order(gtd.brokerOrderId()).orElseThrow().status());
        move(exchange, "EUR_USD", "1.10000", "1.10010", T0.plusSeconds(61));
        OrderResult expired = exchange.order(gtd.brokerOrderId()).orElseThrow();
        assertEquals(OrderStatus.CANCELLED, expired.status());
        assertEquals("TIME_IN_FORCE_EXPIRED", expired.reason());
    }

    @Test
    void nettingReducesTheOppositeSideFirstInFirstOut() {
        PaperExchange exchange = exchange("100000", false, "0");
        exchange.submit(market(OrderSide.BUY, "100"), T0, T0, slippage);
        exchange.submit(market(OrderSide.SELL, "150"), T0, T0, slippage);
        UnifiedPosition position = exchange.positions().get(0);
        assertEquals(0, position.longUnits().signum());
        assertEquals(new BigDecimal("50"), position.shortUnits());
        assertEquals(new BigDecimal("1.10000"), position.shortAveragePrice().stripTrailingZeros().setScale(5));
    }

    @Test
    void hedgingKeepsBothSides() {
        PaperExchange exchange = exchange("100000", true, "0");
        exchange.submit(market(OrderSide.BUY, "100"), T0, T0, slippage);
        exchange.submit(market(OrderSide.SELL, "150"), T0, T0, slippage);
        UnifiedPosition position = exchange.positions().get(0);
        assertEquals(new BigDecimal("100"), position.longUnits());
        assertEquals(new BigDecimal("150"), position.shortUnits());
        assertTrue(exchange.summary(T0).hedgingEnabled());
    }

    @Test
    void orderBeyondTheMarginIsRejectedWithInsufficientFunds() {
        // 1,000,000 EUR_USD at 1.1 with a 3.33% margin rate needs about 36,600 USD
        PaperExchange exchange = exchange("1000", false, "0");
        OrderResult result = exchange.submit(market(OrderSide.BUY, "1000000"), T0, T0, slippage);
        assertEquals(OrderStatus.REJECTED, result.status());
        assertEquals(ErrorCode.INSUFFICIENT_FUNDS, result.error().code());
        assertTrue(exchange.positions().isEmpty());
        assertEquals(0, new BigDecimal("1000").compareTo(exchange.summary(T0).balance()));
    }

    @Test
    void stopLossAndTakeProfitCloseTheTrade() {
        PaperExchange exchange = exchange("100000", true, "0");
        OrderResult withStop = exchange.submit(UnifiedOrder.market("EUR_USD", OrderSide.BUY, new BigDecimal("1000"))
                .stopLoss(new BigDecimal("1.09000")).build(), T0, T0, slippage);
        exchange.submit(UnifiedOrder.market("EUR_USD", OrderSide.BUY, new BigDecimal("1000"))
                .takeProfit(new BigDecimal("1.12000")).build(), T0, T0, slippage);
        assertEquals(2, exchange.openTradeCount());
        move(exchange, "EUR_USD", "1.08900", "1.08910", T0.plusSeconds(1));
        assertEquals(1, exchange.openTradeCount(), "stop loss must have closed the first trade");
        move(exchange, "EUR_USD", "1.12100", "1.12110", T0.plusSeconds(2));
        assertEquals(0, exchange.openTradeCount(), "take profit must have closed the second trade");
        // loss: (1.08900 - 1.10010) * 1000 = -11.10; profit at the target: (1.12000 - 1.10010) * 1000 = 19.90
        assertEquals(new BigDecimal("100008.8000"), exchange.summary(T0).balance());
        assertEquals("1", withStop.brokerOrderId());
    }

    @Test
    void trailingStopFollowsThePriceAndFires() {
        PaperExchange exchange = exchange("100000", false, "0");
        exchange.submit(UnifiedOrder.market("EUR_USD", OrderSide.BUY, new BigDecimal("1000"))
                .trailingStopDistance(new BigDecimal("0.00100")).build(), T0, T0, slippage);
        move(exchange, "EUR_USD", "1.10500", "1.10510", T0.plusSeconds(1)); // stop rises to 1.10400
        move(exchange, "EUR_USD", "1.10450", "1.10460", T0.plusSeconds(2));
        assertEquals(1, exchange.openTradeCount());
        move(exchange, "EUR_USD", "1.10390", "1.10400", T0.plusSeconds(3));
        assertEquals(0, exchange.openTradeCount());
    }

    @Test
    void profitInTheQuoteCurrencyIsConvertedToTheAccountCurrency() {
        PaperExchange exchange = exchange("100000", false, "0");
        exchange.submit(UnifiedOrder.market("USD_JPY", OrderSide.BUY, new BigDecimal("1000")).build(), T0, T0, slippage);
        move(exchange, "USD_JPY", "151.020", "151.040", T0.plusSeconds(1));
        exchange.submit(UnifiedOrder.market("USD_JPY", OrderSide.SELL, new BigDecimal("1000")).build(), T0, T0, slippage);
        // (151.020 - 150.020) * 1000 = 1000 JPY, at a USD_JPY mid of 151.03 = 6.6212 USD
        assertEquals(new BigDecimal("100006.6212"), exchange.summary(T0).balance());
    }

    @Test
    void unrealizedProfitAndMarginShowInTheSummary() {
        PaperExchange exchange = exchange("100000", false, "0");
        exchange.submit(market(OrderSide.BUY, "10000"), T0, T0, slippage);
        move(exchange, "EUR_USD", "1.10110", "1.10120", T0.plusSeconds(1));
        UnifiedAccountSummary summary = exchange.summary(T0);
        assertEquals(new BigDecimal("10.0000"), summary.unrealizedPnl());
        assertEquals(new BigDecimal("100010.0000"), summary.netAssetValue());
        assertTrue(summary.marginUsed().signum() > 0);
        assertEquals(summary.netAssetValue().subtract(summary.marginUsed()), summary.marginAvailable());
        assertEquals(1, summary.openPositionCount());
    }

    @Test
    void duplicateClientOrderIdIsRefused() {
        PaperExchange exchange = exchange("100000", false, "0");
        UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId("c-1").build();
        assertEquals(OrderStatus.FILLED, exchange.submit(order, T0, T0, slippage).status());
        OrderResult again = exchange.submit(order, T0, T0, slippage);
        assertEquals(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, again.error().code());
        assertEquals(1, exchange.positions().size());
        assertEquals(new BigDecimal("10"), exchange.positions().get(0).longUnits());
    }

    @Test
    void cancelOfAFilledOrderLeavesItFilled() {
        PaperExchange exchange = exchange("100000", false, "0");
        OrderResult filled = exchange.submit(market(OrderSide.BUY, "10"), T0, T0, slippage);
        assertEquals(OrderStatus.FILLED, exchange.cancel(filled.brokerOrderId(), T0).orElseThrow().status());
        assertNull(exchange.cancel("999", T0).orElse(null));
    }
}

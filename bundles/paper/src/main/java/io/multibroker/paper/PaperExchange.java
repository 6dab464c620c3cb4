package io.multibroker.paper;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderReplacement;
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
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The simulated broker's book: one account's orders, matched against the {@link PriceProcess}. Market orders fill at
 * the touch plus an adverse slippage ({@link FillPricing}); limit, stop and market-if-touched orders rest until the
 * price reaches them ({@link OrderTriggers}); fills open and close trades in the {@link TradeBook}, which holds the
 * money. All money is BigDecimal in the account currency.
 *
 * <p>Every change of an order is also told as an {@link OrderEvent} (accepted, partially filled, filled, cancelled,
 * expired, replaced, rejected), in the order it happens. A resting order fills at most {@link #liquidity} units per
 * price step when that is set, so that partial fills can be simulated.
 *
 * <p>Every package-private method is synchronized: the adapter's order thread and its price thread share the book.
 */
final class PaperExchange {

    private final String accountId;
    private final Map<String, PaperInstrument> instruments;
    private final Quotes prices;
    private final AccountCurrency money;
    private final FillPricing fillPricing;
    private final TradeBook trades;
    private final Consumer<OrderEvent> events;

    private long nextId = 1;
    private final Map<String, BookOrder> orders = new LinkedHashMap<>();
    private final Map<String, String> orderIdByClientId = new HashMap<>();
    /** Units a resting order can fill per price step; null for no limit. */
    private BigDecimal liquidity;
    private long nextFill = 1;

    PaperExchange(String accountId, String currency, BigDecimal balance, boolean hedging,
            Map<String, PaperInstrument> instruments, Quotes prices, long seed) {
        this(accountId, currency, balance, hedging, instruments, prices, seed, event -> { });
    }

    /** @param events told of every change of an order, in order, while the book's lock is held (it must not block) */
    PaperExchange(String accountId, String currency, BigDecimal balance, boolean hedging,
            Map<String, PaperInstrument> instruments, Quotes prices, long seed, Consumer<OrderEvent> events) {
        this.events = events;
        this.accountId = accountId;
        this.instruments = Map.copyOf(instruments);
        this.prices = prices;
        this.money = new AccountCurrency(currency, prices);
        this.fillPricing = new FillPricing(seed);
        this.trades = new TradeBook(accountId, money, balance, hedging, this.instruments, prices);
    }

    // ---- orders ----

    /** Matches an order; {@code slippagePipsMean} is the account's setting when the order was sent. */
    synchronized OrderResult submit(UnifiedOrder request, Instant submittedAt, Instant now, BigDecimal slippagePipsMean) {
        if (orderIdByClientId.containsKey(request.clientOrderId())) {
            return OrderResult.rejected(accountId, request, new ErrorDetail(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, false,
                    "CLIENT_ORDER_ID_ALREADY_EXISTS", "client order id " + request.clientOrderId() + " was already used by order "
                    + orderIdByClientId.get(request.clientOrderId()), context(request)), now);
        }
        return enter(request, submittedAt, now, slippagePipsMean, null).result(accountId);
    }

    /** Books a new order and matches it; {@code replaces} is the id of the order it replaces, or null. */
    private BookOrder enter(UnifiedOrder request, Instant submittedAt, Instant now, BigDecimal slippagePipsMean, String replaces) {
        BookOrder order = book(request, submittedAt);
        PriceTick tick = prices.executable(request.instrument());
        if (tick == null) {
            // no price fit to execute at (a live source's is stale): nothing fills; what may wait rests untouched
            enterWithoutPrice(order, now, replaces);
        } else if (request.type() == OrderType.MARKET || OrderTriggers.triggered(request, tick)) {
            execute(order, tick, now, slippagePipsMean, request.units());
        } else if (request.timeInForce() == TimeInForce.FOK || request.timeInForce() == TimeInForce.IOC) {
            end(order, OrderStatus.CANCELLED, "NOT_MARKETABLE: " + request.timeInForce() + " " + request.type() + " at "
                    + request.price().toPlainString() + " could not execute at " + tick.bid().toPlainString() + "/"
                    + tick.ask().toPlainString(), now, OrderEventKind.CANCELLED);
        } else {
            order.status = OrderStatus.ACCEPTED;
            emit(order, OrderEventKind.ACCEPTED, null, null, replaces);
        }
        return order;
    }

    private BookOrder book(UnifiedOrder request, Instant submittedAt) {
        BookOrder order = new BookOrder(String.valueOf(nextId++), request, submittedAt);
        orders.put(order.id, order);
        orderIdByClientId.put(request.clientOrderId(), order.id);
        return order;
    }

    private void enterWithoutPrice(BookOrder order, Instant now, String replaces) {
        UnifiedOrder request = order.request;
        if (request.type() == OrderType.MARKET || request.timeInForce() == TimeInForce.FOK || request.timeInForce() == TimeInForce.IOC) {
            order.status = OrderStatus.REJECTED;
            order.error = new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE, true, "NO_PRICE", "no price of " + request.instrument()
                    + " fit to execute at now", context(request).withOrder(order.id, request.clientOrderId()));
            order.updatedAt = now;
            emit(order, OrderEventKind.REJECTED, null, null, null);
        } else {
            order.status = OrderStatus.ACCEPTED;
            emit(order, OrderEventKind.ACCEPTED, null, null, replaces);
        }
    }

    /** Ends an order without a fill (cancelled, expired, not marketable) and tells it. */
    private void end(BookOrder order, OrderStatus status, String reason, Instant now, OrderEventKind kind) {
        order.status = status;
        order.reason = reason;
        order.updatedAt = now;
        emit(order, kind, null, null, null);
    }

    /**
     * Replaces a resting order by a new one (cancel-and-replace, as OANDA does): the old order is CANCELLED with the
     * reason REPLACED, the new one booked with the replacement's values and the units still unfilled. Empty when there
     * is no such order; a StandardBrokerError when it no longer rests or the client order id is taken.
     */
    synchronized Optional<OrderResult> replace(String orderId, OrderReplacement replacement, Instant now, BigDecimal slippagePipsMean) {
        BookOrder old = orders.get(orderId);
        if (old == null) {
            return Optional.empty();
        }
        if (!old.working()) {
            throw StandardBrokerError.of(ErrorCode.INVALID_ORDER, "ORDER_NOT_PENDING", "order " + orderId + " is " + old.status
                    + ", not resting: it cannot be replaced", context(old.request).withOrder(orderId, old.request.clientOrderId()));
        }
        if (orderIdByClientId.containsKey(replacement.clientOrderId())) {
            throw StandardBrokerError.of(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, "CLIENT_ORDER_ID_ALREADY_EXISTS", "client order id "
                    + replacement.clientOrderId() + " was already used", context(old.request));
        }
        UnifiedOrder request = replacement.applyTo(old.request);
        BigDecimal remaining = old.remainingUnits();
        if (replacement.units() == null && remaining.compareTo(request.units()) != 0) {
            request = withUnits(request, remaining);
        }
        old.status = OrderStatus.CANCELLED;
        old.reason = OrderResult.REPLACED;
        old.updatedAt = now;
        // the replacing order's id is the next one: the event that ends the old order names it
        emit(old, OrderEventKind.REPLACED, null, null, String.valueOf(nextId));
        return Optional.of(enter(request, now, now, slippagePipsMean, old.id).result(accountId));
    }

    private static UnifiedOrder withUnits(UnifiedOrder order, BigDecimal units) {
        return new UnifiedOrder(order.orderId(), order.clientOrderId(), order.instrument(), order.type(), order.side(), units,
                order.price(), order.stopLoss(), order.takeProfit(), order.trailingStopDistance(), order.timeInForce(),
                order.goodTillTime(), order.brokerSpecific(), order.referencePrice());
    }

    /** Closes the instrument's position at market, one order per side open; empty when nothing is open. */
    synchronized List<OrderResult> closePosition(String instrument, Instant now, BigDecimal slippagePipsMean) {
        List<OrderResult> results = new ArrayList<>();
        for (OrderSide held : List.of(OrderSide.BUY, OrderSide.SELL)) {
            BigDecimal units = trades.heldUnits(instrument, held);
            if (units.signum() > 0) {
                UnifiedOrder close = UnifiedOrder.market(instrument, held.opposite(), units).clientOrderId("close-" + UUID.randomUUID())
                        .build();
                results.add(enterClosing(close, now, slippagePipsMean).result(accountId));
            }
        }
        return results;
    }

    /** A closing market order: on a hedging book it reduces the held side instead of opening the other. */
    private BookOrder enterClosing(UnifiedOrder close, Instant now, BigDecimal slippagePipsMean) {
        PriceTick tick = prices.executable(close.instrument());
        if (tick == null) {
            throw StandardBrokerError.of(ErrorCode.BROKER_UNAVAILABLE, "NO_PRICE", "no price of " + close.instrument()
                    + " fit to close the position at now", context(close));
        }
        BookOrder order = book(close, now);
        BigDecimal price = fillPricing.fillPrice(close, tick, instruments.get(close.instrument()), slippagePipsMean);
        order.tradeId = trades.closeOpposite(close.instrument(), close.side(), close.units(), price).firstTrade();
        order.filledUnits = close.units();
        order.fillPrice = price;
        order.status = OrderStatus.FILLED;
        order.updatedAt = now;
        emit(order, OrderEventKind.FILLED, close.units(), price, null);
        return order;
    }

    /** The orders resting now. */
    synchronized List<OrderResult> openOrders() {
        return orders.values().stream().filter(BookOrder::working).map(o -> o.result(accountId)).toList();
    }

    /** The order as it was requested, while the book holds it. */
    synchronized Optional<UnifiedOrder> request(String orderId) {
        return Optional.ofNullable(orders.get(orderId)).map(order -> order.request);
    }

    /**
     * For tests: the market reaches a resting order now, at its own price; it fills as far as the liquidity allows.
     * False when the order does not rest.
     */
    synchronized boolean touch(String orderId, Instant now) {
        BookOrder order = orders.get(orderId);
        if (order == null || !order.working() || order.request.price() == null) {
            return false;
        }
        BigDecimal price = order.request.price();
        PriceTick atPrice = new PriceTick(order.request.instrument(), now, price, price, true);
        execute(order, atPrice, now, BigDecimal.ZERO, fillableNow(order));
        return true;
    }

    synchronized void liquidity(BigDecimal unitsPerStep) {
        this.liquidity = unitsPerStep == null || unitsPerStep.signum() <= 0 ? null : unitsPerStep;
    }

    /** The units of a resting order that one price step can fill: what is left, at most the liquidity. */
    private BigDecimal fillableNow(BookOrder order) {
        BigDecimal remaining = order.remainingUnits();
        return liquidity == null ? remaining : remaining.min(liquidity);
    }

    private void emit(BookOrder order, OrderEventKind kind, BigDecimal fillUnits, BigDecimal fillPrice, String related) {
        UnifiedOrder request = order.request;
        String eventId = kind == OrderEventKind.FILLED || kind == OrderEventKind.PARTIALLY_FILLED ? "F" + nextFill++ : null;
        events.accept(new OrderEvent(accountId, kind, request.clientOrderId(), order.id, request.instrument(), request.side(),
                order.status, request.units(), order.filledUnits, fillUnits, fillPrice, order.fillPrice, related, eventId,
                order.reason != null ? order.reason : order.error != null ? order.error.code() + ": " + order.error.message() : null,
                order.updatedAt));
    }

    synchronized Optional<OrderResult> cancel(String orderId, Instant now) {
        BookOrder order = orders.get(orderId);
        if (order == null) {
            return Optional.empty();
        }
        if (order.working()) {
            end(order, OrderStatus.CANCELLED, "CLIENT_REQUEST", now, OrderEventKind.CANCELLED);
        }
        return Optional.of(order.result(accountId));
    }

    synchronized Optional<OrderResult> order(String orderId) {
        return Optional.ofNullable(orders.get(orderId)).map(o -> o.result(accountId));
    }

    synchronized Optional<OrderResult> orderByClientId(String clientOrderId) {
        return Optional.ofNullable(orderIdByClientId.get(clientOrderId)).map(orders::get).map(o -> o.result(accountId));
    }

    /** Called on every price step: triggers resting orders, expires them, and fires stops and targets. */
    synchronized void onPrices(List<PriceTick> ticks, Instant now, BigDecimal slippagePipsMean) {
        Map<String, PriceTick> byInstrument = new HashMap<>();
        ticks.forEach(t -> byInstrument.put(t.instrument(), t));
        for (BookOrder order : List.copyOf(orders.values())) {
            if (!order.working()) {
                continue;
            }
            if (OrderTriggers.expired(order.request, order.submittedAt, now)) {
                end(order, OrderStatus.CANCELLED, "TIME_IN_FORCE_EXPIRED", now, OrderEventKind.EXPIRED);
                continue;
            }
            PriceTick tick = byInstrument.get(order.request.instrument());
            if (tick != null && OrderTriggers.triggered(order.request, tick)) {
                execute(order, tick, now, slippagePipsMean, fillableNow(order));
            }
        }
        trades.fireProtections(byInstrument);
    }

    /** Fills {@code units} of the order (all that is left, or what the liquidity allows) at the touch. */
    private void execute(BookOrder order, PriceTick tick, Instant now, BigDecimal slippagePipsMean, BigDecimal units) {
        UnifiedOrder request = order.request;
        PaperInstrument instrument = instruments.get(request.instrument());
        BigDecimal price = fillPricing.fillPrice(request, tick, instrument, slippagePipsMean);
        BigDecimal marginNeeded = trades.marginIncrease(request, units, price);
        if (marginNeeded.signum() > 0 && marginNeeded.compareTo(trades.marginAvailable()) > 0) {
            order.status = OrderStatus.REJECTED;
            order.error = new ErrorDetail(ErrorCode.INSUFFICIENT_FUNDS, false, "INSUFFICIENT_MARGIN",
                    "order needs " + marginNeeded.setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " " + money.code()
                    + " of margin, " + trades.marginAvailable().setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " available",
                    context(request).withOrder(order.id, request.clientOrderId()));
            order.updatedAt = now;
            emit(order, OrderEventKind.REJECTED, null, null, null);
            return;
        }
        BigDecimal filledBefore = order.filledUnits;
        order.filledUnits = filledBefore.add(units);
        order.fillPrice = order.fillPrice == null ? price : order.fillPrice.multiply(filledBefore).add(price.multiply(units))
                .divide(order.filledUnits, instrument.limits().pricePrecision() + 1, RoundingMode.HALF_EVEN);
        boolean complete = order.filledUnits.compareTo(request.units()) >= 0;
        order.status = complete ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        order.updatedAt = now;
        // one trade per fill: a partially filled order opens several
        String newTrade = order.tradeId == null && order.filledUnits.compareTo(units) == 0 ? "T" + order.id : "T" + order.id + "-" + nextFill;
        String trade = trades.fill(request, units, price, newTrade);
        order.tradeId = order.tradeId == null ? trade : order.tradeId;
        emit(order, complete ? OrderEventKind.FILLED : OrderEventKind.PARTIALLY_FILLED, units, price, null);
    }

    // ---- the account ----

    synchronized UnifiedAccountSummary summary(Instant now) {
        return trades.summary(now, orders.values().stream().filter(BookOrder::working).count());
    }

    synchronized List<UnifiedPosition> positions() {
        return trades.positions();
    }

    synchronized int openTradeCount() {
        return trades.openTradeCount();
    }

    private ErrorContext context(UnifiedOrder request) {
        return new ErrorContext(accountId, null, request.clientOrderId(), request.instrument(), null);
    }
}

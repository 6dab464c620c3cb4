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
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The simulated broker's book: one account's balance, orders, trades and positions, matched against
 * the {@link PriceProcess}. Market orders fill at the touch plus an adverse slippage; limit, stop and
 * market-if-touched orders rest until the price reaches them; fills open trades (one per fill when
 * hedging, netted first-in first-out otherwise) that carry their stop loss, take profit and trailing
 * stop. All money is BigDecimal in the account currency.
 *
 * <p>Every change of an order is also told as an {@link OrderEvent} (accepted, partially filled, filled, cancelled,
 * expired, replaced, rejected), in the order it happens. A resting order fills at most {@link #liquidity} units per
 * price step when that is set, so that partial fills can be simulated.
 *
 * <p>Every public method is synchronized: the adapter's order thread and its price thread share the
 * book.
 */
final class PaperExchange {

    private static final MathContext MONEY = MathContext.DECIMAL64;
    private static final int MONEY_SCALE = 4;

    /** The state of one order at the simulated broker. */
    private static final class Order {
        final String id;
        final UnifiedOrder request;
        final Instant submittedAt;
        OrderStatus status;
        BigDecimal filledUnits = BigDecimal.ZERO;
        BigDecimal fillPrice;
        String tradeId;
        String reason;
        ErrorDetail error;
        Instant updatedAt;

        Order(String id, UnifiedOrder request, Instant submittedAt) {
            this.id = id;
            this.request = request;
            this.submittedAt = submittedAt;
            this.updatedAt = submittedAt;
        }
    }

    /** An open trade: units opened by one fill, with its protective orders. */
    private static final class Trade {
        final String id;
        final String instrument;
        final OrderSide side;
        BigDecimal units;
        final BigDecimal openPrice;
        final BigDecimal stopLoss;
        final BigDecimal takeProfit;
        final BigDecimal trailingDistance;
        BigDecimal trailingStop;

        Trade(String id, String instrument, OrderSide side, BigDecimal units, BigDecimal openPrice, UnifiedOrder from) {
            this.id = id;
            this.instrument = instrument;
            this.side = side;
            this.units = units;
            this.openPrice = openPrice;
            this.stopLoss = from.stopLoss();
            this.takeProfit = from.takeProfit();
            this.trailingDistance = from.trailingStopDistance();
            if (trailingDistance != null) {
                trailingStop = side == OrderSide.BUY ? openPrice.subtract(trailingDistance) : openPrice.add(trailingDistance);
            }
        }
    }

    private final String accountId;
    private final String currency;
    private final boolean hedging;
    private final Map<String, PaperInstrument> instruments;
    private final Quotes prices;
    private final SplittableRandom slippageRandom;

    private BigDecimal balance;
    private BigDecimal realizedPnl = BigDecimal.ZERO;
    private long nextId = 1;
    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final Map<String, String> orderIdByClientId = new HashMap<>();
    private final List<Trade> openTrades = new ArrayList<>();
    private final Consumer<OrderEvent> events;
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
        this.currency = currency;
        this.balance = balance;
        this.hedging = hedging;
        this.instruments = Map.copyOf(instruments);
        this.prices = prices;
        this.slippageRandom = new SplittableRandom(seed);
    }

    // ---- orders ----

    /** Matches an order; {@code slippagePipsMean} is the account's setting when the order was sent. */
    synchronized OrderResult submit(UnifiedOrder request, Instant submittedAt, Instant now, BigDecimal slippagePipsMean) {
        if (orderIdByClientId.containsKey(request.clientOrderId())) {
            return OrderResult.rejected(accountId, request, new ErrorDetail(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, false,
                    "CLIENT_ORDER_ID_ALREADY_EXISTS", "client order id " + request.clientOrderId() + " was already used by order "
                    + orderIdByClientId.get(request.clientOrderId()), context(request)), now);
        }
        return result(enter(request, submittedAt, now, slippagePipsMean, null));
    }

    /** Books a new order and matches it; {@code replaces} is the id of the order it replaces, or null. */
    private Order enter(UnifiedOrder request, Instant submittedAt, Instant now, BigDecimal slippagePipsMean, String replaces) {
        Order order = new Order(String.valueOf(nextId++), request, submittedAt);
        orders.put(order.id, order);
        orderIdByClientId.put(request.clientOrderId(), order.id);
        PriceTick tick = prices.executable(request.instrument());
        if (tick == null) {
            // no price fit to execute at (a live source's is stale): nothing fills; what may wait rests untouched
            enterWithoutPrice(order, now, replaces);
        } else if (request.type() == OrderType.MARKET || triggered(request, tick)) {
            execute(order, tick, now, slippagePipsMean, request.units());
        } else if (request.timeInForce() == TimeInForce.FOK || request.timeInForce() == TimeInForce.IOC) {
            order.status = OrderStatus.CANCELLED;
            order.reason = "NOT_MARKETABLE: " + request.timeInForce() + " " + request.type() + " at "
                    + request.price().toPlainString() + " could not execute at " + tick.bid().toPlainString() + "/"
                    + tick.ask().toPlainString();
            order.updatedAt = now;
            emit(order, OrderEventKind.CANCELLED, null, null, null);
        } else {
            order.status = OrderStatus.ACCEPTED;
            emit(order, OrderEventKind.ACCEPTED, null, null, replaces);
        }
        return order;
    }

    private void enterWithoutPrice(Order order, Instant now, String replaces) {
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

    /**
     * Replaces a resting order by a new one (cancel-and-replace, as OANDA does): the old order is CANCELLED with the
     * reason REPLACED, the new one booked with the replacement's values and the units still unfilled. Empty when there
     * is no such order; a StandardBrokerError when it no longer rests or the client order id is taken.
     */
    synchronized Optional<OrderResult> replace(String orderId, OrderReplacement replacement, Instant now, BigDecimal slippagePipsMean) {
        Order old = orders.get(orderId);
        if (old == null) {
            return Optional.empty();
        }
        if (!working(old)) {
            throw StandardBrokerError.of(ErrorCode.INVALID_ORDER, "ORDER_NOT_PENDING", "order " + orderId + " is " + old.status
                    + ", not resting: it cannot be replaced", context(old.request).withOrder(orderId, old.request.clientOrderId()));
        }
        if (orderIdByClientId.containsKey(replacement.clientOrderId())) {
            throw StandardBrokerError.of(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, "CLIENT_ORDER_ID_ALREADY_EXISTS", "client order id "
                    + replacement.clientOrderId() + " was already used", context(old.request));
        }
        UnifiedOrder request = replacement.applyTo(old.request);
        BigDecimal remaining = old.request.units().subtract(old.filledUnits);
        if (replacement.units() == null && remaining.compareTo(request.units()) != 0) {
            request = withUnits(request, remaining);
        }
        old.status = OrderStatus.CANCELLED;
        old.reason = "REPLACED";
        old.updatedAt = now;
        // the replacing order's id is the next one: the event that ends the old order names it
        emit(old, OrderEventKind.REPLACED, null, null, String.valueOf(nextId));
        return Optional.of(result(enter(request, now, now, slippagePipsMean, old.id)));
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
            BigDecimal units = openTrades.stream().filter(t -> t.instrument.equals(instrument) && t.side == held)
                    .map(t -> t.units).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (units.signum() > 0) {
                OrderSide closing = held == OrderSide.BUY ? OrderSide.SELL : OrderSide.BUY;
                UnifiedOrder close = UnifiedOrder.market(instrument, closing, units).clientOrderId("close-" + UUID.randomUUID())
                        .build();
                results.add(result(enterClosing(close, now, slippagePipsMean)));
            }
        }
        return results;
    }

    /** A closing market order: on a hedging book it reduces the held side instead of opening the other. */
    private Order enterClosing(UnifiedOrder close, Instant now, BigDecimal slippagePipsMean) {
        PriceTick tick = prices.executable(close.instrument());
        if (tick == null) {
            throw StandardBrokerError.of(ErrorCode.BROKER_UNAVAILABLE, "NO_PRICE", "no price of " + close.instrument()
                    + " fit to close the position at now", context(close));
        }
        Order order = new Order(String.valueOf(nextId++), close, now);
        orders.put(order.id, order);
        orderIdByClientId.put(close.clientOrderId(), order.id);
        BigDecimal price = fillPrice(close, tick, instruments.get(close.instrument()), slippagePipsMean);
        BigDecimal remaining = close.units();
        String firstTrade = null;
        for (Trade trade : List.copyOf(openTrades)) {
            if (remaining.signum() > 0 && trade.instrument.equals(close.instrument()) && trade.side != close.side()) {
                BigDecimal closed = remaining.min(trade.units);
                closeTrade(trade, closed, price);
                remaining = remaining.subtract(closed);
                firstTrade = firstTrade == null ? trade.id : firstTrade;
            }
        }
        order.filledUnits = close.units();
        order.fillPrice = price;
        order.tradeId = firstTrade;
        order.status = OrderStatus.FILLED;
        order.updatedAt = now;
        emit(order, OrderEventKind.FILLED, close.units(), price, null);
        return order;
    }

    /** The orders resting now. */
    synchronized List<OrderResult> openOrders() {
        return orders.values().stream().filter(PaperExchange::working).map(this::result).toList();
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
        Order order = orders.get(orderId);
        if (order == null || !working(order) || order.request.price() == null) {
            return false;
        }
        BigDecimal price = order.request.price();
        PriceTick atPrice = new PriceTick(order.request.instrument(), now, price, price, true);
        BigDecimal remaining = order.request.units().subtract(order.filledUnits);
        execute(order, atPrice, now, BigDecimal.ZERO, liquidity == null ? remaining : remaining.min(liquidity));
        return true;
    }

    synchronized void liquidity(BigDecimal unitsPerStep) {
        this.liquidity = unitsPerStep == null || unitsPerStep.signum() <= 0 ? null : unitsPerStep;
    }

    private static boolean working(Order order) {
        return order.status == OrderStatus.ACCEPTED || order.status == OrderStatus.PARTIALLY_FILLED;
    }

    private void emit(Order order, OrderEventKind kind, BigDecimal fillUnits, BigDecimal fillPrice, String related) {
        UnifiedOrder request = order.request;
        String eventId = kind == OrderEventKind.FILLED || kind == OrderEventKind.PARTIALLY_FILLED ? "F" + nextFill++ : null;
        events.accept(new OrderEvent(accountId, kind, request.clientOrderId(), order.id, request.instrument(), request.side(),
                order.status, request.units(), order.filledUnits, fillUnits, fillPrice, order.fillPrice, related, eventId,
                order.reason != null ? order.reason : order.error != null ? order.error.code() + ": " + order.error.message() : null,
                order.updatedAt));
    }

    synchronized Optional<OrderResult> cancel(String orderId, Instant now) {
        Order order = orders.get(orderId);
        if (order == null) {
            return Optional.empty();
        }
        if (working(order)) {
            order.status = OrderStatus.CANCELLED;
            order.reason = "CLIENT_REQUEST";
            order.updatedAt = now;
            emit(order, OrderEventKind.CANCELLED, null, null, null);
        }
        return Optional.of(result(order));
    }

    synchronized Optional<OrderResult> order(String orderId) {
        return Optional.ofNullable(orders.get(orderId)).map(this::result);
    }

    synchronized Optional<OrderResult> orderByClientId(String clientOrderId) {
        return Optional.ofNullable(orderIdByClientId.get(clientOrderId)).map(orders::get).map(this::result);
    }

    /** Called on every price step: triggers resting orders, expires them, and fires stops and targets. */
    synchronized void onPrices(List<PriceTick> ticks, Instant now, BigDecimal slippagePipsMean) {
        Map<String, PriceTick> byInstrument = new HashMap<>();
        ticks.forEach(t -> byInstrument.put(t.instrument(), t));
        for (Order order : List.copyOf(orders.values())) {
            if (!working(order)) {
                continue;
            }
            if (expired(order.request, order.submittedAt, now)) {
                order.status = OrderStatus.CANCELLED;
                order.reason = "TIME_IN_FORCE_EXPIRED";
                order.updatedAt = now;
                emit(order, OrderEventKind.EXPIRED, null, null, null);
                continue;
            }
            PriceTick tick = byInstrument.get(order.request.instrument());
            if (tick != null && triggered(order.request, tick)) {
                BigDecimal remaining = order.request.units().subtract(order.filledUnits);
                execute(order, tick, now, slippagePipsMean, liquidity == null ? remaining : remaining.min(liquidity));
            }
        }
        Iterator<Trade> trades = openTrades.iterator();
        List<Trade> toClose = new ArrayList<>();
        while (trades.hasNext()) {
            Trade trade = trades.next();
            PriceTick tick = byInstrument.get(trade.instrument);
            if (tick != null && protectionTriggered(trade, tick) != null) {
                toClose.add(trade);
            }
        }
        for (Trade trade : toClose) {
            PriceTick tick = byInstrument.get(trade.instrument);
            closeTrade(trade, trade.units, protectionTriggered(trade, tick));
        }
    }

    private static boolean expired(UnifiedOrder request, Instant submittedAt, Instant now) {
        return switch (request.timeInForce()) {
            case GTD -> now.isAfter(request.goodTillTime());
            // a trading day here ends at 21:00 UTC (5 pm New York in summer), as FX brokers roll
            case GFD -> now.isAfter(endOfTradingDay(submittedAt));
            default -> false;
        };
    }

    private static Instant endOfTradingDay(Instant submittedAt) {
        LocalDate day = submittedAt.atZone(ZoneOffset.UTC).toLocalDate();
        Instant end = day.atTime(21, 0).toInstant(ZoneOffset.UTC);
        return submittedAt.isBefore(end) ? end : end.plusSeconds(86_400);
    }

    private static boolean triggered(UnifiedOrder request, PriceTick tick) {
        BigDecimal touch = tick.priceFor(request.side());
        boolean buy = request.side() == OrderSide.BUY;
        return switch (request.type()) {
            case MARKET -> true;
            // a limit or touch order executes at its price or better
            case LIMIT, MARKET_IF_TOUCHED -> buy ? touch.compareTo(request.price()) <= 0 : touch.compareTo(request.price()) >= 0;
            // a stop executes once the market has moved through its price
            case STOP -> buy ? touch.compareTo(request.price()) >= 0 : touch.compareTo(request.price()) <= 0;
            // through the stop, and the limit still reachable (paper does not declare STOP_LIMIT_ORDERS yet)
            case STOP_LIMIT -> buy ? touch.compareTo(request.stopPrice()) >= 0 && touch.compareTo(request.price()) <= 0
                    : touch.compareTo(request.stopPrice()) <= 0 && touch.compareTo(request.price()) >= 0;
            // paper does not declare TRAILING_STOP_ORDERS: refused before it reaches the book
            case TRAILING_STOP -> false;
        };
    }

    /** Fills {@code units} of the order (all that is left, or what the liquidity allows) at the touch. */
    private void execute(Order order, PriceTick tick, Instant now, BigDecimal slippagePipsMean, BigDecimal units) {
        UnifiedOrder request = order.request;
        PaperInstrument instrument = instruments.get(request.instrument());
        BigDecimal price = fillPrice(request, tick, instrument, slippagePipsMean);
        BigDecimal marginNeeded = marginIncrease(request, units, price);
        if (marginNeeded.signum() > 0 && marginNeeded.compareTo(marginAvailable()) > 0) {
            order.status = OrderStatus.REJECTED;
            order.error = new ErrorDetail(ErrorCode.INSUFFICIENT_FUNDS, false, "INSUFFICIENT_MARGIN",
                    "order needs " + marginNeeded.setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " " + currency
                    + " of margin, " + marginAvailable().setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " available",
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
        String trade = fill(order, units, price);
        order.tradeId = order.tradeId == null ? trade : order.tradeId;
        emit(order, complete ? OrderEventKind.FILLED : OrderEventKind.PARTIALLY_FILLED, units, price, null);
    }

    /** The touch price, or the limit price if better, moved against the client by a random slippage for market-like fills. */
    private BigDecimal fillPrice(UnifiedOrder request, PriceTick tick, PaperInstrument instrument, BigDecimal slippagePipsMean) {
        BigDecimal touch = tick.priceFor(request.side());
        if (request.type() == OrderType.LIMIT) {
            return request.side() == OrderSide.BUY ? touch.min(request.price()) : touch.max(request.price());
        }
        if (slippagePipsMean.signum() <= 0) {
            return touch;
        }
        double draw;
        synchronized (slippageRandom) {
            draw = -Math.log(1.0 - slippageRandom.nextDouble());
        }
        BigDecimal slip = slippagePipsMean.multiply(BigDecimal.valueOf(draw)).multiply(instrument.limits().pip())
                .setScale(instrument.limits().pricePrecision(), RoundingMode.HALF_EVEN);
        return request.side() == OrderSide.BUY ? touch.add(slip) : touch.subtract(slip);
    }

    /** Opens or reduces trades for a fill; returns the id of the trade opened, or of the first one reduced. */
    private String fill(Order order, BigDecimal units, BigDecimal price) {
        UnifiedOrder request = order.request;
        BigDecimal remaining = units;
        String firstTrade = null;
        if (!hedging) {
            for (Trade trade : List.copyOf(openTrades)) {
                if (remaining.signum() == 0) {
                    break;
                }
                if (trade.instrument.equals(request.instrument()) && trade.side != request.side()) {
                    BigDecimal closed = remaining.min(trade.units);
                    closeTrade(trade, closed, price);
                    remaining = remaining.subtract(closed);
                    firstTrade = firstTrade == null ? trade.id : firstTrade;
                }
            }
        }
        if (remaining.signum() > 0) {
            // one trade per fill: a partially filled order opens several
            String id = order.tradeId == null && order.filledUnits.compareTo(units) == 0 ? "T" + order.id : "T" + order.id + "-" + nextFill;
            Trade trade = new Trade(id, request.instrument(), request.side(), remaining, price, request);
            openTrades.add(trade);
            firstTrade = firstTrade == null ? trade.id : firstTrade;
        }
        return firstTrade;
    }

    private void closeTrade(Trade trade, BigDecimal units, BigDecimal price) {
        BigDecimal perUnit = trade.side == OrderSide.BUY ? price.subtract(trade.openPrice) : trade.openPrice.subtract(price);
        BigDecimal pnl = toAccountCurrency(perUnit.multiply(units), instruments.get(trade.instrument));
        balance = balance.add(pnl);
        realizedPnl = realizedPnl.add(pnl);
        trade.units = trade.units.subtract(units);
        if (trade.units.signum() == 0) {
            openTrades.remove(trade);
        }
    }

    /** The price at which a trade's stop loss, trailing stop or take profit fires now, or null. */
    private static BigDecimal protectionTriggered(Trade trade, PriceTick tick) {
        boolean isLong = trade.side == OrderSide.BUY;
        BigDecimal exit = isLong ? tick.bid() : tick.ask();
        if (trade.trailingDistance != null) {
            BigDecimal candidate = isLong ? exit.subtract(trade.trailingDistance) : exit.add(trade.trailingDistance);
            if (isLong ? candidate.compareTo(trade.trailingStop) > 0 : candidate.compareTo(trade.trailingStop) < 0) {
                trade.trailingStop = candidate;
            }
            if (isLong ? exit.compareTo(trade.trailingStop) <= 0 : exit.compareTo(trade.trailingStop) >= 0) {
                return exit;
            }
        }
        if (trade.stopLoss != null && (isLong ? exit.compareTo(trade.stopLoss) <= 0 : exit.compareTo(trade.stopLoss) >= 0)) {
            return exit;
        }
        if (trade.takeProfit != null && (isLong ? exit.compareTo(trade.takeProfit) >= 0 : exit.compareTo(trade.takeProfit) <= 0)) {
            return trade.takeProfit;
        }
        return null;
    }

    // ---- money ----

    /** Margin that the order adds: zero or less when it reduces an opposite netted position. */
    private BigDecimal marginIncrease(UnifiedOrder request, BigDecimal units, BigDecimal price) {
        PaperInstrument instrument = instruments.get(request.instrument());
        BigDecimal opening = units;
        if (!hedging) {
            BigDecimal opposite = openTrades.stream()
                    .filter(t -> t.instrument.equals(request.instrument()) && t.side != request.side())
                    .map(t -> t.units).reduce(BigDecimal.ZERO, BigDecimal::add);
            opening = opening.subtract(opposite).max(BigDecimal.ZERO);
        }
        return margin(opening, price, instrument);
    }

    private BigDecimal margin(BigDecimal units, BigDecimal price, PaperInstrument instrument) {
        return toAccountCurrency(units.multiply(price).multiply(instrument.limits().marginRate()), instrument);
    }

    private BigDecimal toAccountCurrency(BigDecimal amountInQuote, PaperInstrument instrument) {
        return convert(amountInQuote, instrument.quoteCurrency(), currency).setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
    }

    /** Converts through the quoted FX pairs: directly, inverted, or by way of USD. */
    BigDecimal convert(BigDecimal amount, String from, String to) {
        if (from.equals(to)) {
            return amount;
        }
        PriceTick direct = quoteOf(from + "_" + to);
        if (direct != null) {
            return amount.multiply(direct.mid(), MONEY);
        }
        PriceTick inverse = quoteOf(to + "_" + from);
        if (inverse != null) {
            return amount.divide(inverse.mid(), MONEY);
        }
        if (!from.equals("USD") && !to.equals("USD")) {
            return convert(convert(amount, from, "USD"), "USD", to);
        }
        throw new IllegalStateException("no quoted pair converts " + from + " to " + to);
    }

    private PriceTick quoteOf(String symbol) {
        return prices.current(symbol);
    }

    private BigDecimal unrealizedPnl(Trade trade) {
        PriceTick tick = prices.current(trade.instrument);
        BigDecimal exit = trade.side == OrderSide.BUY ? tick.bid() : tick.ask();
        BigDecimal perUnit = trade.side == OrderSide.BUY ? exit.subtract(trade.openPrice) : trade.openPrice.subtract(exit);
        return toAccountCurrency(perUnit.multiply(trade.units), instruments.get(trade.instrument));
    }

    private BigDecimal marginUsed() {
        BigDecimal used = BigDecimal.ZERO;
        for (Trade trade : openTrades) {
            used = used.add(margin(trade.units, prices.current(trade.instrument).mid(), instruments.get(trade.instrument)));
        }
        return used;
    }

    private BigDecimal unrealizedPnl() {
        return openTrades.stream().map(this::unrealizedPnl).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private BigDecimal marginAvailable() {
        return balance.add(unrealizedPnl()).subtract(marginUsed());
    }

    synchronized UnifiedAccountSummary summary(Instant now) {
        BigDecimal upl = unrealizedPnl();
        BigDecimal used = marginUsed();
        BigDecimal nav = balance.add(upl);
        long pending = orders.values().stream().filter(PaperExchange::working).count();
        long positions = openTrades.stream().map(t -> t.instrument).distinct().count();
        return new UnifiedAccountSummary(accountId, currency, balance.setScale(MONEY_SCALE, RoundingMode.HALF_EVEN),
                nav.setScale(MONEY_SCALE, RoundingMode.HALF_EVEN), upl, used.setScale(MONEY_SCALE, RoundingMode.HALF_EVEN),
                nav.subtract(used).setScale(MONEY_SCALE, RoundingMode.HALF_EVEN), (int) positions, (int) pending, hedging, now);
    }

    synchronized List<UnifiedPosition> positions() {
        Map<String, List<Trade>> byInstrument = new TreeMap<>();
        openTrades.forEach(t -> byInstrument.computeIfAbsent(t.instrument, k -> new ArrayList<>()).add(t));
        List<UnifiedPosition> positions = new ArrayList<>();
        byInstrument.forEach((symbol, trades) -> {
            BigDecimal[] longSide = side(trades, OrderSide.BUY);
            BigDecimal[] shortSide = side(trades, OrderSide.SELL);
            BigDecimal upl = trades.stream().map(this::unrealizedPnl).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal used = trades.stream()
                    .map(t -> margin(t.units, prices.current(symbol).mid(), instruments.get(symbol)))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            positions.add(new UnifiedPosition(symbol, longSide[0], longSide[1], shortSide[0], shortSide[1], upl, used));
        });
        return positions;
    }

    /** Units and average price of one side of an instrument's trades. */
    private BigDecimal[] side(List<Trade> trades, OrderSide side) {
        BigDecimal units = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO;
        int precision = 0;
        for (Trade trade : trades) {
            if (trade.side == side) {
                units = units.add(trade.units);
                notional = notional.add(trade.units.multiply(trade.openPrice));
                precision = instruments.get(trade.instrument).limits().pricePrecision();
            }
        }
        BigDecimal average = units.signum() == 0 ? null : notional.divide(units, precision + 1, RoundingMode.HALF_EVEN);
        return new BigDecimal[] {units, average};
    }

    synchronized int openTradeCount() {
        return openTrades.size();
    }

    private OrderResult result(Order order) {
        UnifiedOrder request = order.request;
        return new OrderResult(accountId, request.clientOrderId(), order.id, order.tradeId, request.instrument(),
                request.side(), request.type(), order.status, request.units(), order.filledUnits, order.fillPrice,
                order.submittedAt, order.updatedAt, order.reason, order.error);
    }

    private ErrorContext context(UnifiedOrder request) {
        return new ErrorContext(accountId, null, request.clientOrderId(), request.instrument(), null);
    }
}

package io.multibroker.paper;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account's money and open trades: fills open trades (one per fill when hedging, netted first-in first-out
 * otherwise), closes them into the balance, and values them for margin, positions and the account summary. Not
 * thread-safe: used only under the {@link PaperExchange}'s lock.
 */
final class TradeBook {

    /** What is left of a fill after it reduced opposite trades, and the first trade it reduced (or null). */
    record Reduction(BigDecimal remaining, String firstTrade) {
    }

    private final String accountId;
    private final boolean hedging;
    private final Map<String, PaperInstrument> instruments;
    private final Quotes prices;
    private final AccountCurrency money;
    private final List<OpenTrade> openTrades = new ArrayList<>();
    private BigDecimal balance;
    private BigDecimal realizedPnl = BigDecimal.ZERO;

    TradeBook(String accountId, AccountCurrency money, BigDecimal balance, boolean hedging,
            Map<String, PaperInstrument> instruments, Quotes prices) {
        this.accountId = accountId;
        this.money = money;
        this.balance = balance;
        this.hedging = hedging;
        this.instruments = instruments;
        this.prices = prices;
    }

    /** Opens or reduces trades for a fill; returns the id of the trade opened ({@code newTradeId}), or of the first one reduced. */
    String fill(UnifiedOrder request, BigDecimal units, BigDecimal price, String newTradeId) {
        BigDecimal remaining = units;
        String firstTrade = null;
        if (!hedging) {
            Reduction reduced = closeOpposite(request.instrument(), request.side(), units, price);
            remaining = reduced.remaining();
            firstTrade = reduced.firstTrade();
        }
        if (remaining.signum() > 0) {
            OpenTrade trade = new OpenTrade(newTradeId, request.instrument(), request.side(), remaining, price, request);
            openTrades.add(trade);
            firstTrade = firstTrade == null ? trade.id : firstTrade;
        }
        return firstTrade;
    }

    /** Closes up to {@code units} of the trades held against {@code side} in the instrument, oldest first, at {@code price}. */
    Reduction closeOpposite(String instrument, OrderSide side, BigDecimal units, BigDecimal price) {
        BigDecimal remaining = units;
        String firstTrade = null;
        for (OpenTrade trade : List.copyOf(openTrades)) {
            if (remaining.signum() == 0) {
                break;
            }
            if (trade.instrument.equals(instrument) && trade.side != side) {
                BigDecimal closed = remaining.min(trade.units);
                closeTrade(trade, closed, price);
                remaining = remaining.subtract(closed);
                firstTrade = firstTrade == null ? trade.id : firstTrade;
            }
        }
        return new Reduction(remaining, firstTrade);
    }

    /** The units open on one side of the instrument. */
    BigDecimal heldUnits(String instrument, OrderSide side) {
        return openTrades.stream().filter(t -> t.instrument.equals(instrument) && t.side == side).map(t -> t.units)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Closes every trade whose stop loss, trailing stop or take profit the prices reach. */
    void fireProtections(Map<String, PriceTick> byInstrument) {
        List<OpenTrade> toClose = new ArrayList<>();
        for (OpenTrade trade : openTrades) {
            PriceTick tick = byInstrument.get(trade.instrument);
            if (tick != null && trade.protectionTriggered(tick) != null) {
                toClose.add(trade);
            }
        }
        for (OpenTrade trade : toClose) {
            PriceTick tick = byInstrument.get(trade.instrument);
            closeTrade(trade, trade.units, trade.protectionTriggered(tick));
        }
    }

    private void closeTrade(OpenTrade trade, BigDecimal units, BigDecimal price) {
        BigDecimal perUnit = trade.side == OrderSide.BUY ? price.subtract(trade.openPrice) : trade.openPrice.subtract(price);
        BigDecimal pnl = money.of(perUnit.multiply(units), instruments.get(trade.instrument));
        balance = balance.add(pnl);
        realizedPnl = realizedPnl.add(pnl);
        trade.units = trade.units.subtract(units);
        if (trade.units.signum() == 0) {
            openTrades.remove(trade);
        }
    }

    /** Margin that the order adds: zero or less when it reduces an opposite netted position. */
    BigDecimal marginIncrease(UnifiedOrder request, BigDecimal units, BigDecimal price) {
        PaperInstrument instrument = instruments.get(request.instrument());
        BigDecimal opening = units;
        if (!hedging) {
            BigDecimal opposite = heldUnits(request.instrument(), request.side().opposite());
            opening = opening.subtract(opposite).max(BigDecimal.ZERO);
        }
        return money.margin(opening, price, instrument);
    }

    BigDecimal marginAvailable() {
        return balance.add(unrealizedPnl()).subtract(marginUsed());
    }

    private BigDecimal unrealizedPnl(OpenTrade trade) {
        PriceTick tick = prices.current(trade.instrument);
        BigDecimal exit = trade.side == OrderSide.BUY ? tick.bid() : tick.ask();
        BigDecimal perUnit = trade.side == OrderSide.BUY ? exit.subtract(trade.openPrice) : trade.openPrice.subtract(exit);
        return money.of(perUnit.multiply(trade.units), instruments.get(trade.instrument));
    }

    private BigDecimal marginUsed() {
        BigDecimal used = BigDecimal.ZERO;
        for (OpenTrade trade : openTrades) {
            used = used.add(money.margin(trade.units, prices.current(trade.instrument).mid(), instruments.get(trade.instrument)));
        }
        return used;
    }

    private BigDecimal unrealizedPnl() {
        return openTrades.stream().map(this::unrealizedPnl).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    UnifiedAccountSummary summary(Instant now, long pendingOrders) {
        BigDecimal upl = unrealizedPnl();
        BigDecimal used = marginUsed();
        BigDecimal nav = balance.add(upl);
        long positions = openTrades.stream().map(t -> t.instrument).distinct().count();
        int scale = AccountCurrency.MONEY_SCALE;
        return new UnifiedAccountSummary(accountId, money.code(), balance.setScale(scale, RoundingMode.HALF_EVEN),
                nav.setScale(scale, RoundingMode.HALF_EVEN), upl, used.setScale(scale, RoundingMode.HALF_EVEN),
                nav.subtract(used).setScale(scale, RoundingMode.HALF_EVEN), (int) positions, (int) pendingOrders, hedging, now);
    }

    List<UnifiedPosition> positions() {
        Map<String, List<OpenTrade>> byInstrument = new TreeMap<>();
        openTrades.forEach(t -> byInstrument.computeIfAbsent(t.instrument, k -> new ArrayList<>()).add(t));
        List<UnifiedPosition> positions = new ArrayList<>();
        byInstrument.forEach((symbol, trades) -> {
            BigDecimal[] longSide = side(trades, OrderSide.BUY);
            BigDecimal[] shortSide = side(trades, OrderSide.SELL);
            BigDecimal upl = trades.stream().map(this::unrealizedPnl).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal used = trades.stream()
                    .map(t -> money.margin(t.units, prices.current(symbol).mid(), instruments.get(symbol)))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            positions.add(new UnifiedPosition(symbol, longSide[0], longSide[1], shortSide[0], shortSide[1], upl, used));
        });
        return positions;
    }

    /** Units and average price of one side of an instrument's trades. */
    private BigDecimal[] side(List<OpenTrade> trades, OrderSide side) {
        BigDecimal units = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO;
        int precision = 0;
        for (OpenTrade trade : trades) {
            if (trade.side == side) {
                units = units.add(trade.units);
                notional = notional.add(trade.units.multiply(trade.openPrice));
                precision = instruments.get(trade.instrument).limits().pricePrecision();
            }
        }
        BigDecimal average = units.signum() == 0 ? null : notional.divide(units, precision + 1, RoundingMode.HALF_EVEN);
        return new BigDecimal[] {units, average};
    }

    int openTradeCount() {
        return openTrades.size();
    }
}

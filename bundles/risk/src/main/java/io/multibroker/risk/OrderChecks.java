package io.multibroker.risk;

import static io.multibroker.risk.LimitsParser.MAX_OPEN_ORDERS;
import static io.multibroker.risk.LimitsParser.MAX_ORDERS_PER_MINUTE;
import static io.multibroker.risk.LimitsParser.MAX_ORDERS_PER_SECOND;
import static io.multibroker.risk.LimitsParser.MAX_ORDER_NOTIONAL;
import static io.multibroker.risk.LimitsParser.MAX_ORDER_UNITS;
import static io.multibroker.risk.LimitsParser.MAX_POSITION_NOTIONAL;
import static io.multibroker.risk.LimitsParser.MAX_POSITION_UNITS;
import static io.multibroker.risk.LimitsParser.PRICE_COLLAR_PERCENT;
import static io.multibroker.risk.Refusals.count;
import static io.multibroker.risk.Refusals.noConversion;
import static io.multibroker.risk.Refusals.noPrice;
import static io.multibroker.risk.Refusals.over;
import static io.multibroker.risk.Refusals.refusal;
import static io.multibroker.risk.Refusals.scope;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.TradingState;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The pre-trade checks of one order, in the order a trader would ask them: is the scope's configuration sound, does the
 * trading state let it through, is the order itself too large or priced too far from the market, and would it take the
 * account past its position, open-order or order-rate limits. An order that passes is counted against the account's
 * usage (rate windows, orders in flight, position in flight) in the same step, under the account's lock.
 *
 * <p>The pass path allocates nothing: sizes are compared as BigDecimals (which compare without allocating), and a
 * product (notional, collar distance) is first judged in doubles; only an order within a hair (10^-9 relative) of a
 * limit is worked out exactly in BigDecimal, so every boundary is exact. A refusal builds its message, naming the
 * limit, its scope and value and the order's value.
 */
final class OrderChecks {

    /** Orders judged in doubles must be this far inside a limit, relatively; the rest are worked out exactly. */
    private static final double MARGIN = 1e-9;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final RiskBook book;
    private final LongSupplier nanoTime;
    private final BiConsumer<AccountRisk, String> follow;
    private final Refusals refusals;

    /** @param follow asked to follow an instrument's prices at an account the first time an order for it is checked there */
    OrderChecks(RiskBook book, LongSupplier nanoTime, BiConsumer<AccountRisk, String> follow) {
        this.book = book;
        this.nanoTime = nanoTime;
        this.follow = follow;
        this.refusals = new Refusals(book);
    }

    /** Why the order must not be sent, or null; a passing order is counted. */
    ErrorDetail check(String accountId, UnifiedOrder order) {
        AccountRisk account = book.account(accountId);
        Limits global = book.limits;
        Limits own = account.limits;
        ErrorDetail configuration = configurationRefusal(accountId, account, order);
        if (configuration != null) {
            return configuration;
        }
        TradingState state = book.states.inForce(accountId);
        if (state == TradingState.HALTED) {
            return refusals.halted(account, order);
        }
        String instrument = order.instrument();
        Quote quote = quote(account, instrument);
        BigDecimal price = price(order, quote);
        BigDecimal units = units(order, price);
        ErrorDetail refusal = sizeAndPriceRefusal(global, own, accountId, account, order, units, price, quote);
        if (refusal != null) {
            return refusal;
        }
        synchronized (account) {
            Position position = account.position(instrument);
            if (state == TradingState.REDUCING && !reduces(position, order, units)) {
                return refusal(ErrorCode.RISK_LIMIT_EXCEEDED, accountId, order, "trading state of " + scope(accountId, null)
                        + " is REDUCING (" + refusals.reasonOf(account) + "): only orders that reduce a position pass; the order would "
                        + (units == null ? "be sized by notional, with no price to judge it" : "take the " + instrument + " position from "
                        + position.exposure().toPlainString() + " to " + position.exposure().add(signed(units, order)).toPlainString()));
            }
            refusal = positionRefusal(global, own, accountId, account, order, position, units, price, quote);
            if (refusal != null) {
                return refusal;
            }
            if (own.maxOpenOrders() > 0 && account.openOrders() >= own.maxOpenOrders()) {
                return count(MAX_OPEN_ORDERS, accountId, own.maxOpenOrders(), account.openOrders(), "open orders", account, order);
            }
            long now = nanoTime.getAsLong();
            RateWindow accountSecond = account.perSecond(own.maxOrdersPerSecond());
            RateWindow accountMinute = account.perMinute(own.maxOrdersPerMinute());
            if (accountSecond != null && !accountSecond.fits(now)) {
                return count(MAX_ORDERS_PER_SECOND, accountId, accountSecond.max(), accountSecond.count(now), "orders in the last second", account, order);
            }
            if (accountMinute != null && !accountMinute.fits(now)) {
                return count(MAX_ORDERS_PER_MINUTE, accountId, accountMinute.max(), accountMinute.count(now), "orders in the last minute", account, order);
            }
            synchronized (book) {
                if (global.maxOpenOrders() > 0 && book.openOrders() >= global.maxOpenOrders()) {
                    return count(MAX_OPEN_ORDERS, null, global.maxOpenOrders(), book.openOrders(), "open orders over all accounts", account, order);
                }
                RateWindow globalSecond = book.perSecond(global.maxOrdersPerSecond());
                RateWindow globalMinute = book.perMinute(global.maxOrdersPerMinute());
                if (globalSecond != null && !globalSecond.fits(now)) {
                    return count(MAX_ORDERS_PER_SECOND, null, globalSecond.max(), globalSecond.count(now),
                            "orders in the last second over all accounts", account, order);
                }
                if (globalMinute != null && !globalMinute.fits(now)) {
                    return count(MAX_ORDERS_PER_MINUTE, null, globalMinute.max(), globalMinute.count(now),
                            "orders in the last minute over all accounts", account, order);
                }
                // everything passed: the order counts from now on
                if (globalSecond != null) globalSecond.take(now);
                if (globalMinute != null) globalMinute.take(now);
                account.inFlight++;
            }
            if (accountSecond != null) accountSecond.take(now);
            if (accountMinute != null) accountMinute.take(now);
            if (order.units() != null) {
                position.inFlight.add(order.units(), order.side().sign());
            }
        }
        return null;
    }

    /** The answer to an order that passed: it is no longer in flight; what filled counts into the position, what rests is working. */
    void answered(String accountId, UnifiedOrder order, OrderResult result) {
        AccountRisk account = book.account(accountId);
        synchronized (account) {
            account.inFlight = Math.max(0, account.inFlight - 1);
            if (order.units() != null) {
                account.position(order.instrument()).inFlight.add(order.units(), -order.side().sign());
            }
        }
        if (result == null) {
            return;
        }
        if (result.status() == OrderStatus.ACCEPTED || result.status() == OrderStatus.PARTIALLY_FILLED) {
            account.working.add(result.clientOrderId());
        }
        account.filled(result.clientOrderId(), order.instrument(), order.side(), result.filledUnits());
    }

    /**
     * Why the order a replace would make must not be sent, or null; nothing is counted (the order was counted when it was
     * placed, and a replace adds none). It is judged as if placed now: the configuration, HALTED, its size, notional and
     * price against the per-order limits and the collar, and the position it could take the account to against the
     * position limits. REDUCING is left to the caller, which knows what the order had left to fill.
     */
    ErrorDetail replaceRefusal(String accountId, UnifiedOrder asReplaced) {
        AccountRisk account = book.account(accountId);
        // one reading of the limits for the whole judgement, as for an order
        Limits global = book.limits;
        Limits own = account.limits;
        ErrorDetail refusal = configurationRefusal(accountId, account, asReplaced);
        if (refusal != null) {
            return refusal;
        }
        if (book.states.inForce(accountId) == TradingState.HALTED) {
            return refusals.halted(account, asReplaced);
        }
        Quote quote = quote(account, asReplaced.instrument());
        BigDecimal price = price(asReplaced, quote);
        BigDecimal units = units(asReplaced, price);
        refusal = sizeAndPriceRefusal(global, own, accountId, account, asReplaced, units, price, quote);
        if (refusal != null) {
            return refusal;
        }
        synchronized (account) {
            return positionRefusal(global, own, accountId, account, asReplaced, account.position(asReplaced.instrument()), units, price, quote);
        }
    }

    private ErrorDetail configurationRefusal(String accountId, AccountRisk account, UnifiedOrder order) {
        if (!book.problems.isEmpty()) {
            return refusal(ErrorCode.CONFIGURATION_INVALID, accountId, order, "order not sent: the global risk limits are invalid ("
                    + String.join("; ", book.problems) + ")");
        }
        if (!account.problems.isEmpty()) {
            return refusal(ErrorCode.CONFIGURATION_INVALID, accountId, order, "order not sent: the risk limits of account " + accountId
                    + " are invalid (" + String.join("; ", account.problems) + ")");
        }
        return null;
    }

    /** The last quote of the instrument at the account; the first order for it asks that its prices be followed. */
    private Quote quote(AccountRisk account, String instrument) {
        if (!account.quoted.contains(instrument)) {
            follow.accept(account, instrument);
        }
        return account.quotes.get(instrument);
    }

    /** The order's own price when it has one, else the market's (the quote's mid, or the caller's reference price). */
    private static BigDecimal price(UnifiedOrder order, Quote quote) {
        return order.type().needsPrice() ? order.price() : quote != null ? quote.mid() : order.referencePrice();
    }

    /** The order's units, or those its notional buys at the price (null without a price). */
    private static BigDecimal units(UnifiedOrder order, BigDecimal price) {
        return order.units() != null ? order.units() : price == null ? null : order.notional().divide(price, MathContext.DECIMAL64);
    }

    /** The per-order limits (units, notional; global, the account's, and each for the instrument) and the price collar. */
    private ErrorDetail sizeAndPriceRefusal(Limits global, Limits own, String accountId, AccountRisk account, UnifiedOrder order,
            BigDecimal units, BigDecimal price, Quote quote) {
        String instrument = order.instrument();
        Limits.InstrumentLimits globalOwn = global.instrument(instrument);
        Limits.InstrumentLimits accountOwn = own.instrument(instrument);
        ErrorDetail refusal = orderUnits(global.maxOrderUnits(), null, null, units, account, order);
        if (refusal == null) refusal = orderUnits(own.maxOrderUnits(), accountId, null, units, account, order);
        if (refusal == null && globalOwn != null) refusal = orderUnits(globalOwn.maxOrderUnits(), null, instrument, units, account, order);
        if (refusal == null && accountOwn != null) refusal = orderUnits(accountOwn.maxOrderUnits(), accountId, instrument, units, account, order);
        if (refusal == null) refusal = orderNotional(global.maxOrderNotional(), null, null, units, price, account, order);
        if (refusal == null) refusal = orderNotional(own.maxOrderNotional(), accountId, null, units, price, account, order);
        if (refusal == null && globalOwn != null) {
            refusal = orderNotional(globalOwn.maxOrderNotional(), null, instrument, units, price, account, order);
        }
        if (refusal == null && accountOwn != null) {
            refusal = orderNotional(accountOwn.maxOrderNotional(), accountId, instrument, units, price, account, order);
        }
        if (refusal == null) refusal = collar(global.collarPercent(), null, quote, account, order);
        if (refusal == null) refusal = collar(own.collarPercent(), accountId, quote, account, order);
        return refusal;
    }

    /** The position limits (units, notional) on the position the order could take the account to; under the account's lock. */
    private ErrorDetail positionRefusal(Limits global, Limits own, String accountId, AccountRisk account, UnifiedOrder order,
            Position position, BigDecimal units, BigDecimal price, Quote quote) {
        String instrument = order.instrument();
        if (units == null || !(global.limitsPosition(instrument) || own.limitsPosition(instrument))) {
            return null;
        }
        Limits.InstrumentLimits globalOwn = global.instrument(instrument);
        Limits.InstrumentLimits accountOwn = own.instrument(instrument);
        BigDecimal mark = quote != null ? quote.mid() : price;
        ErrorDetail refusal = positionUnits(global.maxPositionUnits(), null, null, position, units, account, order);
        if (refusal == null) refusal = positionUnits(own.maxPositionUnits(), accountId, null, position, units, account, order);
        if (refusal == null && globalOwn != null) {
            refusal = positionUnits(globalOwn.maxPositionUnits(), null, instrument, position, units, account, order);
        }
        if (refusal == null && accountOwn != null) {
            refusal = positionUnits(accountOwn.maxPositionUnits(), accountId, instrument, position, units, account, order);
        }
        if (refusal == null) refusal = positionNotional(global.maxPositionNotional(), null, null, position, units, mark, account, order);
        if (refusal == null) refusal = positionNotional(own.maxPositionNotional(), accountId, null, position, units, mark, account, order);
        if (refusal == null && globalOwn != null) {
            refusal = positionNotional(globalOwn.maxPositionNotional(), null, instrument, position, units, mark, account, order);
        }
        if (refusal == null && accountOwn != null) {
            refusal = positionNotional(accountOwn.maxPositionNotional(), accountId, instrument, position, units, mark, account, order);
        }
        return refusal;
    }

    /** Why the trading state refuses the order, or null; nothing is counted (routing asks this). */
    ErrorDetail stateRefusal(String accountId, UnifiedOrder order) {
        TradingState state = book.states.inForce(accountId);
        if (state == TradingState.ACTIVE) {
            return null;
        }
        AccountRisk account = book.account(accountId);
        if (state == TradingState.HALTED) {
            return refusals.halted(account, order);
        }
        synchronized (account) {
            if (reduces(account.position(order.instrument()), order, order.units())) {
                return null;
            }
        }
        return refusal(ErrorCode.RISK_LIMIT_EXCEEDED, accountId, order, "trading state of " + scope(accountId, null) + " is REDUCING ("
                + refusals.reasonOf(account) + "): only orders that reduce a position pass");
    }

    /** Whether the order only reduces the position: opposite side, and no more units than are held (and in flight). */
    private static boolean reduces(Position position, UnifiedOrder order, BigDecimal units) {
        if (units == null || order.units() == null) {
            return false;
        }
        BigDecimal exposure = position.exposure();
        return exposure.signum() == -order.side().sign() && units.compareTo(exposure.abs()) <= 0;
    }

    private ErrorDetail orderUnits(BigDecimal limit, String accountId, String instrument, BigDecimal units, AccountRisk account,
            UnifiedOrder order) {
        if (limit == null) {
            return null;
        }
        if (units == null) {
            return noPrice(MAX_ORDER_UNITS, account, order);
        }
        return units.compareTo(limit) <= 0 ? null : over(MAX_ORDER_UNITS, accountId, instrument, limit, "units", "the order's units are",
                units, account, order);
    }

    private ErrorDetail orderNotional(BigDecimal limit, String accountId, String instrument, BigDecimal units, BigDecimal price,
            AccountRisk account, UnifiedOrder order) {
        if (limit == null) {
            return null;
        }
        if (units == null || price == null) {
            return noPrice(MAX_ORDER_NOTIONAL, account, order);
        }
        double approximate = Valuation.approximate(account, order.instrument(), units.doubleValue(), price.doubleValue());
        if (approximate < limit.doubleValue() * (1 - MARGIN)) {
            return null;
        }
        BigDecimal value = Valuation.exact(account, order.instrument(), units, price);
        if (value == null) {
            return noConversion(MAX_ORDER_NOTIONAL, account, order);
        }
        return value.compareTo(limit) <= 0 ? null : over(MAX_ORDER_NOTIONAL, accountId, instrument, limit, currency(account),
                "the order's notional is", value, account, order);
    }

    private ErrorDetail collar(BigDecimal percent, String accountId, Quote quote, AccountRisk account, UnifiedOrder order) {
        if (percent == null || quote == null) {
            // without a quote there is nothing to measure the distance from: the collar cannot judge the order
            return null;
        }
        ErrorDetail refusal = collar(percent, accountId, quote, order.price(), "limit", account, order);
        return refusal != null ? refusal : collar(percent, accountId, quote, order.stopPrice(), "stop", account, order);
    }

    private ErrorDetail collar(BigDecimal percent, String accountId, Quote quote, BigDecimal price, String which, AccountRisk account,
            UnifiedOrder order) {
        if (price == null) {
            return null;
        }
        double distance = Math.abs(price.doubleValue() - quote.approximate()) * 100;
        if (distance < percent.doubleValue() * quote.approximate() * (1 - MARGIN)) {
            return null;
        }
        BigDecimal exact = price.subtract(quote.mid()).abs().multiply(HUNDRED);
        if (exact.compareTo(percent.multiply(quote.mid())) <= 0) {
            return null;
        }
        BigDecimal away = exact.divide(quote.mid(), 4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return refusal(ErrorCode.RISK_LIMIT_EXCEEDED, account.accountId, order, PRICE_COLLAR_PERCENT + " of " + scope(accountId, null) + " is "
                + percent.toPlainString() + " %; the order's " + which + " price " + price.toPlainString() + " is " + away.toPlainString()
                + " % from the last quote " + quote.mid().toPlainString());
    }

    private ErrorDetail positionUnits(BigDecimal limit, String accountId, String instrument, Position position, BigDecimal units,
            AccountRisk account, UnifiedOrder order) {
        if (limit == null) {
            return null;
        }
        double before = position.approximateExposure();
        double after = before + order.side().sign() * units.doubleValue();
        if (Math.abs(after) < limit.doubleValue() * (1 - MARGIN) || Math.abs(after) < Math.abs(before) * (1 - MARGIN)) {
            return null;
        }
        BigDecimal exactBefore = position.exposure();
        BigDecimal exactAfter = exactBefore.add(signed(units, order));
        if (exactAfter.abs().compareTo(limit) <= 0 || exactAfter.abs().compareTo(exactBefore.abs()) <= 0) {
            return null;
        }
        return over(MAX_POSITION_UNITS, accountId, instrument, limit, "units", "the " + order.instrument()
                + " position would be (now " + exactBefore.toPlainString() + " with orders in flight)", exactAfter.abs(), account, order);
    }

    private ErrorDetail positionNotional(BigDecimal limit, String accountId, String instrument, Position position, BigDecimal units,
            BigDecimal mark, AccountRisk account, UnifiedOrder order) {
        if (limit == null) {
            return null;
        }
        double before = position.approximateExposure();
        double after = before + order.side().sign() * units.doubleValue();
        if (Math.abs(after) < Math.abs(before) * (1 - MARGIN)) {
            return null;
        }
        if (mark == null) {
            return noPrice(MAX_POSITION_NOTIONAL, account, order);
        }
        double approximate = Valuation.approximate(account, order.instrument(), Math.abs(after), mark.doubleValue());
        if (approximate < limit.doubleValue() * (1 - MARGIN)) {
            return null;
        }
        BigDecimal exactBefore = position.exposure();
        BigDecimal exactAfter = exactBefore.add(signed(units, order)).abs();
        if (exactAfter.compareTo(exactBefore.abs()) <= 0) {
            return null;
        }
        BigDecimal value = Valuation.exact(account, order.instrument(), exactAfter, mark);
        if (value == null) {
            return noConversion(MAX_POSITION_NOTIONAL, account, order);
        }
        return value.compareTo(limit) <= 0 ? null : over(MAX_POSITION_NOTIONAL, accountId, instrument, limit, currency(account),
                "the " + order.instrument() + " position would be worth (" + exactAfter.toPlainString() + " units at " + mark.toPlainString()
                        + ")", value, account, order);
    }

    private static BigDecimal signed(BigDecimal units, UnifiedOrder order) {
        return order.side().sign() > 0 ? units : units.negate();
    }

    private static String currency(AccountRisk account) {
        return account.currency == null ? "(the price's currency)" : account.currency;
    }
}

package io.multibroker.api.capability;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything an account can do, in one value that can be compared between accounts and over time:
 * the capability flags, the time-in-force values each order type accepts, and the tradeable
 * instruments with their limits, and (since 1.1) the trading sessions of the asset classes that keep hours.
 *
 * <p>The order-type flags and the keys of {@link #timeInForce()} must agree: an account that
 * declares LIMIT_ORDERS says which time in force its limit orders accept, and one that does not
 * declare it has no entry.
 */
public record BrokerCapabilities(Set<BrokerCapability> features, Map<OrderType, Set<TimeInForce>> timeInForce,
        Map<String, Instrument> instruments, Map<InstrumentType, TradingSession> sessions) {

    /** Capabilities as 1.0 knew them: every instrument trades around the clock. */
    public BrokerCapabilities(Set<BrokerCapability> features, Map<OrderType, Set<TimeInForce>> timeInForce,
            Map<String, Instrument> instruments) {
        this(features, timeInForce, instruments, Map.of());
    }

    public BrokerCapabilities {
        sessions = sessions == null || sessions.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(sessions));
        features = features.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(BrokerCapability.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(features));
        EnumMap<OrderType, Set<TimeInForce>> tif = new EnumMap<>(OrderType.class);
        timeInForce.forEach((type, values) -> tif.put(type, values.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(TimeInForce.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(values))));
        timeInForce = Collections.unmodifiableMap(tif);
        instruments = Collections.unmodifiableMap(new TreeMap<>(instruments));
        for (OrderType type : OrderType.values()) {
            boolean flagged = features.contains(BrokerCapability.forOrderType(type));
            if (flagged != timeInForce.containsKey(type)) {
                throw new IllegalArgumentException(type + ": the capability flag and the time-in-force table disagree "
                        + "(flag " + (flagged ? "set" : "not set") + ", time in force "
                        + (timeInForce.containsKey(type) ? "given" : "not given") + ")");
            }
        }
        instruments.forEach((symbol, instrument) -> {
            if (!symbol.equals(instrument.symbol())) {
                throw new IllegalArgumentException("instrument " + instrument.symbol() + " filed under " + symbol);
            }
        });
    }

    public static final BrokerCapabilities NONE = new BrokerCapabilities(Set.of(), Map.of(), Map.of());

    public boolean has(BrokerCapability capability) {
        return features.contains(capability);
    }

    public Optional<Instrument> instrument(String symbol) {
        return Optional.ofNullable(instruments.get(symbol));
    }

    public BrokerCapabilities withInstruments(Map<String, Instrument> newInstruments) {
        return new BrokerCapabilities(features, timeInForce, newInstruments, sessions);
    }

    /** The same capabilities with these trading sessions (asset classes left out trade around the clock). */
    public BrokerCapabilities withSessions(Map<InstrumentType, TradingSession> newSessions) {
        return new BrokerCapabilities(features, timeInForce, instruments, newSessions);
    }

    /** Whether the instrument's market is open at {@code now}: true for an asset class without a session. */
    public boolean marketOpen(Instrument instrument, Instant now) {
        TradingSession session = sessions.get(instrument.type());
        return session == null || session.openAt(now);
    }

    /**
     * Why this account cannot take the order, or empty when it can. Checks the order type, the time
     * in force, the on-fill attachments, the instrument and the order's size and precision against
     * the instrument's limits; the error names the missing capability or the broken limit.
     */
    public Optional<ErrorDetail> refusal(UnifiedOrder order) {
        BrokerCapability typeCapability = BrokerCapability.forOrderType(order.type());
        if (!has(typeCapability)) {
            return refuse(ErrorCode.UNSUPPORTED_ORDER_TYPE, order.type() + " orders are not supported (missing capability "
                    + typeCapability + ")");
        }
        // before the time in force: a notional order's is the builder's (GFD), and what the broker lacks is the sizing
        if (order.byNotional() && !has(BrokerCapability.NOTIONAL_ORDERS)) {
            return refuse(ErrorCode.UNSUPPORTED_ORDER_TYPE, "orders sized by notional are not supported (missing capability NOTIONAL_ORDERS)");
        }
        Set<TimeInForce> allowed = timeInForce.get(order.type());
        if (!allowed.contains(order.timeInForce())) {
            return refuse(ErrorCode.UNSUPPORTED_TIME_IN_FORCE, order.type() + " orders do not support time in force "
                    + order.timeInForce() + " (supported: " + new TreeSet<>(allowed) + ")");
        }
        if (order.stopLoss() != null && !has(BrokerCapability.STOP_LOSS_ON_FILL)) {
            return refuse(ErrorCode.UNSUPPORTED_ORDER_TYPE, "stop loss on fill is not supported (missing capability STOP_LOSS_ON_FILL)");
        }
        if (order.takeProfit() != null && !has(BrokerCapability.TAKE_PROFIT_ON_FILL)) {
            return refuse(ErrorCode.UNSUPPORTED_ORDER_TYPE, "take profit on fill is not supported (missing capability TAKE_PROFIT_ON_FILL)");
        }
        if (order.trailingStopDistance() != null && order.type() != OrderType.TRAILING_STOP && !has(BrokerCapability.TRAILING_STOPS)) {
            return refuse(ErrorCode.UNSUPPORTED_ORDER_TYPE, "trailing stops are not supported (missing capability TRAILING_STOPS)");
        }
        if (order.extendedHours() && !has(BrokerCapability.EXTENDED_HOURS)) {
            return refuse(ErrorCode.UNSUPPORTED_ORDER_TYPE, "extended-hours orders are not supported (missing capability EXTENDED_HOURS)");
        }
        Instrument instrument = instruments.get(order.instrument());
        if (instrument == null) {
            return refuse(ErrorCode.INVALID_SYMBOL, "instrument " + order.instrument() + " is not tradeable here");
        }
        if (!order.byNotional()) {
            if (!has(BrokerCapability.FRACTIONAL_UNITS) && order.units().scale() > 0 && order.units().stripTrailingZeros().scale() > 0) {
                return refuse(ErrorCode.INVALID_QUANTITY, "units " + order.units().toPlainString()
                        + " are fractional (missing capability FRACTIONAL_UNITS)");
            }
            Optional<String> units = instrument.unitsViolation(order.units());
            if (units.isPresent()) {
                return refuse(ErrorCode.INVALID_QUANTITY, units.get());
            }
        }
        Optional<String> closed = sessionViolation(order, instrument);
        if (closed.isPresent()) {
            return refuse(ErrorCode.MARKET_CLOSED, closed.get());
        }
        // each price in turn, with no collection built: routing asks this for every order and account
        Optional<String> violation = priceViolation(instrument, "price", order.price());
        if (violation.isEmpty()) {
            violation = priceViolation(instrument, "stop loss", order.stopLoss());
        }
        if (violation.isEmpty()) {
            violation = priceViolation(instrument, "take profit", order.takeProfit());
        }
        if (violation.isEmpty()) {
            violation = priceViolation(instrument, "trailing stop distance", order.trailingStopDistance());
        }
        if (violation.isEmpty()) {
            violation = priceViolation(instrument, "stop price", order.stopPrice());
        }
        return violation.isPresent() ? refuse(ErrorCode.INVALID_PRICE, violation.get()) : Optional.empty();
    }

    /**
     * What the market's hours refuse: outside the regular session an order that must execute at once (IOC, FOK)
     * unless it is an extended-hours order; an at-the-open order once the session has opened (its auction is over).
     * Orders that may wait (day, GTC, at-the-close) are left to the broker, which queues them for the open.
     */
    private Optional<String> sessionViolation(UnifiedOrder order, Instrument instrument) {
        TradingSession session = sessions.get(instrument.type());
        if (session == null) {
            return Optional.empty();
        }
        boolean open = session.openAt(Instant.now());
        TimeInForce tif = order.timeInForce();
        if (!open && !order.extendedHours() && (tif == TimeInForce.IOC || tif == TimeInForce.FOK)) {
            return Optional.of("the " + instrument.type() + " market is closed until " + session.nextOpen() + ": a " + tif
                    + " order of " + instrument.symbol() + " cannot execute now");
        }
        if (open && tif == TimeInForce.AT_OPEN) {
            return Optional.of("the " + instrument.type() + " market opened already: its opening auction is over until "
                    + session.nextOpen());
        }
        return Optional.empty();
    }

    private static Optional<String> priceViolation(Instrument instrument, String field, BigDecimal price) {
        return price == null ? Optional.empty() : instrument.priceViolation(field, price);
    }

    private static Optional<ErrorDetail> refuse(ErrorCode code, String message) {
        return Optional.of(ErrorDetail.of(code, message));
    }

    /** What changed from {@code before} to this: flags, time in force and instruments. */
    public CapabilityDiff diffFrom(BrokerCapabilities before) {
        Set<BrokerCapability> added = EnumSet.noneOf(BrokerCapability.class);
        added.addAll(features);
        added.removeAll(before.features);
        Set<BrokerCapability> removed = EnumSet.noneOf(BrokerCapability.class);
        removed.addAll(before.features);
        removed.removeAll(features);
        Map<OrderType, Set<TimeInForce>> tifChanged = new EnumMap<>(OrderType.class);
        for (OrderType type : OrderType.values()) {
            Set<TimeInForce> now = timeInForce.getOrDefault(type, Set.of());
            if (!now.equals(before.timeInForce.getOrDefault(type, Set.of()))) {
                tifChanged.put(type, now);
            }
        }
        Set<String> instrumentsAdded = new TreeSet<>(instruments.keySet());
        instrumentsAdded.removeAll(before.instruments.keySet());
        Set<String> instrumentsRemoved = new TreeSet<>(before.instruments.keySet());
        instrumentsRemoved.removeAll(instruments.keySet());
        Set<String> common = new HashSet<>(instruments.keySet());
        common.retainAll(before.instruments.keySet());
        Map<String, Instrument> instrumentsChanged = new TreeMap<>();
        for (String symbol : common) {
            if (!instruments.get(symbol).equals(before.instruments.get(symbol))) {
                instrumentsChanged.put(symbol, instruments.get(symbol));
            }
        }
        return new CapabilityDiff(added, removed, tifChanged, instrumentsAdded, instrumentsRemoved, instrumentsChanged);
    }
}

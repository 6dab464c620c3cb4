package io.multibroker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.capability.TradingSession;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an Alpaca account can do, from its assets and the market clock: the order types and times in force of US
 * equities (crypto's narrower rules are checked per order, {@link OrderRules}), the assets as instruments with
 * their attributes and crypto's size and price increments, and the equity session from {@code GET /v2/clock}.
 */
final class AlpacaCapabilities {

    static final Set<BrokerCapability> FEATURES = Set.copyOf(EnumSet.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.LIMIT_ORDERS,
            BrokerCapability.STOP_ORDERS, BrokerCapability.STOP_LIMIT_ORDERS, BrokerCapability.TRAILING_STOP_ORDERS,
            BrokerCapability.STOP_LOSS_ON_FILL, BrokerCapability.TAKE_PROFIT_ON_FILL, BrokerCapability.FRACTIONAL_UNITS,
            BrokerCapability.NOTIONAL_ORDERS, BrokerCapability.EXTENDED_HOURS, BrokerCapability.PRICE_STREAMING,
            BrokerCapability.CLIENT_ORDER_ID_LOOKUP, BrokerCapability.ORDER_EVENTS, BrokerCapability.REPLACE_ORDERS,
            BrokerCapability.CLOSE_POSITION, BrokerCapability.OPEN_ORDERS));

    /** A whole share at most this many; Alpaca states no maximum, this keeps a typo from becoming an order. */
    private static final BigDecimal MAXIMUM_SHARES = new BigDecimal("1000000");
    private static final BigDecimal ONE_SHARE = BigDecimal.ONE;
    /** Fractional quantities go to 9 decimals (Alpaca's rule for qty and notional). */
    private static final int FRACTION_DIGITS = 9;

    private AlpacaCapabilities() {
    }

    static Map<OrderType, Set<TimeInForce>> timeInForce() {
        Map<OrderType, Set<TimeInForce>> tif = new EnumMap<>(OrderType.class);
        Set<TimeInForce> all = EnumSet.of(TimeInForce.GFD, TimeInForce.GTC, TimeInForce.AT_OPEN, TimeInForce.AT_CLOSE, TimeInForce.IOC,
                TimeInForce.FOK);
        tif.put(OrderType.MARKET, all);
        tif.put(OrderType.LIMIT, all);
        tif.put(OrderType.STOP, EnumSet.of(TimeInForce.GFD, TimeInForce.GTC));
        tif.put(OrderType.STOP_LIMIT, EnumSet.of(TimeInForce.GFD, TimeInForce.GTC));
        tif.put(OrderType.TRAILING_STOP, EnumSet.of(TimeInForce.GFD, TimeInForce.GTC));
        return tif;
    }

    /** The capabilities of these assets under this clock. */
    static BrokerCapabilities of(Map<String, Instrument> instruments, JsonNode clock) {
        Map<InstrumentType, TradingSession> sessions = new EnumMap<>(InstrumentType.class);
        if (clock != null && clock.hasNonNull("next_open") && clock.hasNonNull("next_close")) {
            sessions.put(InstrumentType.EQUITY, new TradingSession(clock.path("is_open").asBoolean(),
                    Instant.from(AlpacaJson.TIME.parse(clock.get("next_open").asText())),
                    Instant.from(AlpacaJson.TIME.parse(clock.get("next_close").asText()))));
        }
        return new BrokerCapabilities(FEATURES, timeInForce(), instruments, sessions);
    }

    /** An asset as an instrument, or null when it cannot be traded (inactive, not tradable). */
    static Instrument instrument(JsonNode asset) {
        if (!asset.path("tradable").asBoolean(false) || !"active".equals(asset.path("status").asText("active"))) {
            return null;
        }
        boolean crypto = "crypto".equals(asset.path("class").asText());
        String alpaca = asset.path("symbol").asText();
        Set<String> attributes = new TreeSet<>();
        attributes.add(Instrument.TRADABLE);
        for (String flag : new String[] {"fractionable", "shortable", "easy_to_borrow", "marginable"}) {
            if (asset.path(flag).asBoolean(false)) {
                attributes.add(flag);
            }
        }
        asset.path("attributes").forEach(value -> attributes.add(value.asText()));
        String canonical = Symbols.canonical(alpaca, crypto);
        if (crypto) {
            BigDecimal minimum = AlpacaJson.decimal(asset, "min_order_size");
            BigDecimal increment = AlpacaJson.decimal(asset, "min_trade_increment");
            BigDecimal priceIncrement = AlpacaJson.decimal(asset, "price_increment");
            return new Instrument(canonical, InstrumentType.CRYPTO, Math.max(0, priceIncrement.stripTrailingZeros().scale()),
                    Math.max(0, increment.stripTrailingZeros().scale()), minimum, MAXIMUM_SHARES, BigDecimal.ONE,
                    -Math.max(0, priceIncrement.stripTrailingZeros().scale()), alpaca, attributes, increment, priceIncrement);
        }
        boolean fractionable = attributes.contains(Instrument.FRACTIONABLE);
        // equities price in cents; a fractionable one takes quantities to 9 decimals (Alpaca's rule), others whole shares
        return new Instrument(canonical, InstrumentType.EQUITY, 2, fractionable ? FRACTION_DIGITS : 0,
                fractionable ? BigDecimal.ONE.movePointLeft(FRACTION_DIGITS) : ONE_SHARE, MAXIMUM_SHARES,
                marginRate(asset), -2, alpaca, attributes, null, null);
    }

    private static BigDecimal marginRate(JsonNode asset) {
        JsonNode requirement = asset.get("maintenance_margin_requirement");
        if (requirement == null || requirement.isNull()) {
            return BigDecimal.ONE;
        }
        return new BigDecimal(requirement.asText()).movePointLeft(2);
    }

    static Map<String, Instrument> catalogue(Iterable<JsonNode> assets, Set<String> only) {
        Map<String, Instrument> catalogue = new LinkedHashMap<>();
        for (JsonNode asset : assets) {
            Instrument instrument = instrument(asset);
            if (instrument != null && (only.isEmpty() || only.contains(instrument.symbol()))) {
                catalogue.put(instrument.symbol(), instrument);
            }
        }
        return catalogue;
    }
}

package io.multibroker.paper;

import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What a paper account declares it can do: its features, time-in-force rules and the instruments it trades. */
final class PaperCapabilities {

    private PaperCapabilities() {
    }

    /** The capabilities of an account with these settings, before the equity session is added to them. */
    static BrokerCapabilities of(PaperSettings settings) {
        Map<String, Instrument> limits = new LinkedHashMap<>();
        settings.instruments.forEach(i -> limits.put(i.symbol(), i.limits()));
        return new BrokerCapabilities(features(settings.hedging), timeInForce(), limits);
    }

    static Set<BrokerCapability> features(boolean hedging) {
        Set<BrokerCapability> features = EnumSet.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.LIMIT_ORDERS,
                BrokerCapability.STOP_ORDERS, BrokerCapability.MARKET_IF_TOUCHED_ORDERS, BrokerCapability.TRAILING_STOPS,
                BrokerCapability.STOP_LOSS_ON_FILL, BrokerCapability.TAKE_PROFIT_ON_FILL, BrokerCapability.FRACTIONAL_UNITS,
                BrokerCapability.PRICE_STREAMING, BrokerCapability.CLIENT_ORDER_ID_LOOKUP, BrokerCapability.ORDER_EVENTS,
                BrokerCapability.REPLACE_ORDERS, BrokerCapability.CLOSE_POSITION, BrokerCapability.OPEN_ORDERS);
        features.add(hedging ? BrokerCapability.HEDGING : BrokerCapability.FIFO_ONLY);
        return features;
    }

    private static Map<OrderType, Set<TimeInForce>> timeInForce() {
        Map<OrderType, Set<TimeInForce>> tif = new EnumMap<>(OrderType.class);
        tif.put(OrderType.MARKET, EnumSet.of(TimeInForce.FOK, TimeInForce.IOC));
        tif.put(OrderType.LIMIT, EnumSet.of(TimeInForce.GTC, TimeInForce.GTD, TimeInForce.GFD, TimeInForce.FOK, TimeInForce.IOC));
        tif.put(OrderType.STOP, EnumSet.of(TimeInForce.GTC, TimeInForce.GTD, TimeInForce.GFD));
        tif.put(OrderType.MARKET_IF_TOUCHED, EnumSet.of(TimeInForce.GTC, TimeInForce.GTD, TimeInForce.GFD));
        return tif;
    }
}

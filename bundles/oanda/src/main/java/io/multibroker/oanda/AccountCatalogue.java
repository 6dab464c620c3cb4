package io.multibroker.oanda;

import com.fasterxml.jackson.databind.JsonNode;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What an OANDA account can do, read from its summary (hedging, guaranteed stops) and its instruments. */
final class AccountCatalogue {

    private AccountCatalogue() {
    }

    /** The capabilities of an account from the bodies of {@code GET /summary} and {@code GET /instruments}. */
    static BrokerCapabilities capabilities(JsonNode summary, JsonNode instruments, OrderTranslator translator) {
        JsonNode account = summary.path("account");
        boolean hedgingEnabled = account.path("hedgingEnabled").asBoolean(false);
        String gslMode = account.path("guaranteedStopLossOrderMode").asText("DISABLED");
        Map<String, Instrument> catalogue = new LinkedHashMap<>();
        for (JsonNode node : instruments.path("instruments")) {
            Instrument instrument = instrument(node, translator);
            catalogue.put(instrument.symbol(), instrument);
        }
        Set<BrokerCapability> features = EnumSet.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.LIMIT_ORDERS,
                BrokerCapability.STOP_ORDERS, BrokerCapability.MARKET_IF_TOUCHED_ORDERS, BrokerCapability.STOP_LOSS_ON_FILL,
                BrokerCapability.TAKE_PROFIT_ON_FILL, BrokerCapability.TRAILING_STOPS, BrokerCapability.PRICE_STREAMING,
                BrokerCapability.CLIENT_ORDER_ID_LOOKUP, BrokerCapability.CLOSE_POSITION, BrokerCapability.ORDER_EVENTS,
                BrokerCapability.REPLACE_ORDERS, BrokerCapability.OPEN_ORDERS);
        if (hedgingEnabled) {
            features.add(BrokerCapability.HEDGING);
        }
        if (!gslMode.equals("DISABLED")) {
            features.add(BrokerCapability.GUARANTEED_STOPS);
        }
        if (catalogue.values().stream().anyMatch(i -> i.unitsPrecision() > 0)) {
            features.add(BrokerCapability.FRACTIONAL_UNITS);
        }
        Map<OrderType, Set<TimeInForce>> timeInForce = new EnumMap<>(OrderType.class);
        // OANDA's rules: market orders fill or kill, or fill what they can; MIT orders rest
        timeInForce.put(OrderType.MARKET, EnumSet.of(TimeInForce.FOK, TimeInForce.IOC));
        // OANDA's five; not allOf, which would claim the auction times in force of model 1.2
        Set<TimeInForce> pending = EnumSet.of(TimeInForce.GTC, TimeInForce.GTD, TimeInForce.GFD, TimeInForce.FOK, TimeInForce.IOC);
        timeInForce.put(OrderType.LIMIT, pending);
        timeInForce.put(OrderType.STOP, pending);
        timeInForce.put(OrderType.MARKET_IF_TOUCHED, EnumSet.of(TimeInForce.GTC, TimeInForce.GFD, TimeInForce.GTD));
        return new BrokerCapabilities(features, timeInForce, catalogue);
    }

    private static Instrument instrument(JsonNode node, OrderTranslator translator) {
        String name = translator.required(node, "name");
        InstrumentType type = switch (node.path("type").asText("")) {
            case "CURRENCY" -> InstrumentType.CURRENCY;
            case "CFD" -> InstrumentType.CFD;
            case "METAL" -> InstrumentType.METAL;
            default -> InstrumentType.OTHER;
        };
        BigDecimal maximum = translator.decimal(node, "maximumOrderUnits");
        return new Instrument(name, type, node.path("displayPrecision").asInt(), node.path("tradeUnitsPrecision").asInt(),
                translator.decimal(node, "minimumTradeSize"), maximum, translator.decimal(node, "marginRate"),
                node.path("pipLocation").asInt());
    }
}

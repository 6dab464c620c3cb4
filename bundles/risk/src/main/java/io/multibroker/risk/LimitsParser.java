package io.multibroker.risk;

import io.multibroker.api.risk.TradingState;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads limits from configuration properties and names every value it refuses (key, value, rule), so that a refused
 * configuration can be reported in full rather than failing on its first mistake.
 */
final class LimitsParser {

    static final String MAX_ORDER_UNITS = "max.order.units";
    static final String MAX_ORDER_NOTIONAL = "max.order.notional";
    static final String MAX_POSITION_UNITS = "max.position.units";
    static final String MAX_POSITION_NOTIONAL = "max.position.notional";
    static final String MAX_OPEN_ORDERS = "max.open.orders";
    static final String MAX_ORDERS_PER_SECOND = "max.orders.per.second";
    static final String MAX_ORDERS_PER_MINUTE = "max.orders.per.minute";
    static final String MAX_DAILY_LOSS = "max.daily.loss";
    static final String PRICE_COLLAR_PERCENT = "price.collar.percent";
    static final String INSTRUMENT_LIMITS = "instrument.limits";
    static final String DAILY_LOSS_ACTION = "daily.loss.action";
    static final String DAILY_RESET_TIME = "daily.reset.time";
    static final String DAILY_RESET_ZONE = "daily.reset.zone";
    static final String USAGE_REFRESH_SECONDS = "usage.refresh.seconds";

    /** The keys an instrument may have limits of its own for. */
    static final List<String> INSTRUMENT_KEYS = List.of(MAX_ORDER_UNITS, MAX_ORDER_NOTIONAL, MAX_POSITION_UNITS, MAX_POSITION_NOTIONAL);

    private final Map<String, Object> properties;
    private final List<String> violations = new ArrayList<>();

    private LimitsParser(Map<String, Object> properties) {
        this.properties = properties;
    }

    /** The limits, or the violations when any value is refused. */
    static Parsed parse(Map<String, Object> properties, boolean account) {
        LimitsParser parser = new LimitsParser(properties);
        Limits limits = parser.limits(account);
        return new Parsed(parser.violations.isEmpty() ? limits : null, List.copyOf(parser.violations));
    }

    /** The global-only settings: the daily reset and the refresh interval. */
    static Schedule schedule(Map<String, Object> properties, List<String> violations) {
        LimitsParser parser = new LimitsParser(properties);
        LocalTime time = LocalTime.of(17, 0);
        ZoneId zone = ZoneId.of("America/New_York");
        String timeText = parser.text(DAILY_RESET_TIME);
        if (timeText != null) {
            try {
                time = LocalTime.parse(timeText);
            } catch (DateTimeParseException e) {
                parser.violations.add(DAILY_RESET_TIME + "=" + timeText + ": not a time of day (HH:mm)");
            }
        }
        String zoneText = parser.text(DAILY_RESET_ZONE);
        if (zoneText != null) {
            try {
                zone = ZoneId.of(zoneText);
            } catch (DateTimeException e) {
                parser.violations.add(DAILY_RESET_ZONE + "=" + zoneText + ": not a time zone (" + e.getMessage() + ")");
            }
        }
        int refresh = parser.count(USAGE_REFRESH_SECONDS);
        if (refresh == 0 && parser.text(USAGE_REFRESH_SECONDS) == null) {
            refresh = 5;
        } else if (refresh < 1 || refresh > 3600) {
            parser.violations.add(USAGE_REFRESH_SECONDS + "=" + parser.text(USAGE_REFRESH_SECONDS) + ": must be from 1 to 3600");
            refresh = 5;
        }
        violations.addAll(parser.violations);
        return new Schedule(time, zone, refresh);
    }

    private Limits limits(boolean account) {
        Map<String, Limits.InstrumentLimits> instruments = instrumentLimits();
        String actionText = text(DAILY_LOSS_ACTION);
        TradingState action = account ? null : TradingState.REDUCING;
        if (actionText != null) {
            switch (actionText.toUpperCase(Locale.ROOT)) {
                case "REDUCING" -> action = TradingState.REDUCING;
                case "HALTED" -> action = TradingState.HALTED;
                default -> violations.add(DAILY_LOSS_ACTION + "=" + actionText + ": must be REDUCING or HALTED");
            }
        }
        return new Limits(decimal(MAX_ORDER_UNITS), decimal(MAX_ORDER_NOTIONAL), decimal(MAX_POSITION_UNITS),
                decimal(MAX_POSITION_NOTIONAL), count(MAX_OPEN_ORDERS), count(MAX_ORDERS_PER_SECOND), count(MAX_ORDERS_PER_MINUTE),
                decimal(MAX_DAILY_LOSS), decimal(PRICE_COLLAR_PERCENT), instruments, action);
    }

    private Map<String, Limits.InstrumentLimits> instrumentLimits() {
        Map<String, Map<String, BigDecimal>> byInstrument = new HashMap<>();
        for (String entry : strings(INSTRUMENT_LIMITS)) {
            int colon = entry.indexOf(':');
            int equals = entry.indexOf('=', colon + 1);
            if (colon <= 0 || equals < 0) {
                violations.add(INSTRUMENT_LIMITS + "=" + entry + ": must be INSTRUMENT:key=value");
                continue;
            }
            String instrument = entry.substring(0, colon).trim();
            String key = entry.substring(colon + 1, equals).trim();
            String value = entry.substring(equals + 1).trim();
            if (!INSTRUMENT_KEYS.contains(key)) {
                violations.add(INSTRUMENT_LIMITS + "=" + entry + ": " + key + " is not one of " + String.join(", ", INSTRUMENT_KEYS));
                continue;
            }
            BigDecimal parsed = positive(INSTRUMENT_LIMITS + " " + instrument + ":" + key, value);
            if (parsed != null) {
                byInstrument.computeIfAbsent(instrument, i -> new HashMap<>()).put(key, parsed);
            }
        }
        Map<String, Limits.InstrumentLimits> limits = new HashMap<>();
        byInstrument.forEach((instrument, values) -> limits.put(instrument, new Limits.InstrumentLimits(values.get(MAX_ORDER_UNITS),
                values.get(MAX_ORDER_NOTIONAL), values.get(MAX_POSITION_UNITS), values.get(MAX_POSITION_NOTIONAL))));
        return limits;
    }

    private String text(String key) {
        Object value = properties.get(key);
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).trim();
        return text.isEmpty() ? null : text;
    }

    private List<String> strings(String key) {
        Object value = properties.get(key);
        List<String> values = new ArrayList<>();
        if (value instanceof String[] array) {
            values.addAll(List.of(array));
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(item -> values.add(String.valueOf(item)));
        } else if (value != null) {
            // a .cfg file gives a list as one comma-separated string
            for (String item : String.valueOf(value).split(",")) {
                values.add(item);
            }
        }
        values.replaceAll(String::trim);
        values.removeIf(String::isEmpty);
        return values;
    }

    private BigDecimal decimal(String key) {
        String text = text(key);
        return text == null ? null : positive(key, text);
    }

    private BigDecimal positive(String key, String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            violations.add(key + "=" + text + ": not a decimal number");
            return null;
        }
        if (value.signum() <= 0) {
            violations.add(key + "=" + text + ": must be positive (leave it empty for no limit)");
            return null;
        }
        return value;
    }

    private int count(String key) {
        String text = text(key);
        if (text == null) {
            return 0;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                violations.add(key + "=" + text + ": must not be negative (0: no limit)");
                return 0;
            }
            return value;
        } catch (NumberFormatException e) {
            violations.add(key + "=" + text + ": not a whole number");
            return 0;
        }
    }

    /** Parsed limits, or null with the violations. */
    record Parsed(Limits limits, List<String> violations) {
    }

    /** When the trading day starts, and how often usage is read from the brokers. */
    record Schedule(LocalTime resetTime, ZoneId zone, int refreshSeconds) {
        static final Schedule DEFAULT = new Schedule(LocalTime.of(17, 0), ZoneId.of("America/New_York"), 5);
    }
}

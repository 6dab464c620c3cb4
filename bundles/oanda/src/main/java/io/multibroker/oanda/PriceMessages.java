package io.multibroker.oanda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.multibroker.api.model.PriceTick;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One line of the v20 price stream: a {@code PRICE} (instrument, time, best bid and ask as decimal strings,
 * tradeable) or a {@code HEARTBEAT}. Read with Jackson's streaming parser, field by field, so that a tick
 * costs no tree; fields the adapter does not use (liquidity, closeout prices, deeper levels) are skipped.
 */
final class PriceMessages {

    /** What a line was. */
    sealed interface Message permits Price, Heartbeat {
    }

    record Price(PriceTick tick) implements Message {
    }

    record Heartbeat(Instant time) implements Message {
    }

    /** A line that is not a price stream message. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    private PriceMessages() {
    }

    static Message parse(byte[] bytes, int offset, int length) throws Malformed {
        String type = null;
        String instrument = null;
        String time = null;
        String bid = null;
        String ask = null;
        boolean tradeable = true;
        try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "type" -> type = parser.getValueAsString();
                    case "instrument" -> instrument = parser.getValueAsString();
                    case "time" -> time = parser.getValueAsString();
                    case "tradeable" -> tradeable = value == JsonToken.VALUE_TRUE;
                    case "bids" -> bid = bestPrice(parser, value);
                    case "asks" -> ask = bestPrice(parser, value);
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new Malformed("not JSON: " + e.getMessage());
        }
        if ("HEARTBEAT".equals(type)) {
            return new Heartbeat(instant(time));
        }
        if (!"PRICE".equals(type)) {
            throw new Malformed("unknown message type " + type);
        }
        if (instrument == null || bid == null || ask == null) {
            throw new Malformed("a PRICE without instrument, bid or ask");
        }
        try {
            return new Price(new PriceTick(instrument, instant(time), new BigDecimal(bid), new BigDecimal(ask), tradeable));
        } catch (NumberFormatException e) {
            throw new Malformed("a price that is not a decimal: " + bid + " / " + ask);
        }
    }

    /** The first level's price of {@code bids} or {@code asks}; the deeper levels are skipped. */
    private static String bestPrice(JsonParser parser, JsonToken value) throws IOException, Malformed {
        if (value != JsonToken.START_ARRAY) {
            throw new Malformed("bids and asks are arrays");
        }
        String best = null;
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (best == null && field.equals("price")) {
                    best = parser.getValueAsString();
                } else {
                    parser.skipChildren();
                }
            }
        }
        return best;
    }

    private static Instant instant(String time) throws Malformed {
        if (time == null) {
            throw new Malformed("a message without time");
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new Malformed("time is not RFC3339: " + time);
        }
    }
}

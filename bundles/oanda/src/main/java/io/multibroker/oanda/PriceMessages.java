package io.multibroker.oanda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.multibroker.api.model.PriceTick;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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
        Message fast = PriceLineScanner.scan(bytes, offset, length);
        return fast != null ? fast : parseWithJackson(bytes, offset, length);
    }

    /** The general reader: any JSON, any field order; it also decides what is malformed. */
    static Message parseWithJackson(byte[] bytes, int offset, int length) throws Malformed {
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
        Instant fast = rfc3339Utc(time);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new Malformed("time is not RFC3339: " + time);
        }
    }

    /**
     * The form v20 always sends ({@code 2026-11-24T12:00:00.123456789Z}, UTC, up to nine decimals), read digit by
     * digit: {@code Instant.parse} goes through a general formatter and cost as much as the rest of a tick (the
     * stream benchmark went from 0.44 to 0.82 million ticks a second). Any other form gives null, and the general
     * parser decides.
     */
    static Instant rfc3339Utc(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length - 21 > 9 || length - 21 < 1) {
                return null;
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = length - 21; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The non-negative number written in text[from, to), or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

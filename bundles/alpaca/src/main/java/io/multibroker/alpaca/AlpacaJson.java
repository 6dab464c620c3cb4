package io.multibroker.alpaca;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Reading Alpaca's JSON: decimals as strings on REST (numbers on market data), RFC 3339 times with any offset. */
final class AlpacaJson {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** RFC 3339 with an offset or Z and up to nanoseconds: Alpaca writes both {@code Z} and {@code -04:00}. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private AlpacaJson() {
    }

    /** A decimal field, string or number, never through a double; null when absent or null. */
    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        String text = value.asText();
        return text.isEmpty() ? null : new BigDecimal(text);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Instant time(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Instant.from(TIME.parse(text));
    }

    static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 80 ? "'" + flat + "'" : "'" + flat.substring(0, 80) + "...'";
    }
}

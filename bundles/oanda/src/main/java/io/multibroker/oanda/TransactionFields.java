package io.multibroker.oanda;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import java.io.IOException;

/**
 * The fields of an OANDA transaction (or a stream heartbeat) that its order event needs, read in one pass of a JSON
 * parser: from a stream line's bytes, or from a transaction read over REST ({@code JsonNode.traverse}), so that both go
 * through the same reading.
 *
 * <p>Why not a tree: reading each stream line into a Jackson tree (a map per object, a node per value) was half of the
 * transaction stream thread's CPU and, with the order answer's tree, the largest part of what the adapter spends per
 * order beyond its HTTP client (benchmarks/NOTES.md, ninth round). Here the fields not listed are skipped unread.
 *
 * <p>A value is read as the tree's {@code asText} gave it before: a string as it is, a number or boolean as its text
 * (a number as written: a tree went through a double, or dropped a decimal's trailing zeros), null for JSON null or a
 * missing field, and an empty string for an object or array where a value belongs; {@code clientExtensions} that is not
 * an object has no id.
 */
record TransactionFields(String id, String type, String time, String orderId, String clientOrderId, String clientExtensionsId,
        String instrument, String units, String price, String reason, String rejectReason, String replacesOrderId,
        String replacedByOrderId, String lastTransactionId) {

    /**
     * The transaction a new parser reads: its whole object is read (so that a line cut short fails here), and anything
     * after it is left unread, as a tree's reading leaves it. Null when it is not an object (white space, an array, a
     * bare value): not a transaction.
     *
     * @throws IOException when the JSON is malformed or ends before the object does
     */
    static TransactionFields read(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            if (first != null) {
                // read whole, so that JSON that is malformed fails here as a tree's reading failed (a string not ended)
                scalar(parser);
            }
            return null;
        }
        String id = null;
        String type = null;
        String time = null;
        String orderId = null;
        String clientOrderId = null;
        String clientExtensionsId = null;
        String instrument = null;
        String units = null;
        String price = null;
        String reason = null;
        String rejectReason = null;
        String replacesOrderId = null;
        String replacedByOrderId = null;
        String lastTransactionId = null;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "id" -> id = scalar(parser);
                case "type" -> type = scalar(parser);
                case "time" -> time = scalar(parser);
                case "orderID" -> orderId = scalar(parser);
                case "clientOrderID" -> clientOrderId = scalar(parser);
                case "clientExtensions" -> clientExtensionsId = idWithin(parser);
                case "instrument" -> instrument = scalar(parser);
                case "units" -> units = scalar(parser);
                case "price" -> price = scalar(parser);
                case "reason" -> reason = scalar(parser);
                case "rejectReason" -> rejectReason = scalar(parser);
                case "replacesOrderID" -> replacesOrderId = scalar(parser);
                case "replacedByOrderID" -> replacedByOrderId = scalar(parser);
                case "lastTransactionID" -> lastTransactionId = scalar(parser);
                // a field the event does not need: passed over without decoding its text
                default -> parser.skipChildren();
            }
        }
        return new TransactionFields(id, type, time, orderId, clientOrderId, clientExtensionsId, instrument, units, price, reason,
                rejectReason, replacesOrderId, replacedByOrderId, lastTransactionId);
    }

    /** The {@code id} within {@code clientExtensions}, or null (also when it is not an object). */
    private static String idWithin(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String id = null;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            boolean isId = parser.currentName().equals("id");
            parser.nextToken();
            if (isId) {
                id = scalar(parser);
            } else {
                parser.skipChildren();
            }
        }
        return id;
    }

    /** A scalar's text (null for JSON null); an object or array is read past and gives an empty string, as {@code asText}. */
    private static String scalar(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return "";
        }
        return token == JsonToken.VALUE_NULL ? null : parser.getText();
    }

    /** A transaction id as a number, read as a tree's {@code asLong(-1)} read it; -1 when it is missing or not a number. */
    static long number(String id) {
        return id == null ? -1 : NumberInput.parseAsLong(id, -1);
    }
}

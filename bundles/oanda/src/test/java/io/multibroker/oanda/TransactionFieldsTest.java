package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A fill as OANDA writes it: nested objects and arrays (fullPrice, tradeOpened, tradesClosed) among the fields read. */
    private static final String FILL = "{\"id\":\"6410\",\"accountID\":\"101-001-0000001-001\",\"userID\":1,\"batchID\":\"6409\","
            + "\"requestID\":\"61\",\"time\":\"2026-12-02T03:01:02.123456789Z\",\"type\":\"ORDER_FILL\",\"orderID\":\"6409\","
            + "\"clientOrderID\":\"mb-7\",\"instrument\":\"EUR_USD\",\"units\":\"-100\",\"fullPrice\":{\"type\":\"PRICE\","
            + "\"bids\":[{\"price\":\"1.08400\",\"liquidity\":\"10000000\"}],\"asks\":[{\"price\":\"1.08412\",\"liquidity\":\"10000000\"}],"
            + "\"closeoutBid\":\"1.08400\",\"closeoutAsk\":\"1.08412\"},\"price\":\"1.08400\",\"fullVWAP\":\"1.08400\","
            + "\"reason\":\"MARKET_ORDER\",\"tradesClosed\":[{\"tradeID\":\"6400\",\"units\":\"50\",\"price\":\"1.08400\"}],"
            + "\"tradeOpened\":{\"tradeID\":\"6410\",\"units\":\"-50\",\"price\":\"9.99999\",\"clientExtensions\":{\"id\":\"not-this\"}},"
            + "\"pl\":\"0.0100\",\"accountBalance\":\"100000.0100\"}";
    private static final String LIMIT = "{\"id\":\"6411\",\"time\":\"2026-12-02T03:01:03.000000000Z\",\"type\":\"LIMIT_ORDER\","
            + "\"instrument\":\"EUR_USD\",\"units\":\"100\",\"price\":\"1.05000\",\"timeInForce\":\"GTC\",\"replacesOrderID\":\"6405\","
            + "\"clientExtensions\":{\"tag\":\"t\",\"id\":\"mb-8\",\"comment\":\"c\"},\"reason\":\"REPLACEMENT\"}";
    private static final String CANCEL = "{\"id\":\"6412\",\"time\":\"2026-12-02T03:01:04Z\",\"type\":\"ORDER_CANCEL\",\"orderID\":\"6405\","
            + "\"clientOrderID\":\"mb-6\",\"reason\":\"CLIENT_REQUEST_REPLACED\",\"replacedByOrderID\":\"6411\"}";
    private static final String REJECT = "{\"id\":\"6413\",\"time\":\"2026-12-02T03:01:05Z\",\"type\":\"MARKET_ORDER_REJECT\","
            + "\"instrument\":\"EUR_USD\",\"units\":\"1\",\"rejectReason\":\"INSUFFICIENT_MARGIN\",\"clientExtensions\":{\"id\":\"mb-9\"}}";
    private static final String HEARTBEAT = "{\"type\":\"HEARTBEAT\",\"lastTransactionID\":\"6413\",\"time\":\"2026-12-02T03:01:06Z\"}";

    private static TransactionFields fromBytes(String line) throws IOException {
        byte[] bytes = (" " + line + " ").getBytes(StandardCharsets.UTF_8);
        try (JsonParser parser = JSON.createParser(bytes, 1, bytes.length - 2)) {
            return TransactionFields.read(parser);
        }
    }

    /** As the transaction stream reads the transactions missed: from the tree of a REST answer, read as V20Client reads it. */
    private static TransactionFields fromTree(String line) throws IOException {
        try (JsonParser parser = V20Client.JSON.readTree(line).traverse(V20Client.JSON)) {
            return TransactionFields.read(parser);
        }
    }

    @Test
    void aFillIsReadForItsOwnFieldsNotThoseOfTheObjectsNestedInIt() throws IOException {
        assertEquals(new TransactionFields("6410", "ORDER_FILL", "2026-12-02T03:01:02.123456789Z", "6409", "mb-7", null, "EUR_USD", "-100",
                "1.08400", "MARKET_ORDER", null, null, null, null), fromBytes(FILL));
    }

    @Test
    void eachKindOfTransactionGivesWhatItsEventNeeds() throws IOException {
        assertEquals(new TransactionFields("6411", "LIMIT_ORDER", "2026-12-02T03:01:03.000000000Z", null, null, "mb-8", "EUR_USD", "100",
                "1.05000", "REPLACEMENT", null, "6405", null, null), fromBytes(LIMIT));
        assertEquals(new TransactionFields("6412", "ORDER_CANCEL", "2026-12-02T03:01:04Z", "6405", "mb-6", null, null, null, null,
                "CLIENT_REQUEST_REPLACED", null, null, "6411", null), fromBytes(CANCEL));
        assertEquals(new TransactionFields("6413", "MARKET_ORDER_REJECT", "2026-12-02T03:01:05Z", null, null, "mb-9", "EUR_USD", "1", null,
                null, "INSUFFICIENT_MARGIN", null, null, null), fromBytes(REJECT));
        assertEquals(new TransactionFields(null, "HEARTBEAT", "2026-12-02T03:01:06Z", null, null, null, null, null, null, null, null, null,
                null, "6413"), fromBytes(HEARTBEAT));
    }

    @Test
    void aStreamLineAndTheSameTransactionReadOverRestGiveTheSameFields() throws IOException {
        for (String transaction : List.of(FILL, LIMIT, CANCEL, REJECT, HEARTBEAT)) {
            assertEquals(fromBytes(transaction), fromTree(transaction), transaction);
        }
    }

    /**
     * As the tree's {@code asText} gave them: OANDA writes decimals as strings, a JSON number is taken as written (here
     * without trailing zeros, which a tree drops), an object or array where a value belongs as an empty string.
     */
    @Test
    void valuesAreTakenAsATreeGivesThemAsTextAndContainersWhereAValueBelongsAsAbsent() throws IOException {
        TransactionFields odd = fromBytes("{\"id\":6414,\"type\":\"ORDER_FILL\",\"units\":-2.5,\"price\":null,\"orderID\":{\"x\":1},"
                + "\"instrument\":[\"EUR_USD\"],\"clientExtensions\":\"mb-1\",\"reason\":true}");
        assertEquals(new TransactionFields("6414", "ORDER_FILL", null, "", null, null, "", "-2.5", null, "true", null, null, null, null), odd);
        assertEquals(odd, fromTree("{\"id\":6414,\"type\":\"ORDER_FILL\",\"units\":-2.5,\"price\":null,\"orderID\":{\"x\":1},"
                + "\"instrument\":[\"EUR_USD\"],\"clientExtensions\":\"mb-1\",\"reason\":true}"));
    }

    @Test
    void whatIsNotAnObjectIsNoTransaction() throws IOException {
        assertNull(fromBytes("[{\"id\":\"1\",\"type\":\"ORDER_FILL\"}]"));
        assertNull(fromBytes("\"ORDER_FILL\""));
        assertNull(fromBytes("42"));
        assertNull(fromBytes("   "));
    }

    @Test
    void aReplacementNamedByAnythingButNullIsOne() throws IOException {
        assertEquals("", fromBytes("{\"type\":\"ORDER_CANCEL\",\"replacedByOrderID\":{}}").replacedByOrderId());
        assertNull(fromBytes("{\"type\":\"ORDER_CANCEL\",\"replacedByOrderID\":null}").replacedByOrderId());
    }

    @Test
    void aLineCutShortOrNotJsonFails() {
        assertThrows(IOException.class, () -> fromBytes("\"ORDER_FILL"));
        assertThrows(IOException.class, () -> fromBytes("{\"type\": \"ORDER_FILL\", \"reason\": \"MARKET_ORD"));
        assertThrows(IOException.class, () -> fromBytes("{\"type\": \"ORDER_FILL\", \"id\": "));
        assertThrows(IOException.class, () -> fromBytes("{\"type\": \"ORDER_FILL\", \"tradeOpened\": {\"units\": \"1\""));
        assertThrows(IOException.class, () -> fromBytes("{\"type\": ORDER_FILL}"));
    }

    @Test
    void anIdIsANumberOrMinusOne() {
        assertEquals(6410, TransactionFields.number("6410"));
        assertEquals(6410, TransactionFields.number(" 6410 "));
        assertEquals(6410, TransactionFields.number("6410.0"));
        assertEquals(-1, TransactionFields.number(null));
        assertEquals(-1, TransactionFields.number("64x"));
        assertEquals(-1, TransactionFields.number(""));
    }
}

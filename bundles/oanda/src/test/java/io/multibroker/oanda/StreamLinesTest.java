package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.PriceTick;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamLinesTest {

    private static final String PRICE = "{\"type\":\"PRICE\",\"time\":\"2026-11-24T12:00:00.123456789Z\",\"bids\":[{\"price\":\"1.08493\","
            + "\"liquidity\":10000000},{\"price\":\"1.08490\",\"liquidity\":50000000}],\"asks\":[{\"price\":\"1.08507\",\"liquidity\":10000000}],"
            + "\"closeoutBid\":\"1.08493\",\"closeoutAsk\":\"1.08507\",\"status\":\"tradeable\",\"tradeable\":true,\"instrument\":\"EUR_USD\"}";
    private static final String HEARTBEAT = "{\"type\":\"HEARTBEAT\",\"time\":\"2026-11-24T12:00:05.000000000Z\"}";

    private static final class Lines implements StreamLines.Sink {
        final List<String> lines = new ArrayList<>();
        int oversized;

        @Override
        public void line(byte[] bytes, int offset, int length) {
            lines.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void oversized(int length) {
            oversized++;
        }
    }

    @Test
    void linesComeOutWholeWhereverTheChunksAreCut() {
        String stream = PRICE + "\n" + HEARTBEAT + "\r\n" + PRICE.replace("EUR_USD", "EUR_GBP \u00e9") + "\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            StreamLines splitter = new StreamLines();
            Lines sink = new Lines();
            int at = 0;
            while (at < bytes.length) {
                int size = 1 + random.nextInt(Math.min(64, bytes.length - at));
                splitter.feed(ByteBuffer.wrap(bytes, at, size), sink);
                at += size;
            }
            assertEquals(List.of(PRICE, HEARTBEAT, PRICE.replace("EUR_USD", "EUR_GBP \u00e9")), sink.lines);
            assertEquals(0, splitter.pendingBytes());
        }
    }

    @Test
    void theFirstNewlineIsFoundWhereverItIsAmongBytesThatLookAlike() {
        // bytes one bit from '\n' (0x0A), with the high bit set (UTF-8), and zero: none is taken for a newline
        byte[] lookAlikes = {0x0B, 0x09, 0x08, 0x0E, 0x1A, 0x2A, (byte) 0x8A, (byte) 0xFF, 0x00, 0x7F, (byte) 0x80};
        for (int length = 0; length <= 40; length++) {
            for (int from = 0; from <= length; from++) {
                for (int newline = -1; newline < length; newline++) {
                    byte[] bytes = new byte[length];
                    for (int i = 0; i < length; i++) {
                        bytes[i] = lookAlikes[(i + length) % lookAlikes.length];
                    }
                    if (newline >= 0) {
                        bytes[newline] = '\n';
                        // a second newline further on: the first one after from is the one found
                        if (newline + 3 < length) {
                            bytes[newline + 3] = '\n';
                        }
                    }
                    int expected = newline >= from ? newline : newline >= 0 && newline + 3 >= from && newline + 3 < length ? newline + 3 : length;
                    assertEquals(expected, StreamLines.nextNewline(bytes, from, length), "length " + length + ", from " + from + ", newline at "
                            + newline);
                }
            }
        }
    }

    @Test
    void anEndlessLineIsDroppedNotHeld() {
        StreamLines splitter = new StreamLines();
        Lines sink = new Lines();
        byte[] junk = new byte[8192];
        Arrays.fill(junk, (byte) 'x');
        for (int i = 0; i < 20; i++) {
            splitter.feed(ByteBuffer.wrap(junk), sink);
        }
        assertTrue(splitter.pendingBytes() <= StreamLines.MAX_LINE);
        splitter.feed(ByteBuffer.wrap(("\n" + HEARTBEAT + "\n").getBytes(StandardCharsets.UTF_8)), sink);
        assertEquals(1, sink.oversized);
        assertEquals(List.of(HEARTBEAT), sink.lines, "the stream goes on after the oversized line");
    }

    @Test
    void aPriceIsReadFromItsDecimalStrings() throws Exception {
        byte[] line = PRICE.getBytes(StandardCharsets.UTF_8);
        PriceMessages.Message message = PriceMessages.parse(line, 0, line.length);
        PriceTick tick = assertInstanceOf(PriceMessages.Price.class, message).tick();
        assertEquals("EUR_USD", tick.instrument());
        assertEquals(new BigDecimal("1.08493"), tick.bid());
        assertEquals(new BigDecimal("1.08507"), tick.ask());
        assertEquals(Instant.parse("2026-11-24T12:00:00.123456789Z"), tick.time(), "nanoseconds kept");
        assertTrue(tick.tradeable());
        byte[] beat = HEARTBEAT.getBytes(StandardCharsets.UTF_8);
        assertInstanceOf(PriceMessages.Heartbeat.class, PriceMessages.parse(beat, 0, beat.length));
    }

    @Test
    void aBrokenLineIsMalformedNotACrash() {
        for (String broken : List.of("{\"type\":\"PRICE\",\"instrument\":\"EUR_USD\"", "<html>", "{\"type\":\"PRICE\",\"time\":\"x\"}",
                "{\"type\":\"PRICE\",\"instrument\":\"EUR_USD\",\"time\":\"2026-11-24T12:00:00Z\",\"bids\":[{\"price\":\"abc\"}],"
                        + "\"asks\":[{\"price\":\"1.1\"}]}", "{\"type\":\"SOMETHING_NEW\",\"time\":\"2026-11-24T12:00:00Z\"}")) {
            byte[] bytes = broken.getBytes(StandardCharsets.UTF_8);
            assertThrows(PriceMessages.Malformed.class, () -> PriceMessages.parse(bytes, 0, bytes.length), broken);
        }
    }

    @Test
    void theFastTimeReaderAgreesWithInstantParse() {
        for (String time : List.of("2026-11-24T12:00:00.123456789Z", "2026-11-24T12:00:00Z", "2026-11-24T23:59:59.5Z", "2024-02-29T00:00:00.000001Z",
                "1970-01-01T00:00:00.000000000Z")) {
            assertEquals(Instant.parse(time), PriceMessages.rfc3339Utc(time), time);
        }
        for (String odd : List.of("2026-11-24T12:00:00+01:00", "2026-02-30T12:00:00Z", "2026-11-24 12:00:00Z", "2026-11-24T12:00:00.Z",
                "2026-11-24T12:00:00.1234567891Z", "1476897200.236527425")) {
            assertEquals(null, PriceMessages.rfc3339Utc(odd), odd);
        }
    }

    /** The fast scanner and Jackson read the same lines the same way; what the scanner does not expect, it leaves to Jackson. */
    @Test
    void theScannerAndJacksonAgree() throws Exception {
        List<String> lines = List.of(PRICE, HEARTBEAT,
                "{ \"instrument\" : \"USD_JPY\", \"type\":\"PRICE\", \"tradeable\":false, \"asks\":[{\"liquidity\":1,\"price\":\"151.207\"}],"
                        + " \"bids\":[{\"price\":\"151.200\"},{\"price\":\"151.100\"}], \"time\":\"2026-11-24T12:00:00.5Z\","
                        + " \"quoteHomeConversionFactors\":{\"positiveUnits\":\"1.0\",\"negativeUnits\":\"1.0\"}, \"extra\":[1,2,{\"a\":null}]}");
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            PriceMessages.Message fast = PriceLineScanner.scan(bytes, 0, bytes.length);
            assertEquals(PriceMessages.parseWithJackson(bytes, 0, bytes.length), fast, line);
        }
        for (String unexpected : List.of("{\"type\":\"PRICE\",\"instrument\":\"EUR\\u005FUSD\",\"time\":\"2026-11-24T12:00:00Z\","
                + "\"bids\":[{\"price\":\"1.1\"}],\"asks\":[{\"price\":\"1.2\"}]}", "{\"type\":\"SOMETHING_NEW\",\"time\":\"2026-11-24T12:00:00Z\"}",
                "{\"type\":\"PRICE\"} trailing")) {
            byte[] bytes = unexpected.getBytes(StandardCharsets.UTF_8);
            assertEquals(null, PriceLineScanner.scan(bytes, 0, bytes.length), unexpected);
        }
        byte[] escaped = ("{\"type\":\"PRICE\",\"instrument\":\"EUR\\u005FUSD\",\"time\":\"2026-11-24T12:00:00Z\","
                + "\"bids\":[{\"price\":\"1.1\"}],\"asks\":[{\"price\":\"1.2\"}]}").getBytes(StandardCharsets.UTF_8);
        assertEquals("EUR_USD", assertInstanceOf(PriceMessages.Price.class, PriceMessages.parse(escaped, 0, escaped.length)).tick().instrument(),
                "an escaped line goes to Jackson and is read right");
    }

    /** A price read from its digits is the BigDecimal its text makes, scale included; other shapes go the slow way or to Jackson. */
    @Test
    void decimalsReadFromTheirDigitsEqualTheirText() throws Exception {
        for (String price : List.of("1.08493", "151.207", "0.5", ".5", "1.", "007.10", "123456789012345678", "1234567890.1234567890",
                "0.000000000000000001", "1e3", "-1.5", "1.0825000")) {
            PriceTick tick = scannedTick("2026-11-24T12:00:00Z", price);
            assertEquals(new BigDecimal(price), tick.bid(), price);
            assertEquals(new BigDecimal(price).scale(), tick.bid().scale(), price);
        }
        for (String notANumber : List.of("abc", "1.2.3", "", ".")) {
            byte[] bytes = priceLine("2026-11-24T12:00:00Z", notANumber).getBytes(StandardCharsets.UTF_8);
            assertEquals(null, PriceLineScanner.scan(bytes, 0, bytes.length), notANumber);
        }
    }

    /** The scanner keeps the last date's day number: ticks across midnight and back still get their own date. */
    @Test
    void ticksOnDifferentDaysKeepTheirDates() throws Exception {
        for (String time : List.of("2026-11-24T23:59:59.999Z", "2026-11-25T00:00:00Z", "2026-11-24T12:00:00Z", "2024-02-29T00:00:00Z",
                "2026-11-24T00:00:01Z")) {
            assertEquals(Instant.parse(time), scannedTick(time, "1.1").time(), time);
        }
    }

    private static String priceLine(String time, String bid) {
        return "{\"type\":\"PRICE\",\"instrument\":\"EUR_USD\",\"time\":\"" + time + "\",\"bids\":[{\"price\":\"" + bid
                + "\"}],\"asks\":[{\"price\":\"1.2\"}]}";
    }

    private static PriceTick scannedTick(String time, String bid) throws Exception {
        byte[] bytes = priceLine(time, bid).getBytes(StandardCharsets.UTF_8);
        PriceMessages.Message scanned = PriceLineScanner.scan(bytes, 0, bytes.length);
        assertEquals(PriceMessages.parseWithJackson(bytes, 0, bytes.length), scanned, "Jackson reads it the same");
        return assertInstanceOf(PriceMessages.Price.class, scanned).tick();
    }
}

package io.multibroker.oanda;

import io.multibroker.api.model.PriceTick;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Reads the lines the v20 price stream actually sends straight from their bytes: one flat JSON object whose
 * {@code bids} and {@code asks} are arrays of flat objects, strings without escapes. It is the fast path of
 * {@link PriceMessages}, written by hand because Jackson, even through its streaming parser, kept a tick at
 * 1.3 KB of garbage and under a million ticks a second on one core (see BENCHMARKS.md). It returns null for
 * anything it does not expect, and {@link PriceMessages} then reads the line with Jackson, which decides what
 * is malformed; so this class never has to judge a line.
 *
 * <p>Why it stays one class of about 380 lines: it is a single hand-optimised pass over one line's bytes (a cursor
 * and the helpers that move it), measured as one piece in BENCHMARKS.md; cutting it into parts would add calls or
 * objects on the path it exists to keep free of them, and the parts would share the cursor anyway.
 */
final class PriceLineScanner {

    private static final byte[] TYPE = bytes("type");
    private static final byte[] INSTRUMENT = bytes("instrument");
    private static final byte[] TIME = bytes("time");
    private static final byte[] TRADEABLE = bytes("tradeable");
    private static final byte[] BIDS = bytes("bids");
    private static final byte[] ASKS = bytes("asks");
    private static final byte[] PRICE = bytes("price");
    private static final byte[] PRICE_TYPE = bytes("PRICE");
    private static final byte[] HEARTBEAT_TYPE = bytes("HEARTBEAT");

    private final byte[] line;
    private final int end;
    private int at;
    // where the last string value read began and ended (exclusive), in line
    private int stringStart;
    private int stringEnd;

    private PriceLineScanner(byte[] line, int offset, int length) {
        this.line = line;
        this.at = offset;
        this.end = offset + length;
    }

    /** The message, or null when the line is not of the expected shape (the general parser then decides). */
    static PriceMessages.Message scan(byte[] line, int offset, int length) {
        return new PriceLineScanner(line, offset, length).message();
    }

    private PriceMessages.Message message() {
        boolean price = false;
        boolean heartbeat = false;
        String instrument = null;
        Instant time = null;
        BigDecimal bid = null;
        BigDecimal ask = null;
        boolean tradeable = true;
        if (!expect('{')) {
            return null;
        }
        skipSpace();
        if (peek() == '}') {
            return null;
        }
        while (true) {
            if (!readString()) {
                return null;
            }
            int keyStart = stringStart;
            int keyLength = stringEnd - stringStart;
            if (!expect(':')) {
                return null;
            }
            skipSpace();
            if (is(keyStart, keyLength, TYPE)) {
                if (!readString()) {
                    return null;
                }
                price = is(stringStart, stringEnd - stringStart, PRICE_TYPE);
                heartbeat = is(stringStart, stringEnd - stringStart, HEARTBEAT_TYPE);
            } else if (is(keyStart, keyLength, INSTRUMENT)) {
                if (!readString()) {
                    return null;
                }
                instrument = instrumentName();
            } else if (is(keyStart, keyLength, TIME)) {
                if (!readString()) {
                    return null;
                }
                time = rfc3339Utc(line, stringStart, stringEnd);
                if (time == null) {
                    return null;
                }
            } else if (is(keyStart, keyLength, TRADEABLE)) {
                if (matches("true")) {
                    tradeable = true;
                } else if (matches("false")) {
                    tradeable = false;
                } else {
                    return null;
                }
            } else if (is(keyStart, keyLength, BIDS) || is(keyStart, keyLength, ASKS)) {
                boolean bids = is(keyStart, keyLength, BIDS);
                BigDecimal best = bestPrice();
                if (best == null) {
                    return null;
                }
                if (bids) {
                    bid = best;
                } else {
                    ask = best;
                }
            } else if (!skipValue(0)) {
                return null;
            }
            skipSpace();
            byte next = take();
            if (next == '}') {
                break;
            }
            if (next != ',') {
                return null;
            }
            skipSpace();
        }
        skipSpace();
        if (at != end || time == null) {
            return null;
        }
        Instant instant = time;
        if (heartbeat) {
            return new PriceMessages.Heartbeat(instant);
        }
        if (!price || instrument == null || bid == null || ask == null) {
            return null;
        }
        return new PriceMessages.Price(new PriceTick(instrument, instant, bid, ask, tradeable));
    }

    /** The price of the first level of a bids or asks array; the other levels are skipped. */
    private BigDecimal bestPrice() {
        if (!expect('[')) {
            return null;
        }
        skipSpace();
        BigDecimal best = null;
        boolean first = true;
        while (peek() == '{') {
            at++;
            skipSpace();
            while (peek() != '}') {
                if (!readString()) {
                    return null;
                }
                boolean isPrice = is(stringStart, stringEnd - stringStart, PRICE);
                if (!expect(':')) {
                    return null;
                }
                skipSpace();
                if (isPrice && first) {
                    if (!readString()) {
                        return null;
                    }
                    best = decimal();
                    if (best == null) {
                        return null;
                    }
                } else if (!skipValue(1)) {
                    return null;
                }
                skipSpace();
                if (peek() == ',') {
                    at++;
                    skipSpace();
                }
            }
            at++;
            first = false;
            skipSpace();
            if (peek() == ',') {
                at++;
                skipSpace();
            }
        }
        return expect(']') ? best : null;
    }

    /**
     * The string just read as a decimal, built from its digits: a plain decimal of up to 18 digits (every price v20 sends)
     * becomes its unscaled value and scale with no String in between, which made the price lines' BigDecimals half a
     * tick's cost. Anything else (a sign, an exponent, more digits) goes through BigDecimal's own parser; null when that
     * refuses it too (the general parser then decides).
     */
    private BigDecimal decimal() {
        long unscaled = 0;
        int scale = -1;
        int digits = 0;
        for (int i = stringStart; i < stringEnd; i++) {
            byte b = line[i];
            if (b >= '0' && b <= '9') {
                unscaled = unscaled * 10 + (b - '0');
                digits++;
                if (scale >= 0) {
                    scale++;
                }
            } else if (b == '.' && scale < 0) {
                scale = 0;
            } else {
                return parsedDecimal();
            }
        }
        if (digits == 0 || digits > 18 || scale == 0) {
            return parsedDecimal();
        }
        return BigDecimal.valueOf(unscaled, Math.max(scale, 0));
    }

    private BigDecimal parsedDecimal() {
        try {
            return new BigDecimal(text());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Skips a number, literal or string (nested values only to a small depth); false when it is not simple. */
    private boolean skipValue(int depth) {
        byte first = peek();
        if (first == '"') {
            return readString();
        }
        if (first == '[' || first == '{') {
            if (depth > 2) {
                return false;
            }
            byte close = first == '[' ? (byte) ']' : (byte) '}';
            at++;
            skipSpace();
            while (peek() != close) {
                if (first == '{') {
                    if (!readString() || !expect(':')) {
                        return false;
                    }
                    skipSpace();
                }
                if (!skipValue(depth + 1)) {
                    return false;
                }
                skipSpace();
                if (peek() == ',') {
                    at++;
                    skipSpace();
                } else if (peek() != close) {
                    return false;
                }
            }
            at++;
            return true;
        }
        int start = at;
        while (at < end && ((line[at] >= '0' && line[at] <= '9') || line[at] == '-' || line[at] == '.' || line[at] == 'e'
                || line[at] == 'E' || line[at] == '+' || (line[at] >= 'a' && line[at] <= 'z'))) {
            at++;
        }
        return at > start;
    }

    /** Reads a string without escapes; its bounds are left in stringStart and stringEnd. */
    private boolean readString() {
        skipSpace();
        if (at >= end || line[at] != '"') {
            return false;
        }
        int start = ++at;
        while (at < end) {
            byte b = line[at];
            if (b == '"') {
                stringStart = start;
                stringEnd = at++;
                return true;
            }
            if (b == '\\' || b < 0x20) {
                return false;
            }
            at++;
        }
        return false;
    }

    /** The instruments seen lately, so that a tick's name costs no new String: a stream carries a handful. */
    private static final String[] NAMES = new String[64];

    private String instrumentName() {
        int length = stringEnd - stringStart;
        int slot = (length * 31 + line[stringStart] * 7 + line[stringEnd - 1]) & (NAMES.length - 1);
        String known = NAMES[slot];
        if (known != null && known.length() == length) {
            boolean same = true;
            for (int i = 0; i < length && same; i++) {
                same = known.charAt(i) == line[stringStart + i];
            }
            if (same) {
                return known;
            }
        }
        String name = text();
        NAMES[slot] = name;
        return name;
    }

    /** {@link PriceMessages#rfc3339Utc} on bytes: the time without a String in between. */
    private static Instant rfc3339Utc(byte[] b, int from, int to) {
        int length = to - from;
        if (length < 20 || b[to - 1] != 'Z' || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T'
                || b[from + 13] != ':' || b[from + 16] != ':') {
            return null;
        }
        int year = digits(b, from, from + 4);
        int month = digits(b, from + 5, from + 7);
        int day = digits(b, from + 8, from + 10);
        int hour = digits(b, from + 11, from + 13);
        int minute = digits(b, from + 14, from + 16);
        int second = digits(b, from + 17, from + 19);
        int nanos = 0;
        if (length > 20) {
            int decimals = length - 21;
            if (b[from + 19] != '.' || decimals < 1 || decimals > 9) {
                return null;
            }
            nanos = digits(b, from + 20, to - 1);
            if (nanos < 0) {
                return null;
            }
            for (int i = decimals; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && !validDay(year, month, day) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** A date and its day since 1970-01-01. */
    private record Day(int year, int month, int day, long epochDay) {
    }

    /** The date last read: the ticks of a day all carry it, so the calendar's arithmetic runs about once a day. */
    private static volatile Day lastDay = new Day(1970, 1, 1, 0);

    private static long epochDay(int year, int month, int day) {
        Day last = lastDay;
        if (last.year() == year && last.month() == month && last.day() == day) {
            return last.epochDay();
        }
        Day read = new Day(year, month, day, LocalDate.of(year, month, day).toEpochDay());
        lastDay = read;
        return read.epochDay();
    }

    private static boolean validDay(int year, int month, int day) {
        return day <= YearMonth.of(year, month).lengthOfMonth();
    }

    private static int digits(byte[] b, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }

    private String text() {
        // v20 names and numbers are ASCII; anything else went to the general parser via the escape check above
        return new String(line, stringStart, stringEnd - stringStart, StandardCharsets.ISO_8859_1);
    }

    private boolean matches(String literal) {
        if (at + literal.length() > end) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            if (line[at + i] != literal.charAt(i)) {
                return false;
            }
        }
        at += literal.length();
        return true;
    }

    private boolean is(int start, int length, byte[] expected) {
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (line[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean expect(char c) {
        skipSpace();
        if (at < end && line[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private byte peek() {
        return at < end ? line[at] : 0;
    }

    private byte take() {
        return at < end ? line[at++] : 0;
    }

    private void skipSpace() {
        // JSON's four spaces are all at or below ' ': one comparison settles the usual case, a line without spaces
        while (at < end && line[at] <= ' ' && (line[at] == ' ' || line[at] == '\t' || line[at] == '\r' || line[at] == '\n')) {
            at++;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

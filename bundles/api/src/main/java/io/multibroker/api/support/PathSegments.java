package io.multibroker.api.support;

import java.nio.charset.StandardCharsets;

/**
 * One path segment escaped per RFC 3986: the unreserved characters and {@code @} as they are, every other byte of
 * the UTF-8 form as {@code %XX}. For adapters that put order ids, client order ids or symbols into REST paths.
 *
 * <p>Not {@code URLEncoder}: that is form encoding, where a space becomes {@code +}, which a path keeps as a
 * literal plus (so a client order id {@code "a b"} was looked up as {@code "a+b"}). Not the multi-argument
 * {@code URI} constructors either: they leave {@code /}, {@code +}, {@code ;} and {@code =} alone in a path, so
 * an id with a slash (Alpaca's {@code BTC/USD}) would become two segments. Escaping the sub-delimiters too is
 * never wrong: a server decodes {@code %2B} to the plus it stands for.
 *
 * @since support 1.1
 */
public final class PathSegments {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {
    }

    public static String escape(String segment) {
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        StringBuilder escaped = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (unreserved(c) || c == '@') {
                escaped.append((char) c);
            } else {
                escaped.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return escaped.toString();
    }

    /** RFC 3986 section 2.3: ALPHA / DIGIT / "-" / "." / "_" / "~". */
    private static boolean unreserved(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~';
    }
}

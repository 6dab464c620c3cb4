package io.multibroker.abtest;

/**
 * 64-bit FNV-1a over UTF-8 bytes: the same input gives the same bucket on every JVM, machine and
 * restart (unlike {@code String.hashCode}, which is allowed to change and clusters badly), and it
 * needs no library.
 */
final class StableHash {

    static final int BUCKETS = 10_000;
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private StableHash() {
    }

    static long fnv1a64(String text) {
        return fnv1a64(OFFSET_BASIS, text);
    }

    /** The bucket, 0 to 9,999, of a client order id under an experiment's salt. */
    static int bucket(String salt, String clientOrderId) {
        // a separator that cannot occur in either part keeps ("ab","c") and ("a","bc") apart; hashed piece by
        // piece, the same as hashing salt + '\u0000' + id, without building that string or its bytes
        long hash = fnv1a64(OFFSET_BASIS, salt);
        hash = (hash ^ 0) * PRIME;
        hash = fnv1a64(hash, clientOrderId);
        return (int) Long.remainderUnsigned(hash, BUCKETS);
    }

    /** FNV-1a continued from {@code hash} over the UTF-8 encoding of {@code text}, encoded on the fly. */
    private static long fnv1a64(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            int c = text.charAt(i);
            if (c < 0x80) {
                hash = (hash ^ c) * PRIME;
            } else if (c < 0x800) {
                hash = (hash ^ (0xc0 | c >> 6)) * PRIME;
                hash = (hash ^ (0x80 | c & 0x3f)) * PRIME;
            } else if (Character.isHighSurrogate((char) c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int code = Character.toCodePoint((char) c, text.charAt(++i));
                hash = (hash ^ (0xf0 | code >> 18)) * PRIME;
                hash = (hash ^ (0x80 | code >> 12 & 0x3f)) * PRIME;
                hash = (hash ^ (0x80 | code >> 6 & 0x3f)) * PRIME;
                hash = (hash ^ (0x80 | code & 0x3f)) * PRIME;
            } else if (Character.isSurrogate((char) c)) {
                // an unpaired surrogate: String.getBytes(UTF_8) writes '?'
                hash = (hash ^ '?') * PRIME;
            } else {
                hash = (hash ^ (0xe0 | c >> 12)) * PRIME;
                hash = (hash ^ (0x80 | c >> 6 & 0x3f)) * PRIME;
                hash = (hash ^ (0x80 | c & 0x3f)) * PRIME;
            }
        }
        return hash;
    }
}

package io.multibroker.abtest;

import java.nio.charset.StandardCharsets;

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
        long hash = OFFSET_BASIS;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        return hash;
    }

    /** The bucket, 0 to 9,999, of a client order id under an experiment's salt. */
    static int bucket(String salt, String clientOrderId) {
        // a separator that cannot occur in either part keeps ("ab","c") and ("a","bc") apart
        return (int) Long.remainderUnsigned(fnv1a64(salt + '\u0000' + clientOrderId), BUCKETS);
    }
}

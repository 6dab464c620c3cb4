package io.multibroker.oanda;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a chunked stream of bytes into newline-delimited lines. Chunk boundaries fall anywhere, also
 * inside a line or inside a multi-byte character: bytes are kept until their line's {@code \n} arrives. A
 * line longer than its bound ({@link #MAX_LINE} bytes unless given) is dropped whole (a broken stream must not grow memory without
 * bound) and reported.
 */
final class StreamLines {

    /** What a complete line is handed to. */
    interface Sink {
        void line(byte[] bytes, int offset, int length);

        void oversized(int length);
    }

    static final int MAX_LINE = 64 * 1024;

    private final int maxLine;
    private byte[] pending = new byte[1024];
    private int pendingLength;
    private boolean skipping;

    /** Lines of at most {@link #MAX_LINE} bytes: a price line is a few hundred. */
    StreamLines() {
        this(MAX_LINE);
    }

    StreamLines(int maxLine) {
        this.maxLine = maxLine;
    }

    void feed(ByteBuffer chunk, Sink sink) {
        byte[] bytes;
        int offset;
        int length = chunk.remaining();
        if (chunk.hasArray()) {
            bytes = chunk.array();
            offset = chunk.arrayOffset() + chunk.position();
        } else {
            bytes = new byte[length];
            chunk.duplicate().get(bytes);
            offset = 0;
        }
        int start = offset;
        int end = offset + length;
        for (int i = nextNewline(bytes, offset, end); i < end; i = nextNewline(bytes, i + 1, end)) {
            if (skipping) {
                skipping = false;
            } else if (pendingLength == 0) {
                emit(sink, bytes, start, i - start);
            } else {
                append(bytes, start, i - start, sink);
                if (!skipping) {
                    emit(sink, pending, 0, pendingLength);
                }
                skipping = false;
            }
            pendingLength = 0;
            start = i + 1;
        }
        if (start < end && !skipping) {
            append(bytes, start, end - start, sink);
        }
        chunk.position(chunk.limit());
    }

    /**
     * The index of the first {@code \n} in {@code bytes[from, end)}, or {@code end}. Eight bytes at a time (SWAR: a byte
     * equal to the newline becomes zero, and the lowest zero byte of a word is found with two arithmetic steps), which
     * made the splitting of the price stream a quarter of its parsing cost byte by byte. Java 17 has no vector API
     * outside the incubator, and no library offers this search on a byte array.
     */
    static int nextNewline(byte[] bytes, int from, int end) {
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long word = (long) WORDS.get(bytes, i) ^ NEWLINES;
            long zeros = (word - LOW_BITS) & ~word & HIGH_BITS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return end;
    }

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Bytes held for a line whose end has not arrived. */
    int pendingBytes() {
        return pendingLength;
    }

    /** Forgets a partial line: after a reconnect the next bytes start a new line. */
    void reset() {
        pendingLength = 0;
        skipping = false;
    }

    private static void emit(Sink sink, byte[] bytes, int offset, int length) {
        int trimmed = length > 0 && bytes[offset + length - 1] == '\r' ? length - 1 : length;
        if (trimmed > 0) {
            sink.line(bytes, offset, trimmed);
        }
    }

    private void append(byte[] bytes, int offset, int length, Sink sink) {
        if (pendingLength + length > maxLine) {
            sink.oversized(pendingLength + length);
            pendingLength = 0;
            skipping = true;
            return;
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }
}

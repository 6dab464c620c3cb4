package io.multibroker.oanda;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits a chunked stream of bytes into newline-delimited lines. Chunk boundaries fall anywhere, also
 * inside a line or inside a multi-byte character: bytes are kept until their line's {@code \n} arrives. A
 * line longer than {@link #MAX_LINE} bytes is dropped whole (a broken stream must not grow memory without
 * bound) and reported.
 */
final class StreamLines {

    /** What a complete line is handed to. */
    interface Sink {
        void line(byte[] bytes, int offset, int length);

        void oversized(int length);
    }

    static final int MAX_LINE = 64 * 1024;

    private byte[] pending = new byte[1024];
    private int pendingLength;
    private boolean skipping;

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
        for (int i = offset; i < end; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
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
        if (pendingLength + length > MAX_LINE) {
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

package io.multibroker.oanda.stub;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Faults a test scripts into the stand-in: each REST fault is queued with the requests it applies to and is
 * used up by the next such request; stream faults act on the price streams open now or next.
 */
public final class Faults {

    /** What happens to one REST request instead of (or after) its normal handling. */
    public enum Kind {
        /** 429 Too Many Requests, before anything is done. */
        RATE_LIMITED,
        /** 503 with a JSON error body, before anything is done. */
        SERVER_ERROR,
        /** The request is carried out, then the connection is closed without an answer: the ambiguous case. */
        DROP_AFTER_ACCEPT,
        /** The request is carried out and answered with a body that is not JSON. */
        MALFORMED,
        /** The request is carried out and answered with the first half of its JSON body. */
        TRUNCATED,
        /**
         * An order submission's connection is closed without an answer, and the order is carried out only after the
         * {@link #executionDelay(Duration) execution delay}: a slow execution, found only by a later lookup.
         */
        EXECUTED_LATER
    }

    /** Which requests a fault applies to. */
    public enum Target {
        ANY,
        /** A new order (POST /orders) or a replacing one (PUT /orders/{spec}). */
        ORDER_SUBMISSIONS,
        /** Every request that is not an order submission (cancels and position closes too). */
        READS,
        /** A position close (PUT /positions/{instrument}/close) only. */
        POSITION_CLOSES
    }

    record Fault(Kind kind, Target target) {
    }

    private final ConcurrentLinkedQueue<Fault> queued = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Duration> streamStall = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Duration> transactionStreamStall = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<String> transactionStreamJunk = new AtomicReference<>();
    private final AtomicBoolean transactionStreamCut = new AtomicBoolean();
    private final AtomicReference<Duration> executionDelay = new AtomicReference<>(Duration.ofSeconds(2));
    private final AtomicReference<Duration> streamHeadersHold = new AtomicReference<>(Duration.ZERO);
    private final AtomicBoolean splitLines = new AtomicBoolean();
    private final AtomicBoolean clientIdsOfPendingOnly = new AtomicBoolean();
    private volatile Runnable dropStreams = () -> { };

    /** The next {@code count} requests of the target get this fault. */
    public Faults next(int count, Kind kind, Target target) {
        for (int i = 0; i < count; i++) {
            queued.add(new Fault(kind, target));
        }
        return this;
    }

    /** Every REST answer waits this long first. */
    public Faults latency(Duration delay) {
        latency.set(delay);
        return this;
    }

    /** The open price streams (and the next ones) send nothing at all, not even heartbeats, for this long. */
    public Faults stallStreams(Duration duration) {
        streamStall.set(duration);
        return this;
    }

    /** How long an {@link Kind#EXECUTED_LATER} order waits before it is carried out (2 s unless set). */
    public Faults executionDelay(Duration delay) {
        executionDelay.set(delay);
        return this;
    }

    /** The next price stream request gets no answer, not even its headers, for this long. */
    public Faults holdStreamHeaders(Duration duration) {
        streamHeadersHold.set(duration);
        return this;
    }

    /** Closes every open price stream now. */
    public Faults dropStreams() {
        dropStreams.run();
        return this;
    }

    /** Writes each stream line in two chunks, cut in the middle of the line. */
    public Faults splitLinesAcrossChunks(boolean split) {
        splitLines.set(split);
        return this;
    }

    /**
     * Makes {@code GET /orders/@clientId} find only pending orders (whether OANDA resolves a client id once the
     * order filled is not documented): a reconciliation must then find the order among the transactions.
     */
    public Faults clientIdsOfPendingOrdersOnly(boolean pendingOnly) {
        clientIdsOfPendingOnly.set(pendingOnly);
        return this;
    }

    boolean clientIdsOfPendingOnly() {
        return clientIdsOfPendingOnly.get();
    }

    /** Clears every fault. */
    public void clear() {
        queued.clear();
        latency.set(Duration.ZERO);
        streamStall.set(Duration.ZERO);
        transactionStreamStall.set(Duration.ZERO);
        transactionStreamJunk.set(null);
        transactionStreamCut.set(false);
        executionDelay.set(Duration.ofSeconds(2));
        streamHeadersHold.set(Duration.ZERO);
        splitLines.set(false);
        clientIdsOfPendingOnly.set(false);
    }

    Fault take(boolean orderSubmission, boolean positionClose) {
        for (Fault fault : queued) {
            boolean applies = switch (fault.target()) {
                case ANY -> true;
                case ORDER_SUBMISSIONS -> orderSubmission;
                case READS -> !orderSubmission;
                case POSITION_CLOSES -> positionClose;
            };
            if (applies && queued.remove(fault)) {
                return fault;
            }
        }
        return null;
    }

    Duration latency() {
        return latency.get();
    }

    /** The transaction stream goes silent (no transactions, no heartbeats) for the duration, once; prices are not affected. */
    public Faults stallTransactionStream(Duration duration) {
        transactionStreamStall.set(duration);
        return this;
    }

    /** Writes the line (not JSON, or too long) on the transaction stream, once, just before the next transactions. */
    public Faults junkOnTransactionStream(String line) {
        transactionStreamJunk.set(line);
        return this;
    }

    /** Ends the transaction stream, once, halfway through the next transaction's line. */
    public Faults cutTransactionStreamMidLine() {
        transactionStreamCut.set(true);
        return this;
    }

    /** Whether to end the transaction stream halfway through a line now, once. */
    boolean takeTransactionStreamCut() {
        return transactionStreamCut.getAndSet(false);
    }

    /** The junk line to write now, once; null when none. */
    String takeTransactionStreamJunk() {
        return transactionStreamJunk.getAndSet(null);
    }

    /** The transaction stream's stall to serve now, once. */
    Duration takeTransactionStall() {
        return transactionStreamStall.getAndSet(Duration.ZERO);
    }

    /** The stall to serve now, once: the stream that takes it goes silent for that long. */
    Duration takeStall() {
        return streamStall.getAndSet(Duration.ZERO);
    }

    Duration executionDelay() {
        return executionDelay.get();
    }

    /** The hold to serve now, once: the stream request that takes it waits that long before its headers. */
    Duration takeStreamHeadersHold() {
        return streamHeadersHold.getAndSet(Duration.ZERO);
    }

    boolean splitLines() {
        return splitLines.get();
    }

    void onDropStreams(Runnable action) {
        this.dropStreams = action;
    }
}

package io.multibroker.alpaca.stub;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Faults a test scripts into the stand-in. REST faults are queued with the requests they apply to and used up by
 * the next such request; stream faults act on the WebSockets open now.
 */
public final class StubFaults {

    /** What happens to one REST request instead of (or after) its normal handling. */
    public enum Kind {
        /** 429 with Alpaca's body, before anything is done. */
        RATE_LIMITED,
        /** 500, before anything is done. */
        SERVER_ERROR,
        /** The request is carried out, then the connection is closed without an answer: the ambiguous case. */
        DROP_AFTER_ACCEPT,
        /** The request is carried out and answered 200 with a body that is not JSON. */
        MALFORMED,
        /** The request is carried out and answered after {@link #slowAnswer(Duration)}. */
        SLOW,
        /**
         * An order submission's connection is closed without an answer, and the order is carried out only after the
         * {@link #executionDelay(Duration) execution delay}: a slow execution, found only by a later lookup.
         */
        EXECUTED_LATER
    }

    /** Which requests a fault applies to. */
    public enum Target {
        ANY, ORDER_SUBMISSIONS, READS
    }

    record Fault(Kind kind, Target target) {
    }

    private final ConcurrentLinkedQueue<Fault> queued = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Duration> slow = new AtomicReference<>(Duration.ofSeconds(2));
    private final AtomicReference<Duration> executionDelay = new AtomicReference<>(Duration.ofSeconds(2));
    private volatile Runnable dropTradeStreams = () -> { };
    private volatile Runnable dropDataStreams = () -> { };
    private volatile LongConsumer stallDataStreams = millis -> { };
    private volatile LongConsumer stallTradeStreams = millis -> { };

    /** The next {@code count} requests of the target get this fault. */
    public StubFaults next(int count, Kind kind, Target target) {
        for (int i = 0; i < count; i++) {
            queued.add(new Fault(kind, target));
        }
        return this;
    }

    /** Every REST answer waits this long first. */
    public StubFaults latency(Duration delay) {
        latency.set(delay);
        return this;
    }

    /** How long a {@link Kind#SLOW} answer waits (2 s unless set). */
    public StubFaults slowAnswer(Duration delay) {
        slow.set(delay);
        return this;
    }

    /** How long an {@link Kind#EXECUTED_LATER} order waits before it is carried out (2 s unless set). */
    public StubFaults executionDelay(Duration delay) {
        executionDelay.set(delay);
        return this;
    }

    Duration executionDelay() {
        return executionDelay.get();
    }

    /** Closes every trade-updates WebSocket now, without a close frame. */
    public StubFaults dropTradeStreams() {
        dropTradeStreams.run();
        return this;
    }

    /** Closes every market-data WebSocket now, without a close frame. */
    public StubFaults dropDataStreams() {
        dropDataStreams.run();
        return this;
    }

    /** The market-data WebSockets open now send nothing and answer no ping for this long. */
    public StubFaults stallDataStreams(Duration duration) {
        stallDataStreams.accept(duration.toMillis());
        return this;
    }

    /** The trade-updates WebSockets open now send nothing and answer no ping for this long. */
    public StubFaults stallTradeStreams(Duration duration) {
        stallTradeStreams.accept(duration.toMillis());
        return this;
    }

    public void clear() {
        queued.clear();
        latency.set(Duration.ZERO);
        slow.set(Duration.ofSeconds(2));
    }

    Fault take(boolean orderSubmission) {
        for (Fault fault : queued) {
            boolean applies = fault.target() == Target.ANY || (fault.target() == Target.ORDER_SUBMISSIONS) == orderSubmission;
            if (applies && queued.remove(fault)) {
                return fault;
            }
        }
        return null;
    }

    Duration latency() {
        return latency.get();
    }

    Duration slow() {
        return slow.get();
    }

    void onStreams(Runnable dropTrade, Runnable dropData, LongConsumer stallData,
            LongConsumer stallTrade) {
        this.dropTradeStreams = dropTrade;
        this.dropDataStreams = dropData;
        this.stallDataStreams = stallData;
        this.stallTradeStreams = stallTrade;
    }
}

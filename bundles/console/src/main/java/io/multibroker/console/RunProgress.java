package io.multibroker.console;

import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.routing.RoutedOrderResult;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * What {@code abtest:run} has done so far: answers are counted as they arrive (on any thread), and the command's
 * thread prints a progress line at most once a second and a summary at the end, so that a long run is not silent.
 */
final class RunProgress {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final int total;
    private final long started;
    private long lastPrinted;
    private final LongAdder done = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder overrides = new LongAdder();
    private final LongAdder failed = new LongAdder();
    /** Answers by arm and status, and of those the overrides. */
    private record Line(String arm, String status) implements Comparable<Line> {
        @Override
        public int compareTo(Line other) {
            int byArm = arm.compareTo(other.arm);
            return byArm != 0 ? byArm : status.compareTo(other.status);
        }
    }

    private final Map<Line, LongAdder> answers = new ConcurrentHashMap<>();
    private final Map<Line, LongAdder> overridesByLine = new ConcurrentHashMap<>();

    RunProgress(PrintStream out, LongSupplier nanoTime, int total) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.total = total;
        this.started = nanoTime.getAsLong();
        this.lastPrinted = started;
    }

    /** An answer from the router. */
    void answered(RoutedOrderResult routed) {
        String arm = routed.accountId() == null ? "(none)" : routed.accountId();
        OrderStatus status = routed.result().status();
        Line line = new Line(arm, status.name());
        answers.computeIfAbsent(line, l -> new LongAdder()).increment();
        if (routed.override()) {
            overrides.increment();
            overridesByLine.computeIfAbsent(line, l -> new LongAdder()).increment();
        }
        if (status == OrderStatus.REJECTED || status == OrderStatus.UNKNOWN) {
            errors.increment();
        }
        done.increment();
    }

    /** A submission that ended in an exception instead of an answer. */
    void failed() {
        failed.increment();
        errors.increment();
        done.increment();
    }

    /** Prints a progress line when a second or more has passed since the last one. */
    void tick() {
        long now = nanoTime.getAsLong();
        if (now - lastPrinted < INTERVAL_NANOS) {
            return;
        }
        lastPrinted = now;
        long finished = done.sum();
        out.printf("  %d of %d orders, %s orders/s, %d errors so far%n", finished, total, Formats.perSecond(rate(finished, now)),
                errors.sum());
        out.flush();
    }

    void summary(String experiment) {
        long now = nanoTime.getAsLong();
        long finished = done.sum();
        out.printf("Routed %d orders through experiment %s in %.1f s (%s orders/s): %d overrides, %d errors%n", finished, experiment,
                (now - started) / 1e9, Formats.perSecond(rate(finished, now)), overrides.sum(), errors.sum());
        ShellTable table = new ShellTable();
        table.column("Arm");
        table.column("Status");
        table.column("Orders").alignRight();
        table.column("Of which overrides").alignRight();
        new TreeMap<>(answers).forEach((line, count) -> {
            LongAdder overridden = overridesByLine.get(line);
            table.addRow().addContent(line.arm(), line.status(), count.sum(), overridden == null ? 0 : overridden.sum());
        });
        table.print(out);
        if (failed.sum() > 0) {
            out.println("Failed before an answer: " + failed.sum());
        }
    }

    private double rate(long finished, long now) {
        double seconds = (now - started) / 1e9;
        return seconds <= 0 ? 0 : finished / seconds;
    }
}

package io.multibroker.registry;

import io.multibroker.api.capability.CapabilityChange;
import io.multibroker.api.support.Threads;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the history on a thread of its own: the caller (an adapter call on the order path, a health check) only offers a
 * record to a bounded queue. A full queue or a failing database drops records (counted and logged, and each error is in
 * the log anyway); it never slows or fails the call that recorded. A reader can wait for what was offered before it
 * ({@link #awaitOffered}): the capability event is published as the change is offered, and whoever reads the history on
 * that event must find the change there.
 */
final class HistoryWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryWriter.class);
    private static final int BATCH = 500;

    private final HistoryTables tables;
    private final BlockingQueue<Object> queue;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Threads.daemon("multibroker-history-writer"));
    private final AtomicLong dropped = new AtomicLong();
    /** Records taken into the queue, and records written or dropped after that: guarded by {@code this}. */
    private long offered;
    private long settled;
    /** The writer's thread has ended: nothing queued will be written, and nobody waits for it. Guarded by {@code this}. */
    private boolean stopped;
    private volatile boolean closing;

    HistoryWriter(HistoryTables tables, int capacity) {
        this.tables = tables;
        this.queue = new ArrayBlockingQueue<>(capacity);
        thread.execute(this::run);
    }

    void offer(Object record) {
        boolean queued;
        synchronized (this) {
            // counted in the same step as queued, so that a reader never waits for a record the writer has already settled
            queued = !stopped && queue.offer(record);
            if (queued) {
                offered++;
            }
        }
        if (!queued && dropped.getAndIncrement() % 1000 == 0) {
            LOG.warn("history write queue full ({} waiting): records are dropped, {} so far", queue.size(), dropped.get());
        }
    }

    /**
     * Waits until every record offered before this call is written or dropped, or the time is up (a database that
     * does not answer must not hold a reader for long: it then reads what is written). True when they are.
     */
    synchronized boolean awaitOffered(long timeoutMillis) throws InterruptedException {
        long target = offered;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (settled < target && !stopped) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Records dropped since the start, because the queue was full or the database refused a batch. */
    long dropped() {
        return dropped.get();
    }

    private void run() {
        List<Object> batch = new ArrayList<>(BATCH);
        try {
            while (!closing || !queue.isEmpty()) {
                Object first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                try {
                    write(batch);
                } finally {
                    settle(batch.size());
                    batch.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // however the thread ends (closed, interrupted, an Error out of a write), readers stop waiting for it
            stop();
        }
    }

    private synchronized void stop() {
        stopped = true;
        dropped.addAndGet(queue.size());
        notifyAll();
    }

    private void write(List<Object> batch) {
        List<CapabilityChange> changes = new ArrayList<>();
        List<RecordedError> errors = new ArrayList<>();
        for (Object record : batch) {
            if (record instanceof CapabilityChange change) {
                changes.add(change);
            } else {
                errors.add((RecordedError) record);
            }
        }
        try {
            tables.write(changes, errors);
        } catch (SQLException | RuntimeException e) {
            dropped.addAndGet(batch.size());
            LOG.warn("cannot write {} history record(s), dropped ({} so far): {}", batch.size(), dropped.get(), e.getMessage());
        }
    }

    private synchronized void settle(int records) {
        settled += records;
        notifyAll();
    }

    /** Writes what is queued (waiting a few seconds at most), then stops. */
    @Override
    public void close() {
        closing = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
                LOG.warn("history writer stopped with {} record(s) unwritten", queue.size());
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

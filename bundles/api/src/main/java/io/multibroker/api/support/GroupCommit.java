package io.multibroker.api.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One writer thread that commits whatever has queued since its last commit in one batch (group commit): under load a
 * commit carries many items, so the cost of a durable commit (a flush) is shared, and items are committed in the
 * order they were appended. Each item's stage completes once its batch is committed, or exceptionally with what kept
 * it out. A failed batch is written again item by item, so that one bad item fails alone. What the experiment outcome
 * store and the order journal share.
 *
 * @param <T> what is written
 */
public final class GroupCommit<T> {

    /** Writes and commits a batch in one transaction; throws when nothing of it is committed. */
    @FunctionalInterface
    public interface BatchWriter<T> {
        void write(List<T> batch) throws Exception;
    }

    private record Pending<T>(T item, CompletableFuture<Void> committed) {
    }

    private final BatchWriter<T> writer;
    private final int maxBatch;
    private final Consumer<Throwable> onUnexpected;
    private final Supplier<? extends Exception> whenClosed;
    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final Pending<T> end = new Pending<>(null, null);
    private final Object accepting = new Object();
    private final Thread thread;
    private boolean closed;

    /**
     * @param threadName the writer thread's name
     * @param maxBatch at most this many items in one commit, so that one transaction stays small
     * @param writer writes a batch
     * @param onUnexpected told of a failure that is not the writer's (an Error), after the batch's items are failed
     */
    public GroupCommit(String threadName, int maxBatch, BatchWriter<T> writer, Consumer<Throwable> onUnexpected) {
        this(threadName, maxBatch, writer, onUnexpected, () -> new IllegalStateException(threadName + " is closed"));
    }

    /** @param whenClosed what an item appended after {@link #close} fails with */
    public GroupCommit(String threadName, int maxBatch, BatchWriter<T> writer, Consumer<Throwable> onUnexpected,
            Supplier<? extends Exception> whenClosed) {
        this.whenClosed = whenClosed;
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.onUnexpected = onUnexpected;
        this.thread = new Thread(this::writeUntilClosed, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an item; the stage completes once it is committed. */
    public CompletableFuture<Void> append(T item) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        synchronized (accepting) {
            if (closed) {
                committed.completeExceptionally(whenClosed.get());
            } else {
                queue.add(new Pending<>(item, committed));
            }
        }
        return committed;
    }

    /** Stops taking items, commits the ones already queued and returns; false when that took longer than the timeout. */
    public boolean close(long timeoutMillis) throws InterruptedException {
        synchronized (accepting) {
            if (!closed) {
                closed = true;
                queue.add(end);
            }
        }
        thread.join(timeoutMillis);
        return !thread.isAlive();
    }

    /** Items queued and not yet written. */
    public int backlog() {
        return queue.size();
    }

    private void writeUntilClosed() {
        List<Pending<T>> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // only close() ends the writer (interrupting it could close a database's files): every item is owed an answer
                continue;
            }
            queue.drainTo(batch, maxBatch - 1);
            boolean last = batch.remove(end);
            if (!batch.isEmpty()) {
                write(batch);
            }
            if (last) {
                return;
            }
            batch.clear();
        }
    }

    private void write(List<Pending<T>> batch) {
        try {
            writer.write(batch.stream().map(Pending::item).toList());
            batch.forEach(pending -> pending.committed().complete(null));
        } catch (Exception batchFailure) {
            for (Pending<T> pending : batch) {
                try {
                    writer.write(List.of(pending.item()));
                    pending.committed().complete(null);
                } catch (Throwable e) {
                    pending.committed().completeExceptionally(e);
                }
            }
        } catch (Throwable e) {
            // an Error: every item still gets its answer, and the writer outlives the batch
            batch.forEach(pending -> pending.committed().completeExceptionally(e));
            onUnexpected.accept(e);
        }
    }
}

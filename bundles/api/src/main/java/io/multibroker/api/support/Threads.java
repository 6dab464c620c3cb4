package io.multibroker.api.support;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads a bundle owns, and the failures that come back from them. */
public final class Threads {

    private Threads() {
    }

    /** A factory of daemon threads with this name: a bundle's threads never keep the JVM from stopping. */
    public static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A factory of daemon threads named {@code prefix-1}, {@code prefix-2}, ... (a pool's threads). */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The failure behind the wrappers that futures put around it ({@link CompletionException}, {@link ExecutionException}). */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * The failure behind the wrappers that futures put around it and these wrappers of a library's own (a retry library's
     * exception around the last failure), in any order.
     *
     * @since support 1.4
     */
    @SafeVarargs
    public static Throwable unwrap(Throwable failure, Class<? extends Throwable>... wrappers) {
        Throwable current = unwrap(failure);
        while (current.getCause() != null && isAny(current, wrappers)) {
            current = unwrap(current.getCause());
        }
        return current;
    }

    private static boolean isAny(Throwable failure, Class<? extends Throwable>[] types) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }
}

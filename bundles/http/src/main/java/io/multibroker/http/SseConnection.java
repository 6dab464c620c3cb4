package io.multibroker.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.http.HttpServletResponse;

/**
 * One Server-Sent Events response, held open on the servlet's async support. Frames are written under a lock, one
 * writer at a time; a write that fails (the client went away) closes the connection and tells its owner.
 */
public final class SseConnection {

    private final AsyncContext async;
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    /** Whether the token that opened the stream is still in force: a revoked one ends it at the next write or heartbeat. */
    private final BooleanSupplier callerInForce;

    private SseConnection(AsyncContext async, OutputStream out, Runnable onClose, BooleanSupplier callerInForce) {
        this.async = async;
        this.out = out;
        this.onClose = onClose;
        this.callerInForce = callerInForce;
    }

    /** Starts the stream: status 200, {@code text/event-stream}, no caching, headers sent at once. */
    public static SseConnection open(ApiCall call, Runnable onClose) throws IOException {
        HttpServletResponse response = call.response();
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        // proxies such as nginx buffer responses unless told otherwise, which would hold events back
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = call.request().startAsync();
        async.setTimeout(0);
        SseConnection connection = new SseConnection(async, response.getOutputStream(), onClose, call::callerInForce);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                connection.close();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                connection.close();
            }

            @Override
            public void onError(AsyncEvent event) {
                connection.close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // nothing to do
            }
        });
        connection.write(": stream open\n\n");
        return connection;
    }

    /** One event: its id (for Last-Event-ID) and its data, a line of JSON. */
    public boolean event(String id, String json) {
        return write("id: " + id + "\ndata: " + json + "\n\n");
    }

    /** A comment line: keeps proxies from closing an idle stream and finds clients that went away. Skipped while busy. */
    public void heartbeat() {
        if (lock.tryLock()) {
            try {
                writeLocked(": keepalive\n\n");
            } finally {
                lock.unlock();
            }
        }
    }

    public boolean write(String frame) {
        lock.lock();
        try {
            return writeLocked(frame);
        } finally {
            lock.unlock();
        }
    }

    private boolean writeLocked(String frame) {
        if (closed.get()) {
            return false;
        }
        try {
            if (!callerInForce.getAsBoolean()) {
                out.write(": the API token was revoked\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                close();
                return false;
            }
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException | IllegalStateException e) {
            close();
            return false;
        }
    }

    public boolean closed() {
        return closed.get();
    }

    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                async.complete();
            } catch (IllegalStateException alreadyCompleted) {
                // the container completed it (the client went away)
            }
            onClose.run();
        }
    }
}

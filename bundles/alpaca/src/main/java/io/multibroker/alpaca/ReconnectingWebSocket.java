package io.multibroker.alpaca;

import dev.failsafe.AsyncExecution;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket that stays open: text and binary frames (Alpaca's paper trade stream sends binary) reassembled into
 * messages, a ping every third of the silence timeout, and a reconnect with exponential backoff and jitter when the
 * socket closes, fails, or stays silent (no frame at all, not even the pong) for the timeout (a Failsafe retry policy:
 * 200 ms doubling to 10 s, with a quarter of jitter). The backoff starts again from its first step only after a
 * connection that lasted longer than its cap, so a server that accepts and drops at once is not hammered. Both Alpaca streams use it; what they say on it is their {@link Protocol}'s.
 */
final class ReconnectingWebSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingWebSocket.class);
    static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    /** What a stream does on its socket. */
    interface Protocol {
        /** The socket is open: authenticate, subscribe. {@code reconnect} is true after an interruption. */
        void opened(ReconnectingWebSocket socket, boolean reconnect);

        /** One whole message. */
        void message(String text);
    }

    private final HttpClient http;
    private final Supplier<URI> uri;
    private final Duration silence;
    private final ScheduledExecutorService scheduler;
    private final Protocol protocol;
    private final String name;
    private final AtomicInteger connections = new AtomicInteger();
    private final RetryPolicy<Void> reconnects;
    private volatile WebSocket socket;
    /** The listener of each socket that opened and has not ended: told how its attempt ended. */
    private final Map<WebSocket, Listener> listeners = new ConcurrentHashMap<>();
    private volatile long lastFrame;
    private volatile long connectedAt;
    private volatile boolean closed;
    private volatile boolean everOpened;
    private ScheduledFuture<?> watchdog;
    private CompletableFuture<Void> outgoing = CompletableFuture.completedFuture(null);
    /** The series of connection attempts under the retry policy now. */
    private CompletableFuture<Void> attempts;

    ReconnectingWebSocket(HttpClient http, Supplier<URI> uri, Duration silence, ScheduledExecutorService scheduler, Protocol protocol,
            String name) {
        this.http = http;
        this.uri = uri;
        this.silence = silence;
        this.scheduler = scheduler;
        this.protocol = protocol;
        this.name = name;
        this.reconnects = RetryPolicy.<Void>builder().handle(Exception.class).withBackoff(FIRST_PAUSE, MAX_PAUSE).withJitter(0.25)
                .withMaxRetries(-1).abortIf((result, failure) -> closed).build();
    }

    synchronized void start() {
        if (watchdog != null || closed) {
            return;
        }
        long every = Math.max(100, silence.toMillis() / 3);
        watchdog = scheduler.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
        attempts(false);
    }

    /**
     * A series of connection attempts under the retry policy: the first at once, or, after a connection that lasted
     * longer than the backoff's cap, after its first step (that connection's end counts as the first failed attempt).
     */
    private synchronized void attempts(boolean afterLongConnection) {
        if (closed) {
            return;
        }
        try {
            attempts = Failsafe.with(reconnects).with(scheduler).runAsyncExecution(execution -> {
                if (afterLongConnection && execution.isFirstAttempt()) {
                    execution.recordException(new IllegalStateException("the connection ended after " + MAX_PAUSE.toMillis() + " ms"));
                    return;
                }
                connect(execution);
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Connections opened so far. */
    int connections() {
        return connections.get();
    }

    boolean open() {
        WebSocket current = socket;
        return current != null && !current.isOutputClosed() && !current.isInputClosed();
    }

    CompletableFuture<Void> send(String text) {
        WebSocket current = socket;
        if (current == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " is not connected"));
        }
        return enqueue(current, () -> current.sendText(text, true));
    }

    /** The JDK allows one outstanding send per socket: each send waits for the one before it. */
    private synchronized CompletableFuture<Void> enqueue(WebSocket current, Supplier<CompletableFuture<WebSocket>> send) {
        CompletableFuture<Void> next = outgoing.handle((x, failure) -> null).thenCompose(x -> send.get()).thenApply(ws -> null);
        outgoing = next;
        return next;
    }

    private void connect(AsyncExecution<Void> execution) {
        if (closed) {
            execution.complete();
            return;
        }
        Listener listener = new Listener(execution);
        http.newWebSocketBuilder().connectTimeout(silence).buildAsync(uri.get(), listener).whenComplete((ws, failure) -> {
            if (failure != null) {
                LOG.warn("{}: could not connect: {}", name, AlpacaClient.unwrap(failure).toString());
                listener.ended(failure);
            }
        });
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        /** The attempt this connection is; told once how it ended. */
        private final AsyncExecution<Void> execution;
        private final AtomicBoolean ended = new AtomicBoolean();

        Listener(AsyncExecution<Void> execution) {
            this.execution = execution;
        }

        /**
         * The connection ended (or never opened): the next attempt after the backoff, or, after a connection that lasted
         * longer than the backoff's cap, a new series from its first step.
         */
        void ended(Throwable why) {
            if (!ended.compareAndSet(false, true) || execution.isComplete() || execution.isCancelled()) {
                return;
            }
            if (closed) {
                execution.complete();
            } else if (lastedLong()) {
                execution.complete();
                attempts(true);
            } else {
                execution.recordException(why);
            }
        }

        private boolean lastedLong() {
            return connectedAt > 0 && opened && System.currentTimeMillis() - connectedAt > MAX_PAUSE.toMillis();
        }

        private volatile boolean opened;

        @Override
        public void onOpen(WebSocket webSocket) {
            opened = true;
            listeners.put(webSocket, this);
            socket = webSocket;
            lastFrame = System.currentTimeMillis();
            connectedAt = lastFrame;
            connections.incrementAndGet();
            boolean reconnect = everOpened;
            everOpened = true;
            webSocket.request(1);
            protocol.opened(ReconnectingWebSocket.this, reconnect);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastFrame = System.currentTimeMillis();
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                deliver(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            lastFrame = System.currentTimeMillis();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.write(bytes, 0, bytes.length);
            if (last) {
                String message = binary.toString(StandardCharsets.UTF_8);
                binary.reset();
                deliver(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            lastFrame = System.currentTimeMillis();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            LOG.info("{}: closed by the server ({} {})", name, statusCode, reason);
            lost(webSocket, "closed by the server (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            LOG.warn("{}: connection failed: {}", name, error.toString());
            lost(webSocket, error.toString());
        }
    }

    private void deliver(String message) {
        try {
            protocol.message(message);
        } catch (RuntimeException e) {
            LOG.warn("{}: a message could not be read and was skipped: {}", name, e.toString());
        }
    }

    private void lost(WebSocket which, String why) {
        if (socket == which) {
            socket = null;
        }
        Listener listener = listeners.remove(which);
        if (listener != null) {
            listener.ended(new IllegalStateException(why));
        }
    }

    /** Pings, and gives up a socket that has said nothing, not even a pong, for the silence timeout. */
    private void watch() {
        WebSocket current = socket;
        if (current == null || closed) {
            return;
        }
        if (System.currentTimeMillis() - lastFrame > silence.toMillis()) {
            LOG.warn("{}: silent for {} ms; reconnecting", name, System.currentTimeMillis() - lastFrame);
            current.abort();
            lost(current, "silent for " + silence.toMillis() + " ms");
            return;
        }
        enqueue(current, () -> current.sendPing(ByteBuffer.wrap(new byte[] {'m', 'b'})));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (attempts != null) {
            attempts.cancel(false);
        }
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
        WebSocket current = socket;
        socket = null;
        if (current != null) {
            current.abort();
        }
    }
}

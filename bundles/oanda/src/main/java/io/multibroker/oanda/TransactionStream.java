package io.multibroker.oanda;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.support.OrderEventFanout;
import io.multibroker.api.support.Threads;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's order events from OANDA's transaction stream, one connection per account on a thread of its own.
 *
 * <p>Nothing is missed or told twice across a reconnect: after the stream's headers arrive, the transactions since the
 * last one told are read from {@code transactions/sinceid} and told first, and the stream's lines are then told only
 * when their id is above the last one told. When neither a transaction nor a heartbeat arrives for the silence
 * timeout, the connection is closed and opened again, with a backoff (a Failsafe retry policy) that doubles over
 * failures in a row (up to 10 s) and starts again after a connection that delivered. When the gap cannot be filled (the REST read failed),
 * subscribers get a GAP marker and should look their orders up.
 */
final class TransactionStream {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // what one read of the connection takes at most; a transaction line is a few hundred bytes
    private static final int READ_BUFFER_BYTES = 8192;
    // a fill that closes many trades lists each of them: its line can exceed the price stream's bound by far
    private static final int MAX_TRANSACTION_LINE = 4 * 1024 * 1024;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final RestTransport http;
    private final String accountId;
    private final ScheduledExecutorService scheduler;
    private final OrderEventFanout fanout;
    private final TransactionEvents events;
    /** Reads {@code transactions/sinceid?id=…} over REST: the gap after a reconnect. */
    private final Function<Long, CompletableFuture<JsonNode>> since;
    /** Reads the account's last transaction id over REST: where the first connection starts. */
    private final Supplier<CompletableFuture<Long>> lastTransactionId;
    private volatile URI streamUrl;
    private volatile String token;
    private volatile Duration silenceTimeout;
    private volatile boolean open;
    private volatile long lastActivityNanos;
    /** What ends the connection now open (or opening), from any thread. */
    private volatile Closeable current;
    private Thread thread;
    private ScheduledFuture<?> watchdog;
    /** The id of the last transaction told (or known when the stream started); -1 before the first heartbeat or line. */
    private volatile long lastTold = -1;
    /** Completed once the first connection is open and knows where it starts: from then on nothing is missed. */
    private volatile CompletableFuture<Void> ready = new CompletableFuture<>();
    /**
     * Reconnects with a backoff that doubles over failures in a row (up to {@link #MAX_BACKOFF}); a thread
     * interrupted by {@link #close()} stops waiting at once.
     */
    private final RetryPolicy<Object> reconnects;

    TransactionStream(RestTransport http, URI streamBase, String oandaAccount, String token, String accountId, Duration silenceTimeout,
            ScheduledExecutorService scheduler, OrderEventFanout fanout, Function<Long, CompletableFuture<JsonNode>> since,
            Supplier<CompletableFuture<Long>> lastTransactionId) {
        this.reconnects = RetryPolicy.builder().handle(Exception.class).abortOn(InterruptedException.class)
                .abortIf((result, failure) -> !open).withBackoff(FIRST_BACKOFF, MAX_BACKOFF).withMaxRetries(-1)
                .onRetryScheduled(event -> {
                    // a connection that just ended is not worth a warning; a failure is
                    if (open && !(event.getLastException() instanceof StreamInterrupted)) {
                        LOG.warn("account {}: transaction stream interrupted ({}); reconnecting in {} ms", accountId,
                                event.getLastException().toString(), event.getDelay().toMillis());
                    }
                }).build();
        this.lastTransactionId = lastTransactionId;
        this.http = http;
        this.streamUrl = streamBase.resolve("/v3/accounts/" + oandaAccount + "/transactions/stream");
        this.token = token;
        this.accountId = accountId;
        this.silenceTimeout = silenceTimeout;
        this.scheduler = scheduler;
        this.fanout = fanout;
        this.events = new TransactionEvents(accountId);
        this.since = since;
    }

    /**
     * Opens the stream; the stage completes once it is open and knows the last transaction, so that an order placed
     * after it is told (or after the silence timeout, when the stream cannot open yet: it keeps trying).
     */
    synchronized CompletableFuture<Void> start() {
        if (open) {
            return ready;
        }
        open = true;
        if (lastTold >= 0) {
            ready = CompletableFuture.completedFuture(null);
        } else if (ready.isDone()) {
            ready = new CompletableFuture<>();
        }
        thread = Threads.daemon("oanda-" + accountId + "-transactions").newThread(this::run);
        thread.start();
        long period = Math.max(100, silenceTimeout.toMillis() / 4);
        watchdog = scheduler.scheduleWithFixedDelay(this::checkSilence, period, period, TimeUnit.MILLISECONDS);
        return ready.copy().completeOnTimeout(null, silenceTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void close() {
        open = false;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        closeCurrent();
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** A new host, account or token: the stream reconnects to it, and the gap is filled as after any reconnect. */
    void retarget(URI streamBase, String oandaAccount, String newToken, Duration newSilenceTimeout) {
        this.streamUrl = streamBase.resolve("/v3/accounts/" + oandaAccount + "/transactions/stream");
        this.token = newToken;
        this.silenceTimeout = newSilenceTimeout;
        closeCurrent();
    }

    private void closeCurrent() {
        Closeable connection = current;
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // closing is all that was wanted
            }
        }
    }

    private void checkSilence() {
        if (open && current != null && System.nanoTime() - lastActivityNanos > silenceTimeout.toNanos()) {
            LOG.warn("account {}: no transaction or heartbeat for {} ms: reconnecting the transaction stream", accountId,
                    silenceTimeout.toMillis());
            closeCurrent();
        }
    }

    /**
     * Connects and reads until the stream is closed: each series of attempts under the retry policy ends with a
     * connection that delivered; the next series then starts after the backoff's first step.
     */
    private void run() {
        boolean afterDelivery = false;
        while (open) {
            boolean waitFirst = afterDelivery;
            try {
                Failsafe.with(reconnects).run(execution -> {
                    if (waitFirst && execution.isFirstAttempt()) {
                        // the wait between attempts: a broker that refuses us is not hammered
                        throw new StreamInterrupted("the stream ended after delivering");
                    }
                    try {
                        if (!connectAndRead()) {
                            throw new StreamInterrupted("the stream ended without delivering");
                        }
                    } finally {
                        current = null;
                    }
                });
                afterDelivery = true;
            } catch (FailsafeException e) {
                // closed: interrupted while waiting or connecting, or its last failure rethrown once the policy aborted
                return;
            } catch (RuntimeException e) {
                // the policy retries every failure while the stream is open: it gives one back only once it is closed
                return;
            }
        }
    }

    /**
     * One connection: its gap filled, then its lines told until it ends; true when it delivered anything. The lines are
     * read by this thread from the connection itself (a blocking client): no other thread handles the bytes on their way.
     */
    private boolean connectAndRead() throws IOException {
        lastActivityNanos = System.nanoTime();
        return http.stream(streamUrl, token, silenceTimeout, connection -> current = connection, this::read);
    }

    private boolean read(int status, InputStream body) throws IOException {
        if (!open) {
            return false;
        }
        if (status != 200) {
            throw new IOException("OANDA answered " + status + ": " + V20Client.excerpt(new String(body.readAllBytes(), StandardCharsets.UTF_8)));
        }
        lastActivityNanos = System.nanoTime();
        boolean delivered;
        try {
            delivered = fillGap();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("closed while reading the transactions missed");
        }
        // not closed here: closing would read the endless stream to its end; the transport drops the connection
        StreamLines lines = new StreamLines(MAX_TRANSACTION_LINE);
        Messages messages = new Messages();
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        int read;
        while (open && (read = body.read(buffer)) != -1) {
            lastActivityNanos = System.nanoTime();
            try {
                lines.feed(ByteBuffer.wrap(buffer, 0, read), messages);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        if (open && lines.pendingBytes() > 0) {
            throw new IOException("the transaction stream ended in the middle of a line (" + lines.pendingBytes() + " bytes)");
        }
        return delivered | messages.delivered;
    }

    /**
     * The stream's lines, each read from its bytes in one pass of a parser into the fields its event needs (not decoded
     * into a string first, nor into a tree: see {@link TransactionFields}). A line that is not JSON (malformed UTF-8 in a
     * field read included, which a reader used to replace), or longer than {@value #MAX_TRANSACTION_LINE} bytes, ends the
     * connection as a failure: the stream is opened again and the transactions after the last one told are read over
     * REST, so none is lost.
     */
    private final class Messages implements StreamLines.Sink {

        private boolean delivered;

        @Override
        public void line(byte[] bytes, int offset, int length) {
            if (!open) {
                return;
            }
            TransactionFields message;
            try (JsonParser parser = JSON.createParser(bytes, offset, length)) {
                message = TransactionFields.read(parser);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (message == null) {
                // white space only, or JSON that is not an object: no transaction
                return;
            }
            if ("HEARTBEAT".equals(message.type())) {
                if (lastTold < 0) {
                    lastTold = TransactionFields.number(message.lastTransactionId());
                }
                return;
            }
            delivered |= tell(message);
        }

        @Override
        public void oversized(int length) {
            throw new UncheckedIOException(new IOException("a line of the transaction stream is longer than " + MAX_TRANSACTION_LINE
                    + " bytes (" + length + " so far)"));
        }
    }

    /**
     * After a reconnect, the transactions since the last one told; a GAP marker when they cannot be read. The first
     * connection starts from the account's last transaction, read once the stream is open (so that nothing falls
     * between the two).
     */
    private boolean fillGap() throws InterruptedException, IOException {
        try {
            if (lastTold < 0) {
                lastTold = lastTransactionId.get().get(silenceTimeout.toMillis(), TimeUnit.MILLISECONDS);
                ready.complete(null);
                return false;
            }
            JsonNode body = since.apply(lastTold).get(silenceTimeout.toMillis(), TimeUnit.MILLISECONDS);
            boolean delivered = false;
            for (JsonNode transaction : body.path("transactions")) {
                try (JsonParser parser = transaction.traverse(JSON)) {
                    TransactionFields fields = TransactionFields.read(parser);
                    delivered |= fields != null && tell(fields);
                }
            }
            return delivered;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("account {}: the transactions missed while the stream was down could not be read: {}", accountId, e.toString());
            fanout.publishGap("the transactions of " + accountId + " after " + lastTold + " could not be read ("
                    + ErrorCode.BROKER_UNAVAILABLE + "): look the orders up");
            return false;
        }
    }

    /**
     * Tells a transaction's event once: only a transaction after the last one told. A transaction whose event cannot be
     * made (its units or price not a number) is told as a GAP marker naming it, so that its order is looked up: reading
     * it again would fail again, and ending the connection over it would lose it without a word.
     */
    private boolean tell(TransactionFields transaction) {
        long id = TransactionFields.number(transaction.id());
        if (id < 0 || id <= lastTold) {
            return false;
        }
        lastTold = id;
        Optional<OrderEvent> event;
        try {
            event = events.of(transaction);
        } catch (RuntimeException malformed) {
            LOG.warn("account {}: transaction {} ({}) could not be read: {}", accountId, id, transaction.type(), malformed.toString());
            // a create transaction's id is its order's; the others name the order they act on
            String orderId = transaction.orderId() != null ? transaction.orderId() : transaction.id();
            String clientOrderId = transaction.clientOrderId() != null ? transaction.clientOrderId() : transaction.clientExtensionsId();
            fanout.publishGap("transaction " + id + " of " + accountId + " (" + transaction.type() + ", order " + orderId + ", client order id "
                    + clientOrderId + ") could not be read (" + ErrorCode.BROKER_PROTOCOL_ERROR + ": " + malformed.getMessage()
                    + "): look the order up");
            return true;
        }
        event.ifPresent(fanout::publish);
        return event.isPresent();
    }
}

package io.multibroker.oanda;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The v20 REST exchanges of one account: Apache HttpClient 5's classic (blocking) client, whose exchange runs wholly on
 * the calling thread over a pool of keep-alive connections.
 *
 * <p>Why not the JDK's {@code HttpClient}: its exchange crosses its selector thread and back for every request, and
 * against the stand-in it reached only 0.57–0.63 of OANDA's own Java client's orders a second with 2.8 times its CPU
 * per order (benchmarks/NOTES.md, {@code V20PeerComparison}); this client does the exchange where it is called, as
 * v20-java's HttpClient 4 does. {@code HttpURLConnection} was ruled out: it resends a POST on some connection failures.
 *
 * <p>Nothing is ever sent twice: automatic retries and redirects are off (a redirected POST would be a second order).
 * A pooled connection idle for more than a second is checked before it carries a request, so that a POST does not go
 * out on a connection the server already closed.
 */
final class RestTransport implements AutoCloseable {

    /** An answer: its status, its body and OANDA's request id (null when absent). */
    record Exchange(int status, byte[] body, String requestId) {
    }

    private static final ContentType JSON = ContentType.APPLICATION_JSON;

    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient client;
    private volatile RequestConfig requestConfig;

    /**
     * @param timeout how long connecting, waiting for a pooled connection, and each wait for the answer's bytes may take
     * @param maxConnections the connections kept to the server; a request beyond them waits up to {@code timeout} for one
     */
    RestTransport(Duration timeout, int maxConnections) {
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                // no lock over the whole pool, which 64 callers leasing at once queued on (V20PeerComparison at 64
                // callers: 0.78 of v20-java's rate with it, 1.10 without); the lax pool keeps the bound per route (host)
                // but none over all routes, which OANDA's limits (on requests and new connections, not open ones)
                // allow; HttpCore still marks it experimental
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .build();
        retime(timeout);
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                // OANDA's stream must arrive as it is written, not held in a decompressor's buffer
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    /** A new timeout (a new configuration): for the connections made and the requests sent from now on. */
    void retime(Duration timeout) {
        Timeout limit = Timeout.of(timeout.toMillis(), TimeUnit.MILLISECONDS);
        connections.setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit)
                .setValidateAfterInactivity(TimeValue.ofSeconds(1)).build());
        requestConfig = RequestConfig.custom().setConnectionRequestTimeout(limit).setResponseTimeout(limit).setRedirectsEnabled(false).build();
    }

    /** One request, sent once, answered on this thread; a failure is an {@link IOException} ({@link #neverLeft} tells which). */
    Exchange exchange(String method, URI uri, String token, byte[] body) throws IOException {
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        request.setConfig(requestConfig);
        request.setHeader("Authorization", "Bearer " + token);
        request.setHeader("Content-Type", "application/json");
        request.setHeader("Accept-Datetime-Format", "RFC3339");
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body, JSON));
        }
        return client.execute(request, response -> {
            Header requestId = response.getFirstHeader("RequestID");
            byte[] bytes = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
            return new Exchange(response.getCode(), bytes, requestId == null ? null : requestId.getValue());
        });
    }

    /** What reads a streaming answer, while its connection is open: its status and its body as it arrives. */
    @FunctionalInterface
    interface StreamReader<T> {
        T read(int status, InputStream body) throws IOException;
    }

    /**
     * A streaming GET (the transaction stream), read by {@code reader} on this thread until it returns. Before the request
     * goes out, {@code opened} is given what ends it from any thread at once (a silent stream, a new configuration, a
     * close): the connection is dropped, and the reader's next read fails. A wait of {@code silence} for the next bytes
     * fails the read too. When the reader returns before the stream's end, the rest is not read: the connection is dropped.
     */
    <T> T stream(URI uri, String token, Duration silence, Consumer<Closeable> opened, StreamReader<T> reader) throws IOException {
        HttpUriRequestBase request = new HttpUriRequestBase("GET", uri);
        request.setConfig(RequestConfig.copy(requestConfig).setResponseTimeout(Timeout.of(silence.toMillis(), TimeUnit.MILLISECONDS)).build());
        request.setHeader("Authorization", "Bearer " + token);
        request.setHeader("Accept-Datetime-Format", "RFC3339");
        opened.accept(request::cancel);
        AtomicReference<T> result = new AtomicReference<>();
        AtomicBoolean finished = new AtomicBoolean();
        try {
            return client.execute(request, response -> {
                HttpEntity entity = response.getEntity();
                T value;
                try {
                    value = reader.read(response.getCode(), entity == null ? InputStream.nullInputStream() : entity.getContent());
                } catch (IOException | RuntimeException e) {
                    // the client would otherwise read the endless rest of the stream to release the connection
                    request.cancel();
                    throw e;
                }
                result.set(value);
                finished.set(true);
                request.cancel();
                return value;
            });
        } catch (IOException e) {
            if (finished.get()) {
                // dropping the rest of the stream made the client's clean-up fail, after the reader was done
                return result.get();
            }
            throw e;
        }
    }

    /** Whether a failure happened before the request could leave: no connection was made, so the server saw nothing. */
    static boolean neverLeft(Throwable failure) {
        // refused, no such host, no connection within the timeout, or no free pooled connection within it
        return failure instanceof ConnectException || failure instanceof UnknownHostException || failure instanceof ConnectTimeoutException
                || failure instanceof ConnectionRequestTimeoutException;
    }

    /** Whether a failure was a wait beyond the timeout (connecting, for a pooled connection, or for the answer). */
    static boolean timedOut(Throwable failure) {
        return failure instanceof InterruptedIOException;
    }

    /** Closes the client: its idle-connection evictor thread, then its pool and the connections in it. */
    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}

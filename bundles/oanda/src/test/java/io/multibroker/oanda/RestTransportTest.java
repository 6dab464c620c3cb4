package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.oanda.RestTransport.Exchange;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The REST transport's promises about what goes out: an order's request is sent once, whatever happens to it. */
@Timeout(30)
class RestTransportTest {

    private static final byte[] ORDER = "{\"order\":{\"type\":\"MARKET\"}}".getBytes(StandardCharsets.UTF_8);

    private final RestTransport transport = new RestTransport(Duration.ofSeconds(5), 4);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private ServerSocket server;
    /** Each request the server read, as its request line, headers and body. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        transport.close();
        if (server != null) {
            server.close();
        }
        serverThreads.shutdownNow();
    }

    /** A loopback server that reads each request whole, then answers it with the bytes given (none: it hangs up). */
    private URI serve(Function<String, String> answer) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serverThreads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    serverThreads.execute(() -> answerAll(connection, answer));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v3/accounts/101/orders");
    }

    private void answerAll(Socket connection, Function<String, String> answer) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            while (true) {
                String request = readRequest(in);
                if (request == null) {
                    return;
                }
                received.add(request);
                String reply = answer.apply(request);
                if (reply == null) {
                    return;
                }
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException gone) {
            // the client hung up
        }
    }

    /** One request: the head up to its blank line, then as many body bytes as its Content-Length says; null at the end. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = text.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToInt(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElse(0);
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String answer(String status, String headers, String body) {
        return "HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void anOrderIsSentWithItsHeadersAndTheAnswerComesBackWhole() throws Exception {
        URI orders = serve(request -> answer("201 Created", "RequestID: 42\r\nContent-Type: application/json\r\n", "{\"ok\":true}"));
        Exchange exchange = transport.exchange("POST", orders, "secret", ORDER);
        assertEquals(201, exchange.status());
        assertEquals("{\"ok\":true}", new String(exchange.body(), StandardCharsets.UTF_8));
        assertEquals("42", exchange.requestId());
        String request = received.get(0);
        assertTrue(request.startsWith("POST /v3/accounts/101/orders HTTP/1.1"), request);
        assertTrue(request.contains("Authorization: Bearer secret") && request.contains("Accept-Datetime-Format: RFC3339"), request);
        assertTrue(request.endsWith("{\"order\":{\"type\":\"MARKET\"}}"), request);
    }

    @Test
    void anOrderWhoseConnectionDropsBeforeTheAnswerIsNotSentAgain() throws Exception {
        URI orders = serve(request -> null);
        IOException failure = assertThrows(IOException.class, () -> transport.exchange("POST", orders, "t", ORDER));
        // a retry would have happened inside exchange, before it failed
        assertEquals(1, received.size(), "requests the server read: " + received);
        assertFalse(RestTransport.neverLeft(failure), "the order may have arrived: " + failure);
    }

    @Test
    void aRedirectIsAnsweredNotFollowed() throws Exception {
        URI orders = serve(request -> answer("307 Temporary Redirect", "Location: /v3/accounts/101/elsewhere\r\n", ""));
        assertEquals(307, transport.exchange("POST", orders, "t", ORDER).status());
        assertEquals(1, received.size(), "requests the server read: " + received);
    }

    @Test
    void anAnswerWithoutABodyIsAnEmptyBody() throws Exception {
        URI orders = serve(request -> answer("204 No Content", "", ""));
        assertEquals(0, transport.exchange("PUT", orders, "t", null).body().length);
    }

    /** A stream that never ends: heartbeats as fast as the client takes them (TCP paces the writes), until it hangs up. */
    private URI serveEndlessStream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serverThreads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    serverThreads.execute(() -> streamUntilHungUp(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v3/accounts/101/transactions/stream");
    }

    private void streamUntilHungUp(Socket connection) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            received.add(readRequest(in));
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String line = "{\"type\":\"HEARTBEAT\"}\n";
            String chunk = Integer.toHexString(line.length()) + "\r\n" + line + "\r\n";
            byte[] bytes = chunk.getBytes(StandardCharsets.ISO_8859_1);
            while (!Thread.currentThread().isInterrupted()) {
                out.write(bytes);
            }
        } catch (IOException hungUp) {
            // the client dropped the stream, or the test ended
        }
    }

    @Test
    void aStreamReaderThatStopsEarlyLeavesTheRestUnread() throws Exception {
        URI stream = serveEndlessStream();
        int first = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> transport.stream(stream, "t", Duration.ofSeconds(30), connection -> { }, (status, body) -> body.read()));
        assertEquals('{', first);
    }

    @Test
    void aStreamReaderThatFailsDropsTheStreamInsteadOfReadingItToItsEnd() throws Exception {
        URI stream = serveEndlessStream();
        IOException failure = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(IOException.class,
                () -> transport.stream(stream, "t", Duration.ofSeconds(30), connection -> { }, (status, body) -> {
                    body.read();
                    throw new IOException("a line the reader refuses");
                })));
        assertEquals("a line the reader refuses", failure.getMessage());
    }

    @Test
    void aStreamIsEndedFromAnotherThreadAtOnce() throws Exception {
        URI stream = serveEndlessStream();
        AtomicReference<Closeable> connection = new AtomicReference<>();
        ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(IOException.class,
                    () -> transport.stream(stream, "t", Duration.ofSeconds(30), connection::set, (status, body) -> {
                        closer.schedule(() -> {
                            connection.get().close();
                            return null;
                        }, 100, TimeUnit.MILLISECONDS);
                        // reads until the connection is dropped under it
                        return body.readAllBytes().length;
                    })));
        } finally {
            closer.shutdownNow();
        }
    }

    @Test
    void aRefusedConnectionNeverLeft() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        IOException failure = assertThrows(IOException.class,
                () -> transport.exchange("POST", URI.create("http://127.0.0.1:" + closedPort + "/v3/accounts/101/orders"), "t", ORDER));
        assertTrue(RestTransport.neverLeft(failure), failure.toString());
    }

    @Test
    void aServerSilentBeyondTheTimeoutIsATimeout() throws Exception {
        try (RestTransport quick = new RestTransport(Duration.ofMillis(300), 1); SilentServer silent = new SilentServer()) {
            IOException failure = assertThrows(IOException.class, () -> quick.exchange("GET", silent.base().resolve("/v3/accounts/101"), "t", null));
            assertTrue(RestTransport.timedOut(failure), failure.toString());
            assertFalse(RestTransport.neverLeft(failure), failure.toString());
        }
    }
}

package io.multibroker.oanda;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that takes every connection and reads its request, but never answers, not even headers; it counts
 * the connections the client closed while waiting. For tests of a request whose answer never comes.
 */
final class SilentServer implements AutoCloseable {

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    SilentServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptAll);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** Connections taken so far. */
    int accepted() {
        return accepted.get();
    }

    /** Connections the client closed (its end of the stream came) while waiting for an answer. */
    int closedByClient() {
        return closedByClient.get();
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                accepted.incrementAndGet();
                open.add(connection);
                threads.execute(() -> readUntilClosed(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void readUntilClosed(Socket connection) {
        try (connection; InputStream in = connection.getInputStream()) {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // the request, then nothing: it is never answered
            }
            closedByClient.incrementAndGet();
        } catch (IOException reset) {
            // a reset is the client closing too, unless this server is closing
            if (!socket.isClosed()) {
                closedByClient.incrementAndGet();
            }
        } finally {
            open.remove(connection);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : open) {
            connection.close();
        }
        threads.shutdownNow();
    }
}

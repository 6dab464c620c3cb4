package io.multibroker.alpaca.stub;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * The server side of RFC 6455, as much as the stand-in needs: the opening handshake, text and binary frames of
 * any length (unfragmented on the way out, reassembled on the way in), ping answered by pong, close. The JDK has a
 * WebSocket client but no server, and a library server (Jetty, Java-WebSocket) would be the only dependency of
 * the stand-in besides Jackson.
 */
final class WebSocketServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What a path does with its connections. */
    interface Endpoint {
        void opened(Connection connection);

        void message(Connection connection, String text);

        default void closed(Connection connection) {
        }
    }

    /** One open WebSocket. Writes are serialised; {@link #stall} makes it deaf and mute for a while. */
    static final class Connection {
        final String path;
        final Map<String, String> headers;
        private final Socket socket;
        private final OutputStream out;
        private volatile long silentUntil;
        /** Whether data frames go out as binary frames (Alpaca's paper trade-updates stream does). */
        volatile boolean binary;
        final Map<String, Object> state = new ConcurrentHashMap<>();

        Connection(String path, Map<String, String> headers, Socket socket) throws IOException {
            this.path = path;
            this.headers = headers;
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void send(String text) {
            if (System.currentTimeMillis() < silentUntil) {
                return;
            }
            frame(binary ? 0x2 : 0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Neither sends nor answers pings for this long: a stalled connection that stays open. */
        void stall(long millis) {
            silentUntil = System.currentTimeMillis() + millis;
        }

        boolean stalled() {
            return System.currentTimeMillis() < silentUntil;
        }

        /** Drops the TCP connection without a close frame. */
        void abort() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        boolean open() {
            return !socket.isClosed();
        }

        synchronized void frame(int opcode, byte[] payload) {
            try {
                out.write(0x80 | opcode);
                if (payload.length < 126) {
                    out.write(payload.length);
                } else if (payload.length < 65_536) {
                    out.write(126);
                    out.write(payload.length >>> 8);
                    out.write(payload.length & 0xff);
                } else {
                    out.write(127);
                    for (int shift = 56; shift >= 0; shift -= 8) {
                        out.write((int) ((long) payload.length >>> shift) & 0xff);
                    }
                }
                out.write(payload);
                out.flush();
            } catch (IOException e) {
                abort();
            }
        }
    }

    private final ServerSocket server;
    private final ExecutorService threads;
    private final Function<String, Endpoint> routes;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    WebSocketServer(int port, ExecutorService threads, Function<String, Endpoint> routes) throws IOException {
        this.server = new ServerSocket(port, 64, InetAddress.getLoopbackAddress());
        this.threads = threads;
        this.routes = routes;
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    Set<Connection> connections() {
        return connections;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Connection connection = null;
        Endpoint endpoint = null;
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            String requestLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
                }
            }
            String[] parts = requestLine.split(" ");
            String path = parts.length > 1 ? parts[1] : "/";
            endpoint = routes.apply(path);
            String key = headers.get("sec-websocket-key");
            if (endpoint == null || key == null) {
                socket.getOutputStream().write(("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            connection = new Connection(path, headers, socket);
            connections.add(connection);
            endpoint.opened(connection);
            read(in, connection, endpoint);
        } catch (IOException e) {
            // the peer went away
        } finally {
            if (connection != null) {
                connections.remove(connection);
                endpoint.closed(connection);
            }
        }
    }

    private static void read(DataInputStream in, Connection connection, Endpoint endpoint) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            boolean fin = (first & 0x80) != 0;
            int opcode = first & 0x0f;
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] mask = new byte[4];
            if ((second & 0x80) != 0) {
                in.readFully(mask);
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            switch (opcode) {
                case 0x8 -> {
                    connection.frame(0x8, payload);
                    return;
                }
                case 0x9 -> {
                    if (!connection.stalled()) {
                        connection.frame(0xA, payload);
                    }
                }
                case 0xA -> {
                    // a pong to nothing we sent
                }
                default -> {
                    message.write(payload);
                    if (fin) {
                        if (!connection.stalled()) {
                            endpoint.message(connection, message.toString(StandardCharsets.UTF_8));
                        }
                        message.reset();
                    }
                }
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed during the handshake");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.forEach(Connection::abort);
    }
}

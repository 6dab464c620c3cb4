package io.multibroker.alpaca.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for Alpaca: the Trading API v2 REST endpoints the adapter uses (account, assets, clock,
 * orders with replace and cancel, positions with close), the trade-updates WebSocket ({@code /stream}, binary
 * frames as Alpaca's paper stream sends them) and the market-data WebSocket ({@code /v2/iex}, {@code /v2/sip},
 * {@code /v2/test}, {@code /v1beta3/crypto/us}), as {@code alpaca-notes.md} describes them: key-pair headers,
 * decimals as strings on REST and numbers on market data, {@code {"code","message"}} errors with Alpaca's numeric
 * codes, {@code X-RateLimit-*} headers, one market-data connection per feed, and scripted {@link StubFaults}.
 *
 * <p>REST listens on one loopback port, both WebSockets on another. Run on its own:
 * {@code java -jar multibroker-alpaca-stub-standalone.jar [--port 18090] [--ws-port 18091] [--key k] [--secret s]
 * [--hours always|closed|new_york]}.
 */
public final class AlpacaStub implements AutoCloseable {

    private static final Pattern ORDER = Pattern.compile("/v2/orders/([^/]+)");
    private static final Pattern POSITION = Pattern.compile("/v2/positions/([^/]+)");
    private static final Pattern ASSET = Pattern.compile("/v2/assets/([^/]+)");
    private static final Set<String> DATA_PATHS = Set.of("/v2/iex", "/v2/sip", "/v2/test", "/v1beta3/crypto/us");

    private final HttpServer server;
    private final WebSocketServer sockets;
    private final ExecutorService threads;
    private final ScheduledExecutorService ticker;
    private final ExecutorService matcher;
    private final StubMarket market;
    private final StubFaults faults = new StubFaults();
    private final String key;
    private final String secret;
    private final int rateLimit;
    private final AtomicLong restRequests = new AtomicLong();
    private final AtomicLong dataConnections = new AtomicLong();
    private final AtomicLong tradeConnections = new AtomicLong();
    private final Map<Long, Integer> perMinute = new LinkedHashMap<>();

    static {
        // the JDK server writes headers and body separately: without TCP_NODELAY the body waits for a delayed ACK
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private AlpacaStub(Builder builder) throws IOException {
        this.key = builder.key;
        this.secret = builder.secret;
        this.rateLimit = builder.rateLimitPerMinute;
        this.market = new StubMarket(builder.seed, builder.cash, new StubClock(builder.hours), builder.partialFillAbove, "PA3STANDIN01");
        this.threads = Executors.newCachedThreadPool(daemon("alpaca-stub"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("alpaca-stub-market"));
        this.matcher = Executors.newSingleThreadExecutor(daemon("alpaca-stub-matcher"));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        this.sockets = new WebSocketServer(builder.wsPort, threads, path -> {
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            if (bare.equals("/stream")) {
                return new TradeUpdates();
            }
            return DATA_PATHS.contains(bare) ? new MarketData() : null;
        });
        market.onUpdate(this::broadcast);
        faults.onStreams(() -> streams(true).forEach(WebSocketServer.Connection::abort),
                () -> streams(false).forEach(WebSocketServer.Connection::abort),
                millis -> streams(false).forEach(c -> c.stall(millis)),
                millis -> streams(true).forEach(c -> c.stall(millis)));
        server.start();
        long step = builder.priceStep.toMillis();
        ticker.scheduleAtFixedRate(this::step, step, step, TimeUnit.MILLISECONDS);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The stand-in's settings; every one has a default that runs. */
    public static final class Builder {
        private int port;
        private int wsPort;
        private String key = "stand-in-key";
        private String secret = "stand-in-secret";
        private long seed = 42;
        private BigDecimal cash = new BigDecimal("100000");
        private StubClock.Hours hours = StubClock.Hours.ALWAYS_OPEN;
        private Duration priceStep = Duration.ofMillis(100);
        private BigDecimal partialFillAbove = new BigDecimal("1000");
        private int rateLimitPerMinute = 100_000;

        public Builder port(int value) { this.port = value; return this; }
        public Builder wsPort(int value) { this.wsPort = value; return this; }
        public Builder key(String value) { this.key = value; return this; }
        public Builder secret(String value) { this.secret = value; return this; }
        public Builder seed(long value) { this.seed = value; return this; }
        public Builder cash(BigDecimal value) { this.cash = value; return this; }
        public Builder hours(StubClock.Hours value) { this.hours = value; return this; }
        public Builder priceStep(Duration value) { this.priceStep = value; return this; }
        /** Orders for more than this quantity fill half at once and the rest on the next step. */
        public Builder partialFillAbove(BigDecimal value) { this.partialFillAbove = value; return this; }
        /** REST requests a minute before the stand-in answers 429 (Alpaca allows 200; the default lets tests run free). */
        public Builder rateLimitPerMinute(int value) { this.rateLimitPerMinute = value; return this; }

        public AlpacaStub start() throws IOException {
            return new AlpacaStub(this);
        }
    }

    public static void main(String[] args) throws Exception {
        Builder builder = builder().port(18090).wsPort(18091).hours(StubClock.Hours.NEW_YORK).rateLimitPerMinute(200);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(args[i + 1]));
                case "--ws-port" -> builder.wsPort(Integer.parseInt(args[i + 1]));
                case "--key" -> builder.key(args[i + 1]);
                case "--secret" -> builder.secret(args[i + 1]);
                case "--seed" -> builder.seed(Long.parseLong(args[i + 1]));
                case "--rate" -> builder.rateLimitPerMinute(Integer.parseInt(args[i + 1]));
                case "--hours" -> builder.hours(switch (args[i + 1]) {
                    case "always" -> StubClock.Hours.ALWAYS_OPEN;
                    case "closed" -> StubClock.Hours.CLOSED;
                    default -> StubClock.Hours.NEW_YORK;
                });
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (options: --port, --ws-port, --key, --secret, --seed, --rate, --hours always|closed|new_york)");
            }
        }
        AlpacaStub stub = builder.start();
        System.out.println("Alpaca stand-in: REST " + stub.restUrl() + ", WebSockets " + stub.streamUrl() + " (trade updates /stream, "
                + "market data /v2/iex, /v2/sip, /v2/test, /v1beta3/crypto/us); stop with Ctrl-C");
        Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
        Thread.currentThread().join();
    }

    public String restUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The base of both WebSockets: {@code ws://127.0.0.1:port}. */
    public String streamUrl() {
        return "ws://127.0.0.1:" + sockets.port();
    }

    public String key() {
        return key;
    }

    public String secret() {
        return secret;
    }

    public StubFaults faults() {
        return faults;
    }

    public StubClock clock() {
        return market.clock();
    }

    /**
     * Moves the market to a resting order's price (a buy's ask, a sell's bid at its limit or stop) and matches at once,
     * so that a test fills it when it chooses; false when the order is not open.
     */
    public boolean reach(String orderId) {
        return market.reach(orderId, Instant.now());
    }

    /** From now on a resting order fills at most this quantity a step (null: whole), so that fills come in parts. */
    public void liquidity(BigDecimal maxQuantityPerFill) {
        market.liquidity(maxQuantityPerFill);
    }

    /** Ends the regular session now (the clock is set CLOSED): day orders expire and at-the-close orders fill. */
    public void endTheDay() {
        market.endTheDay(Instant.now());
    }

    public long restRequests() {
        return restRequests.get();
    }

    public long dataConnections() {
        return dataConnections.get();
    }

    public long tradeConnections() {
        return tradeConnections.get();
    }

    /** The market-data and trade-updates WebSockets open now. */
    public int openStreams() {
        return sockets.connections().size();
    }

    private void step() {
        try {
            market.step(Instant.now());
            publishQuotes();
        } catch (RuntimeException e) {
            System.err.println("alpaca stand-in: market step failed: " + e);
        }
    }

    // ---- REST ----

    private void handle(HttpExchange exchange) throws IOException {
        restRequests.incrementAndGet();
        try (exchange) {
            Duration latency = faults.latency();
            if (!latency.isZero()) {
                pause(latency);
            }
            if (!key.equals(exchange.getRequestHeaders().getFirst("APCA-API-KEY-ID"))
                    || !secret.equals(exchange.getRequestHeaders().getFirst("APCA-API-SECRET-KEY"))) {
                send(exchange, 401, error(40110000, "request is not authorized"));
                return;
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            boolean submission = method.equals("POST") && path.equals("/v2/orders");
            if (!withinRate()) {
                send(exchange, 429, error(42910000, "rate limit exceeded"));
                return;
            }
            StubFaults.Fault fault = faults.take(submission);
            if (fault != null && fault.kind() == StubFaults.Kind.RATE_LIMITED) {
                send(exchange, 429, error(42910000, "rate limit exceeded"));
                return;
            }
            if (fault != null && fault.kind() == StubFaults.Kind.SERVER_ERROR) {
                send(exchange, 500, error(50010000, "internal server error occurred"));
                return;
            }
            if (fault != null && fault.kind() == StubFaults.Kind.EXECUTED_LATER && submission) {
                executeLater(method, path, body(exchange));
                return;
            }
            Answer answer;
            try {
                answer = route(method, path, query(exchange), body(exchange));
            } catch (StubMarket.Refusal refusal) {
                answer = new Answer(refusal.status, error(refusal.code, refusal.getMessage()));
            }
            if (fault != null && fault.kind() == StubFaults.Kind.DROP_AFTER_ACCEPT) {
                // carried out, then the connection is closed before any byte of the answer: the ambiguous case
                return;
            }
            if (fault != null && fault.kind() == StubFaults.Kind.MALFORMED) {
                sendRaw(exchange, 200, "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (fault != null && fault.kind() == StubFaults.Kind.SLOW) {
                pause(faults.slow());
            }
            if (answer.body() == null) {
                exchange.sendResponseHeaders(answer.status(), -1);
            } else {
                send(exchange, answer.status(), answer.body());
            }
        } catch (RuntimeException e) {
            send(exchange, 500, error(50010000, "internal server error occurred: " + e));
        }
    }

    private record Answer(int status, JsonNode body) {
    }

    /** The connection is closed without an answer; the order is carried out after the execution delay. */
    private void executeLater(String method, String path, JsonNode order) {
        ticker.schedule(() -> {
            try {
                route(method, path, Map.of(), order);
            } catch (RuntimeException e) {
                System.err.println("alpaca stand-in: a late order was refused: " + e);
            }
        }, faults.executionDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private Answer route(String method, String path, Map<String, String> query, JsonNode body) {
        Instant now = Instant.now();
        Matcher order = ORDER.matcher(path);
        Matcher position = POSITION.matcher(path);
        Matcher asset = ASSET.matcher(path);
        if (path.equals("/v2/account") && method.equals("GET")) {
            return new Answer(200, market.account());
        }
        if (path.equals("/v2/clock") && method.equals("GET")) {
            return new Answer(200, market.clockNode(now));
        }
        if (path.equals("/v2/assets") && method.equals("GET")) {
            return new Answer(200, market.assets(query.getOrDefault("asset_class", null)));
        }
        if (asset.matches() && method.equals("GET")) {
            return new Answer(200, market.asset(decode(asset.group(1))));
        }
        if (path.equals("/v2/orders") && method.equals("POST")) {
            if (body == null || !body.isObject()) {
                throw StubMarket.Refusal.unprocessable("request body format is invalid");
            }
            ObjectNode created = market.submit(body, now);
            // fills come after the answer, as at Alpaca: the order is new when answered
            matcher.execute(() -> market.match(Instant.now()));
            return new Answer(200, created);
        }
        if (path.equals("/v2/orders") && method.equals("GET")) {
            return new Answer(200, market.orders(query.getOrDefault("status", "open"), Integer.parseInt(query.getOrDefault("limit", "50")),
                    Boolean.parseBoolean(query.getOrDefault("nested", "false"))));
        }
        if (path.equals("/v2/orders:by_client_order_id") && method.equals("GET")) {
            String clientOrderId = query.get("client_order_id");
            if (clientOrderId == null) {
                throw StubMarket.Refusal.unprocessable("client_order_id is missing");
            }
            return new Answer(200, market.orderByClientId(clientOrderId));
        }
        if (order.matches()) {
            String id = decode(order.group(1));
            if (!id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
                // what Alpaca answers for an id that is not a UUID (alpacahq/Alpaca-API#135)
                throw StubMarket.Refusal.unprocessable("order_id is missing");
            }
            switch (method) {
                case "GET" -> {
                    return new Answer(200, market.order(id));
                }
                case "DELETE" -> {
                    market.cancel(id, now);
                    return new Answer(204, null);
                }
                case "PATCH" -> {
                    ObjectNode replacing = market.replace(id, body == null ? StubMarket.JSON.createObjectNode() : body, now);
                    matcher.execute(() -> market.match(Instant.now()));
                    return new Answer(200, replacing);
                }
                default -> {
                    return new Answer(405, error(40510000, "method not allowed"));
                }
            }
        }
        if (path.equals("/v2/positions") && method.equals("GET")) {
            return new Answer(200, market.positions());
        }
        if (position.matches()) {
            String symbol = decode(position.group(1));
            if (method.equals("GET")) {
                return new Answer(200, market.position(symbol));
            }
            if (method.equals("DELETE")) {
                ObjectNode closing = market.closePosition(symbol, now);
                matcher.execute(() -> market.match(Instant.now()));
                return new Answer(200, closing);
            }
        }
        return new Answer(404, error(40410000, "endpoint not found"));
    }

    /** A minute-bucket count of requests against the stand-in's own limit. */
    private synchronized boolean withinRate() {
        long minute = System.currentTimeMillis() / 60_000;
        perMinute.keySet().removeIf(m -> m < minute);
        int count = perMinute.merge(minute, 1, Integer::sum);
        return count <= rateLimit;
    }

    private synchronized int remaining() {
        long minute = System.currentTimeMillis() / 60_000;
        return Math.max(0, rateLimit - perMinute.getOrDefault(minute, 0));
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        sendRaw(exchange, status, StubMarket.JSON.writeValueAsBytes(body));
    }

    private void sendRaw(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.getResponseHeaders().set("X-RateLimit-Limit", String.valueOf(rateLimit));
        exchange.getResponseHeaders().set("X-RateLimit-Remaining", String.valueOf(remaining()));
        exchange.getResponseHeaders().set("X-RateLimit-Reset", String.valueOf(System.currentTimeMillis() / 60_000 * 60 + 60));
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static ObjectNode error(int code, String message) {
        ObjectNode node = StubMarket.JSON.createObjectNode();
        node.put("code", code);
        node.put("message", message);
        return node;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (bytes.length == 0) {
            return null;
        }
        try {
            return StubMarket.JSON.readTree(bytes);
        } catch (IOException e) {
            throw StubMarket.Refusal.unprocessable("request body format is invalid");
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    /** A path segment per RFC 3986: a plus is a plus. */
    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- WebSockets ----

    private List<WebSocketServer.Connection> streams(boolean trade) {
        List<WebSocketServer.Connection> list = new ArrayList<>();
        for (WebSocketServer.Connection connection : sockets.connections()) {
            if (connection.path.startsWith("/stream") == trade) {
                list.add(connection);
            }
        }
        return list;
    }

    /** Trade updates: authenticate, listen, then every order event as Alpaca's paper stream sends it (binary frames). */
    private final class TradeUpdates implements WebSocketServer.Endpoint {
        @Override
        public void opened(WebSocketServer.Connection connection) {
            tradeConnections.incrementAndGet();
            connection.binary = true;
        }

        @Override
        public void message(WebSocketServer.Connection connection, String text) {
            JsonNode message = parse(text);
            String action = message == null ? "" : message.path("action").asText("");
            if (action.equals("authenticate") || action.equals("auth")) {
                JsonNode data = message.path("data");
                boolean ok = key.equals(data.path("key_id").asText(null)) && secret.equals(data.path("secret_key").asText(null));
                ObjectNode answer = StubMarket.JSON.createObjectNode().put("stream", "authorization");
                answer.putObject("data").put("status", ok ? "authorized" : "unauthorized").put("action", "authenticate");
                connection.send(answer.toString());
                connection.state.put("authorized", ok);
            } else if (action.equals("listen")) {
                if (!Boolean.TRUE.equals(connection.state.get("authorized"))) {
                    ObjectNode answer = StubMarket.JSON.createObjectNode().put("stream", "authorization");
                    answer.putObject("data").put("status", "unauthorized").put("action", "listen");
                    connection.send(answer.toString());
                    return;
                }
                Set<String> streams = new LinkedHashSet<>();
                message.path("data").path("streams").forEach(s -> streams.add(s.asText()));
                connection.state.put("trade_updates", streams.contains("trade_updates"));
                ObjectNode answer = StubMarket.JSON.createObjectNode().put("stream", "listening");
                ArrayNode list = answer.putObject("data").putArray("streams");
                streams.forEach(list::add);
                connection.send(answer.toString());
            } else {
                ObjectNode answer = StubMarket.JSON.createObjectNode().put("stream", "listening");
                answer.putObject("data").put("error", "invalid action");
                connection.send(answer.toString());
            }
        }
    }

    private void broadcast(StubMarket.Update update) {
        ObjectNode message = StubMarket.JSON.createObjectNode().put("stream", "trade_updates");
        ObjectNode data = message.putObject("data");
        data.put("event", update.event());
        data.put("execution_id", UUID.randomUUID().toString());
        data.set("order", update.order());
        data.put("timestamp", update.at().toString());
        if (update.price() != null) {
            data.put("price", update.price().toPlainString());
            data.put("qty", update.qty().toPlainString());
            data.put("position_qty", update.positionQty().toPlainString());
        }
        String text = message.toString();
        for (WebSocketServer.Connection connection : streams(true)) {
            if (Boolean.TRUE.equals(connection.state.get("trade_updates"))) {
                connection.send(text);
            }
        }
    }

    /** Market data: connected, auth, subscribe to quotes; one connection per feed, as Alpaca allows. */
    private final class MarketData implements WebSocketServer.Endpoint {
        @Override
        public void opened(WebSocketServer.Connection connection) {
            dataConnections.incrementAndGet();
            connection.send("[{\"T\":\"success\",\"msg\":\"connected\"}]");
        }

        @Override
        public void message(WebSocketServer.Connection connection, String text) {
            JsonNode message = parse(text);
            String action = message == null ? "" : message.path("action").asText("");
            switch (action) {
                case "auth" -> {
                    if (!key.equals(message.path("key").asText(null)) || !secret.equals(message.path("secret").asText(null))) {
                        connection.send("[{\"T\":\"error\",\"code\":402,\"msg\":\"auth failed\"}]");
                        connection.abort();
                        return;
                    }
                    for (WebSocketServer.Connection other : streams(false)) {
                        if (other != connection && other.path.equals(connection.path) && Boolean.TRUE.equals(other.state.get("auth"))) {
                            connection.send("[{\"T\":\"error\",\"code\":406,\"msg\":\"connection limit exceeded\"}]");
                            connection.abort();
                            return;
                        }
                    }
                    connection.state.put("auth", true);
                    connection.send("[{\"T\":\"success\",\"msg\":\"authenticated\"}]");
                }
                case "subscribe", "unsubscribe" -> {
                    if (!Boolean.TRUE.equals(connection.state.get("auth"))) {
                        connection.send("[{\"T\":\"error\",\"code\":401,\"msg\":\"not authenticated\"}]");
                        return;
                    }
                    @SuppressWarnings("unchecked")
                    Set<String> quotes = (Set<String>) connection.state.computeIfAbsent("quotes", k -> ConcurrentHashMap.newKeySet());
                    for (JsonNode symbol : message.path("quotes")) {
                        if (action.equals("subscribe")) {
                            quotes.add(symbol.asText());
                        } else {
                            quotes.remove(symbol.asText());
                        }
                    }
                    ObjectNode answer = StubMarket.JSON.createObjectNode().put("T", "subscription");
                    answer.putArray("trades");
                    ArrayNode list = answer.putArray("quotes");
                    quotes.forEach(list::add);
                    answer.putArray("bars");
                    connection.send("[" + answer + "]");
                }
                default -> connection.send("[{\"T\":\"error\",\"code\":400,\"msg\":\"invalid syntax\"}]");
            }
        }
    }

    private void publishQuotes() {
        Instant now = Instant.now();
        boolean open = market.clock().isOpen(now);
        for (WebSocketServer.Connection connection : streams(false)) {
            Object subscribed = connection.state.get("quotes");
            if (!(subscribed instanceof Set<?> quotes) || quotes.isEmpty()) {
                continue;
            }
            StringBuilder batch = new StringBuilder("[");
            for (Object symbol : quotes) {
                String name = String.valueOf(symbol);
                // an equity feed is quiet outside the session; crypto quotes around the clock
                if (!market.symbols().contains(name) || (!market.isCrypto(name) && !open)) {
                    continue;
                }
                BigDecimal[] quote = market.quote(name);
                if (batch.length() > 1) {
                    batch.append(',');
                }
                batch.append("{\"T\":\"q\",\"S\":\"").append(name).append("\",\"bx\":\"V\",\"bp\":").append(quote[0].toPlainString())
                        .append(",\"bs\":3,\"ax\":\"V\",\"ap\":").append(quote[1].toPlainString()).append(",\"as\":2,\"t\":\"")
                        .append(now).append("\",\"c\":[\"R\"],\"z\":\"C\"}");
            }
            if (batch.length() > 1) {
                connection.send(batch.append(']').toString());
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            return StubMarket.JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        sockets.close();
        ticker.shutdownNow();
        matcher.shutdownNow();
        threads.shutdownNow();
    }
}

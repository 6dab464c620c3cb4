package io.multibroker.oanda.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback stand-in for OANDA's v20 REST and streaming API, as its OpenAPI spec (3.0.25) describes the
 * endpoints the adapter uses: bearer-token authentication, one transaction id sequence per account, decimal
 * numbers as strings, {@code Accept-Datetime-Format} (RFC3339 or UNIX), 201/400/404 order answers, and a
 * chunked price stream conflated to one price per instrument per 250 ms with heartbeats. It serves REST and
 * stream paths on one port (the adapter's REST and stream base URLs both point at it), listens on 127.0.0.1
 * only, and takes scripted {@link Faults}.
 *
 * <p>Run on its own: {@code java -jar multibroker-oanda-stub-standalone.jar [--port 18080] [--account id]
 * [--token t]}.
 */
public final class OandaStub implements AutoCloseable {

    static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true).appendLiteral('Z').toFormatter()
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration CONFLATION = Duration.ofMillis(250);
    /** How often the transaction stream looks for new transactions: OANDA streams them as they happen. */
    private static final Duration TRANSACTION_POLL = Duration.ofMillis(20);

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService clock;
    private final String token;
    private final Map<String, StubAccount> accounts = new LinkedHashMap<>();
    private final Map<String, StubInstrument> instruments = StubInstrument.byName();
    private final StubPrices prices;
    private final Faults faults = new Faults();
    private final Duration heartbeat;
    private final AtomicLong restRequests = new AtomicLong();
    /** Order submissions (new or replacing) received, counted before any fault or latency is applied. */
    private final AtomicLong submissionsReceived = new AtomicLong();
    private final AtomicLong streamConnections = new AtomicLong();
    private final AtomicLong transactionStreamConnections = new AtomicLong();
    private final AtomicLong transactionsSinceReads = new AtomicLong();
    private final AtomicLong requestIds = new AtomicLong(1_000_000);
    private final Set<HttpExchange> openStreams = ConcurrentHashMap.newKeySet();

    static {
        // the JDK server writes an answer's headers and body separately: with Nagle's algorithm on, the body
        // waits for the client's delayed ACK of the headers (about 40 ms a request on loopback)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private OandaStub(Builder builder) throws IOException {
        this.token = builder.token;
        this.heartbeat = builder.heartbeat;
        Instant now = Instant.now();
        this.prices = new StubPrices(instruments, builder.seed, now);
        for (String id : builder.accounts) {
            accounts.put(id, new StubAccount(id, builder.hedging, builder.balance, instruments, prices, builder.retainedTransactions));
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 64);
        this.handlers = Executors.newCachedThreadPool(daemon("oanda-stub-http"));
        this.clock = Executors.newSingleThreadScheduledExecutor(daemon("oanda-stub-prices"));
        server.setExecutor(handlers);
        server.createContext("/v3/", this::handle);
        server.createContext("/", exchange -> send(exchange, 404, error(null, "The requested path does not exist (v20 paths start with /v3)")));
        faults.onDropStreams(() -> openStreams.forEach(HttpExchange::close));
        server.start();
        long step = builder.priceStep.toMillis();
        clock.scheduleAtFixedRate(() -> {
            Instant at = Instant.now();
            prices.step(at);
            accounts.values().forEach(a -> a.onPrices(at));
        }, step, step, TimeUnit.MILLISECONDS);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The stand-in's settings; every one has a default that runs. */
    public static final class Builder {
        private int port;
        private final List<String> accounts = new ArrayList<>();
        private String token = "stand-in-token";
        private boolean hedging;
        private BigDecimal balance = new BigDecimal("100000");
        private long seed = 42;
        private Duration heartbeat = Duration.ofSeconds(5);
        private Duration priceStep = Duration.ofMillis(100);
        private int retainedTransactions = 400_000;

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder account(String id) {
            accounts.add(id);
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder hedging(boolean hedging) {
            this.hedging = hedging;
            return this;
        }

        public Builder balance(BigDecimal balance) {
            this.balance = balance;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
            return this;
        }

        public Builder priceStep(Duration priceStep) {
            this.priceStep = priceStep;
            return this;
        }

        /**
         * How many transactions each account keeps (400,000 by default): beyond them a quarter are forgotten, oldest first,
         * with the orders they created that are no longer pending. OANDA keeps them all; a stand-in that did filled its heap
         * within minutes of a benchmark placing thousands of orders a second.
         */
        public Builder retainedTransactions(int count) {
            if (count < 4) {
                throw new IllegalArgumentException("retainedTransactions must be at least 4, was " + count);
            }
            this.retainedTransactions = count;
            return this;
        }

        public OandaStub start() throws IOException {
            if (accounts.isEmpty()) {
                accounts.add("101-001-0000001-001");
            }
            return new OandaStub(this);
        }
    }

    public static void main(String[] args) throws Exception {
        Builder builder = builder().port(18080);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(args[i + 1]));
                case "--account" -> builder.account(args[i + 1]);
                case "--token" -> builder.token(args[i + 1]);
                case "--hedging" -> builder.hedging(Boolean.parseBoolean(args[i + 1]));
                case "--seed" -> builder.seed(Long.parseLong(args[i + 1]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (options: --port, --account, --token, --hedging, --seed)");
            }
        }
        OandaStub stub = builder.start();
        System.out.println("OANDA v20 stand-in on " + stub.baseUrl() + " (REST and stream), accounts " + stub.accounts.keySet()
                + "; stop with Ctrl-C");
        Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
        Thread.currentThread().join();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Faults faults() {
        return faults;
    }

    /** REST requests answered so far (streams not counted). */
    /** Order submissions received so far (at every account), counted as they arrive, before they are answered. */
    public long submissionsReceived() {
        return submissionsReceived.get();
    }

    public long restRequests() {
        return restRequests.get();
    }

    /** Price stream connections opened so far. */
    public long streamConnections() {
        return streamConnections.get();
    }

    /** Transaction stream connections opened so far. */
    public long transactionStreamConnections() {
        return transactionStreamConnections.get();
    }

    /** How many times {@code transactions/sinceid} was read (a client filling the gap after a reconnect). */
    public long transactionsSinceReads() {
        return transactionsSinceReads.get();
    }

    /** Order submissions (POST /orders) the account received, whatever became of them. */
    public int orderSubmissions(String account) {
        return accounts.get(account).orderSubmissions();
    }

    /** How many orders the account holds with this client order id: exactly one per order sent once. */
    public long ordersWithClientId(String account, String clientOrderId) {
        return accounts.get(account).ordersWithClientId(clientOrderId);
    }

    public long lastTransactionId(String account) {
        return accounts.get(account).lastTransactionId();
    }

    /**
     * Moves the market to a pending order of the account (a buy's ask, a sell's bid at the order's price) and matches at
     * once, so that tests can fill a resting order when they choose; false when the order is not pending.
     */
    public boolean reach(String account, String orderId) {
        return accounts.get(account).reach(orderId, Instant.now());
    }

    @Override
    public void close() {
        clock.shutdownNow();
        openStreams.forEach(HttpExchange::close);
        server.stop(0);
        handlers.shutdownNow();
    }

    // ---- routing ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                answer(exchange);
            } catch (MethodNotAllowed e) {
                send(exchange, 405, error(null, "The method is not allowed for this path"));
            } catch (RuntimeException e) {
                send(exchange, 500, error("INTERNAL_SERVER_ERROR", "stand-in failure: " + e));
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        {
            String[] path = exchange.getRequestURI().getRawPath().substring(1).split("/");
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            boolean stream = path.length == 5 && path[4].equals("stream") && path[3].equals("pricing");
            boolean transactionStream = path.length == 5 && path[4].equals("stream") && path[3].equals("transactions");
            if (!stream && !transactionStream) {
                restRequests.incrementAndGet();
            }
            exchange.getResponseHeaders().add("RequestID", String.valueOf(requestIds.incrementAndGet()));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.equals("Bearer " + token)) {
                send(exchange, 401, error(null, "Insufficient authorization to perform request."));
                return;
            }
            boolean unix = "UNIX".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Accept-Datetime-Format"));
            if (path.length == 2 && path[1].equals("accounts")) {
                requireMethod(exchange, "GET");
                ObjectNode body = MAPPER.createObjectNode();
                ArrayNode list = body.putArray("accounts");
                accounts.keySet().forEach(id -> list.addObject().put("id", id).putArray("tags"));
                send(exchange, 200, body);
                return;
            }
            if (path.length < 4 || !path[1].equals("accounts")) {
                send(exchange, 404, error(null, "The requested path does not exist"));
                return;
            }
            StubAccount account = accounts.get(path[2]);
            if (account == null) {
                send(exchange, 403, error(null, "The provided request was forbidden."));
                return;
            }
            if (stream) {
                requireMethod(exchange, "GET");
                streamPrices(exchange, query, unix);
                return;
            }
            if (transactionStream) {
                requireMethod(exchange, "GET");
                streamTransactions(exchange, account, unix);
                return;
            }
            // an order submission: a new order (POST /orders) or a replacing one (PUT /orders/{spec})
            boolean submission = path.length == 4 && path[3].equals("orders") && exchange.getRequestMethod().equals("POST")
                    || path.length == 5 && path[3].equals("orders") && exchange.getRequestMethod().equals("PUT");
            boolean positionClose = path.length == 6 && path[3].equals("positions") && path[5].equals("close")
                    && exchange.getRequestMethod().equals("PUT");
            if (submission) {
                submissionsReceived.incrementAndGet();
            }
            Faults.Fault fault = faults.take(submission, positionClose);
            pause(faults.latency());
            if (fault != null && fault.kind() == Faults.Kind.RATE_LIMITED) {
                send(exchange, 429, error(null, "Too many requests"));
                return;
            }
            if (fault != null && fault.kind() == Faults.Kind.SERVER_ERROR) {
                send(exchange, 503, error("INTERNAL_SERVER_ERROR", "The service is temporarily unavailable"));
                return;
            }
            if (fault != null && fault.kind() == Faults.Kind.EXECUTED_LATER && path.length == 4 && path[3].equals("orders")) {
                executeLater(exchange, account);
                return;
            }
            StubAccount.Answer answer = route(exchange, account, path, query);
            if (answer == null) {
                return;
            }
            ObjectNode body = unix ? (ObjectNode) unixTimes(answer.body()) : answer.body();
            if (fault == null) {
                send(exchange, answer.status(), body);
            } else if (fault.kind() == Faults.Kind.DROP_AFTER_ACCEPT) {
                // carried out, then the connection is closed before any byte of the answer: the ambiguous case
                exchange.close();
            } else if (fault.kind() == Faults.Kind.MALFORMED) {
                sendRaw(exchange, answer.status(), "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8));
            } else {
                byte[] full = MAPPER.writeValueAsBytes(body);
                sendRaw(exchange, answer.status(), Arrays.copyOf(full, full.length / 2));
            }
        }
    }

    private StubAccount.Answer route(HttpExchange exchange, StubAccount account, String[] path, Map<String, String> query)
            throws IOException {
        Instant now = Instant.now();
        String method = exchange.getRequestMethod();
        String resource = path[3];
        switch (path.length) {
            case 4:
                switch (resource) {
                    case "summary":
                        requireMethod(exchange, "GET");
                        return new StubAccount.Answer(200, account.summary(now));
                    case "instruments":
                        requireMethod(exchange, "GET");
                        return new StubAccount.Answer(200, account.instruments(csv(query.get("instruments"))));
                    case "openTrades":
                        requireMethod(exchange, "GET");
                        return new StubAccount.Answer(200, account.openTrades(now));
                    case "openPositions":
                        requireMethod(exchange, "GET");
                        return new StubAccount.Answer(200, account.openPositions());
                    case "pendingOrders":
                        requireMethod(exchange, "GET");
                        return new StubAccount.Answer(200, account.pendingOrders());
                    case "orders":
                        requireMethod(exchange, "POST");
                        JsonNode body;
                        try {
                            body = MAPPER.readTree(exchange.getRequestBody());
                        } catch (IOException e) {
                            return new StubAccount.Answer(400, error("INVALID_PARAMETER", "The request body is not valid JSON"));
                        }
                        return account.createOrder(body, now);
                    case "pricing":
                        requireMethod(exchange, "GET");
                        ObjectNode pricing = MAPPER.createObjectNode();
                        ArrayNode list = pricing.putArray("prices");
                        for (String instrument : csv(query.get("instruments"))) {
                            if (prices.quote(instrument) == null) {
                                return new StubAccount.Answer(400, error(null, "Invalid value specified for 'instruments'"));
                            }
                            list.add(price(prices.quote(instrument)));
                        }
                        pricing.put("time", time(now));
                        return new StubAccount.Answer(200, pricing);
                    default:
                        break;
                }
                break;
            case 5:
                if (resource.equals("orders") && method.equals("PUT")) {
                    JsonNode body;
                    try {
                        body = MAPPER.readTree(exchange.getRequestBody());
                    } catch (IOException e) {
                        return new StubAccount.Answer(400, error("INVALID_PARAMETER", "The request body is not valid JSON"));
                    }
                    return account.replaceOrder(decodeSegment(path[4]), body, now);
                }
                if (resource.equals("orders")) {
                    requireMethod(exchange, "GET");
                    String specifier = decodeSegment(path[4]);
                    ObjectNode order = account.order(specifier);
                    if (order != null && specifier.startsWith("@") && faults.clientIdsOfPendingOnly()
                            && !"PENDING".equals(order.path("state").asText())) {
                        order = null;
                    }
                    if (order == null) {
                        return new StubAccount.Answer(404, error("NO_SUCH_ORDER", "The order ID specified does not exist"));
                    }
                    ObjectNode body = MAPPER.createObjectNode();
                    body.set("order", order.deepCopy());
                    body.put("lastTransactionID", String.valueOf(account.lastTransactionId()));
                    return new StubAccount.Answer(200, body);
                }
                if (resource.equals("transactions") && path[4].equals("sinceid")) {
                    requireMethod(exchange, "GET");
                    transactionsSinceReads.incrementAndGet();
                    ObjectNode body = MAPPER.createObjectNode();
                    body.set("transactions", account.transactionsSince(Long.parseLong(query.getOrDefault("id", "0"))));
                    body.put("lastTransactionID", String.valueOf(account.lastTransactionId()));
                    return new StubAccount.Answer(200, body);
                }
                if (resource.equals("transactions")) {
                    requireMethod(exchange, "GET");
                    ObjectNode transaction = account.transaction(path[4]);
                    if (transaction == null) {
                        return new StubAccount.Answer(404, error("NO_SUCH_TRANSACTION", "The transaction ID specified does not exist"));
                    }
                    ObjectNode body = MAPPER.createObjectNode();
                    body.set("transaction", transaction.deepCopy());
                    body.put("lastTransactionID", String.valueOf(account.lastTransactionId()));
                    return new StubAccount.Answer(200, body);
                }
                break;
            case 6:
                if (resource.equals("orders") && path[5].equals("cancel")) {
                    requireMethod(exchange, "PUT");
                    return account.cancelOrder(decodeSegment(path[4]), now);
                }
                if (resource.equals("positions") && path[5].equals("close")) {
                    requireMethod(exchange, "PUT");
                    byte[] raw = exchange.getRequestBody().readAllBytes();
                    return account.closePosition(decodeSegment(path[4]), raw.length == 0 ? null : MAPPER.readTree(raw), now);
                }
                break;
            default:
                break;
        }
        send(exchange, 404, error(null, "The requested path does not exist: " + method + " " + exchange.getRequestURI().getPath()));
        return null;
    }

    /** Reads the order, closes the connection without an answer, and carries the order out after the execution delay. */
    private void executeLater(HttpExchange exchange, StubAccount account) {
        JsonNode body;
        try {
            body = MAPPER.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            body = null;
        }
        JsonNode order = body;
        exchange.close();
        clock.schedule(() -> account.createOrder(order, Instant.now()), faults.executionDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- the price stream ----

    private void streamPrices(HttpExchange exchange, Map<String, String> query, boolean unix) throws IOException {
        Set<String> wanted = csv(query.get("instruments"));
        if (wanted.isEmpty() || !instruments.keySet().containsAll(wanted)) {
            send(exchange, 400, error(null, "Invalid value specified for 'instruments'"));
            return;
        }
        // a server holding the request back: no headers (and no connection counted) until the hold is over
        pause(faults.takeStreamHeadersHold());
        streamConnections.incrementAndGet();
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, 0);
        openStreams.add(exchange);
        Map<String, Instant> sent = new LinkedHashMap<>();
        try (OutputStream out = exchange.getResponseBody()) {
            if (!"false".equals(query.get("snapshot"))) {
                for (String instrument : wanted) {
                    StubPrices.Quote quote = prices.quote(instrument);
                    writeLine(out, price(quote), unix);
                    sent.put(instrument, quote.time());
                }
                out.flush();
            }
            Instant nextHeartbeat = Instant.now().plus(heartbeat);
            while (!Thread.currentThread().isInterrupted()) {
                pause(CONFLATION);
                Duration stall = faults.takeStall();
                if (!stall.isZero()) {
                    pause(stall);
                    nextHeartbeat = Instant.now().plus(heartbeat);
                    continue;
                }
                // conflation: the last price of each instrument in the window, if it changed
                for (String instrument : wanted) {
                    StubPrices.Quote quote = prices.quote(instrument);
                    if (!quote.time().equals(sent.get(instrument))) {
                        writeLine(out, price(quote), unix);
                        sent.put(instrument, quote.time());
                    }
                }
                if (!Instant.now().isBefore(nextHeartbeat)) {
                    ObjectNode beat = MAPPER.createObjectNode();
                    beat.put("type", "HEARTBEAT");
                    beat.put("time", time(Instant.now()));
                    writeLine(out, beat, unix);
                    nextHeartbeat = Instant.now().plus(heartbeat);
                }
                out.flush();
            }
        } catch (IOException clientGone) {
            // the client closed the stream, or a fault dropped it
        } finally {
            openStreams.remove(exchange);
        }
    }

    // ---- the transaction stream ----

    /**
     * The account's transactions from the moment of the request on, each as one line as it is recorded, and a
     * TransactionHeartbeat (with the last transaction id) every heartbeat interval, as OANDA's
     * {@code /accounts/{accountID}/transactions/stream}: what came before is for {@code transactions/sinceid}. Headers
     * held and dropped connections apply as to the price stream; it stalls by {@link Faults#stallTransactionStream}.
     */
    private void streamTransactions(HttpExchange exchange, StubAccount account, boolean unix) throws IOException {
        pause(faults.takeStreamHeadersHold());
        transactionStreamConnections.incrementAndGet();
        long last = account.lastTransactionId();
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, 0);
        openStreams.add(exchange);
        try (OutputStream out = exchange.getResponseBody()) {
            Instant nextHeartbeat = Instant.now().plus(heartbeat);
            while (!Thread.currentThread().isInterrupted()) {
                pause(TRANSACTION_POLL);
                Duration stall = faults.takeTransactionStall();
                if (!stall.isZero()) {
                    pause(stall);
                    nextHeartbeat = Instant.now().plus(heartbeat);
                    continue;
                }
                ArrayNode due = account.transactionsSince(last);
                // the junk goes just before transactions, so that a client must read them again after it
                String junk = due.isEmpty() ? null : faults.takeTransactionStreamJunk();
                if (junk != null) {
                    out.write((junk + "\n").getBytes(StandardCharsets.UTF_8));
                }
                if (!due.isEmpty() && faults.takeTransactionStreamCut()) {
                    byte[] first = (MAPPER.writeValueAsString(due.get(0)) + "\n").getBytes(StandardCharsets.UTF_8);
                    out.write(first, 0, first.length / 2);
                    return;
                }
                for (JsonNode transaction : due) {
                    writeLine(out, ((ObjectNode) transaction).deepCopy(), unix);
                    last = Long.parseLong(transaction.path("id").asText());
                }
                if (!Instant.now().isBefore(nextHeartbeat)) {
                    ObjectNode beat = MAPPER.createObjectNode();
                    beat.put("type", "HEARTBEAT");
                    beat.put("lastTransactionID", String.valueOf(last));
                    beat.put("time", time(Instant.now()));
                    writeLine(out, beat, unix);
                    nextHeartbeat = Instant.now().plus(heartbeat);
                }
                out.flush();
            }
        } catch (IOException clientGone) {
            // the client closed the stream, or a fault dropped it
        } finally {
            openStreams.remove(exchange);
        }
    }

    private void writeLine(OutputStream out, ObjectNode message, boolean unix) throws IOException {
        byte[] line = (MAPPER.writeValueAsString(unix ? unixTimes(message) : message) + "\n").getBytes(StandardCharsets.UTF_8);
        if (faults.splitLines()) {
            int cut = line.length / 2;
            out.write(line, 0, cut);
            out.flush();
            out.write(line, cut, line.length - cut);
            out.flush();
        } else {
            out.write(line);
        }
    }

    private static ObjectNode price(StubPrices.Quote quote) {
        ObjectNode price = MAPPER.createObjectNode();
        price.put("type", "PRICE");
        price.put("instrument", quote.instrument());
        price.put("time", time(quote.time()));
        price.putArray("bids").addObject().put("price", quote.bid().toPlainString()).put("liquidity", 10_000_000);
        price.putArray("asks").addObject().put("price", quote.ask().toPlainString()).put("liquidity", 10_000_000);
        price.put("closeoutBid", quote.bid().toPlainString());
        price.put("closeoutAsk", quote.ask().toPlainString());
        price.put("tradeable", true);
        price.put("status", "tradeable");
        return price;
    }

    // ---- helpers ----

    static String time(Instant instant) {
        return RFC3339.format(instant);
    }

    static Instant parseTime(String text) {
        if (!text.contains("T")) {
            BigDecimal seconds = new BigDecimal(text);
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        return Instant.parse(text);
    }

    /** Every DateTime field in UNIX form: seconds since the epoch as a string with nine decimals. */
    private static JsonNode unixTimes(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = object.deepCopy();
            copy.fields().forEachRemaining(e -> {
                if ((e.getKey().equals("time") || e.getKey().endsWith("Time")) && e.getValue().isTextual()
                        && e.getValue().asText().contains("T")) {
                    Instant instant = Instant.parse(e.getValue().asText());
                    e.setValue(new TextNode(instant.getEpochSecond() + "." + String.format("%09d", instant.getNano())));
                } else {
                    e.setValue(unixTimes(e.getValue()));
                }
            });
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = MAPPER.createArrayNode();
            array.forEach(element -> copy.add(unixTimes(element)));
            return copy;
        }
        return node;
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode body = MAPPER.createObjectNode();
        if (code != null) {
            body.put("errorCode", code);
        }
        body.put("errorMessage", message);
        return body;
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        sendRaw(exchange, status, MAPPER.writeValueAsBytes(body));
    }

    private static void sendRaw(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equals(method)) {
            throw new MethodNotAllowed();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
                }
            }
        }
        return query;
    }

    private static Set<String> csv(String value) {
        Set<String> values = new LinkedHashSet<>();
        if (value != null) {
            Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).forEach(values::add);
        }
        return values;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /**
     * A path segment as RFC 3986 reads it: percent escapes decoded, a '+' kept as a plus. URLDecoder is form
     * decoding, where '+' is a space; in a path it is a literal plus, as on OANDA's server.
     */
    static String decodeSegment(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

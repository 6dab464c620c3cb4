package io.multibroker.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.abtest.OrderRouterImpl;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.routing.OrderRouter;
import io.multibroker.api.routing.RoutingRequest;
import io.multibroker.bench.Results;
import io.multibroker.registry.BenchmarkRegistry;
import io.multibroker.registry.BrokerRegistryImpl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * An order placed through the HTTP API against the same order through the in-JVM router, with 1, 8 and 64 callers at
 * once, and the delivery of an order event from the broker's answer to a Server-Sent Events subscriber against an
 * in-JVM subscriber of the registry's events.
 *
 * <p>One JVM holds the runtime's real path: the registry (metering, no journal, no risk layer), the router, and the
 * HTTP API's own servlet and route table in Jetty 9.4 (the version Pax Web runs in the assembly), on 127.0.0.1. The
 * broker answers at once ({@link AnsweringAdapter}), so the difference between the two paths is the API's cost: the
 * connection, JSON both ways, the token check and the idempotency check (without a journal that asks the broker for the
 * client order id, a call this broker answers at once). A trivial servlet in the same Jetty, which reads the body and
 * answers a small document, separates what any HTTP exchange costs on this machine from the API's own work. The callers are closed loops (each sends its next order when
 * its last is answered) on java.net.http over HTTP/1.1 keep-alive connections. The two paths take turns in rounds, so
 * that the machine's noise falls on both; a round's rate is its orders over its wall time, the percentiles are over
 * all measured rounds.
 *
 * <p>Events are paced (one order every 2 ms), so that their figures are latencies, not queueing: each order's time is
 * taken just before it is handed to the router and again when the subscriber has read its event.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.multibroker.http.HttpApiComparison [out.json] [rounds]</pre>
 *
 * <p>The tables go to standard output; the JSON has, under {@code callers} and each caller count, the paths
 * {@code router}, {@code plain} and {@code api} with their median, lowest and highest round rate and their percentiles
 * in µs, and under {@code events} the {@code inJvm} and {@code sse} delivery percentiles. Rounds default to 6.
 */
public final class HttpApiComparison {

    private static final String ACCOUNT = "bench-0";
    private static final int[] CALLERS = {1, 8, 64};
    private static final int DEFAULT_ROUNDS = 6;
    private static final int ORDERS_PER_ROUND = 3_000;
    private static final int WARMUP_ORDERS = 20_000;
    private static final int EVENT_WARMUP = 1_000;
    private static final int EVENTS = 3_000;
    private static final long EVENT_PACE_NANOS = 2_000_000;
    private static final Pattern CLIENT_ORDER_ID = Pattern.compile("\"clientOrderId\":\"([^\"]+)\"");
    private static final BigDecimal UNITS = new BigDecimal("1000");
    private static final String[] LABELS = {"in-JVM router", "trivial servlet, same Jetty (HTTP alone)", "HTTP API"};
    private static final String[] KEYS = {"router", "plain", "api"};

    private final AnsweringAdapter adapter = new AnsweringAdapter(ACCOUNT);
    private final AtomicLong ids = new AtomicLong();
    private BrokerRegistryImpl registry;
    private OrderRouter router;
    private Server server;
    private OrderEventHub hub;
    private ExecutorService delivery;
    private HttpClient client;
    private URI orderEndpoint;
    private URI plainEndpoint;
    private URI events;
    private String token;
    private final int rounds;
    private final ObjectNode json = Results.object();

    private HttpApiComparison(int rounds) {
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        HttpApiComparison run = new HttpApiComparison(args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_ROUNDS);
        StringBuilder report = new StringBuilder();
        try {
            run.start();
            run.warmUp();
            report.append(run.orderPaths());
            report.append('\n').append(run.eventDelivery());
        } finally {
            run.stop();
        }
        System.out.print(report);
        run.json.put("rounds", run.rounds);
        run.json.put("ordersPerRound", ORDERS_PER_ROUND);
        Results.write(args.length > 0 ? args[0] : null, run.json);
        System.exit(0);
    }

    private void start() throws Exception {
        registry = BenchmarkRegistry.withAccounts(1, i -> adapter);
        router = new OrderRouterImpl(registry);
        Services services = new BenchServices(registry, router);
        Path dir = Files.createTempDirectory("http-bench");
        TokenStore tokens = new TokenStore(dir.resolve("tokens.json"), Clock.systemUTC());
        token = tokens.create("bench", Role.TRADER);
        delivery = Executors.newFixedThreadPool(8);
        hub = new OrderEventHub(10_000, delivery, Clock.systemUTC());
        registry.orderEvents().subscribe(hub);
        StreamRoutes streams = new StreamRoutes(services, hub, delivery);
        Api api = new Api(HttpApi.routeTable(services, tokens, hub, streams), tokens);
        ApiServlet servlet = new ApiServlet(api, new HttpMetrics(), new Cors(new String[0]), 65_536, false);

        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, ApiServlet.PREFIX + "/*");
        context.addServlet(new ServletHolder(new TrivialServlet()), "/plain");
        server.setHandler(context);
        server.start();
        InetSocketAddress bound = new InetSocketAddress("127.0.0.1", connector.getLocalPort());
        orderEndpoint = URI.create("http://127.0.0.1:" + bound.getPort() + "/api/v1/orders");
        plainEndpoint = URI.create("http://127.0.0.1:" + bound.getPort() + "/plain");
        events = URI.create("http://127.0.0.1:" + bound.getPort() + "/api/v1/events/orders?account=" + ACCOUNT);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (hub != null) {
            hub.cancel();
        }
        if (delivery != null) {
            delivery.shutdownNow();
        }
        if (registry != null) {
            BenchmarkRegistry.stop(registry);
        }
        adapter.close();
    }

    /** Both paths, with every caller count, until the JIT has compiled them. */
    private void warmUp() throws Exception {
        for (int callers : CALLERS) {
            round(OrderPath.ROUTER, callers, WARMUP_ORDERS / CALLERS.length, null);
            round(OrderPath.PLAIN_HTTP, callers, WARMUP_ORDERS / CALLERS.length, null);
            round(OrderPath.HTTP, callers, WARMUP_ORDERS / CALLERS.length, null);
        }
    }

    /** The in-JVM router; a trivial servlet in the same Jetty (what any HTTP call costs here); the API. */
    private enum OrderPath { ROUTER, PLAIN_HTTP, HTTP }

    private String orderPaths() throws Exception {
        StringBuilder out = new StringBuilder();
        out.append("| callers at once | path | orders/s (median round, range) | p50 | p99 | p99.9 |\n");
        out.append("|---|---|---|---|---|---|\n");
        StringBuilder added = new StringBuilder();
        added.append("| callers at once | API over HTTP adds to the router at p50 | at p99 | its orders/s against the router's | "
                + "the API's own work (API minus trivial servlet) at p50 | at p99 | its orders/s against the trivial servlet's |\n");
        added.append("|---|---|---|---|---|---|---|\n");
        ObjectNode byCallers = json.putObject("callers");
        for (int callers : CALLERS) {
            Histogram[] latencies = {histogram(), histogram(), histogram()};
            List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int round = 0; round < rounds; round++) {
                // alternate which goes first, so that neither always follows the other's garbage
                OrderPath[] order = round % 2 == 0 ? new OrderPath[] {OrderPath.ROUTER, OrderPath.PLAIN_HTTP, OrderPath.HTTP}
                        : new OrderPath[] {OrderPath.HTTP, OrderPath.PLAIN_HTTP, OrderPath.ROUTER};
                for (OrderPath path : order) {
                    rates.get(path.ordinal()).add(round(path, callers, ORDERS_PER_ROUND, latencies[path.ordinal()]));
                }
            }
            ObjectNode atCallers = byCallers.putObject(String.valueOf(callers));
            for (OrderPath path : OrderPath.values()) {
                List<Double> r = rates.get(path.ordinal());
                Histogram h = latencies[path.ordinal()];
                out.append(String.format("| %d | %s | %.0f (%.0f–%.0f) | %s | %s | %s |%n", callers,
                        LABELS[path.ordinal()], median(r), min(r), max(r), micros(h, 50), micros(h, 99),
                        micros(h, 99.9)));
                ObjectNode side = Results.latencyMicros(h);
                side.put("ordersPerSecond", median(r));
                ArrayNode roundRates = side.putArray("roundOrdersPerSecond");
                r.forEach(roundRates::add);
                atCallers.set(KEYS[path.ordinal()], side);
            }
            Histogram routed = latencies[OrderPath.ROUTER.ordinal()];
            Histogram plain = latencies[OrderPath.PLAIN_HTTP.ordinal()];
            Histogram http = latencies[OrderPath.HTTP.ordinal()];
            added.append(String.format("| %d | %s | %s | %.1f %% | %s | %s | %.0f %% |%n", callers,
                    difference(http, routed, 50), difference(http, routed, 99),
                    100.0 * median(rates.get(OrderPath.HTTP.ordinal())) / median(rates.get(OrderPath.ROUTER.ordinal())),
                    difference(http, plain, 50), difference(http, plain, 99),
                    100.0 * median(rates.get(OrderPath.HTTP.ordinal())) / median(rates.get(OrderPath.PLAIN_HTTP.ordinal()))));
        }
        return out.append('\n').append(added).toString();
    }

    /** One round: the callers place the orders between them, each waiting for its answer; answers the orders a second. */
    private double round(OrderPath path, int callers, int orders, Histogram latencies) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        AtomicLong left = new AtomicLong(orders);
        List<Future<Histogram>> done = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        for (int c = 0; c < callers; c++) {
            done.add(threads.submit(() -> {
                Histogram mine = histogram();
                ready.countDown();
                go.await();
                while (left.getAndDecrement() > 0) {
                    String clientOrderId = "o-" + ids.incrementAndGet();
                    long start = System.nanoTime();
                    switch (path) {
                        case ROUTER -> placeThroughTheRouter(clientOrderId);
                        case PLAIN_HTTP -> placeOverHttp(plainEndpoint, clientOrderId);
                        case HTTP -> placeOverHttp(orderEndpoint, clientOrderId);
                        default -> throw new IllegalStateException(path.name());
                    }
                    mine.recordValue(System.nanoTime() - start);
                }
                return mine;
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Future<Histogram> caller : done) {
            Histogram mine = caller.get(5, TimeUnit.MINUTES);
            if (latencies != null) {
                latencies.add(mine);
            }
        }
        long elapsed = System.nanoTime() - start;
        threads.shutdown();
        return orders / (elapsed / 1e9);
    }

    private void placeThroughTheRouter(String clientOrderId) {
        UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, UNITS).clientOrderId(clientOrderId).build();
        router.submit(order, RoutingRequest.explicit(ACCOUNT)).toCompletableFuture().join();
    }

    private void placeOverHttp(URI target, String clientOrderId) throws Exception {
        String body = "{\"clientOrderId\":\"" + clientOrderId + "\",\"routing\":{\"strategy\":\"EXPLICIT\",\"account\":\"" + ACCOUNT
                + "\"},\"instrument\":\"EUR_USD\",\"side\":\"BUY\",\"units\":\"1000\"}";
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("order " + clientOrderId + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** Orders placed one every 2 ms; each one's fill event timed to an SSE subscriber and to an in-JVM subscriber. */
    private String eventDelivery() throws Exception {
        Map<String, Long> placedAt = new ConcurrentHashMap<>();
        Histogram sse = histogram();
        Histogram inJvm = histogram();
        int total = EVENT_WARMUP + EVENTS;
        CountDownLatch sseReceived = new CountDownLatch(total);
        CountDownLatch jvmReceived = new CountDownLatch(total);
        AtomicLong sseSeen = new AtomicLong();
        AtomicLong jvmSeen = new AtomicLong();

        registry.orderEvents().subscribe(new Flow.Subscriber<OrderEvent>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(OrderEvent event) {
                long now = System.nanoTime();
                Long placed = event.clientOrderId() == null ? null : placedAt.get(event.clientOrderId());
                if (placed != null) {
                    if (jvmSeen.incrementAndGet() > EVENT_WARMUP) {
                        inJvm.recordValue(now - placed);
                    }
                    jvmReceived.countDown();
                }
            }

            @Override
            public void onError(Throwable failure) {
                failure.printStackTrace();
            }

            @Override
            public void onComplete() {
                // the registry stops at the end of the run
            }
        });

        HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(events).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("event stream answered " + stream.statusCode());
        }
        CountDownLatch open = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    long now = System.nanoTime();
                    if (line.startsWith(": stream open")) {
                        open.countDown();
                    }
                    if (!line.startsWith("data:")) {
                        continue;
                    }
                    Matcher id = CLIENT_ORDER_ID.matcher(line);
                    Long placed = id.find() ? placedAt.get(id.group(1)) : null;
                    if (placed != null) {
                        if (sseSeen.incrementAndGet() > EVENT_WARMUP) {
                            sse.recordValue(now - placed);
                        }
                        sseReceived.countDown();
                    }
                }
            } catch (Exception e) {
                // the stream ends when the server stops
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        if (!open.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the event stream did not open");
        }

        adapter.publishFills(true);
        long next = System.nanoTime();
        for (int i = 0; i < total; i++) {
            String clientOrderId = "e-" + i;
            placedAt.put(clientOrderId, System.nanoTime());
            placeThroughTheRouter(clientOrderId);
            next += EVENT_PACE_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        boolean allSse = sseReceived.await(60, TimeUnit.SECONDS);
        boolean allJvm = jvmReceived.await(60, TimeUnit.SECONDS);
        adapter.publishFills(false);

        StringBuilder out = new StringBuilder();
        out.append("| order placed (handed to the router) to its fill event read by | p50 | p90 | p99 | p99.9 | events |\n");
        out.append("|---|---|---|---|---|---|\n");
        out.append(String.format("| an in-JVM subscriber of the registry's order events | %s | %s | %s | %s | %d of %d |%n", micros(inJvm, 50),
                micros(inJvm, 90), micros(inJvm, 99), micros(inJvm, 99.9), inJvm.getTotalCount(), EVENTS));
        out.append(String.format("| an HTTP client on GET /api/v1/events/orders (SSE, 127.0.0.1) | %s | %s | %s | %s | %d of %d |%n",
                micros(sse, 50), micros(sse, 90), micros(sse, 99), micros(sse, 99.9), sse.getTotalCount(), EVENTS));
        if (!allSse || !allJvm) {
            out.append(String.format("missing after 60 s: %d SSE, %d in-JVM%n", sseReceived.getCount(), jvmReceived.getCount()));
        }
        ObjectNode delivered = json.putObject("events");
        delivered.put("events", EVENTS);
        delivered.put("paceMicros", EVENT_PACE_NANOS / 1e3);
        delivered.set("inJvm", Results.latencyMicros(inJvm));
        delivered.set("sse", Results.latencyMicros(sse));
        return out.toString();
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    private static String micros(Histogram histogram, double percentile) {
        return format(histogram.getValueAtPercentile(percentile));
    }

    private static String difference(Histogram slower, Histogram faster, double percentile) {
        long difference = slower.getValueAtPercentile(percentile) - faster.getValueAtPercentile(percentile);
        return (difference < 0 ? "-" : "+") + format(Math.abs(difference));
    }

    private static String format(long nanos) {
        return nanos >= 1_000_000 ? String.format("%.2f ms", nanos / 1e6) : String.format("%.0f µs", nanos / 1e3);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** Reads the body and answers 201 with a small JSON document: an HTTP exchange with no work behind it. */
    private static final class TrivialServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] ANSWER = "{\"status\":\"FILLED\"}".getBytes(StandardCharsets.UTF_8);

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getInputStream().readAllBytes();
            response.setStatus(201);
            response.setContentType("application/json");
            response.setContentLength(ANSWER.length);
            response.getOutputStream().write(ANSWER);
        }
    }

    /** The runtime as the routes see it: the registry and the router, nothing optional (no journal, no risk layer). */
    private record BenchServices(BrokerRegistry registry, OrderRouter routerService) implements Services {
        @Override
        public Optional<OrderRouter> router() {
            return Optional.of(routerService);
        }

        @Override
        public Optional<ExperimentService> experiments() {
            return Optional.empty();
        }

        @Override
        public Optional<OrderJournal> journal() {
            return Optional.empty();
        }

        @Override
        public Optional<ConfigurationHistory> history() {
            return Optional.empty();
        }

        @Override
        public Optional<RiskControl> risk() {
            return Optional.empty();
        }
    }
}

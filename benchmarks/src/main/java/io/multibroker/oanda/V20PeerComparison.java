package io.multibroker.oanda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oanda.v20.Context;
import com.oanda.v20.ContextBuilder;
import com.oanda.v20.account.AccountID;
import com.oanda.v20.order.MarketOrderRequest;
import com.oanda.v20.order.OrderCreateRequest;
import com.oanda.v20.order.OrderCreateResponse;
import com.oanda.v20.transaction.ClientExtensions;
import com.sun.management.OperatingSystemMXBean;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.CallerWaits;
import io.multibroker.bench.TakingTurns;
import io.multibroker.oanda.stub.OandaStub;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * The OANDA adapter against OANDA's own Java client, v20-java 3.0.25 (Gson and Apache HttpClient 4, blocking), placing
 * the same market orders (client order id included) against the stand-in, 1, 8 and 64 callers at a time, with as many
 * connections on either side as callers (v20-java's pool is sized so; the JDK client opens one per request in flight).
 *
 * <p>The stand-in runs in its own JVM, so this process's CPU time is the client's alone: CPU per order is the
 * process's CPU time over a slice (every thread: callers, I/O, JIT, GC) over the orders of that slice. The sides take
 * turns in one-second slices. Warm-up goes on, turn by turn, until the JIT has compiled for less than
 * {@value #SETTLED_COMPILE_MILLIS} ms in each of the last {@value #QUIET_ROUNDS} rounds (at least
 * {@value #MIN_WARM_UP_ROUNDS}, at most {@value #MAX_WARM_UP_ROUNDS} rounds); each side's own settling time is
 * reported as when its slice rates first stayed within {@value #SETTLED_SPREAD_PERCENT} % of their mean over
 * {@value #SETTLED_SLICES} slices. Then {@code rounds} (system property, 8 by default) measured rounds. Figures are
 * medians of the per-slice values and the ratio adapter / v20-java of each round. Every number of callers gets a
 * fresh stand-in (it keeps every order and transaction, as OANDA does, so its heap grows with the orders).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.multibroker.oanda.V20PeerComparison OUTPUT.json}; {@code -Dconcurrency=1,8}
 * picks the levels, {@code -Dsides=adapter} measures one side only (for a profile). The adapter is measured twice:
 * {@code adapter} as an asynchronous caller uses it (the order handed to the account's request thread, the caller woken
 * with the answer) and {@code adapterwaits} as the HTTP API and the shell do, saying that they wait for the answer
 * ({@link CallerWaits}), so the order is placed on the caller's thread. Three more sides send the adapter's
 * request on the caller's own thread through a plain client, each that client's floor: {@code jdkplain} the JDK's
 * {@link HttpClient}, {@code hc5plain} Apache HttpClient 5 (classic, the adapter's transport) and {@code jettyplain}
 * Jetty's client (9.4, which Karaf ships). {@code -Dsettling=30 -Dsides=adapterwaits -Dconcurrency=8} instead follows one
 * side from its first order for 30 s in this JVM alone: when its JIT went quiet and its CPU per order and rate held.
 */
public final class V20PeerComparison {

    private static final String ACCOUNT = "101-001-0000001-001";
    /**
     * The account of every other side. The adapter follows its account's transaction stream; were the others' orders in
     * the same account, the stream would read them too, on this process's CPU, charged to whichever side was running.
     */
    private static final String PEERS_ACCOUNT = "101-001-0000001-002";
    private static final long SLICE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int SETTLED_SLICES = 4;
    private static final int SETTLED_SPREAD_PERCENT = 10;
    private static final int QUIET_ROUNDS = 3;
    private static final int SETTLED_COMPILE_MILLIS = 20;
    private static final int MIN_WARM_UP_ROUNDS = 6;
    private static final int MAX_WARM_UP_ROUNDS = 20;
    private static final int ROUNDS = Integer.getInteger("rounds", 16);
    private static final int SETTLING_SECONDS = Integer.getInteger("settling", 0);
    private static final int SETTLING_TAIL_SLICES = 10;
    private static final int JIT_REMAINING_PERCENT = 2;

    /** One side: sends one order and says whether it came back filled. */
    @FunctionalInterface
    private interface Side {
        boolean order(boolean buy) throws Exception;
    }

    /** One slice of one side: its rate, CPU per order and latencies. */
    private record Slice(double ordersPerSecond, double cpuMicrosPerOrder, double kernelShare, long orders, long failures,
            Histogram latencyMicros) {
    }

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final ProcessHandle standIn;
    private final String baseUrl;

    private V20PeerComparison(ProcessHandle standIn, String baseUrl) {
        this.standIn = standIn;
        this.baseUrl = baseUrl;
    }

    public static void main(String[] args) throws Exception {
        File output = new File(args.length > 0 ? args[0] : "v20-peer.json");
        Set<String> only = Set.of(System.getProperty("sides", "adapter,adapterwaits,v20java,jdkplain,hc5plain,hc5handoff,jettyplain").split(","));
        ObjectMapper json = new ObjectMapper();
        ObjectNode all = json.createObjectNode();
        all.put("machine", Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", stand-in in its own JVM on loopback");
        if (SETTLING_SECONDS > 0 && (SETTLING_SECONDS < SETTLING_TAIL_SLICES || TakingTurns.concurrency().length != 1)) {
            // the first level would warm the JIT for the next; the steady state is the last ten seconds
            throw new IllegalArgumentException("-Dsettling follows one side from its first order: it takes one -Dconcurrency level "
                    + "and at least " + SETTLING_TAIL_SLICES + " seconds, not " + System.getProperty("concurrency", "1,8,64")
                    + " and " + SETTLING_SECONDS);
        }
        for (int callers : TakingTurns.concurrency()) {
            Process process = startStandIn();
            Thread stopStandIn = new Thread(process::destroyForcibly);
            // a run stopped from outside (timeout, Ctrl-C) must not leave the stand-in behind
            Runtime.getRuntime().addShutdownHook(stopStandIn);
            try {
                V20PeerComparison comparison = new V20PeerComparison(process.toHandle(), readBaseUrl(process));
                ObjectNode result = comparison.compare(callers, only, json);
                all.set(Integer.toString(callers), result);
                System.out.println(callers + " callers: " + result);
                json.writerWithDefaultPrettyPrinter().writeValue(output, all);
            } finally {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                Runtime.getRuntime().removeShutdownHook(stopStandIn);
            }
        }
    }

    /** The stand-in in a JVM of its own, on a free loopback port, with this process's class path. */
    private static Process startStandIn() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // the JDK's HTTP server keeps at most 200 idle connections and closes the others; with five sides of 64
        // connections taking turns, 256 sit idle while one side runs, and a request sent on one the server is closing
        // is reset: the stand-in, not a client, would decide the figures at 64 callers. It also answers without Nagle's
        // delay (TCP_NODELAY), as a production server does
        return new ProcessBuilder(java, "-Xmx4g", "-Dsun.net.httpserver.maxIdleConnections=2000", "-Dsun.net.httpserver.nodelay=true", "-cp", System.getProperty("java.class.path"),
                OandaStub.class.getName(),
                "--port", "0", "--account", ACCOUNT, "--account", PEERS_ACCOUNT, "--token", "t").redirectErrorStream(true).start();
    }

    private static String readBaseUrl(Process process) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Pattern url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String line = lines.readLine(); line != null && System.nanoTime() < deadline; line = lines.readLine()) {
            Matcher found = url.matcher(line);
            if (found.find()) {
                // keep draining its output so that it never blocks on a full pipe
                TakingTurns.daemon(() -> drain(lines), "stand-in-output").start();
                return found.group(1);
            }
        }
        throw new IllegalStateException("the stand-in did not say where it listens");
    }

    private static void drain(BufferedReader lines) {
        try {
            while (lines.readLine() != null) {
                // the stand-in's log is not needed: only its pipe must not fill
            }
        } catch (IOException closed) {
            // the stand-in was stopped
        }
    }

    /** Both sides at one number of callers, each with its own fresh client (and so exactly that many connections). */
    private ObjectNode compare(int callers, Set<String> only, ObjectMapper json) throws Exception {
        URI base = URI.create(baseUrl);
        // the client-side rate limit is lifted, as v20-java has none
        OandaBrokerAdapter adapter = new OandaBrokerAdapter(new OandaBrokerAdapter.Settings("bench", ACCOUNT,
                new OandaBrokerAdapter.Endpoints(base, base), "t", Duration.ofSeconds(10), Duration.ofSeconds(10), 1_000_000, 2, Set.of(),
                Duration.ofHours(1)));
        boolean adapterMeasured = only.contains("adapter") || only.contains("adapterwaits");
        if (adapterMeasured) {
            // not otherwise: its transaction stream would read every side's orders, on this process's CPU
            adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
        pool.setMaxTotal(callers);
        pool.setDefaultMaxPerRoute(callers);
        CloseableHttpClient apache = HttpClients.custom().setConnectionManager(pool).build();
        Context v20 = new ContextBuilder(baseUrl).setToken("t").setApplication("multibroker-benchmark").setHttpClient(apache).build();
        AccountID account = new AccountID(PEERS_ACCOUNT);
        Map<String, Side> sides = new LinkedHashMap<>();
        if (only.contains("adapter")) {
            sides.put("adapter", buy -> adapter.placeOrder(UnifiedOrder.market("EUR_USD", buy ? OrderSide.BUY : OrderSide.SELL, BigDecimal.ONE)
                    .build()).toCompletableFuture().join().status() == OrderStatus.FILLED);
        }
        if (only.contains("adapterwaits")) {
            // the adapter as the HTTP API and the shell call it: the caller waits for the answer and says so, and the
            // order is placed on its thread
            sides.put("adapterwaits", buy -> CallerWaits.whileCalling(() -> adapter.placeOrder(UnifiedOrder.market("EUR_USD",
                    buy ? OrderSide.BUY : OrderSide.SELL, BigDecimal.ONE).build())).toCompletableFuture().join().status() == OrderStatus.FILLED);
        }
        if (only.contains("v20java")) {
            sides.put("v20java", buy -> {
                OrderCreateResponse answer = v20.order.create(new OrderCreateRequest(account).setOrder(new MarketOrderRequest()
                        .setInstrument("EUR_USD").setUnits(buy ? BigDecimal.ONE : BigDecimal.ONE.negate())
                        .setClientExtensions(new ClientExtensions().setId(UUID.randomUUID().toString()))));
                return answer.getOrderFillTransaction() != null;
            });
        }
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI orders = URI.create(baseUrl + "/v3/accounts/" + PEERS_ACCOUNT + "/orders");
        if (only.contains("jdkplain")) {
            // the floor of the JDK's client: the adapter's request (body, headers, timeout) sent by the caller itself
            sides.put("jdkplain", buy -> jdk.send(HttpRequest.newBuilder(orders).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + PlainOrderRequest.TOKEN).header("Content-Type", "application/json")
                    .header("Accept-Datetime-Format", "RFC3339").POST(HttpRequest.BodyPublishers.ofByteArray(PlainOrderRequest.body(buy)))
                    .build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 201);
        }
        // the alternatives that run in Karaf, each as its own floor: Apache HttpClient 5 (classic) and Jetty's client
        ApacheHttpClient5Side hc5 = new ApacheHttpClient5Side(orders, callers);
        if (only.contains("hc5plain")) {
            sides.put("hc5plain", hc5::order);
        }
        // what a non-blocking API pays on the same transport: the exchange handed to another thread (a cached pool, as
        // the adapter's request threads are) and its result awaited by the caller, nothing else of the adapter
        ExecutorService handOff = Executors.newCachedThreadPool(r -> TakingTurns.daemon(r, "hand-off"));
        if (only.contains("hc5handoff")) {
            sides.put("hc5handoff", buy -> CompletableFuture.supplyAsync(() -> {
                try {
                    return hc5.order(buy);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, handOff).join());
        }
        JettyClientSide jetty = new JettyClientSide(orders, callers);
        if (only.contains("jettyplain")) {
            sides.put("jettyplain", jetty::order);
        }
        ExecutorService workers = Executors.newFixedThreadPool(callers, r -> TakingTurns.daemon(r, "caller"));
        try {
            return SETTLING_SECONDS > 0 ? settle(sides, callers, workers, json) : measure(sides, callers, workers, json);
        } finally {
            workers.shutdownNow();
            handOff.shutdownNow();
            adapter.deactivate();
            apache.close();
            hc5.close();
            jetty.close();
        }
    }

    private ObjectNode measure(Map<String, Side> sides, int callers, ExecutorService workers, ObjectMapper json) throws Exception {
        Map<String, List<Slice>> warmUp = new LinkedHashMap<>();
        Map<String, List<Slice>> measured = new LinkedHashMap<>();
        sides.keySet().forEach(side -> {
            warmUp.put(side, new ArrayList<>());
            measured.put(side, new ArrayList<>());
        });
        long warmUpStart = System.nanoTime();
        int warmUpRounds = 0;
        int quietRounds = 0;
        ArrayNode compileMillis = json.createArrayNode();
        while (warmUpRounds < MAX_WARM_UP_ROUNDS && (warmUpRounds < MIN_WARM_UP_ROUNDS || quietRounds < QUIET_ROUNDS)) {
            long compiled = jit.getTotalCompilationTime();
            for (Map.Entry<String, Side> side : sides.entrySet()) {
                warmUp.get(side.getKey()).add(slice(side.getValue(), callers, workers));
            }
            long compiling = jit.getTotalCompilationTime() - compiled;
            compileMillis.add(compiling);
            quietRounds = compiling < SETTLED_COMPILE_MILLIS ? quietRounds + 1 : 0;
            warmUpRounds++;
        }
        double warmUpSeconds = (System.nanoTime() - warmUpStart) / 1e9;
        long compiledBefore = jit.getTotalCompilationTime();
        long standInCpuBefore = standInCpuNanos();
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Side> side : sides.entrySet()) {
                measured.get(side.getKey()).add(slice(side.getValue(), callers, workers));
            }
        }
        long standInCpu = standInCpuNanos() - standInCpuBefore;
        ObjectNode result = json.createObjectNode();
        result.put("connectionsEachSide", callers);
        result.put("warmUpRounds", warmUpRounds);
        result.put("warmUpSeconds", warmUpSeconds);
        result.put("jitQuiet", quietRounds >= QUIET_ROUNDS);
        result.set("jitMillisPerWarmUpRound", compileMillis);
        result.put("jitMillisDuringMeasurement", jit.getTotalCompilationTime() - compiledBefore);
        long allOrders = measured.values().stream().flatMap(List::stream).mapToLong(Slice::orders).sum();
        result.put("standInCpuMicrosPerOrder", standInCpu / 1e3 / Math.max(1, allOrders));
        for (String side : sides.keySet()) {
            List<Slice> slices = measured.get(side);
            Histogram latency = new Histogram(3);
            slices.forEach(slice -> latency.add(slice.latencyMicros()));
            ObjectNode node = result.putObject(side);
            node.put("orders", slices.stream().mapToLong(Slice::orders).sum());
            node.put("failures", slices.stream().mapToLong(Slice::failures).sum());
            node.put("ordersPerSecond", median(slices.stream().mapToDouble(Slice::ordersPerSecond).toArray()));
            node.put("cpuMicrosPerOrder", median(slices.stream().mapToDouble(Slice::cpuMicrosPerOrder).toArray()));
            node.put("kernelShareOfCpu", median(slices.stream().mapToDouble(Slice::kernelShare).toArray()));
            node.put("p50Millis", latency.getValueAtPercentile(50) / 1000.0);
            node.put("p99Millis", latency.getValueAtPercentile(99) / 1000.0);
            List<Slice> all = new ArrayList<>(warmUp.get(side));
            all.addAll(slices);
            node.put("settledAfterSeconds", settledAfter(all));
            ArrayNode warmRates = node.putArray("warmUpSliceRates");
            warmUp.get(side).forEach(slice -> warmRates.add(Math.round(slice.ordersPerSecond())));
            ArrayNode rates = node.putArray("sliceRates");
            slices.forEach(slice -> rates.add(Math.round(slice.ordersPerSecond())));
        }
        if (sides.containsKey("v20java")) {
            // each side's rate and CPU as a ratio to v20-java's in the same round, and the median of the rounds
            List<Slice> theirs = measured.get("v20java");
            for (String side : sides.keySet()) {
                List<Slice> ours = measured.get(side);
                double[] rateRatios = new double[ROUNDS];
                double[] cpuRatios = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    rateRatios[round] = ours.get(round).ordersPerSecond() / theirs.get(round).ordersPerSecond();
                    cpuRatios[round] = ours.get(round).cpuMicrosPerOrder() / theirs.get(round).cpuMicrosPerOrder();
                }
                ObjectNode node = (ObjectNode) result.get(side);
                node.put("rateRatioToV20java", median(rateRatios));
                node.put("cpuRatioToV20java", median(cpuRatios));
                // each round's ratios, from which the report takes an interval of the median (the rounds vary more
                // than the medians differ on this machine)
                ArrayNode ratesPerRound = node.putArray("rateRatioRoundsToV20java");
                for (double ratio : rateRatios) {
                    ratesPerRound.add(Math.round(ratio * 100) / 100.0);
                }
                ArrayNode cpuPerRound = node.putArray("cpuRatioRoundsToV20java");
                for (double ratio : cpuRatios) {
                    cpuPerRound.add(Math.round(ratio * 100) / 100.0);
                }
            }
        }
        return result;
    }

    /**
     * One side from its first order in a fresh JVM (run.sh starts one per side): one-second slices for
     * {@code -Dsettling} seconds, each with its rate, its CPU per order and what the JIT compiled during it. Taking turns
     * with other sides cannot show this: their compiling and their load fall into the same process and slices. The CPU
     * per order is this process's alone (the stand-in runs in its own), so it varies less with the machine than the
     * rate, which also waits for the stand-in.
     */
    private ObjectNode settle(Map<String, Side> sides, int callers, ExecutorService workers, ObjectMapper json) throws Exception {
        if (sides.size() != 1) {
            throw new IllegalArgumentException("-Dsettling measures one side in a JVM of its own: give it one with -Dsides, not "
                    + sides.keySet());
        }
        Map.Entry<String, Side> side = sides.entrySet().iterator().next();
        List<Slice> slices = new ArrayList<>();
        List<Long> compileMillis = new ArrayList<>();
        for (int second = 0; second < SETTLING_SECONDS; second++) {
            long compiled = jit.getTotalCompilationTime();
            slices.add(slice(side.getValue(), callers, workers));
            compileMillis.add(jit.getTotalCompilationTime() - compiled);
        }
        ObjectNode result = json.createObjectNode();
        result.put("connectionsEachSide", callers);
        ObjectNode node = result.putObject(side.getKey());
        node.put("seconds", SETTLING_SECONDS);
        node.put("jitSettledAtSecond", jitSettledAt(compileMillis));
        double[] cpu = slices.stream().mapToDouble(Slice::cpuMicrosPerOrder).toArray();
        double[] rate = slices.stream().mapToDouble(Slice::ordersPerSecond).toArray();
        node.put("cpuSteadyFromSecond", steadyFrom(cpu));
        node.put("rateSteadyFromSecond", steadyFrom(rate));
        node.put("finalCpuMicrosPerOrder", median(Arrays.copyOfRange(cpu, cpu.length - SETTLING_TAIL_SLICES, cpu.length)));
        node.put("finalOrdersPerSecond", median(Arrays.copyOfRange(rate, rate.length - SETTLING_TAIL_SLICES, rate.length)));
        ArrayNode jitPerSecond = node.putArray("jitMillisPerSecond");
        compileMillis.forEach(jitPerSecond::add);
        ArrayNode cpuPerSecond = node.putArray("cpuMicrosPerOrderPerSecond");
        Arrays.stream(cpu).forEach(value -> cpuPerSecond.add(Math.round(value)));
        ArrayNode ratePerSecond = node.putArray("ordersPerSecondPerSecond");
        Arrays.stream(rate).forEach(value -> ratePerSecond.add(Math.round(value)));
        return result;
    }

    /**
     * The first second after which the JIT compiled less than {@value #JIT_REMAINING_PERCENT} % of all it compiled in the
     * run, or -1 when even the last second compiled more: an isolated late compilation (a deoptimized method compiled
     * again) does not count as still warming up.
     */
    private static int jitSettledAt(List<Long> compileMillis) {
        long total = compileMillis.stream().mapToLong(Long::longValue).sum();
        long remaining = total;
        for (int second = 0; second < compileMillis.size(); second++) {
            if (remaining * 100 <= total * JIT_REMAINING_PERCENT) {
                return second;
            }
            remaining -= compileMillis.get(second);
        }
        return -1;
    }

    /**
     * The first second from which the median of every three seconds in a row stays within
     * {@value #SETTLED_SPREAD_PERCENT} % of the median of the last {@value #SETTLING_TAIL_SLICES} (the steady state), or
     * -1 when not even the last three do. A median of three lets one second that the machine disturbed pass, as a
     * warming JIT disturbs several in a row.
     */
    private static int steadyFrom(double[] perSecond) {
        double steady = median(Arrays.copyOfRange(perSecond, perSecond.length - SETTLING_TAIL_SLICES, perSecond.length));
        int first = -1;
        for (int start = perSecond.length - 3; start >= 0; start--) {
            double windowMedian = median(Arrays.copyOfRange(perSecond, start, start + 3));
            if (Math.abs(windowMedian - steady) > steady * SETTLED_SPREAD_PERCENT / 100.0) {
                break;
            }
            first = start;
        }
        return first;
    }

    private static boolean settledAt(List<Slice> slices, int upTo) {
        if (upTo < SETTLED_SLICES) {
            return false;
        }
        double[] last = slices.subList(upTo - SETTLED_SLICES, upTo).stream().mapToDouble(Slice::ordersPerSecond).toArray();
        double mean = Arrays.stream(last).average().orElse(0);
        return Arrays.stream(last).allMatch(rate -> Math.abs(rate - mean) <= mean * SETTLED_SPREAD_PERCENT / 100.0);
    }

    /** The seconds of its own slices a side had run when its rate first held steady (from then on), or -1. */
    private static double settledAfter(List<Slice> slices) {
        int first = -1;
        for (int upTo = slices.size(); upTo >= SETTLED_SLICES && settledAt(slices, upTo); upTo--) {
            first = upTo - SETTLED_SLICES;
        }
        return first < 0 ? -1 : first * SLICE_NANOS / 1e9;
    }

    private long standInCpuNanos() {
        return standIn.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Every caller sends orders until the slice ends; the slice lasts until the last order is answered. */
    private Slice slice(Side side, int callers, ExecutorService workers) throws Exception {
        Recorder latency = new Recorder(3);
        AtomicLong orders = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> lastFailure = new AtomicReference<>();
        long cpuBefore = os.getProcessCpuTime();
        long[] ticksBefore = userAndKernelTicks();
        long start = System.nanoTime();
        long deadline = start + SLICE_NANOS;
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < callers; w++) {
            boolean startWithBuy = w % 2 == 0;
            running.add(workers.submit(() -> {
                boolean buy = !startWithBuy;
                while (System.nanoTime() < deadline) {
                    buy = !buy;
                    long sent = System.nanoTime();
                    boolean filled;
                    try {
                        filled = side.order(buy);
                    } catch (Exception e) {
                        // counted, not fatal: a failed order is part of a side's figures (for example the JDK
                        // client failing a POST on a pooled connection the stand-in had closed)
                        filled = false;
                        lastFailure.set(e.toString());
                    }
                    latency.recordValue((System.nanoTime() - sent) / 1_000);
                    orders.incrementAndGet();
                    if (!filled) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get(60, TimeUnit.SECONDS);
        }
        long elapsed = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long[] ticks = userAndKernelTicks();
        long user = ticks[0] - ticksBefore[0];
        long kernel = ticks[1] - ticksBefore[1];
        long count = orders.get();
        if (lastFailure.get() != null) {
            System.out.println(failures.get() + " failed orders in a slice, the last: " + lastFailure.get());
        }
        return new Slice(count * 1e9 / elapsed, count == 0 ? 0 : cpu / 1e3 / count, user + kernel == 0 ? 0 : kernel / (double) (user + kernel),
                count, failures.get(), latency.getIntervalHistogram());
    }

    /**
     * This process's user and kernel CPU ticks from /proc (Linux; zeros elsewhere): the kernel's share is mostly
     * waking and parking threads and the socket calls, which a Java profile does not see.
     */
    private static long[] userAndKernelTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the fields after the command name, which is in parentheses: utime and stime are the 12th and 13th
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

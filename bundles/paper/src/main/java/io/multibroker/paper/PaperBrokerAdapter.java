package io.multibroker.paper;

import io.multibroker.api.support.OrderEventFanout;
import io.multibroker.api.support.PriceFanout;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated account per factory configuration of {@code io.multibroker.paper}. Orders are checked
 * against the account's capabilities first (refused without reaching the simulated broker), then
 * answered after a latency drawn from the configured distribution, possibly rejected with the
 * configured probability, and otherwise matched by the {@link PaperExchange}.
 */
@Component(service = BrokerAdapter.class, configurationPid = PaperBrokerType.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = BrokerAdapter.BROKER_TYPE + "=" + PaperBrokerType.ID)
@Designate(ocd = PaperBrokerConfig.class, factory = true)
public final class PaperBrokerAdapter implements BrokerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(PaperBrokerAdapter.class);
    private static final int SUBSCRIBER_BUFFER = 256;
    private static final int EVENT_BUFFER = 1024;
    private static final Set<OrderEventKind> EVENT_KINDS = Set.copyOf(EnumSet.of(OrderEventKind.ACCEPTED,
            OrderEventKind.PARTIALLY_FILLED, OrderEventKind.FILLED, OrderEventKind.CANCELLED, OrderEventKind.EXPIRED,
            OrderEventKind.REPLACED, OrderEventKind.REJECTED));

    /**
     * Everything a configuration decides, as one immutable value: a call takes the simulation in force
     * when it starts and finishes on it, whatever reconfiguration happens meanwhile.
     */
    private record Simulation(Settings settings, BrokerCapabilities capabilities, PriceProcess prices, PaperExchange exchange,
            LatencyModel latency, SplittableRandom rejectRandom) {
    }

    private final String accountId;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService deliveryExecutor;
    private final PriceFanout fanout;
    /** The matching engine's order events, to every subscriber with its own buffer. */
    private final OrderEventFanout events;
    private final AtomicLong brokerRequests = new AtomicLong();
    /** A fault for tests: the next order reaches the simulated broker and its answer is lost on the way back. */
    private final AtomicBoolean loseNextOrderAnswer = new AtomicBoolean();
    /** Calls waiting out their simulated latency: failed with a clear error if the account closes first. */
    private final Set<CompletableFuture<?>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Simulation simulation;
    private volatile ScheduledFuture<?> priceTask;
    private volatile boolean connected;

    @Activate
    public PaperBrokerAdapter(PaperBrokerConfig config) {
        this(Settings.from(config), Clock.systemUTC());
    }

    PaperBrokerAdapter(Settings settings, Clock clock) {
        this.accountId = settings.accountId;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("paper-" + accountId));
        this.deliveryExecutor = Executors.newCachedThreadPool(daemon("paper-" + accountId + "-prices"));
        this.fanout = new PriceFanout(deliveryExecutor, SUBSCRIBER_BUFFER);
        this.events = new OrderEventFanout(accountId, deliveryExecutor, EVENT_BUFFER, clock);
        this.simulation = simulation(settings, null);
        LOG.info("paper account {} ready: {} instruments, hedging={}, latency median {} ms", accountId,
                settings.instruments.size(), settings.hedging, settings.latencyMedianMillis);
    }

    /**
     * A new simulation for these settings. The book (balance, orders, positions) and the price path are
     * kept from {@code current} unless a setting that defines them changed (currency, balance, hedging, seed).
     */
    private Simulation simulation(Settings settings, Simulation current) {
        Map<String, Instrument> limits = new LinkedHashMap<>();
        settings.instruments.forEach(i -> limits.put(i.symbol(), i.limits()));
        BrokerCapabilities capabilities = new BrokerCapabilities(features(settings.hedging), timeInForce(), limits);
        SplittableRandom seeds = new SplittableRandom(settings.seed);
        long exchangeSeed = seeds.split().nextLong();
        LatencyModel latency = new LatencyModel(settings.latencyMedianMillis, settings.latencySigma, seeds.split().nextLong());
        SplittableRandom rejectRandom = seeds.split();
        if (current != null && !current.settings.definesANewBook(settings)) {
            current.exchange.liquidity(settings.maxFillUnits);
            return new Simulation(settings, capabilities, current.prices, current.exchange, latency, rejectRandom);
        }
        // the price process always quotes every catalogue instrument: currency conversion needs the FX pairs
        PriceProcess prices = new PriceProcess(List.copyOf(PaperInstrument.CATALOGUE.values()), settings.seed, clock.instant());
        PaperExchange exchange = new PaperExchange(accountId, settings.currency, settings.balance, settings.hedging,
                PaperInstrument.CATALOGUE, prices, exchangeSeed, this::publishEvent);
        exchange.liquidity(settings.maxFillUnits);
        return new Simulation(settings, capabilities, prices, exchange, latency, rejectRandom);
    }

    /**
     * A changed configuration, applied in place: calls in flight finish on the settings they started with,
     * price subscribers keep their subscriptions, and the book is kept unless a setting that defines it changed.
     */
    @Modified
    void modified(PaperBrokerConfig config) {
        apply(Settings.from(config));
    }

    void apply(Settings settings) {
        if (!settings.accountId.equals(accountId)) {
            LOG.error("paper account {}: account.id cannot change to {}; the change is ignored", accountId, settings.accountId);
            return;
        }
        Simulation previous = simulation;
        Simulation next = simulation(settings, previous);
        simulation = next;
        if (next.exchange != previous.exchange) {
            LOG.warn("paper account {}: currency, balance, hedging or seed changed, so the simulated book starts afresh", accountId);
        }
        if (!settings.priceInterval.equals(previous.settings.priceInterval) && connected) {
            schedulePrices(settings.priceInterval);
        }
        LOG.info("paper account {} reconfigured in place", accountId);
    }

    static Set<BrokerCapability> features(boolean hedging) {
        Set<BrokerCapability> features = EnumSet.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.LIMIT_ORDERS,
                BrokerCapability.STOP_ORDERS, BrokerCapability.MARKET_IF_TOUCHED_ORDERS, BrokerCapability.TRAILING_STOPS,
                BrokerCapability.STOP_LOSS_ON_FILL, BrokerCapability.TAKE_PROFIT_ON_FILL, BrokerCapability.FRACTIONAL_UNITS,
                BrokerCapability.PRICE_STREAMING, BrokerCapability.CLIENT_ORDER_ID_LOOKUP, BrokerCapability.ORDER_EVENTS,
                BrokerCapability.REPLACE_ORDERS, BrokerCapability.CLOSE_POSITION, BrokerCapability.OPEN_ORDERS);
        features.add(hedging ? BrokerCapability.HEDGING : BrokerCapability.FIFO_ONLY);
        return features;
    }

    private static Map<OrderType, Set<TimeInForce>> timeInForce() {
        Map<OrderType, Set<TimeInForce>> tif = new EnumMap<>(OrderType.class);
        tif.put(OrderType.MARKET, EnumSet.of(TimeInForce.FOK, TimeInForce.IOC));
        tif.put(OrderType.LIMIT, EnumSet.of(TimeInForce.GTC, TimeInForce.GTD, TimeInForce.GFD, TimeInForce.FOK, TimeInForce.IOC));
        tif.put(OrderType.STOP, EnumSet.of(TimeInForce.GTC, TimeInForce.GTD, TimeInForce.GFD));
        tif.put(OrderType.MARKET_IF_TOUCHED, EnumSet.of(TimeInForce.GTC, TimeInForce.GTD, TimeInForce.GFD));
        return tif;
    }

    @Deactivate
    void close() {
        connected = false;
        fanout.closeAll();
        events.closeAll();
        scheduler.shutdownNow();
        deliveryExecutor.shutdownNow();
        // nothing waits forever on an account that went away (bundle removed, configuration deleted)
        StandardBrokerError closed = StandardBrokerError.of(ErrorCode.BROKER_UNAVAILABLE, null,
                "paper account " + accountId + " was closed before answering", ErrorContext.account(accountId));
        inFlight.forEach(call -> call.completeExceptionally(closed));
        LOG.info("paper account {} closed", accountId);
    }

    @Override
    public String brokerType() {
        return PaperBrokerType.ID;
    }

    @Override
    public String accountId() {
        return accountId;
    }

    @Override
    public BrokerCapabilities capabilities() {
        return simulation.capabilities;
    }

    @Override
    public synchronized CompletionStage<Void> connect() {
        if (!connected) {
            connected = true;
            schedulePrices(simulation.settings.priceInterval);
        }
        return CompletableFuture.completedFuture(null);
    }

    private synchronized void schedulePrices(Duration interval) {
        if (priceTask != null) {
            priceTask.cancel(false);
        }
        long period = interval.toMillis();
        priceTask = scheduler.scheduleAtFixedRate(this::stepPrices, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized CompletionStage<Void> disconnect() {
        connected = false;
        if (priceTask != null) {
            priceTask.cancel(false);
            priceTask = null;
        }
        return CompletableFuture.completedFuture(null);
    }

    private void stepPrices() {
        try {
            Instant now = clock.instant();
            Simulation current = simulation;
            List<PriceTick> ticks = current.prices.step(now);
            current.exchange.onPrices(ticks, now, current.settings.slippagePipsMean);
            fanout.publish(ticks);
        } catch (RuntimeException e) {
            // a failure here must not cancel the periodic task: log it and keep quoting
            LOG.error("paper account {}: price step failed", accountId, e);
        }
    }

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
        Instant submittedAt = clock.instant();
        Simulation current = simulation;
        Optional<ErrorDetail> refusal = current.capabilities.refusal(order);
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order,
                    refusal.get().withContext(context(order)), submittedAt));
        }
        if (!connected) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order,
                    new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE, true, null, "paper account " + accountId + " is not connected",
                            context(order)), submittedAt));
        }
        brokerRequests.incrementAndGet();
        return afterLatency(current, () -> {
            Instant now = clock.instant();
            ErrorCode rejectCode = current.settings.rejectCode;
            if (simulatedRejection(current)) {
                return OrderResult.rejected(accountId, order, new ErrorDetail(rejectCode, rejectCode.retryable(),
                        "SIMULATED_" + rejectCode, "simulated rejection (" + rejectCode + ")", context(order)), now);
            }
            OrderResult result = current.exchange.submit(order, submittedAt, now, current.settings.slippagePipsMean);
            if (loseNextOrderAnswer.compareAndSet(true, false)) {
                throw StandardBrokerError.of(ErrorCode.NETWORK_ERROR, null, "simulated: the connection dropped before the answer",
                        context(order));
            }
            return result;
        }).exceptionally(failure -> {
            // the call failed (the account closed, the answer was lost): the simulated broker's book says whether the
            // order reached it, which a failure alone cannot; only an order it does not hold is certainly not executed
            Optional<OrderResult> placed = current.exchange.orderByClientId(order.clientOrderId());
            if (placed.isPresent()) {
                return placed.get();
            }
            StandardBrokerError error = StandardBrokerError.from(failure);
            return OrderResult.rejected(accountId, order, error.detail().withContext(context(order)), clock.instant());
        });
    }

    private static boolean simulatedRejection(Simulation current) {
        if (current.settings.rejectProbability <= 0) {
            return false;
        }
        synchronized (current.rejectRandom) {
            return current.rejectRandom.nextDouble() < current.settings.rejectProbability;
        }
    }

    @Override
    public CompletionStage<OrderResult> cancelOrder(String brokerOrderId) {
        brokerRequests.incrementAndGet();
        Simulation current = simulation;
        return afterLatency(current, () -> current.exchange.cancel(brokerOrderId, clock.instant()).orElseThrow(() -> notFound(brokerOrderId)));
    }

    @Override
    public CompletionStage<OrderResult> getOrder(String brokerOrderId) {
        brokerRequests.incrementAndGet();
        Simulation current = simulation;
        return afterLatency(current, () -> current.exchange.order(brokerOrderId).orElseThrow(() -> notFound(brokerOrderId)));
    }

    @Override
    public CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId) {
        brokerRequests.incrementAndGet();
        Simulation current = simulation;
        return afterLatency(current, () -> current.exchange.orderByClientId(clientOrderId));
    }

    private void publishEvent(OrderEvent event) {
        events.publish(event);
    }

    @Override
    public Flow.Publisher<OrderEvent> orderEvents() {
        return events.publisher();
    }

    @Override
    public Set<OrderEventKind> orderEventKinds() {
        return EVENT_KINDS;
    }

    @Override
    public CompletionStage<OrderResult> replaceOrder(String brokerOrderId, OrderReplacement replacement) {
        Simulation current = simulation;
        Optional<UnifiedOrder> original = current.exchange.request(brokerOrderId);
        if (original.isEmpty()) {
            return CompletableFuture.failedFuture(notFound(brokerOrderId));
        }
        UnifiedOrder replacing;
        try {
            replacing = replacement.applyTo(original.get());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(StandardBrokerError.of(ErrorCode.INVALID_ORDER, null, e.getMessage(),
                    context(original.get()).withOrder(brokerOrderId, replacement.clientOrderId())));
        }
        Optional<ErrorDetail> refusal = current.capabilities.refusal(replacing);
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(new StandardBrokerError(refusal.get().withContext(context(replacing))));
        }
        brokerRequests.incrementAndGet();
        return afterLatency(current, () -> current.exchange.replace(brokerOrderId, replacement, clock.instant(),
                current.settings.slippagePipsMean).orElseThrow(() -> notFound(brokerOrderId)));
    }

    @Override
    public CompletionStage<List<OrderResult>> openOrders() {
        brokerRequests.incrementAndGet();
        Simulation current = simulation;
        return afterLatency(current, current.exchange::openOrders);
    }

    @Override
    public CompletionStage<List<OrderResult>> closePosition(String instrument) {
        Simulation current = simulation;
        if (!current.capabilities.instruments().containsKey(instrument)) {
            return CompletableFuture.failedFuture(StandardBrokerError.of(ErrorCode.INVALID_SYMBOL, null, "not tradeable at "
                    + accountId + ": " + instrument, ErrorContext.account(accountId)));
        }
        brokerRequests.incrementAndGet();
        return afterLatency(current, () -> {
            List<OrderResult> closed = current.exchange.closePosition(instrument, clock.instant(), current.settings.slippagePipsMean);
            if (closed.isEmpty()) {
                throw StandardBrokerError.of(ErrorCode.INVALID_ORDER, "POSITION_DOESNT_EXIST", "no open position in " + instrument
                        + " at " + accountId, new ErrorContext(accountId, null, null, instrument, null));
            }
            return closed;
        });
    }

    @Override
    public CompletionStage<List<UnifiedPosition>> positions() {
        Simulation current = simulation;
        return afterLatency(current, () -> current.exchange.positions().stream()
                .filter(p -> current.capabilities.instruments().containsKey(p.instrument())).toList());
    }

    @Override
    public CompletionStage<UnifiedAccountSummary> accountSummary() {
        Simulation current = simulation;
        return afterLatency(current, () -> current.exchange.summary(clock.instant()));
    }

    @Override
    public CompletionStage<List<Instrument>> instruments() {
        return CompletableFuture.completedFuture(new ArrayList<>(simulation.capabilities.instruments().values()));
    }

    @Override
    public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) {
        Set<String> unknown = new TreeSet<>(instruments);
        unknown.removeAll(simulation.capabilities.instruments().keySet());
        if (!unknown.isEmpty() || instruments.isEmpty()) {
            StandardBrokerError error = StandardBrokerError.of(ErrorCode.INVALID_SYMBOL, null,
                    instruments.isEmpty() ? "no instrument given" : "not tradeable at " + accountId + ": " + unknown,
                    ErrorContext.account(accountId));
            return BrokerAdapter.failedStream(error);
        }
        return fanout.publisher(instruments);
    }

    @Override
    public CompletionStage<HealthReport> checkHealth() {
        return afterLatency(simulation, () -> connected ? HealthReport.up()
                : HealthReport.down(ErrorCode.BROKER_UNAVAILABLE, "not connected"));
    }

    /** The next order is carried out by the simulated broker and its answer lost, as a dropped connection loses it. */
    void loseNextOrderAnswer() {
        loseNextOrderAnswer.set(true);
    }

    /** For tests: the market reaches the resting order now, at its price (it fills as far as the liquidity allows). */
    boolean touch(String brokerOrderId) {
        return simulation.exchange.touch(brokerOrderId, clock.instant());
    }

    /** Requests the adapter sent to the simulated broker: what the conformance suite counts. */
    long brokerRequestCount() {
        return brokerRequests.get();
    }

    /** The current ask of a symbol, as the simulated broker quotes it. */
    BigDecimal currentAsk(String symbol) {
        return simulation.prices.current(symbol).ask();
    }

    int priceSubscriberCount() {
        return fanout.subscriberCount();
    }

    private <T> CompletionStage<T> afterLatency(Simulation current, java.util.function.Supplier<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        inFlight.add(result);
        result.whenComplete((value, failure) -> inFlight.remove(result));
        try {
            scheduler.schedule(() -> {
                try {
                    result.complete(call.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }, current.latency.sample().toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(StandardBrokerError.of(ErrorCode.BROKER_UNAVAILABLE, null,
                    "paper account " + accountId + " is shut down", ErrorContext.account(accountId)));
        }
        return result;
    }

    private StandardBrokerError notFound(String orderId) {
        return StandardBrokerError.of(ErrorCode.ORDER_NOT_FOUND, "ORDER_DOESNT_EXIST", "no order " + orderId + " at " + accountId,
                new ErrorContext(accountId, orderId, null, null, null));
    }

    private ErrorContext context(UnifiedOrder order) {
        return new ErrorContext(accountId, order.orderId(), order.clientOrderId(), order.instrument(), null);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The configuration, checked and converted; also built directly by tests. */
    static final class Settings {
        /** Whether going from these settings to {@code next} needs a new book (balance, orders, positions, price path). */
        boolean definesANewBook(Settings next) {
            return !currency.equals(next.currency) || balance.compareTo(next.balance) != 0 || hedging != next.hedging
                    || seed != next.seed;
        }

        String accountId;
        String currency = "USD";
        BigDecimal balance = new BigDecimal("100000");
        boolean hedging;
        double latencyMedianMillis = 20;
        double latencySigma = 0.4;
        double rejectProbability;
        ErrorCode rejectCode = ErrorCode.MARKET_CLOSED;
        BigDecimal slippagePipsMean = BigDecimal.ZERO;
        /** Units a resting order fills per price step at most; null for no limit. */
        BigDecimal maxFillUnits;
        long seed = 42;
        Duration priceInterval = Duration.ofMillis(250);
        List<PaperInstrument> instruments = List.copyOf(PaperInstrument.CATALOGUE.values());

        static Settings from(PaperBrokerConfig config) {
            Settings settings = new Settings();
            settings.accountId = config.account_id();
            settings.currency = config.currency();
            settings.balance = new BigDecimal(config.balance().trim());
            settings.hedging = config.hedging();
            settings.latencyMedianMillis = config.latency_median_ms();
            settings.latencySigma = config.latency_sigma();
            settings.rejectProbability = config.reject_probability();
            settings.rejectCode = ErrorCode.valueOf(config.reject_code());
            settings.slippagePipsMean = BigDecimal.valueOf(config.slippage_pips_mean());
            settings.seed = config.seed();
            String maxFill = config.max_fill_units() == null ? "" : config.max_fill_units().trim();
            settings.maxFillUnits = maxFill.isEmpty() ? null : new BigDecimal(maxFill);
            settings.priceInterval = Duration.ofMillis(config.price_interval_ms());
            String[] symbols = config.instruments();
            if (symbols != null && symbols.length > 0) {
                List<PaperInstrument> chosen = new ArrayList<>();
                // a .cfg file gives a list as one comma-separated text: accept both forms
                List<String> names = java.util.Arrays.stream(symbols).flatMap(v -> java.util.Arrays.stream(v.split(",")))
                        .map(String::trim).filter(v -> !v.isEmpty()).distinct().toList();
                for (String symbol : names) {
                    PaperInstrument instrument = PaperInstrument.CATALOGUE.get(symbol);
                    if (instrument == null) {
                        throw new IllegalArgumentException("instruments: " + symbol + " is not quoted by the paper broker");
                    }
                    chosen.add(instrument);
                }
                settings.instruments = chosen;
            }
            return settings;
        }
    }
}

package io.multibroker.paper;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthReport;
import io.multibroker.api.HealthStatus;
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
import io.multibroker.api.support.OrderEventFanout;
import io.multibroker.api.support.PriceFanout;
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
import java.util.function.Function;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
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
    private record Simulation(Settings settings, BrokerCapabilities capabilities, PriceProcess prices, PriceProcess usPrices,
            AccountQuotes quotes, PaperExchange exchange, LatencyModel latency, SplittableRandom rejectRandom) {
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
    /** The equity session in the capabilities, derived again at each open and close. */
    private final SessionCapabilities sessions;
    /** Finds the account a price source names: the registry's accounts, or a test's. */
    private final Function<String, Optional<BrokerAccount>> accounts;

    /**
     * Only an account with a {@code price.source} needs the registry, and the registry tracks this adapter: optional and
     * dynamic, so that neither waits for the other and a registry that comes later is used from then on. Held as service
     * objects got when a price source looks an account up: getting the registry while this adapter activates (inside the
     * registry's own activation, which binds this adapter) is a cycle the framework answers by leaving it unbound.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ComponentServiceObjects<BrokerRegistry> registry;

    @Activate
    public PaperBrokerAdapter(PaperBrokerConfig config) {
        this(Settings.from(config), Clock.systemUTC(), null);
    }

    PaperBrokerAdapter(Settings settings, Clock clock) {
        this(settings, clock, null);
    }

    /** @param accounts finds a price source's account by id; null for the registry's */
    PaperBrokerAdapter(Settings settings, Clock clock, Function<String, Optional<BrokerAccount>> accounts) {
        this.accountId = settings.accountId;
        this.clock = clock;
        this.accounts = accounts != null ? accounts : this::registered;
        this.sessions = new SessionCapabilities(clock);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("paper-" + accountId));
        this.deliveryExecutor = Executors.newCachedThreadPool(daemon("paper-" + accountId + "-prices"));
        this.fanout = new PriceFanout(deliveryExecutor, SUBSCRIBER_BUFFER);
        this.events = new OrderEventFanout(accountId, deliveryExecutor, EVENT_BUFFER, clock);
        this.simulation = simulation(settings, null);
        followSource(settings, simulation);
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
            return new Simulation(settings, capabilities, current.prices, current.usPrices, current.quotes, current.exchange, latency,
                    rejectRandom);
        }
        // the price process always quotes every catalogue instrument: currency conversion needs the FX pairs
        PriceProcess prices = new PriceProcess(List.copyOf(PaperInstrument.CATALOGUE.values()), settings.seed, clock.instant(),
                settings.pricePath, settings.spreadScale);
        // US equities and crypto walk apart, on a seed of their own drawn last, so that a seed gives the FX prices it always gave
        PriceProcess usPrices = new PriceProcess(UsMarkets.all(), seeds.split().nextLong(), clock.instant());
        AccountQuotes quotes = new AccountQuotes(prices, usPrices, clock);
        PaperExchange exchange = new PaperExchange(accountId, settings.currency, settings.balance, settings.hedging,
                AssetClass.everything(), quotes, exchangeSeed, this::publishEvent);
        exchange.liquidity(settings.maxFillUnits);
        return new Simulation(settings, capabilities, prices, usPrices, quotes, exchange, latency, rejectRandom);
    }

    /**
     * Points the book's prices at the configured market hours and price source: a new subscription when the source, the
     * instruments or the staleness changed, none without a source. The previous source's subscription ends.
     */
    private void followSource(Settings settings, Simulation next) {
        next.quotes.hours(settings.marketHours);
        PriceSource existing = next.quotes.source();
        Set<String> symbols = new TreeSet<>();
        settings.instruments.forEach(i -> symbols.add(i.symbol()));
        if (settings.priceSource == null) {
            if (existing != null) {
                existing.close();
                next.quotes.use(null);
            }
            return;
        }
        if (existing != null && existing.sourceId().equals(settings.priceSource) && existing.instruments().equals(symbols)
                && existing.staleAfter().equals(settings.priceStale)) {
            return;
        }
        if (existing != null) {
            existing.close();
        }
        PriceSource source = new PriceSource(accountId, settings.priceSource, symbols, settings.priceStale, clock, accounts,
                this::onSourceTick);
        next.quotes.use(source);
        if (connected) {
            scheduler.execute(source::check);
        }
        LOG.info("paper account {} fills against the prices of {} for {}", accountId, settings.priceSource, symbols);
    }

    private Optional<BrokerAccount> registered(String id) {
        ComponentServiceObjects<BrokerRegistry> current = registry;
        BrokerRegistry got = current == null ? null : current.getService();
        if (got == null) {
            return Optional.empty();
        }
        try {
            return got.account(id);
        } finally {
            current.ungetService(got);
        }
    }

    /** A tick of the price source: resting orders are matched against it and subscribers get it. */
    private void onSourceTick(PriceTick tick) {
        try {
            Simulation current = simulation;
            Instant now = clock.instant();
            if (tradingNow(current, tick, now)) {
                List<PriceTick> ticks = List.of(tick);
                current.exchange.onPrices(ticks, now, current.settings.slippagePipsMean);
                fanout.publish(ticks);
            }
        } catch (RuntimeException e) {
            LOG.error("paper account {}: a price of its source could not be applied", accountId, e);
        }
    }

    /** Whether the instrument's market trades now: US equities keep the configured hours, the rest trade around the clock. */
    private static boolean tradingNow(Simulation current, PriceTick tick, Instant now) {
        return !UsMarkets.EQUITIES.containsKey(tick.instrument()) || current.settings.marketHours.openAt(now);
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
        if (next.quotes != previous.quotes && previous.quotes.source() != null) {
            previous.quotes.source().close();
        }
        followSource(settings, next);
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
        PriceSource source = simulation.quotes.source();
        if (source != null) {
            source.close();
        }
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
        Simulation current = simulation;
        return sessions.of(current.capabilities, current.settings.marketHours);
    }

    @Override
    public synchronized CompletionStage<Void> connect() {
        if (!connected) {
            connected = true;
            schedulePrices(simulation.settings.priceInterval);
            PriceSource source = simulation.quotes.source();
            if (source != null) {
                scheduler.execute(source::check);
            }
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
            if (current.settings.tradesUsMarkets()) {
                ticks = new ArrayList<>(ticks);
                ticks.addAll(current.usPrices.step(now));
            }
            PriceSource source = current.quotes.source();
            if (source != null) {
                source.check();
            }
            // the simulated prices of instruments quoted by a source, or of a closed market, are matched and shown to no one;
            // the step still runs, for the expiries (and the walks go on, for conversions)
            List<PriceTick> trading = source == null && !current.settings.assetClasses.contains(AssetClass.US_EQUITY) ? ticks
                    : ticks.stream().filter(t -> (source == null || !source.covers(t.instrument())) && tradingNow(current, t, now)).toList();
            current.exchange.onPrices(trading, now, current.settings.slippagePipsMean);
            fanout.publish(trading);
        } catch (RuntimeException e) {
            // a failure here must not cancel the periodic task: log it and keep quoting
            LOG.error("paper account {}: price step failed", accountId, e);
        }
    }

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
        Instant submittedAt = clock.instant();
        Simulation current = simulation;
        Optional<ErrorDetail> refusal = capabilities().refusal(order);
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order,
                    refusal.get().withContext(context(order)), submittedAt));
        }
        if (!connected) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order,
                    new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE, true, null, "paper account " + accountId + " is not connected",
                            context(order)), submittedAt));
        }
        Optional<String> noPrice = noLivePrice(current, order);
        if (noPrice.isPresent()) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order,
                    new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE, true, "STALE_PRICE", noPrice.get(), context(order)), submittedAt));
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

    /**
     * Why an order that must execute now (market, IOC, FOK) cannot, when the account fills against a price source whose
     * price of the instrument is missing or stale: no fill on a price that may no longer be the market's.
     */
    private static Optional<String> noLivePrice(Simulation current, UnifiedOrder order) {
        PriceSource source = current.quotes.source();
        boolean now = order.type() == OrderType.MARKET || order.timeInForce() == TimeInForce.IOC || order.timeInForce() == TimeInForce.FOK;
        if (source == null || !now || !source.covers(order.instrument())) {
            return Optional.empty();
        }
        return source.whyNotExecutable(order.instrument());
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
        Optional<ErrorDetail> refusal = capabilities().refusal(replacing);
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
        Simulation current = simulation;
        return afterLatency(current, () -> {
            if (!connected) {
                return HealthReport.down(ErrorCode.BROKER_UNAVAILABLE, "not connected");
            }
            PriceSource source = current.quotes.source();
            Optional<String> problem = source == null ? Optional.empty() : source.healthProblem();
            // answering, but its market orders are refused until the source's prices flow again
            return problem.map(why -> new HealthReport(HealthStatus.DEGRADED, why, ErrorCode.BROKER_UNAVAILABLE))
                    .orElseGet(HealthReport::up);
        });
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
        return simulation.quotes.current(symbol).ask();
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
                    || seed != next.seed || !pricePath.equals(next.pricePath) || spreadScale.compareTo(next.spreadScale) != 0;
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
        Set<AssetClass> assetClasses = EnumSet.of(AssetClass.FX);
        MarketHours marketHours = MarketHours.NEW_YORK;
        /** The account whose prices the book fills against, or null for the simulation. */
        String priceSource;
        Duration priceStale = Duration.ofSeconds(5);
        /** Fixed mids instead of the walk for the instruments it names. */
        PricePath pricePath = PricePath.NONE;
        /** Every simulated spread times this. */
        BigDecimal spreadScale = BigDecimal.ONE;

        /** Whether the US walks must move: the account trades US equities or crypto. */
        boolean tradesUsMarkets() {
            return assetClasses.contains(AssetClass.US_EQUITY) || assetClasses.contains(AssetClass.CRYPTO);
        }

        /**
         * The instruments named (comma-separated values allowed), each from one of the asset classes; all of theirs when
         * none is named. IllegalArgumentException naming what is wrong.
         */
        static List<PaperInstrument> instruments(String[] symbols, Set<AssetClass> classes) {
            List<String> names = symbols == null ? List.of() : java.util.Arrays.stream(symbols)
                    .flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim).filter(v -> !v.isEmpty()).distinct().toList();
            List<PaperInstrument> chosen = new ArrayList<>();
            if (names.isEmpty()) {
                classes.forEach(c -> chosen.addAll(c.instruments().values()));
                return chosen;
            }
            for (String symbol : names) {
                AssetClass owner = AssetClass.of(symbol).orElseThrow(() -> new IllegalArgumentException("instruments: " + symbol
                        + " is not quoted by the paper broker"));
                if (!classes.contains(owner)) {
                    throw new IllegalArgumentException("instruments: " + symbol + " is a " + owner.id() + " instrument: add "
                            + owner.id() + " to asset.classes");
                }
                chosen.add(owner.instruments().get(symbol));
            }
            return chosen;
        }

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
            Set<AssetClass> classes = AssetClass.parse(config.asset_classes());
            settings.assetClasses = classes.isEmpty() ? EnumSet.of(AssetClass.FX) : classes;
            // a .cfg file gives a list as one comma-separated text: both forms are accepted
            settings.instruments = instruments(config.instruments(), settings.assetClasses);
            settings.marketHours = MarketHours.parse(config.market_hours());
            String source = config.price_source() == null ? "" : config.price_source().trim();
            settings.priceSource = source.isEmpty() ? null : source;
            settings.priceStale = Duration.ofMillis(config.price_stale_ms());
            settings.pricePath = PricePath.parse(config.price_path(), PaperInstrument.CATALOGUE);
            settings.spreadScale = BigDecimal.valueOf(config.spread_scale());
            return settings;
        }
    }
}

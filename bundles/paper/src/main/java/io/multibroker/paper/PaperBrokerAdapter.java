package io.multibroker.paper;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthReport;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.support.OrderEventFanout;
import io.multibroker.api.support.PriceFanout;
import io.multibroker.api.support.Threads;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
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
 * One simulated account per factory configuration of {@code io.multibroker.paper}. Orders go through the
 * {@link OrderDesk} (capability checks, simulated latency and rejections) to the {@link PaperExchange}, which matches
 * them against the prices the {@link MarketFeed} steps. This class holds the account's lifecycle: activation,
 * reconfiguration in place, connection and closing.
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

    private final String accountId;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService deliveryExecutor;
    private final PriceFanout fanout;
    /** The matching engine's order events, to every subscriber with its own buffer. */
    private final OrderEventFanout events;
    private final SimulatedLatency latency;
    private final MarketFeed market;
    private final OrderDesk orders;
    private volatile Simulation simulation;
    private volatile boolean connected;
    /** The equity session in the capabilities, derived again at each open and close. */
    private final SessionCapabilities sessions;

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
        this(PaperSettings.from(config), Clock.systemUTC(), null);
    }

    PaperBrokerAdapter(PaperSettings settings, Clock clock) {
        this(settings, clock, null);
    }

    /** @param accounts finds a price source's account by id; null for the registry's */
    PaperBrokerAdapter(PaperSettings settings, Clock clock, Function<String, Optional<BrokerAccount>> accounts) {
        this.accountId = settings.accountId;
        this.clock = clock;
        this.sessions = new SessionCapabilities(clock);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Threads.numbered("paper-" + accountId));
        this.deliveryExecutor = Executors.newCachedThreadPool(Threads.numbered("paper-" + accountId + "-prices"));
        this.fanout = new PriceFanout(deliveryExecutor, SUBSCRIBER_BUFFER);
        this.events = new OrderEventFanout(accountId, deliveryExecutor, EVENT_BUFFER, clock);
        this.latency = new SimulatedLatency(accountId, scheduler);
        this.market = new MarketFeed(accountId, clock, scheduler, fanout, () -> simulation,
                accounts != null ? accounts : this::registered);
        this.orders = new OrderDesk(accountId, clock, latency, () -> simulation, this::capabilities, () -> connected);
        this.simulation = Simulation.of(accountId, settings, null, clock, events::publish);
        market.follow(settings, simulation, connected);
        LOG.info("paper account {} ready: {} instruments, hedging={}, latency median {} ms", accountId,
                settings.instruments.size(), settings.hedging, settings.latencyMedianMillis);
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

    /**
     * A changed configuration, applied in place: calls in flight finish on the settings they started with,
     * price subscribers keep their subscriptions, and the book is kept unless a setting that defines it changed.
     */
    @Modified
    void modified(PaperBrokerConfig config) {
        apply(PaperSettings.from(config));
    }

    void apply(PaperSettings settings) {
        if (!settings.accountId.equals(accountId)) {
            LOG.error("paper account {}: account.id cannot change to {}; the change is ignored", accountId, settings.accountId);
            return;
        }
        Simulation previous = simulation;
        Simulation next = Simulation.of(accountId, settings, previous, clock, events::publish);
        if (next.quotes() != previous.quotes() && previous.quotes().source() != null) {
            previous.quotes().source().close();
        }
        market.follow(settings, next, connected);
        simulation = next;
        if (next.exchange() != previous.exchange()) {
            LOG.warn("paper account {}: currency, balance, hedging or seed changed, so the simulated book starts afresh", accountId);
        }
        if (!settings.priceInterval.equals(previous.settings().priceInterval) && connected) {
            market.start(settings.priceInterval);
        }
        LOG.info("paper account {} reconfigured in place", accountId);
    }

    @Deactivate
    void close() {
        connected = false;
        PriceSource source = simulation.quotes().source();
        if (source != null) {
            source.close();
        }
        fanout.closeAll();
        events.closeAll();
        scheduler.shutdownNow();
        deliveryExecutor.shutdownNow();
        // nothing waits forever on an account that went away (bundle removed, configuration deleted)
        latency.failWaitingCalls();
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
        return sessions.of(current.capabilities(), current.settings().marketHours);
    }

    @Override
    public synchronized CompletionStage<Void> connect() {
        if (!connected) {
            connected = true;
            market.start(simulation.settings().priceInterval);
            PriceSource source = simulation.quotes().source();
            if (source != null) {
                scheduler.execute(source::check);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> disconnect() {
        connected = false;
        market.stop();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
        return orders.place(order);
    }

    @Override
    public CompletionStage<OrderResult> cancelOrder(String brokerOrderId) {
        return orders.cancel(brokerOrderId);
    }

    @Override
    public CompletionStage<OrderResult> getOrder(String brokerOrderId) {
        return orders.get(brokerOrderId);
    }

    @Override
    public CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId) {
        return orders.findByClientId(clientOrderId);
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
        return orders.replace(brokerOrderId, replacement);
    }

    @Override
    public CompletionStage<List<OrderResult>> openOrders() {
        return orders.openOrders();
    }

    @Override
    public CompletionStage<List<OrderResult>> closePosition(String instrument) {
        return orders.closePosition(instrument);
    }

    @Override
    public CompletionStage<List<UnifiedPosition>> positions() {
        Simulation current = simulation;
        return latency.after(current, () -> current.exchange().positions().stream()
                .filter(p -> current.capabilities().instruments().containsKey(p.instrument())).toList());
    }

    @Override
    public CompletionStage<UnifiedAccountSummary> accountSummary() {
        Simulation current = simulation;
        return latency.after(current, () -> current.exchange().summary(clock.instant()));
    }

    @Override
    public CompletionStage<List<Instrument>> instruments() {
        return CompletableFuture.completedFuture(new ArrayList<>(simulation.capabilities().instruments().values()));
    }

    @Override
    public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) {
        Set<String> unknown = new TreeSet<>(instruments);
        unknown.removeAll(simulation.capabilities().instruments().keySet());
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
        return latency.after(current, () -> {
            if (!connected) {
                return HealthReport.down(ErrorCode.BROKER_UNAVAILABLE, "not connected");
            }
            PriceSource source = current.quotes().source();
            Optional<String> problem = source == null ? Optional.empty() : source.healthProblem();
            // answering, but its market orders are refused until the source's prices flow again
            return problem.map(why -> new HealthReport(HealthStatus.DEGRADED, why, ErrorCode.BROKER_UNAVAILABLE))
                    .orElseGet(HealthReport::up);
        });
    }

    /** The next order is carried out by the simulated broker and its answer lost, as a dropped connection loses it. */
    void loseNextOrderAnswer() {
        orders.loseNextOrderAnswer();
    }

    /** The next order reaches the simulated broker, which carries it out only later; its answer is lost. */
    void executeNextOrderLate() {
        orders.executeNextOrderLate();
    }

    /** For tests: the market reaches the resting order now, at its price (it fills as far as the liquidity allows). */
    boolean touch(String brokerOrderId) {
        return simulation.exchange().touch(brokerOrderId, clock.instant());
    }

    /** Requests the adapter sent to the simulated broker: what the conformance suite counts. */
    long brokerRequestCount() {
        return orders.brokerRequestCount();
    }

    /** The current ask of a symbol, as the simulated broker quotes it. */
    BigDecimal currentAsk(String symbol) {
        return simulation.quotes().current(symbol).ask();
    }

    int priceSubscriberCount() {
        return fanout.subscriberCount();
    }
}

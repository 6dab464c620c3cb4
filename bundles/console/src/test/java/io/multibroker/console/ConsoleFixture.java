package io.multibroker.console;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerFactory;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.config.AttributeType;
import io.multibroker.api.config.ConfigurationChange;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationVersion;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.metrics.OperationMetrics;
import io.multibroker.api.metrics.OrderMetrics;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.quality.ExecutionQuality;
import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.MarkoutHorizon;
import io.multibroker.api.quality.QualityQuery;
import io.multibroker.api.quality.QualitySummary;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.support.CallerWaits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Flow;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * A small runtime for commands: one paper account {@code paper-fast} (EUR_USD at 5 decimals, an open position,
 * a USD summary), the paper type's schema, a configuration history, and an experiment {@code demo} whose second
 * arm's account is gone. Commands are given their arguments through Karaf's own parser and write to a buffer.
 */
final class ConsoleFixture {

    static final Instant AT = Instant.parse("2026-11-24T10:15:30.123456789Z");
    static final Instrument EUR_USD = new Instrument("EUR_USD", InstrumentType.CURRENCY, 5, 0, BigDecimal.ONE,
            new BigDecimal("100000000"), new BigDecimal("0.0333"), -4);
    static final ConfigurationSchema PAPER_SCHEMA = new ConfigurationSchema("io.multibroker.paper", "Paper broker",
            "A simulated broker", List.of(
                    new AttributeSchema("account.id", "Account id", "The account's id", AttributeType.STRING, true, null, List.of(),
                            null, null, 0),
                    new AttributeSchema("seed", "Seed", "Seeds the prices, so that two accounts with the same seed can be "
                            + "compared side by side with everything else equal", AttributeType.LONG, false, "1", List.of(), null,
                            null, 0),
                    new AttributeSchema(".token", "Token", "A secret", AttributeType.PASSWORD, false, null, List.of(), null, null, 0)));
    static final BrokerTypeInfo PAPER = new BrokerTypeInfo("paper", "Paper broker", "io.multibroker.paper", "io.multibroker.paper",
            Set.of(BrokerCapability.MARKET_ORDERS), PAPER_SCHEMA);

    final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final PrintStream console = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    /** The session's terminal; null as for {@code ssh host command}. */
    Terminal terminal;
    Map<String, Object> stored = new LinkedHashMap<>(Map.of("account.id", "paper-fast", "seed", "7", ".token", "********",
            "felix.fileinstall.filename", "file:/etc/io.multibroker.paper-fast.cfg", "service.pid", "io.multibroker.paper~fast"));
    List<ConfigurationVersion> versions = new ArrayList<>(List.of(
            new ConfigurationVersion("paper-fast", 1, AT, "console", Map.of("account.id", "paper-fast", "seed", "7"))));
    List<ConfigurationViolation> refusal = new ArrayList<>();
    OrderStatus orderStatus = OrderStatus.ACCEPTED;
    /** The reason the broker gives in its answer to a cancel. */
    String cancelReason;
    List<ExperimentInfo> experiments = new ArrayList<>(List.of(new ExperimentInfo("demo", new LinkedHashMap<>(Map.of(
            "paper-fast", 5000, "paper-gone", 5000)), "demo", Set.of(), Set.of(), "latency", List.of(), new BigDecimal("0.05"), 100,
            false, "fixed", true)));
    Map<String, Long> recorded = Map.of("paper-fast", 120L, "paper-gone", 118L);
    Map<String, Long> recordedOverrides = Map.of("paper-fast", 7L);

    /** The adapter's order calls, each with whether the command had said it waits for the answer (CallerWaits). */
    final List<String> callerWaited = new CopyOnWriteArrayList<>();
    /** Ids the broker has no order by (getOrder answers ORDER_NOT_FOUND); it has one by any other. */
    final Set<String> unknownAtBroker = new CopyOnWriteArraySet<>();
    /** The broker order ids the adapter was asked to cancel. */
    final List<String> cancelled = new CopyOnWriteArrayList<>();

    final BrokerAdapter adapter = Fakes.answering()
            .returning("instruments", CompletableFuture.completedFuture(List.of(EUR_USD)))
            .returning("accountSummary", CompletableFuture.completedFuture(new UnifiedAccountSummary("paper-fast", "USD",
                    new BigDecimal("100000"), new BigDecimal("100012.5"), new BigDecimal("12.5"), new BigDecimal("33.3"),
                    new BigDecimal("99966.7"), 1, 0, false, AT)))
            .returning("positions", CompletableFuture.completedFuture(List.of(new UnifiedPosition("EUR_USD", new BigDecimal("1000"),
                    new BigDecimal("1.0825"), BigDecimal.ZERO, null, new BigDecimal("12.5"), new BigDecimal("33.3")))))
            .with("streamPrices", args -> (Flow.Publisher<PriceTick>) ConsoleFixture::oneTick)
            .with("getOrder", args -> unknownAtBroker.contains((String) args[0])
                    ? CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.ORDER_NOT_FOUND, "no order " + args[0]))
                    : CompletableFuture.completedFuture(order(orderStatus)))
            .with("cancelOrder", args -> {
                callerWaited.add("cancelOrder " + CallerWaits.onThisThread());
                cancelled.add((String) args[0]);
                return CompletableFuture.completedFuture(order(OrderStatus.CANCELLED).withStatus(OrderStatus.CANCELLED, cancelReason, AT));
            })
            .with("placeOrder", args -> {
                callerWaited.add("placeOrder " + CallerWaits.onThisThread());
                return CompletableFuture.completedFuture(order(OrderStatus.ACCEPTED));
            })
            .as(BrokerAdapter.class);

    final BrokerAccount account = Fakes.answering()
            .returning("accountId", "paper-fast")
            .returning("brokerType", "paper")
            .returning("adapter", adapter)
            .returning("capabilities", new BrokerCapabilities(Set.of(BrokerCapability.MARKET_ORDERS),
                    Map.of(OrderType.MARKET, Set.of(TimeInForce.FOK)), Map.of("EUR_USD", EUR_USD)))
            .returning("health", new AccountHealth(HealthStatus.UP, null, null, Duration.ofNanos(1_234_567), AT))
            .with("metrics", args -> args.length == 0 ? metrics().operations() : metrics())
            .as(BrokerAccount.class);

    final BrokerRegistry registry = Fakes.answering()
            .returning("types", List.of(PAPER))
            .with("type", args -> "paper".equals(args[0]) ? Optional.of(PAPER) : Optional.empty())
            .returning("accounts", List.of(account))
            .with("account", args -> "paper-fast".equals(args[0]) ? Optional.of(account) : Optional.empty())
            .with("requireAccount", args -> {
                if (!"paper-fast".equals(args[0])) {
                    throw new StandardBrokerError(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + args[0] + " is registered");
                }
                return account;
            })
            .returning("capabilityHistory", List.of())
            .returning("errors", List.of())
            .as(BrokerRegistry.class);

    final BrokerFactory factory = Fakes.answering()
            .with("configuration", args -> stored)
            .as(BrokerFactory.class);

    final ConfigurationHistory history = Fakes.answering()
            .with("versions", args -> "nosuch".equals(args[0]) ? List.of() : versions)
            .with("diff", args -> List.of(new ConfigurationChange("seed", "7", "8")))
            .with("refusal", args -> "nosuch".equals(args[0]) ? List.of() : refusal)
            .as(ConfigurationHistory.class);

    final ExperimentService experimentService = Fakes.answering()
            .with("experiments", args -> experiments)
            .with("experiment", args -> experiments.stream().filter(e -> e.name().equals(args[0])).findFirst())
            .with("allocation", args -> Map.of("paper-fast", 5000, "paper-gone", 5000))
            .with("recordedOutcomes", args -> (Boolean) args[1] ? recordedOverrides : recorded)
            .with("report", args -> new ExperimentReport("demo", List.of(
                    new ExperimentReport.ArmSummary("paper-fast", 120, 7, 8.1234, 7.9, 8.3, 8.0, 12.5, 1.0, 0.0, 0.2),
                    new ExperimentReport.ArmSummary("paper-gone", 118, 0, 40.5, 39.0, 42.0, 40.0, 80.25, 0.98, 0.02, 1.0)),
                    List.of(new ExperimentReport.MetricTest("reject_rate", "two-proportion", "paper-gone", "paper-fast", 0.02, 0.001,
                            0.039, 0.04, 0.04)), 0.96, false, 0.5, null, "no verdict yet", List.of(
                    new ExperimentReport.MetricSummary("effective_spread", "paper-fast", 118, 1.0213, 0.98, 1.06, 1.0, 1.9, "pips"),
                    new ExperimentReport.MetricSummary("effective_spread", "paper-gone", 115, 3.1, 2.9, 3.3, 3.0, 5.25, "pips"))))
            .as(ExperimentService.class);

    /** The queries execution quality was asked, latest last. */
    final List<QualityQuery> qualityQueries = new CopyOnWriteArrayList<>();

    final ExecutionQuality quality = Fakes.answering()
            .with("summary", args -> {
                QualityQuery query = (QualityQuery) args[0];
                qualityQueries.add(query);
                List<QualitySummary.MarkoutMean> markouts = List.of(
                        new QualitySummary.MarkoutMean(MarkoutHorizon.ONE_SECOND, 118, 2, 0, new Figure(new BigDecimal("-0.512345"),
                                new BigDecimal("-0.471900"))),
                        new QualitySummary.MarkoutMean(MarkoutHorizon.FIVE_SECONDS, 110, 2, 8, new Figure(new BigDecimal("0.250000"),
                                new BigDecimal("0.230000"))),
                        new QualitySummary.MarkoutMean(MarkoutHorizon.ONE_MINUTE, 0, 0, 120, null));
                QualitySummary fast = new QualitySummary("paper-fast", "EUR_USD", 120, 119, new Figure(new BigDecimal("1.400000"),
                        new BigDecimal("1.290263")), new BigDecimal("1.400000"), new Figure(new BigDecimal("-0.200000"),
                        new BigDecimal("-0.184323")), markouts, AT, AT).withLimitOrders(new QualitySummary.LimitOrderMeans(40, 30,
                                new BigDecimal("0.750000"), new BigDecimal("0.612500"), new BigDecimal("1234.500000"), 36, 1, 3,
                                new Figure(new BigDecimal("0.987654"), new BigDecimal("0.910000"))));
                // an account whose limit orders never filled: no fill figures, only the limit orders'
                QualitySummary unfilled = new QualitySummary("paper-slow", "EUR_USD", 0, 0, null, null, null, List.of(), null, null,
                        new QualitySummary.LimitOrderMeans(4, 0, new BigDecimal("0.000000"), new BigDecimal("0.000000"), null, 0, 0, 4, null));
                return query.accountId() == null ? List.of(fast, unfilled)
                        : query.accountId().equals("paper-fast") ? List.of(fast) : List.of();
            })
            .as(ExecutionQuality.class);

    final Session session = Fakes.answering()
            .returning("getConsole", console)
            .with("getTerminal", args -> terminal)
            .returning("get", null)
            .as(Session.class);

    /** A price stream that delivers one tick when asked. */
    private static void oneTick(Flow.Subscriber<? super PriceTick> subscriber) {
        subscriber.onSubscribe(new Flow.Subscription() {
            private boolean sent;

            @Override
            public void request(long n) {
                if (!sent && n > 0) {
                    sent = true;
                    subscriber.onNext(new PriceTick("EUR_USD", AT, new BigDecimal("1.0825"), new BigDecimal("1.08262"), true));
                }
            }

            @Override
            public void cancel() {
            }
        });
    }

    private static OrderResult order(OrderStatus status) {
        return new OrderResult("paper-fast", "c-1", "42", null, "EUR_USD", OrderSide.BUY, OrderType.LIMIT, status,
                new BigDecimal("1000"), BigDecimal.ZERO, null, AT, AT, null, null);
    }

    private static AccountMetrics metrics() {
        OperationMetrics place = new OperationMetrics("placeOrder", 10, 9, Map.of(ErrorCode.MARKET_CLOSED, 1L), Duration.ofMillis(8),
                Duration.ofMillis(9), Duration.ofMillis(12), Duration.ofMillis(13), Duration.ofMillis(14), 2.5);
        return new AccountMetrics("paper-fast", "paper", AT, AT.plusSeconds(60), Map.of("placeOrder", place),
                new OrderMetrics(10, Map.of(OrderStatus.FILLED, 9L), new BigDecimal("0.9"), new BigDecimal("0.1"), 9,
                        new BigDecimal("0.2"), new BigDecimal("1.5")), Map.of());
    }

    /** A terminal that shows colours, as an interactive shell's. */
    static Terminal colourTerminal() {
        return Fakes.answering().returning("getType", "xterm-256color").returning("isAnsiSupported", true).as(Terminal.class);
    }

    /**
     * Runs a command as the shell would: services injected, the command line parsed by Karaf's own parser (so
     * that an option Karaf would refuse is refused here too), then executed; returns what it printed.
     */
    String run(BrokerCommand command, String... line) throws Exception {
        inject(command);
        new DefaultActionPreparator().prepare((Action) command, session, new ArrayList<>(List.of((Object[]) line)));
        command.execute();
        return output();
    }

    String output() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /**
     * The services of optional features, which commands look up when they run (through the bundle context); a test
     * removes one to run a command without its feature.
     */
    final Map<Class<?>, Object> optionalServices = new ConcurrentHashMap<>(Map.of(ExecutionQuality.class, quality, ExperimentService.class,
            experimentService));

    /** The services each command looked up and has not released yet. */
    final Map<ServiceReference<?>, Class<?>> servicesInUse = new ConcurrentHashMap<>();

    /** The listeners commands waiting for a service have registered and not removed yet. */
    final List<ServiceListener> serviceListeners = new CopyOnWriteArrayList<>();

    /** A bundle context that holds {@link #optionalServices}, one reference per type, and counts what is in use. */
    final BundleContext bundleContext = Fakes.answering()
            .with("getServiceReference", args -> {
                Class<?> type = (Class<?>) args[0];
                return optionalServices.containsKey(type) ? Fakes.answering().returning("getProperty", type.getName())
                        .as(ServiceReference.class) : null;
            })
            .with("getService", args -> {
                ServiceReference<?> reference = (ServiceReference<?>) args[0];
                Object service = optionalServices.entrySet().stream().filter(e -> e.getKey().getName().equals(reference.getProperty("type")))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                if (service != null) {
                    servicesInUse.put(reference, service.getClass());
                }
                return service;
            })
            .with("ungetService", args -> servicesInUse.remove(args[0]) != null)
            .with("addServiceListener", args -> serviceListeners.add((ServiceListener) args[0]))
            .with("removeServiceListener", args -> serviceListeners.remove((ServiceListener) args[0]))
            .as(BundleContext.class);


    /** An optional feature's service comes: it is there to look up, and the waiting commands are told. */
    void register(Class<?> type, Object service) {
        optionalServices.put(type, service);
        ServiceReference<?> reference = bundleContext.getServiceReference(type);
        serviceListeners.forEach(listener -> listener.serviceChanged(new ServiceEvent(ServiceEvent.REGISTERED, reference)));
    }

    /** Sets every service field a command declares, as Karaf's @Reference injection does. */
    void inject(BrokerCommand command) throws IllegalAccessException {
        Map<Class<?>, Object> services = Map.of(BrokerRegistry.class, registry, Session.class, session, BrokerFactory.class, factory,
                ConfigurationHistory.class, history, BundleContext.class, bundleContext);
        for (Class<?> type = command.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                Object service = services.get(field.getType());
                if (service != null) {
                    field.setAccessible(true);
                    field.set(command, service);
                }
            }
        }
    }
}

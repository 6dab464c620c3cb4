package io.multibroker.oanda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.model.UnifiedTrade;
import io.multibroker.api.support.OrderEventFanout;
import io.multibroker.api.support.PathSegments;
import io.multibroker.api.support.PeriodicRefresh;
import io.multibroker.api.support.PriceFanout;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OANDA v20 account. Orders are checked against the account's instruments (precision, size) before
 * anything is sent; a submission that gets no clear answer is reconciled (by client order id, then through the
 * transactions since the last known one) and never sent again.
 */
@Component(service = BrokerAdapter.class, configurationPid = OandaBrokerType.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = BrokerAdapter.BROKER_TYPE + "=" + OandaBrokerType.ID)
@Designate(ocd = OandaConfig.class, factory = true)
public final class OandaBrokerAdapter implements BrokerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(OandaBrokerAdapter.class);
    private static final int SUBSCRIBER_BUFFER = 256;
    private static final int EVENT_BUFFER = 1024;
    private static final Duration RECONCILE_FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration RECONCILE_MAX_PAUSE = Duration.ofSeconds(2);
    private static final String CLOSEOUT_DOESNT_EXIST = "CLOSEOUT_POSITION_DOESNT_EXIST";

    /** Where an account is reached: REST and stream base URLs. */
    record Endpoints(URI rest, URI stream) {
        static Endpoints of(String environment, String restUrl, String streamUrl) {
            return switch (environment) {
                case "live" -> new Endpoints(URI.create("https://api-fxtrade.oanda.com"), URI.create("https://stream-fxtrade.oanda.com"));
                case "custom" -> new Endpoints(URI.create(restUrl), URI.create(streamUrl));
                default -> new Endpoints(URI.create("https://api-fxpractice.oanda.com"), URI.create("https://stream-fxpractice.oanda.com"));
            };
        }
    }

    /**
     * What an account needs, from its configuration or a test. {@code reconcileWindow}: how long an order whose
     * outcome is unknown is looked up before it is left UNKNOWN.
     */
    record Settings(String accountId, String oandaAccount, Endpoints endpoints, String token, Duration requestTimeout,
            Duration streamTimeout, int ratePerSecond, int connectionsPerSecond, Set<String> streamedInstruments,
            Duration instrumentRefresh, Duration reconcileWindow) {

        /** With the default reconciliation window. */
        Settings(String accountId, String oandaAccount, Endpoints endpoints, String token, Duration requestTimeout,
                Duration streamTimeout, int ratePerSecond, int connectionsPerSecond, Set<String> streamedInstruments,
                Duration instrumentRefresh) {
            this(accountId, oandaAccount, endpoints, token, requestTimeout, streamTimeout, ratePerSecond, connectionsPerSecond,
                    streamedInstruments, instrumentRefresh, Duration.ofMillis(OandaConfig.DEFAULT_RECONCILE_WINDOW_MS));
        }
    }

    private volatile Settings settings;
    private final ScheduledExecutorService scheduler;
    private volatile V20Client client;
    private final HttpClient http;
    /** The threads REST requests block on (one per request in flight); shared by the clients of successive configurations. */
    private final java.util.concurrent.ExecutorService requestThreads;
    private final OrderTranslator translator;
    private final PriceStream prices;
    /** The transaction stream's order events, to every subscriber with its own buffer. */
    private final OrderEventFanout events;
    private final TransactionStream transactions;
    private volatile BrokerCapabilities capabilities = BrokerCapabilities.NONE;
    /** The instruments and modes, re-read every {@code instruments.refresh.seconds} (as configured at the start) while connected. */
    private final PeriodicRefresh refresh;

    @Activate
    public OandaBrokerAdapter(OandaConfig config) {
        this(settings(config));
    }

    OandaBrokerAdapter(Settings settings) {
        if (settings.token() == null || settings.token().isBlank()) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "account " + settings.accountId() + ": .token is not set");
        }
        this.settings = settings;
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "oanda-" + settings.accountId());
            thread.setDaemon(true);
            return thread;
        });
        this.requestThreads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "oanda-request-" + settings.accountId());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.requestTimeout())
                .executor(Executors.newCachedThreadPool(r -> {
                    Thread thread = new Thread(r, "oanda-http-" + settings.accountId());
                    thread.setDaemon(true);
                    return thread;
                })).build();
        this.client = client(settings);
        this.translator = new OrderTranslator(settings.accountId(), this::pricePrecision);
        this.prices = new PriceStream(http, settings.endpoints().stream(), settings.oandaAccount(), settings.token(),
                settings.accountId(), settings.streamTimeout(), settings.connectionsPerSecond(), scheduler,
                new PriceFanout(scheduler, SUBSCRIBER_BUFFER), PriceStream.Backoff.DEFAULT);
        this.events = new OrderEventFanout(settings.accountId(), scheduler, EVENT_BUFFER);
        this.transactions = new TransactionStream(http, settings.endpoints().stream(), settings.oandaAccount(), settings.token(),
                settings.accountId(), settings.streamTimeout(), scheduler, events,
                lastId -> client.read("/transactions/sinceid?id=" + lastId, ErrorCode.ACCOUNT_NOT_FOUND),
                () -> client.read("/summary", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(summary -> summary.path("lastTransactionID").asLong()));
        this.refresh = new PeriodicRefresh(this::refreshCapabilities, settings.instrumentRefresh(), scheduler, failure -> LOG.warn(
                "account {}: could not refresh the instruments: {}", accountId(), failure.getMessage()));
        LOG.info("OANDA account {} ({}) on {}", settings.accountId(), settings.oandaAccount(), settings.endpoints().rest());
    }

    private V20Client client(Settings next) {
        return new V20Client(http, next.endpoints().rest(), next.oandaAccount(), next.token(), next.accountId(), next.requestTimeout(),
                next.ratePerSecond(), scheduler, requestThreads);
    }

    /**
     * A new configuration in force without a restart: new calls use a client on the new settings, calls in
     * flight finish on the client they started with, and the price stream reconnects to the new host with the
     * same subscribers (their next tick is marked as after a gap).
     */
    @Modified
    void modified(OandaConfig config) {
        reconfigure(settings(config));
    }

    void reconfigure(Settings next) {
        if (next.token() == null || next.token().isBlank()) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "account " + next.accountId() + ": .token is not set");
        }
        this.settings = next;
        this.client = client(next);
        prices.retarget(next.endpoints().stream(), next.oandaAccount(), next.token(), next.streamTimeout());
        transactions.retarget(next.endpoints().stream(), next.oandaAccount(), next.token(), next.streamTimeout());
        if (!next.streamedInstruments().isEmpty()) {
            prices.cover(next.streamedInstruments());
        }
        LOG.info("OANDA account {} ({}) reconfigured: {}", next.accountId(), next.oandaAccount(), next.endpoints().rest());
        refreshCapabilities().exceptionally(failure -> {
            LOG.warn("account {}: could not read the account after reconfiguring: {}", next.accountId(), V20Client.unwrap(failure).getMessage());
            return null;
        });
    }

    private static Settings settings(OandaConfig config) {
        return new Settings(config.account_id(), config.oanda_account(),
                Endpoints.of(config.environment(), config.rest_url(), config.stream_url()), config._token(),
                Duration.ofMillis(config.request_timeout_ms()), Duration.ofMillis(config.stream_timeout_ms()),
                config.rate_limit_per_second(), config.connections_per_second(), instruments(config.instruments()),
                Duration.ofSeconds(config.instruments_refresh_seconds()), Duration.ofMillis(config.reconcile_window_ms()));
    }

    private static Set<String> instruments(String[] configured) {
        Set<String> set = new LinkedHashSet<>();
        if (configured != null) {
            Arrays.stream(configured).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(v -> !v.isEmpty()).forEach(set::add);
        }
        return set;
    }

    @Deactivate
    void deactivate() {
        transactions.close();
        events.closeAll();
        prices.close();
        scheduler.shutdownNow();
        // requests in flight finish (their callers wait for them); no new ones start
        requestThreads.shutdown();
    }

    @Override
    public String brokerType() {
        return OandaBrokerType.ID;
    }

    @Override
    public String accountId() {
        return settings.accountId();
    }

    @Override
    public BrokerCapabilities capabilities() {
        return capabilities;
    }

    private OptionalInt pricePrecision(String symbol) {
        Instrument instrument = capabilities.instruments().get(symbol);
        return instrument == null ? OptionalInt.empty() : OptionalInt.of(instrument.pricePrecision());
    }

    /** REST requests sent so far, retries included. */
    long requestCount() {
        return client.requestCount();
    }

    PriceStream priceStream() {
        return prices;
    }

    // ---- connection and capabilities ----

    @Override
    public CompletionStage<Void> connect() {
        return refreshCapabilities().thenRun(() -> {
            if (!settings.streamedInstruments().isEmpty()) {
                prices.cover(settings.streamedInstruments());
            }
            refresh.start();
        }).thenCompose(connected -> transactions.start());
    }

    @Override
    public CompletionStage<Void> disconnect() {
        refresh.stop();
        transactions.close();
        prices.close();
        return CompletableFuture.completedFuture(null);
    }

    /** Reads the account (hedging, guaranteed stops) and its instruments: what it can do now. */
    CompletableFuture<Void> refreshCapabilities() {
        return client.read("/summary", ErrorCode.ACCOUNT_NOT_FOUND).thenCombine(client.read("/instruments", ErrorCode.ACCOUNT_NOT_FOUND),
                (summary, instruments) -> {
                    JsonNode account = summary.path("account");
                    boolean hedgingEnabled = account.path("hedgingEnabled").asBoolean(false);
                    String gslMode = account.path("guaranteedStopLossOrderMode").asText("DISABLED");
                    Map<String, Instrument> catalogue = new LinkedHashMap<>();
                    for (JsonNode node : instruments.path("instruments")) {
                        Instrument instrument = instrument(node);
                        catalogue.put(instrument.symbol(), instrument);
                    }
                    Set<BrokerCapability> features = EnumSet.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.LIMIT_ORDERS,
                            BrokerCapability.STOP_ORDERS, BrokerCapability.MARKET_IF_TOUCHED_ORDERS, BrokerCapability.STOP_LOSS_ON_FILL,
                            BrokerCapability.TAKE_PROFIT_ON_FILL, BrokerCapability.TRAILING_STOPS, BrokerCapability.PRICE_STREAMING,
                            BrokerCapability.CLIENT_ORDER_ID_LOOKUP, BrokerCapability.CLOSE_POSITION, BrokerCapability.ORDER_EVENTS,
                            BrokerCapability.REPLACE_ORDERS, BrokerCapability.OPEN_ORDERS);
                    if (hedgingEnabled) {
                        features.add(BrokerCapability.HEDGING);
                    }
                    if (!gslMode.equals("DISABLED")) {
                        features.add(BrokerCapability.GUARANTEED_STOPS);
                    }
                    if (catalogue.values().stream().anyMatch(i -> i.unitsPrecision() > 0)) {
                        features.add(BrokerCapability.FRACTIONAL_UNITS);
                    }
                    Map<OrderType, Set<TimeInForce>> timeInForce = new EnumMap<>(OrderType.class);
                    // OANDA's rules: market orders fill or kill, or fill what they can; MIT orders rest
                    timeInForce.put(OrderType.MARKET, EnumSet.of(TimeInForce.FOK, TimeInForce.IOC));
                    // OANDA's five; not allOf, which would claim the auction times in force of model 1.2
                    Set<TimeInForce> pending = EnumSet.of(TimeInForce.GTC, TimeInForce.GTD, TimeInForce.GFD, TimeInForce.FOK, TimeInForce.IOC);
                    timeInForce.put(OrderType.LIMIT, pending);
                    timeInForce.put(OrderType.STOP, pending);
                    timeInForce.put(OrderType.MARKET_IF_TOUCHED, EnumSet.of(TimeInForce.GTC, TimeInForce.GFD, TimeInForce.GTD));
                    this.capabilities = new BrokerCapabilities(features, timeInForce, catalogue);
                    return null;
                });
    }

    private Instrument instrument(JsonNode node) {
        String name = translator.required(node, "name");
        InstrumentType type = switch (node.path("type").asText("")) {
            case "CURRENCY" -> InstrumentType.CURRENCY;
            case "CFD" -> InstrumentType.CFD;
            case "METAL" -> InstrumentType.METAL;
            default -> InstrumentType.OTHER;
        };
        BigDecimal maximum = translator.decimal(node, "maximumOrderUnits");
        return new Instrument(name, type, node.path("displayPrecision").asInt(), node.path("tradeUnitsPrecision").asInt(),
                translator.decimal(node, "minimumTradeSize"), maximum, translator.decimal(node, "marginRate"),
                node.path("pipLocation").asInt());
    }

    @Override
    public CompletionStage<HealthReport> checkHealth() {
        return refreshCapabilities().handle((ok, failure) -> {
            if (failure == null) {
                return HealthReport.up();
            }
            StandardBrokerError error = StandardBrokerError.from(V20Client.unwrap(failure));
            return HealthReport.down(error.code(), error.getMessage());
        });
    }

    // ---- orders ----

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
        Instant submitted = Instant.now();
        BrokerCapabilities capabilities = this.capabilities;
        if (capabilities == BrokerCapabilities.NONE) {
            // nothing is known of the account before connect() read it: not a missing capability, an account not yet there
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId(), order, new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE,
                    ErrorCode.BROKER_UNAVAILABLE.retryable(), null, "account " + accountId() + " is not connected yet: connect() has not read its instruments",
                    new ErrorContext(accountId(), order.orderId(), order.clientOrderId(), order.instrument(), null)), submitted));
        }
        Optional<ErrorDetail> refusal = capabilities.refusal(order);
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId(), order, refusal.get()
                    .withContext(new ErrorContext(accountId(), order.orderId(), order.clientOrderId(), order.instrument(), null)), submitted));
        }
        ObjectNode body = translator.request(order);
        // the order's whole life, reconciliation included, is on the client (and settings) it was sent with
        V20Client client = this.client;
        long lastKnown = client.lastTransactionId();
        return client.change("POST", "/orders", body).handle((answer, failure) -> {
            if (failure != null) {
                Throwable cause = V20Client.unwrap(failure);
                if (cause instanceof V20Client.NoAnswer noAnswer && !noAnswer.mayHaveArrived()) {
                    // refused while connecting, or held back by the client-side limit: nothing reached OANDA
                    return CompletableFuture.completedFuture(OrderResult.rejected(accountId(), order, ErrorDetail.of(noAnswer.notSentCode(),
                            "the order did not reach OANDA: " + cause.getMessage()), submitted));
                }
                return reconcile(client, order, lastKnown, submitted, "no answer: " + cause.getMessage());
            }
            return answeredOrReconciled(client, order, answer, lastKnown, submitted);
        }).thenCompose(result -> result);
    }

    /** An order's answer: 201 (pending, filled, or cancelled), a reject, a refusal before any action, or ambiguity. */
    private CompletableFuture<OrderResult> answeredOrReconciled(V20Client client, UnifiedOrder order, V20Client.Answer answer, long lastKnown,
            Instant submitted) {
        int status = answer.status();
        if (status == 201 && answer.body() != null) {
            try {
                return CompletableFuture.completedFuture(translator.created(order, answer.body(), submitted));
            } catch (StandardBrokerError malformed) {
                return reconcile(client, order, lastKnown, submitted, malformed.getMessage());
            }
        }
        Optional<OrderResult> rejected = translator.rejected(order, answer.body(), submitted);
        if (rejected.isPresent()) {
            return CompletableFuture.completedFuture(rejected.get());
        }
        if (status == 400 || status == 401 || status == 403 || status == 404 || status == 405 || status == 429) {
            // OANDA refused it before acting: nothing executed
            StandardBrokerError error = client.errorFor(status, answer.body(), "/orders", ErrorCode.ACCOUNT_NOT_FOUND);
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId(), order, error.detail(), submitted));
        }
        // a 2xx whose body is not the answer, a 5xx: the order may or may not exist
        String why = status / 100 == 2 ? "OANDA answered " + status + " with a body that is not an order answer: "
                + V20Client.excerpt(answer.text()) : "OANDA answered " + status + ": " + V20Client.excerpt(answer.text());
        return reconcile(client, order, lastKnown, submitted, why);
    }

    /**
     * Finds out what became of an order whose submission got no clear answer, without sending it again: by its
     * client order id, then among the transactions since the last one known before it was sent. The lookups are
     * repeated with backoff for the reconciliation window (OANDA's read-after-write lag, a slow execution, a short
     * outage); what cannot be found within it stays UNKNOWN, for the operator.
     */
    private CompletableFuture<OrderResult> reconcile(V20Client client, UnifiedOrder order, long lastKnown, Instant submitted, String why) {
        Duration window = settings.reconcileWindow();
        LOG.warn("account {}: order {} has an unknown outcome ({}); reconciling for up to {} ms, not resending", accountId(),
                order.clientOrderId(), why, window.toMillis());
        AtomicInteger lookups = new AtomicInteger();
        RetryPolicy<Optional<OrderResult>> untilFound = RetryPolicy.<Optional<OrderResult>>builder()
                .handleResultIf(Optional::isEmpty).handle(Exception.class)
                .withBackoff(RECONCILE_FIRST_PAUSE, RECONCILE_MAX_PAUSE).withJitter(0.1)
                .withMaxRetries(-1).withMaxDuration(window).build();
        return Failsafe.with(untilFound).with(scheduler).getStageAsync(() -> {
            lookups.incrementAndGet();
            return lookup(client, order, lastKnown, submitted);
        }).handle((found, failure) -> {
            if (failure == null && found.isPresent()) {
                LOG.info("account {}: order {} reconciled after {} lookups: {}", accountId(), order.clientOrderId(), lookups.get(),
                        found.get().status());
                return found.get();
            }
            String lookup = failure == null ? "no trace of it at OANDA" : "the lookups failed: " + V20Client.unwrap(failure).getMessage();
            LOG.error("account {}: order {} still has an unknown outcome after {} lookups in {} ms ({})", accountId(), order.clientOrderId(),
                    lookups.get(), window.toMillis(), lookup);
            return OrderResult.unknown(accountId(), order, new ErrorDetail(ErrorCode.UNKNOWN_OUTCOME, false, null, "outcome unknown ("
                    + why + "); after " + lookups.get() + " lookups in " + window.toMillis() + " ms " + lookup
                    + "; not resent: look it up by its client order id", new ErrorContext(accountId(), order.orderId(),
                    order.clientOrderId(), order.instrument(), null)), submitted);
        });
    }

    /** One lookup: by client order id, then among the transactions since the last known one. */
    private CompletableFuture<Optional<OrderResult>> lookup(V20Client client, UnifiedOrder order, long lastKnown, Instant submitted) {
        return findByClientId(client, order.clientOrderId()).thenCompose(found -> found.isPresent() || lastKnown < 0
                ? CompletableFuture.completedFuture(found) : findInTransactions(client, order, lastKnown, submitted));
    }

    /** The order among the transactions since {@code lastKnown}: its create (or reject) and what followed it. */
    private CompletableFuture<Optional<OrderResult>> findInTransactions(V20Client client, UnifiedOrder order, long lastKnown, Instant submitted) {
        return client.read("/transactions/sinceid?id=" + lastKnown, ErrorCode.ACCOUNT_NOT_FOUND).thenApply(body -> {
            JsonNode create = null;
            for (JsonNode transaction : body.path("transactions")) {
                if (order.clientOrderId().equals(transaction.path("clientExtensions").path("id").asText(null))
                        && transaction.path("type").asText("").endsWith("_ORDER_REJECT")) {
                    ObjectNode rejectAnswer = V20Client.JSON.createObjectNode();
                    rejectAnswer.set("orderRejectTransaction", transaction);
                    return translator.rejected(order, rejectAnswer, submitted);
                }
                if (order.clientOrderId().equals(transaction.path("clientExtensions").path("id").asText(null))
                        && transaction.path("type").asText("").endsWith("_ORDER")) {
                    create = transaction;
                }
            }
            if (create == null) {
                return Optional.empty();
            }
            ObjectNode answer = V20Client.JSON.createObjectNode();
            answer.set("orderCreateTransaction", create);
            String orderId = create.path("id").asText();
            for (JsonNode transaction : body.path("transactions")) {
                if (orderId.equals(transaction.path("orderID").asText(null))) {
                    if (transaction.path("type").asText().equals("ORDER_FILL")) {
                        answer.set("orderFillTransaction", transaction);
                    } else if (transaction.path("type").asText().equals("ORDER_CANCEL")) {
                        answer.set("orderCancelTransaction", transaction);
                    }
                }
            }
            return Optional.of(translator.created(order, answer, submitted));
        });
    }

    @Override
    public CompletionStage<OrderResult> cancelOrder(String brokerOrderId) {
        String path = "/orders/" + specifier(brokerOrderId);
        return client.change("PUT", path + "/cancel", null).thenCompose(answer -> {
            if (answer.status() == 200) {
                return getOrder(brokerOrderId);
            }
            if (answer.status() == 404) {
                String reason = answer.body() == null ? null : answer.body().path("orderCancelRejectTransaction").path("rejectReason").asText(null);
                throw StandardBrokerError.of(ErrorCode.ORDER_NOT_FOUND, reason != null ? reason : "HTTP 404",
                        "no pending order " + brokerOrderId + " at " + accountId(), new ErrorContext(accountId(), brokerOrderId, null, null, null));
            }
            throw client.errorFor(answer.status(), answer.body(), path + "/cancel", ErrorCode.ORDER_NOT_FOUND);
        }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(orderError(failure, brokerOrderId)));
    }

    /**
     * v20's replace ({@code PUT /orders/{spec}}): OANDA cancels the order and creates its replacement in one request,
     * the replacement with a new id. The order is read first, as OANDA's replace takes the whole new order, not a
     * change: the replacement is applied to it and checked against the capabilities like any order before sending.
     * An answer lost on the way is reconciled by the replacement's client order id, as for a placement, never resent.
     */
    @Override
    public CompletionStage<OrderResult> replaceOrder(String brokerOrderId, OrderReplacement replacement) {
        V20Client client = this.client;
        String path = "/orders/" + specifier(brokerOrderId);
        return client.read(path, ErrorCode.ORDER_NOT_FOUND).thenCompose(body -> {
            JsonNode current = body.path("order");
            if (!"PENDING".equals(current.path("state").asText(null))) {
                throw StandardBrokerError.of(ErrorCode.ORDER_NOT_FOUND, current.path("state").asText(null), "order " + brokerOrderId
                        + " at " + accountId() + " is " + current.path("state").asText("not there") + ", not pending: nothing to replace",
                        new ErrorContext(accountId(), brokerOrderId, null, null, null));
            }
            UnifiedOrder replacing;
            try {
                replacing = replacement.applyTo(translator.pendingOrder(current));
            } catch (IllegalArgumentException e) {
                throw StandardBrokerError.of(ErrorCode.INVALID_ORDER, null, "order " + brokerOrderId + " cannot be replaced so: "
                        + e.getMessage(), new ErrorContext(accountId(), brokerOrderId, replacement.clientOrderId(), null, null));
            }
            Instant submitted = Instant.now();
            Optional<ErrorDetail> refusal = capabilities.refusal(replacing);
            if (refusal.isPresent()) {
                return CompletableFuture.completedFuture(OrderResult.rejected(accountId(), replacing, refusal.get()
                        .withContext(new ErrorContext(accountId(), brokerOrderId, replacing.clientOrderId(), replacing.instrument(), null)),
                        submitted));
            }
            long lastKnown = client.lastTransactionId();
            return client.change("PUT", path, translator.request(replacing)).handle((answer, failure) -> {
                if (failure != null) {
                    Throwable cause = V20Client.unwrap(failure);
                    if (cause instanceof V20Client.NoAnswer noAnswer && !noAnswer.mayHaveArrived()) {
                        return CompletableFuture.completedFuture(OrderResult.rejected(accountId(), replacing, ErrorDetail.of(
                                noAnswer.notSentCode(), "the replacement did not reach OANDA: " + cause.getMessage()), submitted));
                    }
                    return reconcile(client, replacing, lastKnown, submitted, "no answer to the replace of " + brokerOrderId + ": "
                            + cause.getMessage());
                }
                if (answer.status() == 404) {
                    throw StandardBrokerError.of(ErrorCode.ORDER_NOT_FOUND, "ORDER_DOESNT_EXIST", "no pending order " + brokerOrderId
                            + " at " + accountId() + " to replace", new ErrorContext(accountId(), brokerOrderId, null, null, null));
                }
                return answeredOrReconciled(client, replacing, replacementAnswer(answer), lastKnown, submitted);
            }).thenCompose(result -> result);
        }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(orderError(failure, brokerOrderId)));
    }

    /**
     * A replace's answer as a placement's: its {@code orderCancelTransaction} is the replaced order's, and the new
     * order's own cancel (when it was cancelled at once) is {@code replacingOrderCancelTransaction}.
     */
    private static V20Client.Answer replacementAnswer(V20Client.Answer answer) {
        if (answer.body() == null || !answer.body().isObject()) {
            return answer;
        }
        ObjectNode placement = answer.body().deepCopy();
        placement.remove("orderCancelTransaction");
        JsonNode ownCancel = placement.remove("replacingOrderCancelTransaction");
        if (ownCancel != null) {
            placement.set("orderCancelTransaction", ownCancel);
        }
        return answer.withBody(placement);
    }

    /** GET /pendingOrders: the entry orders resting now (dependent orders belong to their trades, see openTrades). */
    @Override
    public CompletionStage<List<OrderResult>> openOrders() {
        return client.read("/pendingOrders", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(body -> {
            List<OrderResult> open = new ArrayList<>();
            Instant now = Instant.now();
            for (JsonNode order : body.path("orders")) {
                if (order.hasNonNull("instrument") && "PENDING".equals(order.path("state").asText(null))) {
                    open.add(translator.fromOrder(order, null, now));
                }
            }
            return open;
        });
    }

    @Override
    public CompletionStage<OrderResult> getOrder(String brokerOrderId) {
        return readOrder(client, specifier(brokerOrderId));
    }

    @Override
    public CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId) {
        return findByClientId(client, clientOrderId);
    }

    private CompletableFuture<Optional<OrderResult>> findByClientId(V20Client client, String clientOrderId) {
        return readOrder(client, "@" + PathSegments.escape(clientOrderId)).thenApply(Optional::of)
                .exceptionallyCompose(failure -> {
                    StandardBrokerError error = StandardBrokerError.from(V20Client.unwrap(failure));
                    return error.code() == ErrorCode.ORDER_NOT_FOUND ? CompletableFuture.completedFuture(Optional.empty())
                            : CompletableFuture.failedFuture(error);
                });
    }

    /** GET /orders/{spec}, completed by the transaction that filled or cancelled it. */
    private CompletableFuture<OrderResult> readOrder(V20Client client, String specifier) {
        return client.read("/orders/" + specifier, ErrorCode.ORDER_NOT_FOUND).thenCompose(body -> {
            JsonNode order = body.path("order");
            if (!order.isObject()) {
                throw client.protocolError("GET /orders/" + specifier + " answered without an order");
            }
            String closing = order.hasNonNull("fillingTransactionID") ? order.get("fillingTransactionID").asText()
                    : order.hasNonNull("cancellingTransactionID") ? order.get("cancellingTransactionID").asText() : null;
            if (closing == null) {
                return CompletableFuture.completedFuture(translator.fromOrder(order, null, Instant.now()));
            }
            return client.read("/transactions/" + closing, ErrorCode.ORDER_NOT_FOUND)
                    .thenApply(transaction -> translator.fromOrder(order, transaction.path("transaction"), Instant.now()));
        });
    }

    /** An order id, or {@code @} and a client order id, as one path segment. */
    private static String specifier(String brokerOrderId) {
        return PathSegments.escape(brokerOrderId);
    }

    private Throwable orderError(Throwable failure, String orderId) {
        Throwable cause = V20Client.unwrap(failure);
        if (cause instanceof V20Client.NoAnswer noAnswer) {
            return StandardBrokerError.of(noAnswer.mayHaveArrived() ? ErrorCode.UNKNOWN_OUTCOME : noAnswer.notSentCode(), null,
                    "cancel of " + orderId + " got no answer: " + cause.getMessage(), new ErrorContext(accountId(), orderId, null, null, null));
        }
        return cause;
    }

    // ---- account ----

    @Override
    public CompletionStage<List<UnifiedPosition>> positions() {
        return client.read("/openPositions", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(body -> {
            List<UnifiedPosition> positions = new ArrayList<>();
            for (JsonNode position : body.path("positions")) {
                JsonNode longSide = position.path("long");
                JsonNode shortSide = position.path("short");
                BigDecimal longUnits = translator.decimal(longSide, "units");
                BigDecimal shortUnits = translator.decimal(shortSide, "units").abs();
                positions.add(new UnifiedPosition(translator.required(position, "instrument"), longUnits,
                        longUnits.signum() == 0 ? null : translator.decimal(longSide, "averagePrice"), shortUnits,
                        shortUnits.signum() == 0 ? null : translator.decimal(shortSide, "averagePrice"),
                        translator.decimal(position, "unrealizedPL"), position.hasNonNull("marginUsed")
                                ? translator.decimal(position, "marginUsed") : null));
            }
            return positions;
        });
    }

    /**
     * Closes the sides of the position that are open, and only those: OANDA refuses the whole request when it asks
     * for ALL of a side that is flat (CLOSEOUT_POSITION_DOESNT_EXIST), which on a netting account is always one of
     * the two. The position is read first; a flat one is an error of its own, with nothing sent.
     */
    @Override
    public CompletionStage<List<OrderResult>> closePosition(String instrument) {
        V20Client client = this.client;
        String path = "/positions/" + PathSegments.escape(instrument) + "/close";
        return client.read("/openPositions", ErrorCode.ACCOUNT_NOT_FOUND).thenCompose(open -> {
            ObjectNode body = V20Client.JSON.createObjectNode();
            for (JsonNode position : open.path("positions")) {
                if (instrument.equals(position.path("instrument").asText(null))) {
                    if (translator.decimal(position.path("long"), "units").signum() != 0) {
                        body.put("longUnits", "ALL");
                    }
                    if (translator.decimal(position.path("short"), "units").signum() != 0) {
                        body.put("shortUnits", "ALL");
                    }
                }
            }
            if (body.isEmpty()) {
                throw noOpenPosition(instrument);
            }
            Instant submitted = Instant.now();
            return client.change("PUT", path, body).thenApply(answer -> closed(client, instrument, path, answer, submitted));
        }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(orderError(failure, "position " + instrument)));
    }

    private List<OrderResult> closed(V20Client client, String instrument, String path, V20Client.Answer answer, Instant submitted) {
        if (answer.status() != 200 || answer.body() == null) {
            if (answer.body() != null && CLOSEOUT_DOESNT_EXIST.equals(answer.body().path("errorCode").asText(null))) {
                // closed in the meantime (by a stop, another client): flat now
                throw noOpenPosition(instrument);
            }
            throw client.errorFor(answer.status(), answer.body(), path, ErrorCode.INVALID_SYMBOL);
        }
        List<OrderResult> results = new ArrayList<>();
        for (String side : List.of("long", "short")) {
            JsonNode create = answer.body().get(side + "OrderCreateTransaction");
            if (create != null && create.isObject()) {
                BigDecimal units = translator.decimal(create, "units");
                UnifiedOrder closing = UnifiedOrder.market(instrument, units.signum() > 0 ? OrderSide.BUY : OrderSide.SELL, units.abs())
                        .clientOrderId("close-" + side + "-" + create.path("id").asText()).build();
                ObjectNode single = V20Client.JSON.createObjectNode();
                single.set("orderCreateTransaction", create);
                if (answer.body().has(side + "OrderFillTransaction")) {
                    single.set("orderFillTransaction", answer.body().get(side + "OrderFillTransaction"));
                }
                if (answer.body().has(side + "OrderCancelTransaction")) {
                    single.set("orderCancelTransaction", answer.body().get(side + "OrderCancelTransaction"));
                }
                results.add(translator.created(closing, single, submitted));
            }
        }
        return results;
    }

    private StandardBrokerError noOpenPosition(String instrument) {
        return StandardBrokerError.of(ErrorCode.INVALID_ORDER, CLOSEOUT_DOESNT_EXIST, "no open position in " + instrument
                + " at " + accountId() + ": nothing to close", new ErrorContext(accountId(), null, null, instrument, null));
    }

    @Override
    public CompletionStage<List<UnifiedTrade>> openTrades() {
        return client.read("/openTrades", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(body -> {
            List<UnifiedTrade> trades = new ArrayList<>();
            for (JsonNode trade : body.path("trades")) {
                BigDecimal units = translator.decimal(trade, "currentUnits");
                trades.add(new UnifiedTrade(translator.required(trade, "id"), translator.required(trade, "instrument"),
                        units.signum() < 0 ? OrderSide.SELL : OrderSide.BUY, units.abs(), translator.decimal(trade, "price"),
                        translator.instant(trade, "openTime"), trade.hasNonNull("unrealizedPL") ? translator.decimal(trade, "unrealizedPL") : null,
                        trade.path("clientExtensions").path("id").asText(null)));
            }
            return trades;
        });
    }

    @Override
    public CompletionStage<UnifiedAccountSummary> accountSummary() {
        return client.read("/summary", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(body -> {
            JsonNode account = body.path("account");
            return new UnifiedAccountSummary(accountId(), translator.required(account, "currency"), translator.decimal(account, "balance"),
                    translator.decimal(account, "NAV"), translator.decimal(account, "unrealizedPL"), translator.decimal(account, "marginUsed"),
                    translator.decimal(account, "marginAvailable"), account.path("openPositionCount").asInt(),
                    account.path("pendingOrderCount").asInt(), account.path("hedgingEnabled").asBoolean(), Instant.now());
        });
    }

    @Override
    public CompletionStage<List<Instrument>> instruments() {
        return refreshCapabilities().thenApply(x -> List.copyOf(capabilities.instruments().values()));
    }

    @Override
    public Flow.Publisher<OrderEvent> orderEvents() {
        return events.publisher();
    }

    @Override
    public Set<OrderEventKind> orderEventKinds() {
        return TransactionEvents.KINDS;
    }

    @Override
    public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) {
        Set<String> unknown = new LinkedHashSet<>(instruments);
        unknown.removeAll(capabilities.instruments().keySet());
        if (!unknown.isEmpty()) {
            return BrokerAdapter.failedStream(StandardBrokerError.of(ErrorCode.INVALID_SYMBOL, null, "no such instrument at "
                    + accountId() + ": " + unknown, ErrorContext.account(accountId())));
        }
        return prices.subscribe(instruments);
    }
}

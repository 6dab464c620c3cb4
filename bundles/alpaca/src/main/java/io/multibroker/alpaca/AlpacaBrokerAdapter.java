package io.multibroker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
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
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.support.OrderEventFanout;
import io.multibroker.api.support.PathSegments;
import io.multibroker.api.support.PeriodicRefresh;
import io.multibroker.api.support.PriceFanout;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Alpaca account. Orders are checked against the account's capabilities, the asset's rules and the market
 * clock before anything is sent; the client order id makes a submission findable, so one without a clear answer is
 * looked up ({@code GET /v2/orders:by_client_order_id}) and never sent again. Fills, cancels and replaces arrive on
 * the trade-updates WebSocket, prices on the market-data WebSocket. A new configuration restarts the component
 * (DS), which closes both sockets and opens them on the new settings.
 */
@Component(service = BrokerAdapter.class, configurationPid = AlpacaBrokerType.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = BrokerAdapter.BROKER_TYPE + "=" + AlpacaBrokerType.ID)
@Designate(ocd = AlpacaConfig.class, factory = true)
public final class AlpacaBrokerAdapter implements BrokerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AlpacaBrokerAdapter.class);
    private static final int SUBSCRIBER_BUFFER = 256;
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Duration RECONCILE_FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration RECONCILE_MAX_PAUSE = Duration.ofSeconds(2);

    /** Where an account is reached: REST, the trade-updates WebSocket, the market-data WebSocket base. */
    record Endpoints(URI rest, URI tradeStream, URI data) {
        static Endpoints of(String environment, String restUrl, String streamUrl, String dataUrl) {
            return switch (environment) {
                case "live" -> new Endpoints(URI.create("https://api.alpaca.markets"), URI.create("wss://api.alpaca.markets/stream"),
                        URI.create("wss://stream.data.alpaca.markets"));
                case "custom" -> new Endpoints(URI.create(restUrl), URI.create(streamUrl), URI.create(dataUrl));
                default -> new Endpoints(URI.create("https://paper-api.alpaca.markets"), URI.create("wss://paper-api.alpaca.markets/stream"),
                        URI.create("wss://stream.data.alpaca.markets"));
            };
        }
    }

    /** What an account needs, from its configuration or a test. */
    record Settings(String accountId, Endpoints endpoints, String keyId, String secretKey, String feed, int ratePerMinute,
            Duration requestTimeout, Duration streamTimeout, Duration fillWait, Duration reconcileWindow, Duration instrumentRefresh,
            Set<String> assetClasses, Set<String> symbols) {
    }

    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private final AlpacaClient client;
    private final OrderTranslator translator;
    private final TradeUpdateStream tradeUpdates;
    private final MarketDataStream stocks;
    private final MarketDataStream crypto;
    private final PriceFanout prices;
    private volatile BrokerCapabilities capabilities = BrokerCapabilities.NONE;
    /** The assets and the clock, re-read every {@code instruments.refresh.seconds} while connected. */
    private final PeriodicRefresh refresh;
    /** Orders sent and not yet answered, with what was asked: answered UNKNOWN if the account closes first. */
    private final Map<CompletableFuture<OrderResult>, UnifiedOrder> inFlight = new ConcurrentHashMap<>();

    @Activate
    public AlpacaBrokerAdapter(AlpacaConfig config) {
        this(settings(config));
    }

    AlpacaBrokerAdapter(Settings settings) {
        if (blank(settings.keyId()) || blank(settings.secretKey())) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "account " + settings.accountId()
                    + ": .key.id and .secret.key must both be set");
        }
        this.settings = settings;
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("alpaca-" + settings.accountId()));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.requestTimeout())
                .executor(Executors.newCachedThreadPool(daemon("alpaca-http-" + settings.accountId()))).build();
        this.client = new AlpacaClient(http, settings.endpoints().rest(), settings.keyId(), settings.secretKey(), settings.accountId(),
                settings.requestTimeout(), settings.ratePerMinute(), scheduler);
        this.translator = new OrderTranslator(settings.accountId());
        this.tradeUpdates = new TradeUpdateStream(http, settings.endpoints().tradeStream(), settings.keyId(), settings.secretKey(),
                settings.streamTimeout(), scheduler, translator, new OrderEventFanout(settings.accountId(), scheduler, SUBSCRIBER_BUFFER),
                "alpaca " + settings.accountId() + " trade updates");
        this.prices = new PriceFanout(scheduler, SUBSCRIBER_BUFFER);
        PriceFanout fanout = prices;
        this.stocks = new MarketDataStream(http, URI.create(settings.endpoints().data() + "/v2/" + settings.feed()), settings.keyId(),
                settings.secretKey(), settings.streamTimeout(), scheduler, fanout, "alpaca " + settings.accountId() + " " + settings.feed(),
                symbol -> false);
        this.crypto = new MarketDataStream(http, URI.create(settings.endpoints().data() + "/v1beta3/crypto/us"), settings.keyId(),
                settings.secretKey(), settings.streamTimeout(), scheduler, fanout, "alpaca " + settings.accountId() + " crypto",
                symbol -> true);
        this.refresh = new PeriodicRefresh(this::refreshCapabilities, settings.instrumentRefresh(), scheduler, failure -> LOG.warn(
                "account {}: could not refresh the assets: {}", settings.accountId(), failure.getMessage()));
        LOG.info("Alpaca account {} on {} (feed {})", settings.accountId(), settings.endpoints().rest(), settings.feed());
    }

    private static Settings settings(AlpacaConfig config) {
        return new Settings(config.account_id(), Endpoints.of(config.environment(), config.rest_url(), config.stream_url(), config.data_url()),
                config._key_id(), config._secret_key(), config.feed(), config.rate_limit_per_minute(),
                Duration.ofMillis(config.request_timeout_ms()), Duration.ofMillis(config.stream_timeout_ms()),
                Duration.ofMillis(config.fill_wait_ms()), Duration.ofMillis(config.reconcile_window_ms()),
                Duration.ofSeconds(config.instruments_refresh_seconds()), words(config.asset_classes()), words(config.symbols()));
    }

    private static Set<String> words(String[] configured) {
        Set<String> set = new LinkedHashSet<>();
        if (configured != null) {
            Arrays.stream(configured).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(v -> !v.isEmpty()).forEach(set::add);
        }
        return set;
    }

    @Deactivate
    void deactivate() {
        disconnect();
        scheduler.shutdownNow();
        // its bundle stopped or its configuration went: an order still waiting for its outcome gets UNKNOWN, never no answer
        inFlight.forEach((answer, order) -> answer.complete(OrderResult.unknown(accountId(), order, new ErrorDetail(
                ErrorCode.UNKNOWN_OUTCOME, false, null, "account " + accountId() + " closed before the order's outcome was known; "
                + "not resent: look it up by its client order id", new ErrorContext(accountId(), order.orderId(), order.clientOrderId(),
                        order.instrument(), null)), Instant.now())));
    }

    @Override
    public String brokerType() {
        return AlpacaBrokerType.ID;
    }

    @Override
    public String accountId() {
        return settings.accountId();
    }

    @Override
    public BrokerCapabilities capabilities() {
        return capabilities;
    }

    long requestCount() {
        return client.requestCount();
    }

    TradeUpdateStream tradeUpdates() {
        return tradeUpdates;
    }

    MarketDataStream stocks() {
        return stocks;
    }

    // ---- connection and capabilities ----

    @Override
    public CompletionStage<Void> connect() {
        return refreshCapabilities().thenRun(() -> {
            tradeUpdates.start();
            refresh.start();
        });
    }

    @Override
    public CompletionStage<Void> disconnect() {
        refresh.stop();
        tradeUpdates.close();
        stocks.close();
        crypto.close();
        prices.closeAll();
        return CompletableFuture.completedFuture(null);
    }

    /** Reads the account (it must be ACTIVE), the assets of the configured classes and the market clock. */
    CompletableFuture<Void> refreshCapabilities() {
        CompletableFuture<JsonNode> account = client.read("/v2/account", ErrorCode.ACCOUNT_NOT_FOUND);
        List<CompletableFuture<JsonNode>> assets = new ArrayList<>();
        for (String assetClass : settings.assetClasses()) {
            assets.add(client.read("/v2/assets?status=active&asset_class=" + URLEncoder.encode(assetClass, StandardCharsets.UTF_8),
                    ErrorCode.ACCOUNT_NOT_FOUND));
        }
        CompletableFuture<JsonNode> clock = client.read("/v2/clock", ErrorCode.ACCOUNT_NOT_FOUND);
        return CompletableFuture.allOf(assets.toArray(CompletableFuture[]::new)).thenCombine(account, (x, accountNode) -> accountNode)
                .thenCombine(clock, (accountNode, clockNode) -> {
                    if (accountNode.path("trading_blocked").asBoolean(false) || accountNode.path("account_blocked").asBoolean(false)) {
                        throw StandardBrokerError.of(ErrorCode.PERMISSION_DENIED, accountNode.path("status").asText(), "Alpaca account "
                                + accountId() + " is blocked from trading", ErrorContext.account(accountId()));
                    }
                    List<JsonNode> all = new ArrayList<>();
                    assets.forEach(list -> list.join().forEach(all::add));
                    Map<String, Instrument> catalogue = AlpacaCapabilities.catalogue(all, settings.symbols());
                    this.capabilities = AlpacaCapabilities.of(catalogue, clockNode);
                    return null;
                });
    }

    /** A cheap round trip that also brings the market clock up to date. */
    @Override
    public CompletionStage<HealthReport> checkHealth() {
        return client.read("/v2/clock", ErrorCode.ACCOUNT_NOT_FOUND).handle((clock, failure) -> {
            if (failure != null) {
                StandardBrokerError error = StandardBrokerError.from(AlpacaClient.unwrap(failure));
                return HealthReport.down(error.code(), error.getMessage());
            }
            BrokerCapabilities current = capabilities;
            if (current != BrokerCapabilities.NONE) {
                this.capabilities = AlpacaCapabilities.of(current.instruments(), clock);
            }
            return HealthReport.up();
        });
    }

    // ---- orders ----

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
        Instant submitted = Instant.now();
        BrokerCapabilities capabilities = this.capabilities;
        ErrorContext context = new ErrorContext(accountId(), order.orderId(), order.clientOrderId(), order.instrument(), null);
        if (capabilities == BrokerCapabilities.NONE) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId(), order, new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE,
                    true, null, "account " + accountId() + " is not connected yet: connect() has not read its assets", context), submitted));
        }
        Optional<ErrorDetail> refusal = capabilities.refusal(order);
        if (refusal.isEmpty()) {
            refusal = OrderRules.refusal(order, capabilities.instruments().get(order.instrument()));
        }
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId(), order, refusal.get().withContext(context), submitted));
        }
        Instrument instrument = capabilities.instruments().get(order.instrument());
        ObjectNode body = translator.request(order, instrument.brokerSymbol());
        boolean executesNow = order.type() == OrderType.MARKET && order.timeInForce() != TimeInForce.AT_OPEN
                && order.timeInForce() != TimeInForce.AT_CLOSE || order.timeInForce() == TimeInForce.IOC || order.timeInForce() == TimeInForce.FOK;
        // registered before sending: the fill may come on the stream before the answer
        CompletableFuture<OrderEvent> done = executesNow && tradeUpdates.listening()
                ? tradeUpdates.awaitTerminal(order.clientOrderId(), settings.fillWait()) : null;
        CompletableFuture<OrderResult> outcome = new CompletableFuture<>();
        inFlight.put(outcome, order);
        outcome.whenComplete((result, failure) -> inFlight.remove(outcome));
        client.change("POST", "/v2/orders", body).handle((answer, failure) -> {
            if (failure != null) {
                tradeUpdates.forget(order.clientOrderId());
                Throwable cause = AlpacaClient.unwrap(failure);
                if (cause instanceof AlpacaClient.NoAnswer noAnswer && !noAnswer.mayHaveArrived()) {
                    return CompletableFuture.completedFuture(OrderResult.rejected(accountId(), order, new ErrorDetail(noAnswer.notSentCode(),
                            noAnswer.notSentCode().retryable(), null, "the order did not reach Alpaca: " + cause.getMessage(), context), submitted));
                }
                return reconcile(order, submitted, "no answer: " + cause.getMessage());
            }
            return answered(order, answer, done, submitted);
        }).thenCompose(result -> result).whenComplete((result, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(result);
            }
        });
        return outcome;
    }

    /** An order's answer: 200 with the order, a refusal, or something that leaves its fate open. */
    private CompletableFuture<OrderResult> answered(UnifiedOrder order, AlpacaClient.Answer answer, CompletableFuture<OrderEvent> done,
            Instant submitted) {
        int status = answer.status();
        if (status == 200 && answer.body() != null && answer.body().hasNonNull("id")) {
            OrderResult placed = translator.fromOrder(answer.body(), submitted);
            if (placed.status().terminal() || done == null) {
                tradeUpdates.forget(order.clientOrderId());
                return settled(placed, done == null && isImmediate(order));
            }
            // a fill event carries the whole order: no second request; anything else is read again to be sure
            return done.thenCompose(event -> event != null && event.kind() == OrderEventKind.FILLED && event.averageFillPrice() != null
                    ? CompletableFuture.completedFuture(filled(placed, event)) : lookUp(placed.brokerOrderId(), placed, submitted));
        }
        tradeUpdates.forget(order.clientOrderId());
        if (status / 100 == 4 && answer.body() != null) {
            StandardBrokerError error = client.errorFor(status, answer.body(), "POST /v2/orders", ErrorCode.INVALID_SYMBOL);
            if (error.code() == ErrorCode.DUPLICATE_CLIENT_ORDER_ID) {
                return duplicate(order, error, submitted);
            }
            if (status == 429) {
                return CompletableFuture.completedFuture(OrderResult.rejected(accountId(), order, error.detail(), submitted));
            }
            // Alpaca refused it; one lookup makes sure, since a 422 was once answered for an order that executed
            return findByClientId(order.clientOrderId()).handle((found, lookupFailure) -> found != null && found.isPresent()
                    ? found.get() : OrderResult.rejected(accountId(), order, error.detail(), submitted));
        }
        String why = status / 100 == 2 ? "Alpaca answered " + status + " with a body that is not an order: " + AlpacaJson.excerpt(answer.text())
                : "Alpaca answered " + status + ": " + AlpacaJson.excerpt(answer.text());
        return reconcile(order, submitted, why);
    }

    /** The answered order as its fill event on the trade updates tells it. */
    private static OrderResult filled(OrderResult placed, OrderEvent fill) {
        return new OrderResult(placed.accountId(), placed.clientOrderId(), placed.brokerOrderId(), placed.brokerTradeId(),
                placed.instrument(), placed.side(), placed.type(), OrderStatus.FILLED, placed.requestedUnits(), fill.filledUnits(),
                fill.averageFillPrice(), placed.submittedAt(), fill.time(), fill.reason(), null);
    }

    private static boolean isImmediate(UnifiedOrder order) {
        return order.type() == OrderType.MARKET;
    }

    /**
     * An order answered but not yet final, without the stream to wait on: looked up once after the fill wait for a
     * market order (Alpaca fills it within milliseconds in the session), as it stands otherwise.
     */
    private CompletableFuture<OrderResult> settled(OrderResult placed, boolean lookAgain) {
        if (!lookAgain || placed.status().terminal()) {
            return CompletableFuture.completedFuture(placed);
        }
        return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(
                Math.min(settings.fillWait().toMillis(), 250), TimeUnit.MILLISECONDS, scheduler))
                .thenCompose(x -> lookUp(placed.brokerOrderId(), placed, placed.submittedAt()));
    }

    private CompletableFuture<OrderResult> lookUp(String brokerOrderId, OrderResult fallback, Instant submitted) {
        return client.read("/v2/orders/" + PathSegments.escape(brokerOrderId), ErrorCode.ORDER_NOT_FOUND)
                .thenApply(body -> translator.fromOrder(body, submitted)).exceptionally(failure -> fallback);
    }

    /**
     * Alpaca refuses a client order id it has seen (in the account's whole history). Since this adapter never
     * resends, that means the caller resent an id after an unknown outcome: the first submission landed. The answer
     * is that order as it stands, with the duplicate error kept, so that nothing counts it as a second order.
     */
    private CompletableFuture<OrderResult> duplicate(UnifiedOrder order, StandardBrokerError error, Instant submitted) {
        return findByClientId(order.clientOrderId()).handle((found, failure) -> {
            if (found != null && found.isPresent()) {
                OrderResult first = found.get();
                return new OrderResult(first.accountId(), first.clientOrderId(), first.brokerOrderId(), first.brokerTradeId(),
                        first.instrument(), first.side(), first.type(), first.status(), first.requestedUnits(), first.filledUnits(),
                        first.averageFillPrice(), first.submittedAt(), first.updatedAt(), "the first submission of this client order id landed",
                        error.detail());
            }
            return OrderResult.rejected(accountId(), order, error.detail(), submitted);
        });
    }

    /**
     * What became of an order whose submission got no clear answer, without sending it again: looked up by its client
     * order id with backoff for the reconciliation window; what cannot be found stays UNKNOWN for the operator.
     */
    private CompletableFuture<OrderResult> reconcile(UnifiedOrder order, Instant submitted, String why) {
        Duration window = settings.reconcileWindow();
        LOG.warn("account {}: order {} has an unknown outcome ({}); looking it up for up to {} ms, not resending", accountId(),
                order.clientOrderId(), why, window.toMillis());
        AtomicInteger lookups = new AtomicInteger();
        RetryPolicy<Optional<OrderResult>> untilFound = RetryPolicy.<Optional<OrderResult>>builder()
                .handleResultIf(Optional::isEmpty).handle(Exception.class)
                .withBackoff(RECONCILE_FIRST_PAUSE, RECONCILE_MAX_PAUSE).withJitter(0.1).withMaxRetries(-1).withMaxDuration(window).build();
        return Failsafe.with(untilFound).with(scheduler).getStageAsync(() -> {
            lookups.incrementAndGet();
            return findByClientId(order.clientOrderId());
        }).handle((found, failure) -> {
            if (failure == null && found.isPresent()) {
                LOG.info("account {}: order {} reconciled after {} lookups: {}", accountId(), order.clientOrderId(), lookups.get(),
                        found.get().status());
                return found.get();
            }
            String lookup = failure == null ? "no trace of it at Alpaca" : "the lookups failed: " + AlpacaClient.unwrap(failure).getMessage();
            LOG.error("account {}: order {} still has an unknown outcome after {} lookups ({})", accountId(), order.clientOrderId(),
                    lookups.get(), lookup);
            return OrderResult.unknown(accountId(), order, new ErrorDetail(ErrorCode.UNKNOWN_OUTCOME, false, null, "outcome unknown (" + why
                    + "); after " + lookups.get() + " lookups in " + window.toMillis() + " ms " + lookup
                    + "; not resent: look it up by its client order id", new ErrorContext(accountId(), order.orderId(),
                    order.clientOrderId(), order.instrument(), null)), submitted);
        });
    }

    @Override
    public CompletionStage<OrderResult> cancelOrder(String brokerOrderId) {
        if (!UUID.matcher(brokerOrderId).matches()) {
            return CompletableFuture.failedFuture(notFound(brokerOrderId));
        }
        String path = "/v2/orders/" + PathSegments.escape(brokerOrderId);
        CompletableFuture<OrderEvent> done = tradeUpdates.listening() ? tradeUpdates.awaitTerminal(brokerOrderId, settings.fillWait()) : null;
        return client.change("DELETE", path, null).thenCompose(answer -> {
            if (answer.status() == 204 || answer.status() == 200) {
                // accepted is not yet cancelled: the cancel (or a fill that won the race) comes on the stream
                CompletableFuture<OrderEvent> wait = done == null ? CompletableFuture.completedFuture(null) : done;
                return wait.thenCompose(event -> getOrder(brokerOrderId));
            }
            tradeUpdates.forget(brokerOrderId);
            throw client.errorFor(answer.status(), answer.body(), "DELETE " + path, ErrorCode.ORDER_NOT_FOUND);
        }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(changeError(failure, "cancel of " + brokerOrderId)));
    }

    @Override
    public CompletionStage<OrderResult> getOrder(String brokerOrderId) {
        if (!UUID.matcher(brokerOrderId).matches()) {
            return CompletableFuture.failedFuture(notFound(brokerOrderId));
        }
        return client.read("/v2/orders/" + PathSegments.escape(brokerOrderId), ErrorCode.ORDER_NOT_FOUND)
                .thenApply(body -> translator.fromOrder(body, AlpacaJson.time(body, "submitted_at")));
    }

    private StandardBrokerError notFound(String brokerOrderId) {
        return StandardBrokerError.of(ErrorCode.ORDER_NOT_FOUND, null, "no order " + brokerOrderId + " at " + accountId()
                + ": Alpaca's order ids are UUIDs", new ErrorContext(accountId(), brokerOrderId, null, null, null));
    }

    @Override
    public CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId) {
        return findByClientId(clientOrderId);
    }

    private CompletableFuture<Optional<OrderResult>> findByClientId(String clientOrderId) {
        return client.read("/v2/orders:by_client_order_id?client_order_id=" + URLEncoder.encode(clientOrderId, StandardCharsets.UTF_8),
                ErrorCode.ORDER_NOT_FOUND).thenApply(body -> Optional.of(translator.fromOrder(body, AlpacaJson.time(body, "submitted_at"))))
                .exceptionallyCompose(failure -> {
                    StandardBrokerError error = StandardBrokerError.from(AlpacaClient.unwrap(failure));
                    return error.code() == ErrorCode.ORDER_NOT_FOUND ? CompletableFuture.completedFuture(Optional.empty())
                            : CompletableFuture.failedFuture(error);
                });
    }

    /** Cancel-and-replace ({@code PATCH}): the replacing order, a new id; the old one becomes REPLACED on the stream. */
    @Override
    public CompletionStage<OrderResult> replaceOrder(String brokerOrderId, OrderReplacement replacement) {
        if (!UUID.matcher(brokerOrderId).matches()) {
            return CompletableFuture.failedFuture(notFound(brokerOrderId));
        }
        if (replacement.stopLoss() != null || replacement.takeProfit() != null || replacement.goodTillTime() != null) {
            return CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION,
                    "Alpaca replaces quantity, prices and time in force; stop loss, take profit and good-till times are not replaceable"));
        }
        ObjectNode body = AlpacaJson.MAPPER.createObjectNode();
        if (replacement.units() != null) {
            body.put("qty", replacement.units().toPlainString());
        }
        if (replacement.timeInForce() != null) {
            body.put("time_in_force", OrderTranslator.tif(replacement.timeInForce()));
        }
        body.put("client_order_id", replacement.clientOrderId());
        String path = "/v2/orders/" + PathSegments.escape(brokerOrderId);
        return getOrder(brokerOrderId).thenCompose(current -> {
            if (replacement.price() != null) {
                // the price a replacement changes is the one of its type: a stop's stop, a limit's limit
                body.put(current.type() == OrderType.STOP ? "stop_price" : "limit_price", replacement.price().toPlainString());
            }
            Instant submitted = Instant.now();
            return client.change("PATCH", path, body).thenCompose(answer -> {
                if (answer.status() == 200 && answer.body() != null && answer.body().hasNonNull("id")) {
                    return CompletableFuture.completedFuture(translator.fromOrder(answer.body(), submitted));
                }
                if (answer.status() / 100 == 4) {
                    throw client.errorFor(answer.status(), answer.body(), "PATCH " + path, ErrorCode.ORDER_NOT_FOUND);
                }
                // no clear answer: the replacement is found by its client order id, or stays unknown
                return findByClientId(replacement.clientOrderId()).thenApply(found -> found.orElseThrow(() -> StandardBrokerError.of(
                        ErrorCode.UNKNOWN_OUTCOME, "HTTP " + answer.status(), "replace of " + brokerOrderId + " got no clear answer: look up "
                        + replacement.clientOrderId(), new ErrorContext(accountId(), brokerOrderId, replacement.clientOrderId(), null, null))));
            });
        }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(changeError(failure, "replace of " + brokerOrderId)));
    }

    @Override
    public CompletionStage<List<OrderResult>> openOrders() {
        return client.read("/v2/orders?status=open&limit=500", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(list -> {
            List<OrderResult> open = new ArrayList<>();
            list.forEach(order -> open.add(translator.fromOrder(order, AlpacaJson.time(order, "submitted_at"))));
            return open;
        });
    }

    @Override
    public Flow.Publisher<OrderEvent> orderEvents() {
        return tradeUpdates.publisher();
    }

    /** What the trade-updates stream reports (pending_*, calculated and the *_rejected events change no state). */
    @Override
    public Set<OrderEventKind> orderEventKinds() {
        return EnumSet.of(OrderEventKind.ACCEPTED, OrderEventKind.PARTIALLY_FILLED, OrderEventKind.FILLED, OrderEventKind.CANCELLED,
                OrderEventKind.EXPIRED, OrderEventKind.REPLACED, OrderEventKind.REJECTED);
    }

    private Throwable changeError(Throwable failure, String what) {
        Throwable cause = AlpacaClient.unwrap(failure);
        if (cause instanceof AlpacaClient.NoAnswer noAnswer) {
            return StandardBrokerError.of(noAnswer.mayHaveArrived() ? ErrorCode.UNKNOWN_OUTCOME : noAnswer.notSentCode(), null,
                    what + " got no answer: " + cause.getMessage(), ErrorContext.account(accountId()));
        }
        return cause;
    }

    // ---- account ----

    @Override
    public CompletionStage<List<UnifiedPosition>> positions() {
        return client.read("/v2/positions", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(this::positions);
    }

    private List<UnifiedPosition> positions(JsonNode list) {
        List<UnifiedPosition> positions = new ArrayList<>();
        for (JsonNode position : list) {
            BigDecimal qty = AlpacaJson.decimal(position, "qty");
            BigDecimal average = AlpacaJson.decimal(position, "avg_entry_price");
            boolean isCrypto = "crypto".equals(position.path("asset_class").asText());
            String symbol = Symbols.canonical(position.path("symbol").asText(), isCrypto);
            // Alpaca gives shorts a negative quantity; the model gives each side a positive one
            positions.add(new UnifiedPosition(symbol, qty.signum() > 0 ? qty : BigDecimal.ZERO, qty.signum() > 0 ? average : null,
                    qty.signum() < 0 ? qty.negate() : BigDecimal.ZERO, qty.signum() < 0 ? average : null,
                    AlpacaJson.decimal(position, "unrealized_pl"), null));
        }
        return positions;
    }

    /** Closes the position at market ({@code DELETE /v2/positions/{symbol}}): one result, the closing order's. */
    @Override
    public CompletionStage<List<OrderResult>> closePosition(String instrument) {
        Instrument known = capabilities.instruments().get(instrument);
        String symbol = known != null ? known.brokerSymbol() : Symbols.alpaca(instrument);
        String path = "/v2/positions/" + PathSegments.escape(symbol);
        Instant submitted = Instant.now();
        return client.change("DELETE", path, null).thenCompose(answer -> {
            if (answer.status() == 200 && answer.body() != null && answer.body().hasNonNull("id")) {
                OrderResult closing = translator.fromOrder(answer.body(), submitted);
                return settled(closing, true).thenApply(List::of);
            }
            if (answer.status() == 404) {
                throw StandardBrokerError.of(ErrorCode.INVALID_ORDER, "HTTP 404", "no open position in " + instrument + " at " + accountId()
                        + ": nothing to close", new ErrorContext(accountId(), null, null, instrument, null));
            }
            throw client.errorFor(answer.status(), answer.body(), "DELETE " + path, ErrorCode.INVALID_SYMBOL);
        }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(changeError(failure, "close of " + instrument)));
    }

    @Override
    public CompletionStage<UnifiedAccountSummary> accountSummary() {
        CompletableFuture<JsonNode> account = client.read("/v2/account", ErrorCode.ACCOUNT_NOT_FOUND);
        CompletableFuture<JsonNode> positions = client.read("/v2/positions", ErrorCode.ACCOUNT_NOT_FOUND);
        CompletableFuture<JsonNode> open = client.read("/v2/orders?status=open&limit=500", ErrorCode.ACCOUNT_NOT_FOUND);
        return account.thenCombine(positions, (a, p) -> new JsonNode[] {a, p}).thenCombine(open, (ap, o) -> {
            JsonNode a = ap[0];
            BigDecimal unrealized = BigDecimal.ZERO;
            for (JsonNode position : ap[1]) {
                BigDecimal pl = AlpacaJson.decimal(position, "unrealized_pl");
                unrealized = pl == null ? unrealized : unrealized.add(pl);
            }
            return new UnifiedAccountSummary(accountId(), a.path("currency").asText("USD"), AlpacaJson.decimal(a, "cash"),
                    AlpacaJson.decimal(a, "equity"), unrealized, AlpacaJson.decimal(a, "initial_margin"), AlpacaJson.decimal(a, "buying_power"),
                    ap[1].size(), o.size(), false, Instant.now());
        });
    }

    @Override
    public CompletionStage<List<Instrument>> instruments() {
        return refreshCapabilities().thenApply(x -> List.copyOf(capabilities.instruments().values()));
    }

    @Override
    public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) {
        Map<String, String> equities = new LinkedHashMap<>();
        Map<String, String> pairs = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String symbol : instruments) {
            Instrument instrument = capabilities.instruments().get(symbol);
            if (instrument == null) {
                unknown.add(symbol);
            } else if (instrument.type() == InstrumentType.CRYPTO) {
                pairs.put(symbol, instrument.brokerSymbol());
            } else {
                equities.put(symbol, instrument.brokerSymbol());
            }
        }
        if (!unknown.isEmpty()) {
            return BrokerAdapter.failedStream(StandardBrokerError.of(ErrorCode.INVALID_SYMBOL, null, "no such instrument at "
                    + accountId() + ": " + unknown, ErrorContext.account(accountId())));
        }
        // both streams publish into one fan-out: the subscriber gets its instruments of either
        Flow.Publisher<PriceTick> publisher = prices.publisher(instruments);
        if (!pairs.isEmpty()) {
            crypto.cover(pairs);
        }
        if (!equities.isEmpty()) {
            stocks.cover(equities);
        }
        return publisher;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

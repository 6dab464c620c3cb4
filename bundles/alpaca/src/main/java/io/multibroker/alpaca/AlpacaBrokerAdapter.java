package io.multibroker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
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
import io.multibroker.api.support.ConfigValues;
import io.multibroker.api.support.OrderEventFanout;
import io.multibroker.api.support.PeriodicRefresh;
import io.multibroker.api.support.RequestThreads;
import io.multibroker.api.support.Threads;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
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
    /** Where REST requests block: a thread of the account per request in flight (never the caller's: the JDK's send gives up on an interrupt). */
    private final RequestThreads requestThreads;
    private final AlpacaClient client;
    private final OrderTranslator translator;
    private final TradeUpdateStream tradeUpdates;
    private final MarketPrices prices;
    private volatile BrokerCapabilities capabilities = BrokerCapabilities.NONE;
    /** The assets and the clock, re-read every {@code instruments.refresh.seconds} while connected. */
    private final PeriodicRefresh refresh;
    private final OrderLookup lookup;
    private final OrderDesk orders;
    private final PositionDesk positions;

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
        this.scheduler = Executors.newScheduledThreadPool(2, Threads.daemon("alpaca-" + settings.accountId()));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.requestTimeout())
                .executor(Executors.newCachedThreadPool(Threads.daemon("alpaca-http-" + settings.accountId()))).build();
        this.requestThreads = new RequestThreads("alpaca-request-" + settings.accountId(), false);
        this.client = new AlpacaClient(http, requestThreads, settings.endpoints().rest(), settings.keyId(), settings.secretKey(),
                settings.accountId(), settings.requestTimeout(), settings.ratePerMinute(), scheduler);
        this.translator = new OrderTranslator(settings.accountId());
        this.tradeUpdates = new TradeUpdateStream(http, settings.endpoints().tradeStream(), settings.keyId(), settings.secretKey(),
                settings.streamTimeout(), scheduler, translator, new OrderEventFanout(settings.accountId(), scheduler, SUBSCRIBER_BUFFER),
                "alpaca " + settings.accountId() + " trade updates");
        this.prices = new MarketPrices(http, settings, scheduler);
        this.refresh = new PeriodicRefresh(this::refreshCapabilities, settings.instrumentRefresh(), scheduler, failure -> LOG.warn(
                "account {}: could not refresh the assets: {}", settings.accountId(), failure.getMessage()));
        this.lookup = new OrderLookup(settings.accountId(), client, translator, scheduler, settings.reconcileWindow());
        this.orders = new OrderDesk(settings.accountId(), client, translator, tradeUpdates, () -> capabilities, lookup, scheduler,
                settings.fillWait());
        this.positions = new PositionDesk(settings.accountId(), client, translator, () -> capabilities, orders);
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
        return new LinkedHashSet<>(ConfigValues.list(configured));
    }

    @Deactivate
    void deactivate() {
        disconnect();
        // no new request first: an order sent after the ones in flight were declared unknown would be missed by that
        requestThreads.shutdown();
        scheduler.shutdownNow();
        orders.closing();
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
        return prices.stocks();
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
        prices.close();
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

    // ---- orders and positions ----

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
        return lookup.get(brokerOrderId);
    }

    @Override
    public CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId) {
        return lookup.findByClientId(clientOrderId);
    }

    @Override
    public CompletionStage<OrderResult> replaceOrder(String brokerOrderId, OrderReplacement replacement) {
        return orders.replace(brokerOrderId, replacement);
    }

    @Override
    public CompletionStage<List<OrderResult>> openOrders() {
        return orders.open();
    }

    @Override
    public CompletionStage<List<UnifiedPosition>> positions() {
        return positions.positions();
    }

    @Override
    public CompletionStage<List<OrderResult>> closePosition(String instrument) {
        return positions.close(instrument);
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

    // ---- account ----

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
        return prices.subscribe(instruments, capabilities.instruments());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

package io.multibroker.oanda;

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
import io.multibroker.api.model.UnifiedTrade;
import io.multibroker.api.support.ConfigValues;
import io.multibroker.api.support.OrderEventFanout;
import io.multibroker.api.support.PeriodicRefresh;
import io.multibroker.api.support.PriceFanout;
import io.multibroker.api.support.RequestThreads;
import io.multibroker.api.support.Threads;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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
    /**
     * The connections kept for REST requests, one per request in flight; a request beyond waits for a free one (up to the
     * request timeout, then fails as not sent). OANDA allows 100 requests a second per account. The pool has one more, for
     * the transaction stream, which holds its connection for as long as it is open: where the stream shares the REST host
     * (a stand-in, a proxy), 64 callers at once had 63 connections between them and one always waited for another's
     * (BENCHMARKS.md, v20-java at 64 callers).
     */
    private static final int MAX_REQUEST_CONNECTIONS = 64;
    private static final int EVENT_BUFFER = 1024;

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

        /**
         * The window is checked here as well as by the Metatype range the runtime validates against: a configuration
         * that reaches the component another way (DS without the registry's guard, a test) must not leave an order
         * unknown after no lookup at all, nor hold its caller for hours.
         */
        Settings {
            long window = reconcileWindow.toMillis();
            if (window < OandaConfig.MIN_RECONCILE_WINDOW_MS || window > OandaConfig.MAX_RECONCILE_WINDOW_MS) {
                throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "account " + accountId + ": reconcile.window.ms=" + window
                        + " is out of range: it must be from " + OandaConfig.MIN_RECONCILE_WINDOW_MS + " to " + OandaConfig.MAX_RECONCILE_WINDOW_MS
                        + " (milliseconds an order without a clear answer is looked up before it is reported UNKNOWN)");
            }
        }

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
    /** The price stream's client: its lines are parsed and handed on by threads of its pool. */
    private final HttpClient http;
    /** The REST requests' and the transaction stream's connections, shared by the clients of successive configurations. */
    private final RestTransport rest;
    /** Where REST requests block (a thread of the account per request in flight, or the caller's when it waits); shared by the clients of successive configurations. */
    private final RequestThreads requestThreads;
    private final OrderTranslator translator;
    private final PriceStream prices;
    /** The transaction stream's order events, to every subscriber with its own buffer. */
    private final OrderEventFanout events;
    private final TransactionStream transactions;
    private volatile BrokerCapabilities capabilities = BrokerCapabilities.NONE;
    /** The instruments and modes, re-read every {@code instruments.refresh.seconds} (as configured at the start) while connected. */
    private final PeriodicRefresh refresh;
    private final OrderDesk orders;
    private final PositionDesk positions;

    @Activate
    public OandaBrokerAdapter(OandaConfig config) {
        this(settings(config));
    }

    OandaBrokerAdapter(Settings settings) {
        if (settings.token() == null || settings.token().isBlank()) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "account " + settings.accountId() + ": .token is not set");
        }
        this.settings = settings;
        this.scheduler = Executors.newScheduledThreadPool(2, Threads.daemon("oanda-" + settings.accountId()));
        this.requestThreads = new RequestThreads("oanda-request-" + settings.accountId(), true);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.requestTimeout())
                .executor(Executors.newCachedThreadPool(Threads.daemon("oanda-http-" + settings.accountId()))).build();
        this.rest = new RestTransport(settings.requestTimeout(), MAX_REQUEST_CONNECTIONS + 1);
        this.client = client(settings);
        this.translator = new OrderTranslator(settings.accountId(), this::pricePrecision);
        this.prices = new PriceStream(http, settings.endpoints().stream(), settings.oandaAccount(), settings.token(),
                settings.accountId(), settings.streamTimeout(), Limits.newConnections(settings.connectionsPerSecond()), scheduler,
                new PriceFanout(scheduler, SUBSCRIBER_BUFFER), ReconnectBackoff.standard(), System::nanoTime);
        this.events = new OrderEventFanout(settings.accountId(), scheduler, EVENT_BUFFER);
        this.transactions = new TransactionStream(rest, settings.endpoints().stream(), settings.oandaAccount(), settings.token(),
                settings.accountId(), settings.streamTimeout(), scheduler, events,
                lastId -> client.read("/transactions/sinceid?id=" + lastId, ErrorCode.ACCOUNT_NOT_FOUND),
                () -> client.read("/summary", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(summary -> summary.path("lastTransactionID").asLong()));
        this.refresh = new PeriodicRefresh(this::refreshCapabilities, settings.instrumentRefresh(), scheduler, failure -> LOG.warn(
                "account {}: could not refresh the instruments: {}", accountId(), failure.getMessage()));
        OrderLookup lookup = new OrderLookup(settings.accountId(), translator, scheduler, () -> this.settings.reconcileWindow());
        this.orders = new OrderDesk(settings.accountId(), translator, () -> client, () -> capabilities, lookup);
        this.positions = new PositionDesk(settings.accountId(), translator, () -> client);
        LOG.info("OANDA account {} ({}) on {}", settings.accountId(), settings.oandaAccount(), settings.endpoints().rest());
    }

    private V20Client client(Settings next) {
        return new V20Client(rest, next.endpoints().rest(), next.oandaAccount(), next.token(), next.accountId(), next.requestTimeout(),
                Limits.requests(next.ratePerSecond(), next.requestTimeout()), scheduler, requestThreads);
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
        rest.retime(next.requestTimeout());
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
        return new LinkedHashSet<>(ConfigValues.list(configured));
    }

    @Deactivate
    void deactivate() {
        transactions.close();
        events.closeAll();
        prices.close();
        scheduler.shutdownNow();
        // requests in flight finish (their callers wait for them); no new ones start; then the connections are closed
        requestThreads.shutdown();
        Threads.daemon("oanda-close-" + accountId()).newThread(this::closeConnectionsWhenIdle).start();
    }

    private void closeConnectionsWhenIdle() {
        try {
            requestThreads.awaitIdle(settings.requestTimeout().multipliedBy(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            rest.close();
        }
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
                    this.capabilities = AccountCatalogue.capabilities(summary, instruments, translator);
                    return null;
                });
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
    public CompletionStage<OrderResult> replaceOrder(String brokerOrderId, OrderReplacement replacement) {
        return orders.replace(brokerOrderId, replacement);
    }

    @Override
    public CompletionStage<List<OrderResult>> openOrders() {
        return orders.open();
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
    public CompletionStage<List<UnifiedPosition>> positions() {
        return positions.positions();
    }

    @Override
    public CompletionStage<List<OrderResult>> closePosition(String instrument) {
        return positions.close(instrument);
    }

    @Override
    public CompletionStage<List<UnifiedTrade>> openTrades() {
        return positions.openTrades();
    }

    // ---- account ----

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

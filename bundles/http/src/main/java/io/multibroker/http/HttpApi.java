package io.multibroker.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.cluster.ClusterCredential;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.quality.ExecutionQuality;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.routing.OrderRouter;
import io.multibroker.api.support.Threads;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.servlet.Servlet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The HTTP API's composition: builds the route table from the runtime's services, follows the order events, and
 * registers the two servlets with the OSGi HTTP Whiteboard (Pax Web): {@code /api/v1/*} (async, for event streams) and
 * {@code /metrics}. The optional services (router, experiments, journal, history) may come and go while it runs.
 */
@Component(service = {}, configurationPid = "io.multibroker.http")
@Designate(ocd = HttpApiConfig.class)
public final class HttpApi implements Services {

    private static final long HEARTBEAT_SECONDS = 15;

    private final BrokerRegistry registry;
    private final ExecutorService delivery;
    private final ScheduledExecutorService heartbeats;
    private final Runnable revoked = this::heartbeatSoon;
    private final TokenStore tokenStore;
    private final OrderEventHub hub;
    private final StreamRoutes streams;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile OrderRouter router;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ExperimentService experiments;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile OrderJournal journal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationHistory history;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RiskControl risk;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ExecutionQuality quality;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AccountOwnership ownership;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ClusterCredential clusterCredential;

    @Activate
    public HttpApi(BundleContext context, @Reference BrokerRegistry registry, @Reference TokenService tokens, HttpApiConfig config) {
        this.registry = registry;
        // event streams write on these threads: a client that reads slowly holds one of them, never the broker's
        ThreadPoolExecutor pool = new ThreadPoolExecutor(32, 32, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), Threads.numbered("multibroker-http-sse"));
        pool.allowCoreThreadTimeOut(true);
        this.delivery = pool;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(Threads.numbered("multibroker-http-heartbeat"));
        this.hub = new OrderEventHub(config.events_replay(), delivery, Clock.systemUTC());
        registry.orderEvents().subscribe(hub);
        this.streams = new StreamRoutes(this, hub, delivery);
        HttpMetrics metrics = new HttpMetrics();
        Api api = new Api(routeTable(this, tokens.store(), hub, streams), tokens.store(), this::clusterCredential);
        heartbeats.scheduleAtFixedRate(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        // a heartbeat right after a revocation ends the revoked token's streams then, not at their next event
        this.tokenStore = tokens.store();
        tokenStore.onRevocation(revoked);
        registrations.add(context.registerService(Servlet.class,
                new ApiServlet(api, metrics, new Cors(config.cors_origins()), config.max_body_bytes(), config.tls_required()),
                servlet("multibroker-api", ApiServlet.PREFIX + "/*", true)));
        registrations.add(context.registerService(Servlet.class,
                new MetricsServlet(new RuntimeMetrics(this, metrics, hub, streams::priceStreams, Clock.systemUTC()), tokens.store(), config.metrics_public()),
                servlet("multibroker-metrics", "/metrics", false)));
    }

    /** Every route of the API: what dispatches requests and what the OpenAPI document describes. */
    static RouteTable routeTable(Services services, TokenStore tokens, OrderEventHub hub, StreamRoutes streams) {
        OrderLookup lookup = new RuntimeOrderLookup(services);
        OrderDesk desk = new OrderDesk(services::requireRouter, lookup);
        List<Route> routes = new ArrayList<>();
        ObjectNode[] document = new ObjectNode[1];
        routes.addAll(new MetaRoutes(tokens, () -> document[0]).routes());
        routes.addAll(new AccountRoutes(services).routes());
        routes.addAll(new AccountTimelineRoutes(services).routes());
        routes.addAll(new OrderRoutes(services, desk, lookup).routes());
        routes.addAll(streams.routes());
        routes.addAll(new ExperimentRoutes(services).routes());
        routes.addAll(new ExperimentChartRoutes(services).routes());
        routes.addAll(new ConfigRoutes(services).routes());
        routes.addAll(new RiskRoutes(services).routes());
        routes.addAll(new QualityRoutes(services).routes());
        RouteTable table = new RouteTable(routes);
        document[0] = OpenApi.document(table, "1");
        return table;
    }

    private static Hashtable<String, Object> servlet(String name, String pattern, boolean async) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, name);
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, pattern);
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED, async);
        return properties;
    }

    private void heartbeatSoon() {
        try {
            heartbeats.execute(this::heartbeat);
        } catch (RejectedExecutionException stopping) {
            // the API is closing: its streams are being closed anyway
        }
    }

    private void heartbeat() {
        hub.heartbeat();
        streams.heartbeat();
    }

    @Deactivate
    void close() {
        tokenStore.removeRevocationListener(revoked);
        registrations.forEach(ServiceRegistration::unregister);
        heartbeats.shutdownNow();
        hub.cancel();
        streams.closeAll();
        delivery.shutdownNow();
    }

    @Override
    public BrokerRegistry registry() {
        return registry;
    }

    @Override
    public Optional<OrderRouter> router() {
        return Optional.ofNullable(router);
    }

    @Override
    public Optional<ExperimentService> experiments() {
        return Optional.ofNullable(experiments);
    }

    @Override
    public Optional<OrderJournal> journal() {
        return Optional.ofNullable(journal);
    }

    @Override
    public Optional<ConfigurationHistory> history() {
        return Optional.ofNullable(history);
    }

    @Override
    public Optional<RiskControl> risk() {
        return Optional.ofNullable(risk);
    }

    @Override
    public Optional<ExecutionQuality> quality() {
        return Optional.ofNullable(quality);
    }

    @Override
    public Optional<AccountOwnership> ownership() {
        return Optional.ofNullable(ownership);
    }

    @Override
    public Optional<ClusterCredential> clusterCredential() {
        return Optional.ofNullable(clusterCredential);
    }
}

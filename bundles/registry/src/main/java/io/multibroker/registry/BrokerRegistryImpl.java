package io.multibroker.registry;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerType;
import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.HealthReport;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.OrderEventFanout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every {@link BrokerAdapter} and {@link BrokerType} service as bundles and configurations
 * come and go. Each account is connected off the DS thread (it is CONNECTING until then), checked
 * periodically, and reached only through its metered handle. Nothing is kept of a service once it
 * is unregistered.
 *
 * <p>With an {@link OrderJournal} installed, an account that connects is reconciled with the journal before it takes
 * orders (it stays CONNECTING until then, or turns DOWN when the reconciliation fails, and is tried again), and the
 * order events of every account (its adapter's, the journal's reconciliations) are journalled, handed to the account's
 * and the merged subscribers, and posted on EventAdmin.
 */
@Component(service = {BrokerRegistry.class, RefusalListener.class}, configurationPid = BrokerRegistryImpl.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RegistryConfig.class)
public final class BrokerRegistryImpl implements BrokerRegistry, RefusalListener {

    static final String PID = "io.multibroker.registry";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRegistryImpl.class);

    record TypeEntry(long serviceId, BrokerType type, Bundle bundle) {
    }

    /** Where a type's configuration schema comes from: Metatype in the runtime, a fixed schema in tests. */
    @FunctionalInterface
    interface SchemaSource {
        Optional<ConfigurationSchema> schemaOf(TypeEntry type);
    }

    private final SchemaSource schemaReader;
    private final ScheduledExecutorService scheduler;
    /** All adapters registered for an account id, first come first served: the first is active, any other is a conflict. */
    private final Map<String, List<AccountEntry>> accounts = new ConcurrentHashMap<>();
    /**
     * The active accounts sorted by id, rebuilt when an account comes or goes rather than on every lookup:
     * routing asks for eligible accounts per order, and sorting them each time made the lookup grow faster than
     * the number of accounts (BENCHMARKS.md).
     */
    private volatile List<BrokerAccount> sortedAccounts = List.of();
    private final Map<String, List<TypeEntry>> types = new ConcurrentHashMap<>();
    private final Map<String, ConfigurationSchema> schemaCache = new ConcurrentHashMap<>();
    private final List<String> conflicts = new CopyOnWriteArrayList<>();
    private final CapabilityTracker capabilityTracker = new CapabilityTracker();
    /** Where an account's refused configuration is kept: such an account is DEGRADED until it is fixed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationHistory history;
    private final ErrorLog errorLog;
    private volatile RegistryConfig config;
    private volatile EventAdmin eventAdmin;
    private volatile java.util.concurrent.ScheduledFuture<?> healthTask;
    private volatile OrderJournal journal;
    private volatile OrderEventFeed journalFeed;
    /** Delivers order events to subscribers, each of which has its own buffer. */
    private final ExecutorService eventDelivery = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "multibroker-order-events");
        thread.setDaemon(true);
        return thread;
    });
    private final OrderEventFanout mergedEvents = new OrderEventFanout("*", eventDelivery, EVENT_BUFFER);
    private static final int EVENT_BUFFER = 4096;

    @Activate
    public BrokerRegistryImpl(RegistryConfig config, @Reference MetaTypeService metaType) {
        this(config, (SchemaSource) entry -> MetatypeSchemas.read(metaType, entry.bundle(), entry.type().factoryPid()));
    }

    BrokerRegistryImpl(RegistryConfig config, SchemaSource schemaReader) {
        this.config = config;
        this.schemaReader = schemaReader;
        this.errorLog = new ErrorLog(config.errors_kept());
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "multibroker-registry");
            thread.setDaemon(true);
            return thread;
        });
        scheduleHealthChecks();
    }

    @Modified
    void modified(RegistryConfig newConfig) {
        this.config = newConfig;
        scheduleHealthChecks();
    }

    @Deactivate
    void deactivate() {
        OrderEventFeed feed = journalFeed;
        if (feed != null) {
            feed.close();
        }
        accounts.values().forEach(list -> list.forEach(this::stopEvents));
        mergedEvents.closeAll();
        eventDelivery.shutdownNow();
        scheduler.shutdownNow();
        accounts.keySet().forEach(this::unregisterMBean);
    }

    private synchronized void scheduleHealthChecks() {
        if (healthTask != null) {
            healthTask.cancel(false);
        }
        long interval = config.health_interval_seconds();
        healthTask = scheduler.scheduleWithFixedDelay(this::checkAll, interval, interval, TimeUnit.SECONDS);
    }

    // ---- event admin (optional) ----

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindEventAdmin(EventAdmin admin) {
        this.eventAdmin = admin;
    }

    void unbindEventAdmin(EventAdmin admin) {
        if (this.eventAdmin == admin) {
            this.eventAdmin = null;
        }
    }

    private void publish(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    // ---- order journal (optional) and order events ----

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindOrderJournal(OrderJournal bound) {
        OrderEventFeed feed = new OrderEventFeed("the order journal", bound::events, this::deliver,
                reason -> mergedEvents.publishGap(reason), scheduler);
        OrderEventFeed previous = journalFeed;
        journalFeed = feed;
        this.journal = bound;
        if (previous != null) {
            previous.close();
        }
        feed.start();
        // accounts that connected before the journal came: reconciled now, while they trade
        for (BrokerAccount account : accounts()) {
            if (account.health().status().routable()) {
                scheduler.execute(() -> reconcileInBackground((AccountEntry) account, "the order journal started"));
            }
        }
    }

    void unbindOrderJournal(OrderJournal unbound) {
        if (this.journal == unbound) {
            this.journal = null;
            OrderEventFeed feed = journalFeed;
            journalFeed = null;
            if (feed != null) {
                feed.close();
            }
        }
    }

    // ---- pre-trade risk check (optional) ----

    /** The risk layer's gate, which every account's handle asks before an order leaves; without it orders go unchecked. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile PreTradeCheck preTradeCheck;

    @Override
    public Flow.Publisher<OrderEvent> orderEvents() {
        return mergedEvents.publisher();
    }

    /**
     * An event of an adapter: handed on, then journalled (queued in order with the answers; committed with the next
     * group), so that a subscriber never waits for the journal.
     */
    private void adapterEvent(OrderEvent event) {
        deliver(event);
        OrderJournal current = journal;
        if (current != null) {
            current.event(event).whenComplete((written, failure) -> {
                if (failure != null) {
                    LOG.error("order event {} of {} at {} could not be journalled: {}", event.kind(), event.clientOrderId(),
                            event.accountId(), failure.toString());
                }
            });
        }
    }

    /** Hands an event to the account's subscribers, the merged subscribers and EventAdmin. */
    private void deliver(OrderEvent event) {
        account(event.accountId()).ifPresent(account -> ((AccountEntry) account).metered.publish(event));
        mergedEvents.publish(event);
        publish(BrokerRegistry.TOPIC_ORDER_PREFIX + event.kind().name(), eventProperties(event));
    }

    private static Map<String, Object> eventProperties(OrderEvent event) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("account.id", event.accountId());
        properties.put("kind", event.kind().name());
        properties.put("time", event.time().toString());
        putIfSet(properties, "client.order.id", event.clientOrderId());
        putIfSet(properties, "broker.order.id", event.brokerOrderId());
        putIfSet(properties, "instrument", event.instrument());
        putIfSet(properties, "status", event.status() == null ? null : event.status().name());
        putIfSet(properties, "filled.units", event.filledUnits() == null ? null : event.filledUnits().toPlainString());
        putIfSet(properties, "fill.units", event.fillUnits() == null ? null : event.fillUnits().toPlainString());
        putIfSet(properties, "fill.price", event.fillPrice() == null ? null : event.fillPrice().toPlainString());
        putIfSet(properties, "reason", event.reason());
        putIfSet(properties, "related.order.id", event.relatedOrderId());
        return properties;
    }

    private static void putIfSet(Map<String, Object> properties, String key, String value) {
        if (value != null) {
            properties.put(key, value);
        }
    }

    /** Subscribes to the adapter's order events once, when the account has connected. */
    private void startEvents(AccountEntry entry) {
        if (entry.eventFeed != null || !entry.raw.capabilities().has(BrokerCapability.ORDER_EVENTS)) {
            return;
        }
        OrderEventFeed feed = new OrderEventFeed(entry.accountId(), entry.raw::orderEvents, this::adapterEvent, reason -> {
            entry.metered.publishGap(reason);
            mergedEvents.publishGap(reason);
            scheduler.execute(() -> reconcileInBackground(entry, reason));
        }, scheduler);
        entry.eventFeed = feed;
        feed.start();
    }

    private void stopEvents(AccountEntry entry) {
        OrderEventFeed feed = entry.eventFeed;
        if (feed != null) {
            feed.close();
            entry.eventFeed = null;
        }
        entry.metered.closeEvents();
    }

    /**
     * Reconciles a connected account with the journal before it takes orders; false (and the account DOWN, to be tried
     * again by the health check) when that fails or takes longer than the connect timeout.
     */
    private boolean reconciled(AccountEntry entry) {
        OrderJournal current = journal;
        if (current == null) {
            return true;
        }
        Instant start = Instant.now();
        try {
            current.reconcile(entry.metered).toCompletableFuture().get(config.connect_timeout_seconds(), TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            setHealth(entry, new AccountHealth(HealthStatus.DOWN, "the reconciliation of its orders with the journal took longer than "
                    + config.connect_timeout_seconds() + " s", ErrorCode.TIMEOUT, Duration.between(start, Instant.now()), Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            StandardBrokerError error = StandardBrokerError.from(e);
            setHealth(entry, new AccountHealth(HealthStatus.DOWN, "the reconciliation of its orders with the journal failed: "
                    + error.brokerMessage(), error.code(), Duration.between(start, Instant.now()), Instant.now()));
        }
        LOG.warn("account {} takes no orders until its orders are reconciled", entry.accountId());
        return false;
    }

    private void reconcileInBackground(AccountEntry entry, String why) {
        OrderJournal current = journal;
        if (current == null || !isActive(entry)) {
            return;
        }
        LOG.info("account {}: reconciling its orders with the journal ({})", entry.accountId(), why);
        current.reconcile(entry.metered);
    }

    // ---- broker types ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBrokerType(BrokerType type, ServiceReference<BrokerType> reference) {
        addType(serviceId(reference), type, reference.getBundle());
    }

    void unbindBrokerType(BrokerType type, ServiceReference<BrokerType> reference) {
        removeType(serviceId(reference), type);
    }

    void addType(long serviceId, BrokerType type, Bundle bundle) {
        types.computeIfAbsent(type.id(), id -> new CopyOnWriteArrayList<>()).add(new TypeEntry(serviceId, type, bundle));
        LOG.info("broker type {} registered ({})", type.id(), type.displayName());
        publish(BrokerRegistry.TOPIC_TYPE_ADDED, Map.of("broker.type", type.id()));
    }

    void removeType(long serviceId, BrokerType type) {
        List<TypeEntry> entries = types.get(type.id());
        if (entries != null) {
            entries.removeIf(e -> e.serviceId() == serviceId);
            if (entries.isEmpty()) {
                types.remove(type.id());
                schemaCache.remove(type.id());
            }
        }
        LOG.info("broker type {} unregistered", type.id());
        publish(BrokerRegistry.TOPIC_TYPE_REMOVED, Map.of("broker.type", type.id()));
    }

    @Override
    public List<BrokerTypeInfo> types() {
        List<BrokerTypeInfo> all = new ArrayList<>();
        types.keySet().stream().sorted().forEach(id -> type(id).ifPresent(all::add));
        return all;
    }

    @Override
    public Optional<BrokerTypeInfo> type(String id) {
        List<TypeEntry> entries = types.get(id);
        if (entries == null || entries.isEmpty()) {
            return Optional.empty();
        }
        TypeEntry entry = entries.get(0);
        BrokerType type = entry.type();
        ConfigurationSchema schema = schemaCache.get(id);
        if (schema == null) {
            schema = schemaReader.schemaOf(entry).orElse(null);
            if (schema != null) {
                schemaCache.put(id, schema);
            } else {
                schema = new ConfigurationSchema(type.factoryPid(), type.displayName(), "no Metatype schema published", List.of());
            }
        }
        String bundle = entry.bundle() == null ? null : entry.bundle().getSymbolicName();
        return Optional.of(new BrokerTypeInfo(type.id(), type.displayName(), type.factoryPid(), bundle,
                type.staticCapabilities(), schema));
    }

    /** The type service itself, for the factory's type-specific validation. */
    Optional<BrokerType> typeService(String id) {
        List<TypeEntry> entries = types.get(id);
        return entries == null || entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0).type());
    }

    // ---- accounts ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBrokerAdapter(BrokerAdapter adapter, Map<String, Object> properties) {
        addAdapter(serviceId(properties), adapter, !"false".equals(String.valueOf(properties.get(BrokerAdapter.ACCOUNT_ENABLED))));
    }

    void updatedBrokerAdapter(BrokerAdapter adapter, Map<String, Object> properties) {
        long serviceId = serviceId(properties);
        boolean enabled = !"false".equals(String.valueOf(properties.get(BrokerAdapter.ACCOUNT_ENABLED)));
        Optional<AccountEntry> active = account(adapter.accountId()).map(AccountEntry.class::cast)
                .filter(entry -> entry.serviceId == serviceId);
        if (active.isPresent() && active.get().enabled == enabled) {
            // reconfigured in place: same account, same metrics; look at what it offers now
            scheduler.execute(() -> refreshCapabilities(active.get(), "reconfigure"));
            return;
        }
        // account.enabled changed: the account switches between STOPPED and connecting
        removeAdapter(serviceId, adapter);
        bindBrokerAdapter(adapter, properties);
    }

    void unbindBrokerAdapter(BrokerAdapter adapter, Map<String, Object> properties) {
        removeAdapter(serviceId(properties), adapter);
    }

    void addAdapter(long serviceId, BrokerAdapter adapter, boolean enabled) {
        String accountId = adapter.accountId();
        AccountEntry entry = new AccountEntry(serviceId, adapter, enabled, config.error_rate_window_seconds(), errorLog,
                () -> journal, eventDelivery, () -> preTradeCheck);
        List<AccountEntry> registered = accounts.computeIfAbsent(accountId, id -> new CopyOnWriteArrayList<>());
        registered.add(entry);
        resort();
        if (registered.get(0) != entry) {
            String conflict = "account " + accountId + " is configured twice (" + registered.get(0).brokerType() + " and "
                    + adapter.brokerType() + "): the second is ignored until the first is removed";
            conflicts.add(conflict);
            LOG.error(conflict);
            return;
        }
        activate(entry);
    }

    private void registerMBean(AccountEntry entry) {
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            javax.management.ObjectName name = AccountMetricsMBean.name(entry.accountId());
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new AccountMetricsMBean(entry), name);
        } catch (Exception e) {
            LOG.warn("metrics of {} are not available over JMX: {}", entry.accountId(), e.toString());
        }
    }

    private void unregisterMBean(String accountId) {
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            javax.management.ObjectName name = AccountMetricsMBean.name(accountId);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (Exception e) {
            LOG.warn("could not unregister the metrics MBean of {}: {}", accountId, e.toString());
        }
    }

    private void activate(AccountEntry entry) {
        registerMBean(entry);
        LOG.info("account {} registered ({}{})", entry.accountId(), entry.brokerType(), entry.enabled ? "" : ", stopped");
        publish(BrokerRegistry.TOPIC_ACCOUNT_ADDED, Map.of("account.id", entry.accountId(), "broker.type", entry.brokerType()));
        if (entry.enabled) {
            scheduler.execute(() -> connect(entry));
        }
    }

    void removeAdapter(long serviceId, BrokerAdapter adapter) {
        String accountId = adapter.accountId();
        List<AccountEntry> registered = accounts.get(accountId);
        if (registered == null) {
            return;
        }
        boolean wasActive = !registered.isEmpty() && registered.get(0).serviceId == serviceId;
        registered.stream().filter(e -> e.serviceId == serviceId).forEach(this::stopEvents);
        registered.removeIf(e -> e.serviceId == serviceId);
        if (registered.isEmpty()) {
            accounts.remove(accountId, registered);
        }
        resort();
        if (wasActive) {
            unregisterMBean(accountId);
            LOG.info("account {} unregistered", accountId);
            publish(BrokerRegistry.TOPIC_ACCOUNT_REMOVED, Map.of("account.id", accountId, "broker.type", adapter.brokerType()));
            if (!registered.isEmpty()) {
                conflicts.removeIf(c -> c.startsWith("account " + accountId + " "));
                activate(registered.get(0));
            }
        }
    }

    private static long serviceId(ServiceReference<?> reference) {
        Object id = reference.getProperty("service.id");
        return id instanceof Long value ? value : System.identityHashCode(reference);
    }

    private static long serviceId(Map<String, Object> properties) {
        Object id = properties.get("service.id");
        return id instanceof Long value ? value : -1;
    }

    @Override
    public List<BrokerAccount> accounts() {
        return sortedAccounts;
    }

    private synchronized void resort() {
        List<BrokerAccount> all = new ArrayList<>();
        accounts.values().forEach(list -> {
            if (!list.isEmpty()) {
                all.add(list.get(0));
            }
        });
        all.sort(Comparator.comparing(BrokerAccount::accountId));
        sortedAccounts = List.copyOf(all);
    }

    @Override
    public Optional<BrokerAccount> account(String accountId) {
        List<AccountEntry> registered = accounts.get(accountId);
        return registered == null || registered.isEmpty() ? Optional.empty() : Optional.of(registered.get(0));
    }

    @Override
    public BrokerAccount requireAccount(String accountId) {
        return account(accountId).orElseThrow(() -> StandardBrokerError.of(ErrorCode.ACCOUNT_NOT_FOUND, null,
                "no account " + accountId + " is registered (registered: "
                        + String.join(", ", accounts().stream().map(BrokerAccount::accountId).toList()) + ")",
                ErrorContext.account(accountId)));
    }

    /** Configuration conflicts seen (an account id configured twice). */
    List<String> conflicts() {
        return List.copyOf(conflicts);
    }

    @Override
    public List<BrokerAccount> eligibleAccounts(UnifiedOrder order) {
        List<BrokerAccount> all = accounts();
        List<BrokerAccount> eligible = new ArrayList<>(all.size());
        for (BrokerAccount account : all) {
            if (refusal(account, order).isEmpty()) {
                eligible.add(account);
            }
        }
        return eligible;
    }

    @Override
    public Map<String, ErrorDetail> ineligibleAccounts(UnifiedOrder order) {
        Map<String, ErrorDetail> reasons = new LinkedHashMap<>();
        for (BrokerAccount account : accounts()) {
            refusal(account, order).ifPresent(reason -> reasons.put(account.accountId(), reason));
        }
        return reasons;
    }

    @Override
    public Optional<ErrorDetail> refusal(String accountId, UnifiedOrder order) {
        List<AccountEntry> registered = accounts.get(accountId);
        if (registered == null || registered.isEmpty()) {
            return Optional.of(ErrorDetail.of(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + accountId + " is registered"));
        }
        return refusal(registered.get(0), order);
    }

    private static Optional<ErrorDetail> refusal(BrokerAccount account, UnifiedOrder order) {
        AccountHealth health = account.health();
        if (!health.status().routable()) {
            return Optional.of(ErrorDetail.of(ErrorCode.BROKER_UNAVAILABLE, "account " + account.accountId() + " is "
                    + health.status() + (health.reason() == null ? "" : ": " + health.reason())));
        }
        return account.capabilities().refusal(order);
    }

    // ---- connection and health ----

    private void connect(AccountEntry entry) {
        if (!isActive(entry)) {
            return;
        }
        Instant start = Instant.now();
        try {
            entry.metered.connect().toCompletableFuture().get(config.connect_timeout_seconds(), TimeUnit.SECONDS);
            refreshCapabilities(entry, "connect");
            // events first, so that nothing that happens while the journal is reconciled is missed
            startEvents(entry);
            if (!reconciled(entry)) {
                return;
            }
            check(entry);
        } catch (java.util.concurrent.TimeoutException e) {
            setHealth(entry, new AccountHealth(HealthStatus.DOWN, "no connection within " + config.connect_timeout_seconds() + " s",
                    ErrorCode.TIMEOUT, Duration.between(start, Instant.now()), Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            StandardBrokerError error = StandardBrokerError.from(e);
            // failed authentication is an operator's problem: DOWN with the reason, never a crash
            setHealth(entry, new AccountHealth(HealthStatus.DOWN, error.brokerMessage(), error.code(),
                    Duration.between(start, Instant.now()), Instant.now()));
            LOG.warn("account {} could not connect: {}", entry.accountId(), error.detail());
        }
    }

    /** Checks every active account now; also what the periodic task runs. */
    void checkAll() {
        for (BrokerAccount account : accounts()) {
            AccountEntry entry = (AccountEntry) account;
            HealthStatus status = entry.health().status();
            if (status == HealthStatus.STOPPED || status == HealthStatus.CONNECTING) {
                continue;
            }
            ErrorCode code = entry.health().code();
            if (status == HealthStatus.DOWN && code != null && connectFailure(code)) {
                // credentials or configuration are wrong: retrying cannot help until the configuration changes
                continue;
            }
            try {
                if (status == HealthStatus.DOWN) {
                    connect(entry);
                } else {
                    refreshCapabilities(entry, "refresh");
                    check(entry);
                }
            } catch (RuntimeException e) {
                LOG.error("health check of {} failed", entry.accountId(), e);
            }
        }
    }

    private static boolean connectFailure(ErrorCode code) {
        return code == ErrorCode.AUTHENTICATION_FAILED || code == ErrorCode.PERMISSION_DENIED
                || code == ErrorCode.CONFIGURATION_INVALID || code == ErrorCode.ACCOUNT_NOT_FOUND;
    }

    private void check(AccountEntry entry) {
        long start = System.nanoTime();
        AccountHealth next;
        try {
            HealthReport report = entry.metered.checkHealth().toCompletableFuture()
                    .get(config.health_timeout_seconds(), TimeUnit.SECONDS);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            HealthStatus status = report.status();
            String reason = report.reason();
            if (status == HealthStatus.UP && latency.toMillis() > config.degraded_latency_ms()) {
                status = HealthStatus.DEGRADED;
                reason = "health check took " + latency.toMillis() + " ms (threshold " + config.degraded_latency_ms() + " ms)";
            }
            ConfigurationHistory refusals = history;
            List<ConfigurationViolation> refusal = refusals == null ? List.of() : refusals.refusal(entry.accountId());
            if (status == HealthStatus.UP && !refusal.isEmpty()) {
                status = HealthStatus.DEGRADED;
                reason = ConfigFileWatch.reason(refusal);
            }
            long[] window = entry.window.totals(Instant.now().getEpochSecond());
            if (status == HealthStatus.UP && window[0] >= config.error_rate_min_calls()
                    && window[1] > config.error_rate_threshold() * window[0]) {
                status = HealthStatus.DEGRADED;
                reason = String.format(java.util.Locale.ROOT, "error rate %.0f%% (%d of %d calls) over the last %d s, threshold %.0f%%",
                        100.0 * window[1] / window[0], window[1], window[0], entry.window.seconds(), 100 * config.error_rate_threshold());
            }
            next = new AccountHealth(status, reason, report.code(), latency, Instant.now());
        } catch (java.util.concurrent.TimeoutException e) {
            next = new AccountHealth(HealthStatus.DOWN, "no health answer within " + config.health_timeout_seconds() + " s",
                    ErrorCode.TIMEOUT, Duration.ofNanos(System.nanoTime() - start), Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            StandardBrokerError error = StandardBrokerError.from(e);
            next = new AccountHealth(HealthStatus.DOWN, error.brokerMessage(), error.code(),
                    Duration.ofNanos(System.nanoTime() - start), Instant.now());
        }
        setHealth(entry, next);
    }

    /** An account's refusal was recorded or cleared: its health is looked at again at once. */
    @Override
    public void refusalChanged(String accountId) {
        account(accountId).ifPresent(account -> scheduler.execute(() -> {
            AccountEntry entry = (AccountEntry) account;
            if (entry.health().status() == HealthStatus.UP || entry.health().status() == HealthStatus.DEGRADED) {
                check(entry);
            }
        }));
    }

    private void refreshCapabilities(AccountEntry entry, String trigger) {
        if (!isActive(entry)) {
            return;
        }
        capabilityTracker.observe(entry.accountId(), entry.raw.capabilities(), trigger, Instant.now()).ifPresent(change -> {
            LOG.info("account {} capabilities changed ({}): {}", entry.accountId(), trigger, change.diff());
            Map<String, Object> event = new HashMap<>();
            event.put("account.id", entry.accountId());
            event.put("trigger", trigger);
            event.put("features.added", names(change.diff().featuresAdded()));
            event.put("features.removed", names(change.diff().featuresRemoved()));
            event.put("timeinforce.changed", names(change.diff().timeInForceChanged().keySet()));
            event.put("instruments.added", change.diff().instrumentsAdded().toArray(String[]::new));
            event.put("instruments.removed", change.diff().instrumentsRemoved().toArray(String[]::new));
            event.put("instruments.changed", change.diff().instrumentsChanged().keySet().toArray(String[]::new));
            publish(BrokerRegistry.TOPIC_CAPABILITIES_CHANGED, event);
        });
    }

    private static String[] names(java.util.Collection<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).toArray(String[]::new);
    }

    /** Looks at every active account's capabilities now, as the periodic check does. */
    void refreshAllCapabilities() {
        accounts().forEach(account -> refreshCapabilities((AccountEntry) account, "refresh"));
    }

    @Override
    public List<io.multibroker.api.capability.CapabilityChange> capabilityHistory(String accountId) {
        return capabilityTracker.history(accountId);
    }

    @Override
    public List<io.multibroker.api.error.ErrorSummary> errors(Instant since) {
        return errorLog.summarize(since);
    }

    private void setHealth(AccountEntry entry, AccountHealth next) {
        if (!isActive(entry)) {
            return;
        }
        AccountHealth previous = entry.health(next);
        if (previous.status() != next.status()) {
            LOG.info("account {} is {}{}", entry.accountId(), next.status(), next.reason() == null ? "" : ": " + next.reason());
            Map<String, Object> event = new HashMap<>();
            event.put("account.id", entry.accountId());
            event.put("status", next.status().name());
            event.put("previous", previous.status().name());
            if (next.reason() != null) {
                event.put("reason", next.reason());
            }
            publish(BrokerRegistry.TOPIC_HEALTH_CHANGED, event);
        }
    }

    private boolean isActive(AccountEntry entry) {
        List<AccountEntry> registered = accounts.get(entry.accountId());
        return registered != null && !registered.isEmpty() && registered.get(0) == entry;
    }
}

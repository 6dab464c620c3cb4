package io.multibroker.registry;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerType;
import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.HealthChange;
import io.multibroker.api.capability.CapabilityChange;
import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.cluster.OrderForwarding;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.ErrorSummary;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.support.Threads;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
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
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every {@link BrokerAdapter} and {@link BrokerType} service as bundles and configurations come and go, and answers
 * for them as the {@link BrokerRegistry}. It wires parts that each do one job: the accounts registered now and which can
 * take an order ({@link AccountTable}), the broker types ({@link TypeCatalog}), connection and health
 * ({@link HealthMonitor}), capability changes ({@link CapabilityWatch}), order events and the journal
 * ({@link OrderEventRouting}) and JMX ({@link AccountMBeans}). An account is reached only through its metered handle;
 * nothing is kept of a service once it is unregistered.
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

    private volatile RegistryConfig config;
    private final ErrorLog errorLog;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, Threads.daemon("multibroker-registry"));
    /** Delivers order events to subscribers, each of which has its own buffer. */
    private final ExecutorService eventDelivery = Executors.newCachedThreadPool(Threads.daemon("multibroker-order-events"));
    private final RegistryEvents events = new RegistryEvents();
    private final AccountTable table = new AccountTable();
    private final AccountMBeans mbeans = new AccountMBeans();
    private final TypeCatalog types;
    private final CapabilityWatch capabilities;
    private final OrderEventRouting orderEvents;
    private final HealthMonitor health;

    /** Where an account's refused configuration is kept: such an account is DEGRADED until it is fixed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationHistory history;
    /** The capability and error history every runtime on the database shares; this runtime's memory until it is bound. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RegistryHistory sharedHistory;
    /** The risk layer's gate, which every account's handle asks before an order leaves. */
    private final PreTradeGate preTradeGate;
    /** The order journal, handed to the order events once it is got (off the registry's activation, see the slot). */
    private final LazyServiceSlot<OrderJournal> journal;
    /** Sends orders for accounts another runtime drives to that runtime, when runtimes share a database and forward. */
    private final LazyServiceSlot<OrderForwarding> forwarding;

    @Activate
    public BrokerRegistryImpl(RegistryConfig config, @Reference MetaTypeService metaType, BundleContext context) {
        this(config, (SchemaSource) entry -> MetatypeSchemas.read(metaType, entry.bundle(), entry.type().factoryPid()), context);
    }

    BrokerRegistryImpl(RegistryConfig config, SchemaSource schemaReader) {
        this(config, schemaReader, null);
    }

    private BrokerRegistryImpl(RegistryConfig config, SchemaSource schemaReader, BundleContext context) {
        this.preTradeGate = new PreTradeGate(context, () -> this.config);
        this.journal = new LazyServiceSlot<>(context);
        this.forwarding = new LazyServiceSlot<>(context);
        this.config = config;
        this.errorLog = new ErrorLog(config.errors_kept(), () -> sharedHistory);
        this.types = new TypeCatalog(schemaReader, events);
        this.capabilities = new CapabilityWatch(table::isActive, events, () -> sharedHistory);
        this.orderEvents = new OrderEventRouting(table, events, scheduler, eventDelivery, () -> this.config.connect_timeout_seconds());
        this.health = new HealthMonitor(table, events, capabilities, orderEvents, scheduler, () -> this.config, this::refusal);
        health.schedule();
    }

    @Modified
    void modified(RegistryConfig newConfig) {
        this.config = newConfig;
        health.schedule();
    }

    @Deactivate
    void deactivate() {
        orderEvents.close();
        eventDelivery.shutdownNow();
        scheduler.shutdownNow();
        table.accounts().forEach(account -> mbeans.unregister(account.accountId()));
    }

    private List<ConfigurationViolation> refusal(String accountId) {
        ConfigurationHistory current = history;
        return current == null ? List.of() : current.refusal(accountId);
    }

    // ---- optional services ----

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindEventAdmin(EventAdmin admin) {
        events.bind(admin);
    }

    void unbindEventAdmin(EventAdmin admin) {
        events.unbind(admin);
    }

    /** Bound by reference only, and got on the registry's own thread: see {@link LazyServiceSlot}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindOrderJournal(ServiceReference<OrderJournal> bound) {
        journal.bind(bound);
        scheduler.execute(() -> journal.get().ifPresentOrElse(orderEvents::bind,
                () -> LOG.error("the order journal is installed but the framework did not give it: orders are not journalled")));
    }

    void unbindOrderJournal(ServiceReference<OrderJournal> unbound) {
        OrderJournal current = orderEvents.journal();
        if (current != null) {
            orderEvents.unbind(current);
        }
        journal.unbind(unbound);
    }

    /** A journal given as it is (tests, benchmarks). */
    void useOrderJournal(OrderJournal given) {
        journal.bindService(given);
        orderEvents.bind(given);
    }

    /** Bound by reference only, and got by the first order that asks it: see {@link LazyServiceSlot}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindPreTradeCheck(ServiceReference<PreTradeCheck> bound) {
        preTradeGate.bind(bound);
    }

    void unbindPreTradeCheck(ServiceReference<PreTradeCheck> unbound) {
        preTradeGate.unbind(unbound);
    }

    /** A gate given as it is (tests, benchmarks). */
    void usePreTradeCheck(PreTradeCheck given) {
        preTradeGate.use(given);
    }

    /** Bound by reference only, and got by the first order that asks it: see {@link LazyServiceSlot}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAccountOwnership(ServiceReference<AccountOwnership> bound) {
        preTradeGate.bindOwnership(bound);
    }

    void unbindAccountOwnership(ServiceReference<AccountOwnership> unbound) {
        preTradeGate.unbindOwnership(unbound);
    }

    /** Ownership given as it is (tests). */
    void useAccountOwnership(AccountOwnership given) {
        preTradeGate.useOwnership(given);
    }

    /**
     * Bound by reference only, and got by the first order that asks it: the forwarder holds the account ownership, which
     * holds the registry (see {@link LazyServiceSlot}).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindOrderForwarding(ServiceReference<OrderForwarding> bound) {
        forwarding.bind(bound);
    }

    void unbindOrderForwarding(ServiceReference<OrderForwarding> unbound) {
        forwarding.unbind(unbound);
    }

    /** A forwarder given as it is (tests). */
    void useOrderForwarding(OrderForwarding given) {
        forwarding.bindService(given);
    }

    // ---- broker types ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBrokerType(BrokerType type, ServiceReference<BrokerType> reference) {
        addType(serviceId(reference.getProperty("service.id")), type, reference.getBundle());
    }

    void unbindBrokerType(BrokerType type, ServiceReference<BrokerType> reference) {
        removeType(serviceId(reference.getProperty("service.id")), type);
    }

    void addType(long serviceId, BrokerType type, Bundle bundle) {
        types.add(serviceId, type, bundle);
    }

    void removeType(long serviceId, BrokerType type) {
        types.remove(serviceId, type);
    }

    @Override
    public List<BrokerTypeInfo> types() {
        return types.types();
    }

    @Override
    public Optional<BrokerTypeInfo> type(String id) {
        return types.type(id);
    }

    // ---- accounts ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBrokerAdapter(BrokerAdapter adapter, Map<String, Object> properties) {
        addAdapter(serviceId(properties.get("service.id")), adapter, enabled(properties));
    }

    void updatedBrokerAdapter(BrokerAdapter adapter, Map<String, Object> properties) {
        long serviceId = serviceId(properties.get("service.id"));
        Optional<AccountEntry> active = table.account(adapter.accountId()).filter(entry -> entry.serviceId == serviceId);
        if (active.isPresent() && active.get().enabled == enabled(properties)) {
            // reconfigured in place: same account, same metrics; look at what it offers now
            scheduler.execute(() -> capabilities.refresh(active.get(), "reconfigure"));
            return;
        }
        // account.enabled changed: the account switches between STOPPED and connecting
        removeAdapter(serviceId, adapter);
        bindBrokerAdapter(adapter, properties);
    }

    void unbindBrokerAdapter(BrokerAdapter adapter, Map<String, Object> properties) {
        removeAdapter(serviceId(properties.get("service.id")), adapter);
    }

    private static boolean enabled(Map<String, Object> properties) {
        return !"false".equals(String.valueOf(properties.get(BrokerAdapter.ACCOUNT_ENABLED)));
    }

    /** A service id, or a number that no service has when there is none (a test's adapter). */
    private static long serviceId(Object id) {
        return id instanceof Long value ? value : -1;
    }

    void addAdapter(long serviceId, BrokerAdapter adapter, boolean enabled) {
        AccountEntry entry = new AccountEntry(serviceId, adapter, enabled, config.error_rate_window_seconds(), errorLog,
                orderEvents::journal, eventDelivery, preTradeGate::now, () -> forwarding.get().orElse(null));
        if (table.add(entry)) {
            activate(entry);
        }
    }

    void removeAdapter(long serviceId, BrokerAdapter adapter) {
        String accountId = adapter.accountId();
        AccountTable.Removal removal = table.remove(accountId, serviceId, orderEvents::stop);
        if (removal.wasActive()) {
            mbeans.unregister(accountId);
            LOG.info("account {} unregistered", accountId);
            events.publish(BrokerRegistry.TOPIC_ACCOUNT_REMOVED, Map.of("account.id", accountId, "broker.type", adapter.brokerType()));
            removal.nowActive().ifPresent(this::activate);
        }
    }

    private void activate(AccountEntry entry) {
        mbeans.register(entry);
        LOG.info("account {} registered ({}{})", entry.accountId(), entry.brokerType(), entry.enabled ? "" : ", stopped");
        events.publish(BrokerRegistry.TOPIC_ACCOUNT_ADDED, Map.of("account.id", entry.accountId(), "broker.type", entry.brokerType()));
        if (entry.enabled) {
            scheduler.execute(() -> health.connect(entry));
        }
    }

    @Override
    public List<BrokerAccount> accounts() {
        return table.accounts();
    }

    @Override
    public Optional<BrokerAccount> account(String accountId) {
        return table.account(accountId).map(BrokerAccount.class::cast);
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
        return table.conflicts();
    }

    @Override
    public List<BrokerAccount> eligibleAccounts(UnifiedOrder order) {
        return table.eligible(order);
    }

    @Override
    public Map<String, ErrorDetail> ineligibleAccounts(UnifiedOrder order) {
        return table.ineligible(order);
    }

    @Override
    public Optional<ErrorDetail> refusal(String accountId, UnifiedOrder order) {
        return table.refusal(accountId, order);
    }

    // ---- health, capabilities, errors, order events ----

    /** Checks every active account now; also what the periodic task runs. */
    void checkAll() {
        health.checkAll();
    }

    /** An account's refusal was recorded or cleared: its health is looked at again at once. */
    @Override
    public void refusalChanged(String accountId) {
        health.recheck(accountId);
    }

    /** Looks at every active account's capabilities now, as the periodic check does. */
    void refreshAllCapabilities() {
        accounts().forEach(account -> capabilities.refresh((AccountEntry) account, "refresh"));
    }

    @Override
    public List<CapabilityChange> capabilityHistory(String accountId) {
        return capabilities.history(accountId);
    }

    @Override
    public List<HealthChange> healthHistory(String accountId) {
        return health.history(accountId);
    }

    @Override
    public List<ErrorSummary> errors(Instant since) {
        return errorLog.summarize(since);
    }

    @Override
    public Flow.Publisher<OrderEvent> orderEvents() {
        return orderEvents.publisher();
    }
}

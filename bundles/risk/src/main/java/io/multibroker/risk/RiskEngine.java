package io.multibroker.risk;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.HaltReport;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.risk.RiskStatus;
import io.multibroker.api.risk.TradingState;
import io.multibroker.api.support.Threads;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
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
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The risk layer: the pre-trade gate the registry's handle asks about every order, and the operator's controls. The
 * global limits are this component's configuration ({@code io.multibroker.risk}); each account's come from an
 * {@link AccountLimits} service. A configuration that is refused leaves the last valid one in force (with no valid one
 * ever, every order of its scope is refused): the risk layer fails closed.
 */
@Component(service = {PreTradeCheck.class, RiskControl.class}, configurationPid = RiskEngine.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = RiskConfig.class)
public final class RiskEngine implements PreTradeCheck, RiskControl {

    static final String PID = "io.multibroker.risk";
    private static final Logger LOG = LoggerFactory.getLogger(RiskEngine.class);

    private final BrokerRegistry registry;
    private final RiskBook book;
    private final OrderChecks checks;
    private final UsageFeed usage;
    private final DailyLossWatch dailyLoss;
    private final KillSwitch killSwitch;
    private final StatusReport report;
    private final Predicate<String> live;
    private final ScheduledExecutorService scheduler;
    private final Map<Object, String> accountLimitOwners = new HashMap<>();
    private final StateAnnouncements announcements = new StateAnnouncements();
    private final LimitsInForce limitsInForce;
    /** The framework, to get the order journal when it is first needed; null when built without OSGi (tests). */
    private volatile BundleContext context;
    private ScheduledFuture<?> refreshTask;
    private int refreshSeconds;

    private Runnable release = () -> { };

    /**
     * The registry is taken as a service reference and resolved on first use, and nothing here uses it on the activating
     * thread: the registry holds this gate as an optional greedy reference, so a registry activated from inside this
     * component's activation (by getting its service here) would find the gate still activating, get nothing, and run
     * without any pre-trade check until the next restart of either bundle (seen in the assembly: no limit and no halt
     * held after a boot). Usage is started on the risk thread instead.
     */
    @Activate
    public RiskEngine(Map<String, Object> properties, BundleContext context, @Reference(name = "registry") ServiceReference<BrokerRegistry> registry,
            @Reference ConfigurationAdmin configurations) {
        this(properties, LazyService.of(BrokerRegistry.class, context, registry), new LiveAccounts(configurations),
                Path.of(System.getProperty("karaf.data", "data"), "multibroker"), Clock.systemUTC(), System::nanoTime);
        this.context = context;
        this.release = () -> LazyService.release(this.registry);
        scheduler.execute(this::start);
    }

    RiskEngine(Map<String, Object> properties, BrokerRegistry registry, Predicate<String> live, Path directory, Clock clock,
            LongSupplier nanoTime) {
        this.registry = registry;
        this.live = live;
        this.scheduler = Executors.newScheduledThreadPool(1, Threads.daemon("multibroker-risk"));
        TradingStates states = new TradingStates(directory, clock, announcements::changed);
        this.book = new RiskBook(states, this::firstSight);
        this.usage = new UsageFeed(registry, book, scheduler, (account, summary) -> dailyLoss().summary(account, summary));
        this.checks = new OrderChecks(book, nanoTime, usage::follow);
        this.dailyLoss = new DailyLossWatch(book, clock, new DailyBaselines(directory));
        this.killSwitch = new KillSwitch(registry, states);
        this.report = new StatusReport(book, nanoTime);
        this.limitsInForce = new LimitsInForce(book);
        configure(properties);
    }

    private DailyLossWatch dailyLoss() {
        return dailyLoss;
    }

    /** Starts following usage: order events, and the periodic reads. */
    void start() {
        usage.start();
        scheduleRefresh();
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
        scheduleRefresh();
    }

    @Deactivate
    void deactivate() {
        usage.stop();
        scheduler.shutdownNow();
        release.run();
    }

    private void configure(Map<String, Object> properties) {
        limitsInForce.global(properties);
    }

    private synchronized void scheduleRefresh() {
        int seconds = book.schedule.refreshSeconds();
        if (refreshTask != null && seconds == refreshSeconds) {
            return;
        }
        if (refreshTask != null) {
            refreshTask.cancel(false);
        }
        refreshSeconds = seconds;
        refreshTask = scheduler.scheduleWithFixedDelay(this::refresh, 0, seconds, TimeUnit.SECONDS);
    }

    /** Reads usage from the brokers, and halts an account that has turned live. */
    void refresh() {
        try {
            registry.accounts().forEach(account -> {
                AccountRisk risk = book.account(account.accountId());
                boolean nowLive = live.test(account.accountId());
                if (nowLive && !risk.live) {
                    haltLive(risk.accountId);
                }
                risk.live = nowLive;
            });
            usage.refreshAll();
        } catch (RuntimeException e) {
            LOG.warn("risk: usage refresh failed: {}", e.toString());
        }
    }

    /** An account seen for the first time in this run: one that trades real money starts HALTED. */
    private AccountRisk firstSight(String accountId) {
        AccountRisk account = new AccountRisk(accountId);
        account.live = live.test(accountId);
        if (account.live) {
            haltLive(accountId);
        }
        return account;
    }

    private void haltLive(String accountId) {
        if (book.states.of(accountId).state() != TradingState.HALTED) {
            book.states.set(accountId, TradingState.HALTED, "account trades real money (environment=live): it starts HALTED until an admin "
                    + "runs risk:resume " + accountId + " --live", "risk", false);
        }
    }

    // ---- account limits (factory configurations) ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAccountLimits(AccountLimits limits, Map<String, Object> properties) {
        updatedAccountLimits(limits, properties);
    }

    void updatedAccountLimits(AccountLimits limits, Map<String, Object> properties) {
        Object id = properties.get("account.id");
        if (id == null || String.valueOf(id).isBlank()) {
            LOG.error("risk: account limits {} name no account.id: ignored", properties.get("service.pid"));
            return;
        }
        String accountId = String.valueOf(id).trim();
        synchronized (accountLimitOwners) {
            accountLimitOwners.put(limits, accountId);
        }
        accountLimits(accountId, properties);
    }

    void unbindAccountLimits(AccountLimits limits, Map<String, Object> properties) {
        String accountId;
        synchronized (accountLimitOwners) {
            accountId = accountLimitOwners.remove(limits);
        }
        if (accountId != null) {
            limitsInForce.accountRemoved(accountId);
        }
    }

    /** Applies an account's limits configuration; package-private for tests. */
    void accountLimits(String accountId, Map<String, Object> properties) {
        limitsInForce.account(accountId, properties);
    }

    /** Applies new global limits; package-private for tests. */
    void globalLimits(Map<String, Object> properties) {
        configure(properties);
    }

    // ---- the configuration history (optional): the guard's refusals of the limits' configurations ----

    private volatile ConfigurationHistory configurationHistory;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindConfigurationHistory(ConfigurationHistory history) {
        synchronized (report) {
            configurationHistory = history;
            report.guardRefusals(history::refusal);
        }
    }

    void unbindConfigurationHistory(ConfigurationHistory history) {
        // a greedy reference binds the new service before it unbinds the old one: only the one in use is forgotten
        synchronized (report) {
            if (configurationHistory == history) {
                configurationHistory = null;
                report.guardRefusals(subject -> List.of());
            }
        }
    }

    // ---- event admin (optional) ----

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindEventAdmin(EventAdmin admin) {
        announcements.eventAdmin(admin);
    }

    void unbindEventAdmin(EventAdmin admin) {
        announcements.eventAdminGone(admin);
    }

    // ---- the order journal (optional): where each change of state is recorded with who and why ----

    /**
     * Bound by reference and got on first use (a change of state, never this component's activation), like the registry:
     * see {@link LazyService}.
     */
    @Reference(name = "orderJournal", service = OrderJournal.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindOrderJournal(ServiceReference<OrderJournal> reference) {
        announcements.journal(reference, LazyService.of(OrderJournal.class, context, reference));
    }

    void unbindOrderJournal(ServiceReference<OrderJournal> reference) {
        OrderJournal forgotten = announcements.journalGone(reference);
        if (forgotten != null) {
            LazyService.release(forgotten);
        }
    }

    /** A journal given as it is (tests). */
    void useOrderJournal(OrderJournal journal) {
        announcements.journal(journal, journal);
    }

    // ---- PreTradeCheck ----

    @Override
    public Optional<ErrorDetail> check(String accountId, UnifiedOrder order) {
        ErrorDetail refusal = checks.check(accountId, order);
        return refusal == null ? Optional.empty() : Optional.of(refusal);
    }

    @Override
    public void answered(String accountId, UnifiedOrder order, OrderResult result) {
        checks.answered(accountId, order, result);
    }

    @Override
    public Optional<ErrorDetail> replaceRefusal(String accountId, UnifiedOrder asReplaced) {
        return Optional.ofNullable(checks.replaceRefusal(accountId, asReplaced));
    }

    @Override
    public Optional<ErrorDetail> stateRefusal(String accountId, UnifiedOrder order) {
        book.account(accountId);
        ErrorDetail refusal = checks.stateRefusal(accountId, order);
        return refusal == null ? Optional.empty() : Optional.of(refusal);
    }

    @Override
    public TradingState state(String accountId) {
        // an account seen for the first time is judged now (one that trades live starts HALTED)
        book.account(accountId);
        return book.states.inForce(accountId);
    }

    // ---- RiskControl ----

    @Override
    public List<RiskStatus> status() {
        return report.status();
    }

    @Override
    public CompletionStage<HaltReport> halt(String accountId, String reason, String by, boolean cancelOpen, boolean flatten) {
        if (accountId != null) {
            known(accountId);
        }
        return killSwitch.halt(accountId, reason, by, cancelOpen, flatten);
    }

    @Override
    public RiskStatus resume(String accountId, String reason, String by, boolean liveConfirmed) {
        if (accountId != null) {
            known(accountId);
            if (live.test(accountId) && !liveConfirmed) {
                throw new IllegalStateException("account " + accountId + " trades real money (environment=live): resume it with "
                        + "risk:resume " + accountId + " --live");
            }
            book.account(accountId);
        }
        book.states.set(accountId, TradingState.ACTIVE, reason == null || reason.isBlank() ? "resumed" : reason, by,
                accountId != null && liveConfirmed);
        return status().stream().filter(status -> accountId == null ? status.accountId() == null : accountId.equals(status.accountId()))
                .findFirst().orElseThrow();
    }

    private void known(String accountId) {
        if (registry.account(accountId).isEmpty() && book.existing(accountId) == null) {
            throw new IllegalArgumentException("no account " + accountId + " is registered");
        }
    }

    /** The usage feed, for tests that hand it events and summaries. */
    UsageFeed usage() {
        return usage;
    }

    DailyLossWatch dailyLossWatch() {
        return dailyLoss;
    }

    RiskBook book() {
        return book;
    }
}

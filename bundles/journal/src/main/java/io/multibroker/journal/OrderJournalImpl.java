package io.multibroker.journal;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalEntryKind;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.journal.ReconciliationReport;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.TradingState;
import io.multibroker.api.support.OrderEventFanout;
import io.multibroker.api.support.Threads;
import io.multibroker.storage.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order journal: every order's intent committed before it leaves, every answer and event after, in a relational
 * database (an embedded H2 file by default, any DataSource by filter); unknown outcomes checked in the background;
 * accounts reconciled with their broker when they connect. The journal changes orders itself only from the broker's
 * records, and tells subscribers of each such change as a RECONCILED event.
 */
@Component(service = OrderJournal.class, configurationPid = OrderJournalImpl.PID)
@Designate(ocd = JournalConfig.class)
public final class OrderJournalImpl implements OrderJournal {

    static final String PID = "io.multibroker.journal";
    /** The operation whose orders the runtime places without an intent (the broker names them): not adopted. */
    private static final String CLOSE_POSITION = "closePosition";
    private static final Logger LOG = LoggerFactory.getLogger(OrderJournalImpl.class);
    private static final int SUBSCRIBER_BUFFER = 1024;
    private static final long CLOSE_TIMEOUT_MILLIS = 30_000;
    /** The account of an entry about every account (a global halt). */
    static final String GLOBAL_SCOPE = "*";

    private final DataSource dataSource;
    private final boolean ownsDataSource;
    private final Clock clock;
    private final JournalStore store;
    private final JournalBook book;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService delivery;
    private final OrderEventFanout events;
    private final UnknownResolver resolver;
    private final Reconciler reconciler;

    /**
     * Which runtime drives each account, when several share the database: this journal writes about the accounts it
     * holds only (fenced in each commit), reconciles and checks unknown outcomes of those only. None: a runtime alone.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AccountOwnership ownership;

    @Activate
    public OrderJournalImpl(JournalConfig config, BundleContext context, @Reference(name = "registry") ServiceReference<BrokerRegistry> registry,
            @Reference(name = "dataSource", cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            DataSource configured) {
        this(configured != null ? configured : embedded(config.embedded_path()), configured == null, Settings.from(config),
                accountId -> adapterOf(context, registry, accountId), Clock.systemUTC());
        LOG.info("orders are journalled in {}", configured != null ? "the configured DataSource" : "the embedded database");
    }

    /**
     * The account's adapter, through the registry got when it is needed: the registry holds this journal (it journals
     * every order), so getting the registry while this journal activates would activate each from inside the other, a
     * cycle the framework answers with nothing (seen: the journal missing at random boots).
     */
    private static Optional<BrokerAdapter> adapterOf(BundleContext context, ServiceReference<BrokerRegistry> reference, String accountId) {
        BrokerRegistry registry = context.getService(reference);
        if (registry == null) {
            return Optional.empty();
        }
        try {
            return registry.account(accountId).map(BrokerAccount::adapter);
        } finally {
            context.ungetService(reference);
        }
    }

    /**
     * @param owned whether the journal made the DataSource (the embedded pool) and closes it when it closes
     * @param adapters the account's adapter now, if it is registered: what the background check looks orders up with
     */
    OrderJournalImpl(DataSource dataSource, boolean owned, Settings settings, Function<String, Optional<BrokerAdapter>> adapters,
            Clock clock) {
        this.dataSource = dataSource;
        this.ownsDataSource = owned;
        this.clock = clock;
        this.store = new JournalStore(dataSource, this::fence);
        this.book = new JournalBook(store);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Threads.daemon("multibroker-journal-checks"));
        this.delivery = Executors.newCachedThreadPool(Threads.daemon("multibroker-journal-events"));
        this.events = new OrderEventFanout("*", delivery, SUBSCRIBER_BUFFER, clock);
        this.resolver = new UnknownResolver(book, accountId -> drivenHere(accountId) ? adapters.apply(accountId) : Optional.empty(),
                scheduler, settings, clock, this::publishChange);
        this.reconciler = new Reconciler(book, resolver, settings, clock, this::publishChange);
    }

    /** The embedded default: an H2 file under karaf.data (see {@link EmbeddedDatabase}). */
    static DataSource embedded(String path) {
        return EmbeddedDatabase.open(path);
    }

    @Deactivate
    void close() throws InterruptedException {
        scheduler.shutdownNow();
        if (!store.close(CLOSE_TIMEOUT_MILLIS)) {
            LOG.error("order journal entries still being written after {} s", CLOSE_TIMEOUT_MILLIS / 1000);
        } else if (ownsDataSource) {
            EmbeddedDatabase.close(dataSource);
        }
        events.closeAll();
        delivery.shutdownNow();
    }

    /** Sets the ownership as the framework would (tests). */
    void ownership(AccountOwnership given) {
        this.ownership = given;
    }

    private void fence(Connection connection, Set<String> accounts) throws SQLException {
        AccountOwnership owners = ownership;
        if (owners != null) {
            owners.fence(connection, accounts);
        }
    }

    /** Whether this runtime drives the account: always when it is alone, else when it holds the account's lease. */
    private boolean drivenHere(String accountId) {
        AccountOwnership owners = ownership;
        return owners == null || owners.heldHere(accountId);
    }

    @Override
    public CompletionStage<Void> intent(String accountId, UnifiedOrder order, String routing) {
        return book.applyIntent(accountId, order.clientOrderId(), OrderStates.intent(accountId, order, routing, null, clock.instant()))
                .thenAccept(written -> { });
    }

    @Override
    public CompletionStage<Void> replaceIntent(String accountId, String brokerOrderId, OrderReplacement replacement) {
        Optional<JournalOrder> original = book.find(accountId, brokerOrderId);
        CompletableFuture<Optional<JournalOrder>> requested = original.isEmpty() ? CompletableFuture.completedFuture(Optional.empty())
                : book.apply(accountId, original.get().clientOrderId(), null, current -> current.map(known -> OrderStates.request(known,
                        JournalEntryKind.REPLACE_REQUESTED, "replace by " + replacement.clientOrderId() + ": " + replacement, clock.instant())));
        if (original.isEmpty()) {
            // the journal does not know the order: the replacement's intent says what was asked, without the rest of the order
            return requested.thenAccept(done -> LOG.warn("replace of {} at {}, which the journal does not know", brokerOrderId, accountId));
        }
        UnifiedOrder replacing = replacement.applyTo(asOrder(original.get()));
        return requested.thenCompose(done -> book.applyIntent(accountId, replacing.clientOrderId(), OrderStates.intent(accountId,
                replacing, "replace of " + brokerOrderId, brokerOrderId, clock.instant()))).thenAccept(written -> { });
    }

    /** The journalled order as the order it was sent as, for a replacement to change (its intent's values). */
    private static UnifiedOrder asOrder(JournalOrder order) {
        return new UnifiedOrder(null, order.clientOrderId(), order.instrument(), order.type(), order.side(), order.requestedUnits(),
                order.price(), null, null, null, order.type() == OrderType.MARKET ? TimeInForce.FOK : TimeInForce.GTC, null, null, null);
    }

    @Override
    public CompletionStage<Void> answer(String accountId, String operation, OrderResult result) {
        String clientOrderId = result.clientOrderId();
        CompletableFuture<Optional<JournalOrder>> applied = book.apply(accountId, clientOrderId, result.brokerOrderId(), current -> {
            if (current.isPresent()) {
                // a refusal of an order sent again under a client order id the journal has says nothing of the order it names
                return REFUSED_BEFORE_SENDING.equals(operation) ? Optional.empty()
                        : OrderStates.answer(current.get(), result, false, null, clock.instant());
            }
            // an order the journal has no intent of: a position closed at market (placed here, named by the broker), an order
            // this runtime refused before sending it, or one of another runtime or of the broker's own screens (adopted, flagged)
            return Optional.of(OrderStates.seen(result, operation, !CLOSE_POSITION.equals(operation)
                    && !REFUSED_BEFORE_SENDING.equals(operation), clock.instant()));
        });
        return applied.thenAccept(changed -> changed.filter(order -> order.status() == OrderStatus.UNKNOWN).ifPresent(resolver::watch));
    }

    @Override
    public CompletionStage<Void> replaced(String accountId, String replacedBrokerOrderId, OrderResult replacement) {
        CompletionStage<Void> answered = answer(accountId, "replaceOrder", replacement);
        if (replacement.brokerOrderId() == null || replacement.status() == OrderStatus.REJECTED) {
            return answered;
        }
        return answered.thenCompose(done -> book.apply(accountId, null, replacedBrokerOrderId, current -> current
                .filter(known -> known.replacedByOrderId() == null)
                .map(known -> OrderStates.replaced(known, replacement.brokerOrderId(), clock.instant()))))
                .thenAccept(written -> { });
    }

    /**
     * A change of trading state goes into the same entry table as the orders' changes (and the same database, shared by
     * runtimes on PostgreSQL), so that {@code broker:events} and the HTTP API show a halt among the fills and refusals
     * around it; it has no order row, so order queries do not see it.
     */
    @Override
    public CompletionStage<Void> tradingState(String accountId, TradingState from, TradingState to, String by, String reason,
            Instant time) {
        String scope = accountId == null ? GLOBAL_SCOPE : accountId;
        String who = by == null || by.isBlank() ? "unknown" : by;
        String why = reason == null || reason.isBlank() ? "no reason given" : reason;
        JournalEntry entry = new JournalEntry(0, scope, "", null, JournalEntryKind.TRADING_STATE, null, null, null, null, null, null, null,
                from + " -> " + to + " by " + who + ": " + why, "scope=" + (accountId == null ? "global" : "account " + accountId)
                + "; from=" + from + "; to=" + to + "; by=" + who + "; reason=" + why, time, clock.instant());
        return store.appendEntry(entry);
    }

    @Override
    public CompletionStage<Void> event(OrderEvent event) {
        // the runtime that drives the account journals its events (every runtime may hear them from the broker)
        if (event.kind() == OrderEventKind.GAP || !drivenHere(event.accountId())) {
            return CompletableFuture.completedFuture(null);
        }
        return book.apply(event.accountId(), event.clientOrderId(), event.brokerOrderId(), current -> {
            if (current.isPresent()) {
                return OrderStates.event(current.get(), event, clock.instant());
            }
            if (event.brokerOrderId() == null) {
                return Optional.empty();
            }
            // an event of an order the journal never saw placed: taken in and flagged, with the event's state
            OrderResult seen = new OrderResult(event.accountId(), event.clientOrderId(), event.brokerOrderId(), null, event.instrument(),
                    event.side(), null, event.status() == null ? OrderStatus.ACCEPTED : event.status(), event.requestedUnits(),
                    event.filledUnits(), event.averageFillPrice() != null ? event.averageFillPrice() : event.fillPrice(), null,
                    event.time(), event.reason(), null);
            return Optional.of(OrderStates.adopted(seen, "adopted from an event", clock.instant()));
        }).thenAccept(changed -> changed.filter(order -> order.status() == OrderStatus.UNKNOWN).ifPresent(resolver::watch));
    }

    @Override
    public CompletionStage<ReconciliationReport> reconcile(BrokerAdapter adapter) {
        String accountId = adapter.accountId();
        if (!drivenHere(accountId)) {
            Instant now = clock.instant();
            return CompletableFuture.completedFuture(new ReconciliationReport(accountId, 0, List.of(), List.of(), List.of(),
                    List.of("not reconciled here: another runtime sharing the database drives " + accountId), now, now));
        }
        if (ownership != null) {
            // taken over, perhaps from a runtime that wrote orders this one never held in memory
            book.reload(accountId);
        }
        return reconciler.reconcile(adapter).whenComplete((report, failure) -> {
            if (failure != null) {
                LOG.error("reconciliation of {} failed: {}", adapter.accountId(), failure.toString());
            } else {
                LOG.info("reconciled {}: {} open in the journal, {} changed, {} adopted, {} still unknown{}", report.accountId(),
                        report.checked(), report.changed().size(), report.adopted().size(), report.stillUnknown().size(),
                        report.problems().isEmpty() ? "" : "; " + String.join("; ", report.problems()));
            }
        });
    }

    @Override
    public Flow.Publisher<OrderEvent> events() {
        return events.publisher();
    }

    private void publishChange(JournalOrder order) {
        events.publish(new OrderEvent(order.accountId(), OrderEventKind.RECONCILED, order.clientOrderId(), order.brokerOrderId(),
                order.instrument(), order.side(), order.status(), order.requestedUnits(), order.filledUnits(), null, null,
                order.averageFillPrice(), order.replacedByOrderId(), null,
                (order.adopted() ? "adopted; " : "") + (order.unresolved() ? "unresolved; " : "") + order.reason(), clock.instant()));
    }

    @Override
    public List<JournalOrder> orders(JournalQuery query) {
        return store.reads().orders(query);
    }

    @Override
    public Optional<JournalOrder> order(String accountId, String orderId) {
        return book.find(accountId, orderId);
    }

    @Override
    public Optional<JournalOrder> orderByClientId(String accountId, String clientOrderId) {
        return book.findByClientId(accountId, clientOrderId);
    }

    @Override
    public List<JournalEntry> history(String accountId, String orderId) {
        return book.find(accountId, orderId).map(order -> store.reads().entries(accountId, order.clientOrderId())).orElse(List.of());
    }

    @Override
    public List<JournalEntry> recentEntries(String accountId, Instant since, int limit) {
        return store.reads().recentEntries(accountId, since, limit <= 0 ? 100 : limit);
    }

    @Override
    public List<JournalOrder> unresolved() {
        return store.reads().unresolved();
    }

    /** Unknown outcomes being checked in the background now. */
    int watching() {
        return resolver.watching();
    }

    long entryCount() {
        return store.reads().entryCount();
    }
}

package io.multibroker.quality;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.quality.ExecutionQuality;
import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.LimitOrderQuality;
import io.multibroker.api.quality.QualityQuery;
import io.multibroker.api.quality.QualitySummary;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.support.OrderEventFeed;
import io.multibroker.api.support.Threads;
import io.multibroker.storage.EmbeddedDatabase;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.osgi.service.component.ComponentServiceObjects;
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
 * Execution quality as a service: follows the registry's merged order events, records every fill against its reference
 * prices (on a thread of its own, off the order path) in the {@code fill_quality} table, and answers queries on it.
 * The order journal, when there is one, says when each order was submitted and how it was routed.
 */
@Component(service = ExecutionQuality.class, configurationPid = ExecutionQualityService.PID)
@Designate(ocd = QualityConfig.class)
public final class ExecutionQualityService implements ExecutionQuality {

    static final String PID = "io.multibroker.quality";
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionQualityService.class);
    private static final long WATCH_SECONDS = 5;
    /** A day: a longer horizon would judge a limit order by what the market did long after anyone decided on it. */
    static final int MAX_SHORTFALL_HORIZON_SECONDS = 86_400;

    private final BrokerRegistry registry;
    private final FillQualityStore store;
    private final LimitOrderStore limitOrderStore;
    private final DataSource ownedPool;
    private final ScheduledExecutorService thread;
    private final ReferenceStreams streams;
    private final FillRecorder recorder;
    private final OrderEventFeed tap;

    /** Optional: without a journal, fills have no submission time, so no arrival figures (their markouts are still taken). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile OrderJournal journal;

    /**
     * The experiments, for their shadow arms. Held as service objects got when a fill asks: the experiment service binds
     * this service back (for its reports), and getting each other's service while activating is the cycle the framework
     * answers by leaving one unbound (docs/wiring.md).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ComponentServiceObjects<ExperimentService> experiments;

    @Activate
    public ExecutionQualityService(QualityConfig config, @Reference BrokerRegistry registry,
            @Reference(name = "dataSource", cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            DataSource configured) {
        this.registry = registry;
        FillRecorder.Settings settings = settings(config);
        List<String> watched = list("watch.instruments", config.watch_instruments());
        this.ownedPool = configured == null ? EmbeddedDatabase.open(config.embedded_path()) : null;
        this.store = new FillQualityStore(configured != null ? configured : ownedPool);
        this.limitOrderStore = store.limitOrders();
        this.thread = Executors.newSingleThreadScheduledExecutor(Threads.daemon("multibroker-quality"));
        Clock clock = Clock.systemUTC();
        this.streams = new ReferenceStreams(id -> registry.account(id).map(BrokerAccount::adapter), thread, clock, config.history_ticks());
        this.recorder = new FillRecorder(settings, streams, this::submission, this::pip, this::shadows, store, clock);
        // the recorder only queues what it is offered; a gap means fills that go unrecorded
        this.tap = new OrderEventFeed("execution quality", registry::orderEvents, recorder::offer,
                reason -> LOG.warn("execution quality: order events were missed ({}); their fills have no record", reason), thread);
        tap.start();
        thread.scheduleWithFixedDelay(this::drain, config.drain_interval_ms(), config.drain_interval_ms(), TimeUnit.MILLISECONDS);
        if (!watched.isEmpty()) {
            thread.scheduleWithFixedDelay(() -> watch(watched), 0, WATCH_SECONDS, TimeUnit.SECONDS);
        }
        LOG.info("execution quality recorded in {}", configured != null ? "the configured DataSource" : "the embedded database");
    }

    static FillRecorder.Settings settings(QualityConfig config) {
        Map<String, String> references = new LinkedHashMap<>();
        for (String entry : list("experiment.references", config.experiment_references())) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException("experiment.references: '" + entry + "' must be experiment=account");
            }
            references.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        int horizon = config.shortfall_horizon_seconds();
        if (horizon < 1 || horizon > MAX_SHORTFALL_HORIZON_SECONDS) {
            throw new IllegalArgumentException("shortfall.horizon.seconds " + horizon + ": must be a whole number of seconds from 1 to "
                    + MAX_SHORTFALL_HORIZON_SECONDS);
        }
        return new FillRecorder.Settings(Duration.ofMillis(config.max_quote_age_ms()), Duration.ofMillis(config.settle_grace_ms()),
                config.max_pending(), config.queue_capacity(), Map.copyOf(references), Duration.ofSeconds(horizon));
    }

    /** A list setting: a .cfg file gives one comma-separated text, ConfigAdmin an array; both are accepted. */
    private static List<String> list(String key, String[] values) {
        if (values == null) {
            return List.of();
        }
        return Arrays.stream(values).flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).filter(v -> !v.isEmpty())
                .toList();
    }

    /** A list setting as ConfigAdmin or a validation hands it: null, one text, an array or a collection of texts. */
    static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Object[] array) {
            return list(null, Arrays.stream(array).map(String::valueOf).toArray(String[]::new));
        }
        if (value instanceof Collection<?> collection) {
            return list(null, collection.stream().map(String::valueOf).toArray(String[]::new));
        }
        return list(null, new String[] {value.toString()});
    }

    private Optional<Submissions.Submission> submission(String accountId, String clientOrderId) {
        OrderJournal current = journal;
        if (current == null) {
            return Optional.empty();
        }
        return current.order(accountId, clientOrderId).map(order -> new Submissions.Submission(order.createdAt(), order.routing(),
                order.type(), order.requestedUnits(), order.price()));
    }

    /** The experiment's shadow arms; none without the experiment service. */
    private List<String> shadows(String experiment) {
        ComponentServiceObjects<ExperimentService> objects = experiments;
        ExperimentService service = objects == null ? null : objects.getService();
        if (service == null) {
            return List.of();
        }
        try {
            return service.experiment(experiment).map(ExperimentInfo::shadows).orElse(List.of());
        } finally {
            objects.ungetService(service);
        }
    }

    private Optional<BigDecimal> pip(String accountId, String instrument) {
        return registry.account(accountId).flatMap(account -> account.capabilities().instrument(instrument)).map(Instrument::pip);
    }

    private void drain() {
        try {
            recorder.drain();
        } catch (RuntimeException e) {
            // the periodic task must go on: log and record again at the next interval
            LOG.error("execution quality: recording failed", e);
        }
    }

    private void watch(List<String> instruments) {
        try {
            for (BrokerAccount account : registry.accounts()) {
                instruments.stream().filter(i -> account.capabilities().instrument(i).isPresent())
                        .forEach(i -> streams.history(account.accountId(), i));
            }
        } catch (RuntimeException e) {
            LOG.warn("execution quality: reference streams not started: {}", e.toString());
        }
    }

    @Override
    public List<FillQuality> fills(QualityQuery query) {
        try {
            return store.fills(query);
        } catch (SQLException e) {
            throw new IllegalStateException("the fill_quality table could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void forEachFill(QualityQuery query, Consumer<FillQuality> consumer) {
        try {
            store.forEach(query, consumer);
        } catch (SQLException e) {
            throw new IllegalStateException("the fill_quality table could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public List<LimitOrderQuality> limitOrders(QualityQuery query) {
        try {
            return limitOrderStore.orders(query);
        } catch (SQLException e) {
            throw new IllegalStateException("the limit_order_quality table could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void forEachLimitOrder(QualityQuery query, Consumer<LimitOrderQuality> consumer) {
        try {
            limitOrderStore.forEach(query, consumer);
        } catch (SQLException e) {
            throw new IllegalStateException("the limit_order_quality table could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public List<QualitySummary> summary(QualityQuery query) {
        try {
            return QualitySummaries.merge(store.summary(query), limitOrderStore.summary(query));
        } catch (SQLException e) {
            throw new IllegalStateException("the execution quality tables could not be read: " + e.getMessage(), e);
        }
    }

    @Deactivate
    void close() throws InterruptedException {
        tap.close();
        streams.close();
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("execution quality: recording still running after 10 s");
        }
        recorder.close();
        if (recorder.dropped() > 0) {
            LOG.warn("execution quality: {} order events were dropped because the recorder fell behind", recorder.dropped());
        }
        if (ownedPool != null) {
            EmbeddedDatabase.close(ownedPool);
        }
    }
}

package io.multibroker.quality;

import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.Markout;
import io.multibroker.api.quality.MarkoutHorizon;
import io.multibroker.api.quality.MarkoutState;
import io.multibroker.quality.FillQualityStore.MarkoutUpdate;
import io.multibroker.quality.PendingMarkouts.Due;
import io.multibroker.quality.PendingMarkouts.Pending;
import io.multibroker.quality.Submissions.Submission;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns fills into execution-quality records. Order events are only queued where they arrive ({@link #offer}: a check
 * and a non-blocking offer to a bounded queue, never a wait); {@link #drain}, on the recorder's own thread, takes the
 * queue, finds each fill's submission and the reference quote in force then, computes the arrival figures, stores them,
 * and takes the markouts whose horizon has passed.
 */
final class FillRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(FillRecorder.class);
    private static final int DRAIN_BATCH = 2_048;
    private static final int REMEMBERED_ORDERS = 10_000;

    /**
     * @param maxQuoteAge a reference price older than this at a moment does not stand for that moment (a silent stream is a gap)
     * @param settleGrace how long after a horizon its markout is taken, so that a price of that moment still on its way counts
     * @param maxPending fills whose markouts may be pending at once
     * @param queueCapacity order events queued for the recorder at most; beyond, events are dropped (and counted)
     * @param experimentReferences for an experiment, the one account whose prices judge all its arms
     * @param shortfallHorizon how long after a limit order's submission the mid prices its unfilled part's opportunity cost
     */
    record Settings(Duration maxQuoteAge, Duration settleGrace, int maxPending, int queueCapacity,
            Map<String, String> experimentReferences, Duration shortfallHorizon) {

        /** With the shipped horizon of the implementation shortfall. */
        Settings(Duration maxQuoteAge, Duration settleGrace, int maxPending, int queueCapacity, Map<String, String> experimentReferences) {
            this(maxQuoteAge, settleGrace, maxPending, queueCapacity, experimentReferences, Duration.ofSeconds(60));
        }

        /** The account whose prices judge an order of the account routed so. */
        String reference(ExperimentRouting routing, String account) {
            return routing.experiment() == null ? account : experimentReferences.getOrDefault(routing.experiment(), account);
        }
    }

    private final Settings settings;
    private final ReferenceStreams streams;
    private final Submissions submissions;
    private final BiFunction<String, String, Optional<BigDecimal>> pips;
    private final Function<String, List<String>> shadows;
    private final FillQualityStore store;
    private final Clock clock;
    private final BlockingQueue<OrderEvent> queue;
    private final PendingMarkouts pending;
    private final LimitOrderRecorder limitOrders;
    /** The markouts of the fills measured in this drain, waiting for their rows to be stored. */
    private final List<Pending> reserved = new ArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Map<String, Boolean> recent = new LinkedHashMap<>(1_024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_ORDERS;
        }
    };

    /** A recorder for experiments without shadow arms. */
    FillRecorder(Settings settings, ReferenceStreams streams, Submissions submissions, BiFunction<String, String, Optional<BigDecimal>> pips,
            FillQualityStore store, Clock clock) {
        this(settings, streams, submissions, pips, experiment -> List.of(), store, clock);
    }

    /**
     * @param pips the pip of an instrument at an account, when the account knows the instrument
     * @param shadows the shadow arms of an experiment (accounts that take no orders but whose quotes are compared)
     */
    FillRecorder(Settings settings, ReferenceStreams streams, Submissions submissions, BiFunction<String, String, Optional<BigDecimal>> pips,
            Function<String, List<String>> shadows, FillQualityStore store, Clock clock) {
        this.settings = settings;
        this.shadows = shadows;
        this.streams = streams;
        this.submissions = submissions;
        this.pips = pips;
        this.store = store;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.pending = new PendingMarkouts(settings.maxPending());
        this.limitOrders = new LimitOrderRecorder(settings, streams, pips, store.limitOrders(), clock);
    }

    /**
     * What the event path pays: an order event with an instrument is queued for the recorder; false when the queue is
     * full (the event is then counted as dropped, and its order gets no record).
     */
    boolean offer(OrderEvent event) {
        if (event.instrument() == null) {
            return false;
        }
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Events dropped because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    /** Fills whose markouts are pending. */
    synchronized int pendingFills() {
        return pending.size();
    }

    /** Limit orders whose opportunity cost waits for its horizon. */
    synchronized int pendingLimitOrders() {
        return limitOrders.pendingOrders();
    }

    /** Records the queued fills and limit orders that ended, then takes the markouts and opportunity costs that are due. */
    synchronized void drain() {
        List<OrderEvent> events = new ArrayList<>();
        queue.drainTo(events, DRAIN_BATCH);
        List<FillQuality> fills = new ArrayList<>();
        for (OrderEvent event : events) {
            // a stream is started at an account's first order in the instrument, so that its later orders find a quote
            streams.history(event.accountId(), event.instrument());
            boolean fill = isFill(event);
            boolean end = LimitOrderRecorder.ends(event);
            String key = orderKey(event);
            if (key == null) {
                continue;
            }
            limitOrders.observe(event, key);
            if (!fill && !end) {
                continue;
            }
            try {
                Optional<Submission> submission = submissions.find(event.accountId(), key);
                if (fill && recent.put(event.accountId() + '\n' + key, Boolean.TRUE) == null) {
                    FillQuality quality = measure(event, key, submission);
                    fills.add(quality);
                    fills.addAll(shadowRows(quality));
                }
                if (end) {
                    limitOrders.ended(event, key, submission);
                }
            } catch (RuntimeException e) {
                LOG.error("execution quality of order {} at {} not recorded: {}", key, event.accountId(), e.toString(), e);
            }
        }
        if (!fills.isEmpty()) {
            // no look first: the table's unique key refuses a fill recorded before (told again by a reconciliation, after a
            // restart), and only the rows stored get their markouts taken, so a refused one never overwrites the first's
            Set<String> stored = new HashSet<>();
            for (FillQuality fill : store.insertNew(fills, clock.instant())) {
                stored.add(fill.accountId() + '\n' + fill.clientOrderId());
            }
            for (Pending markouts : reserved) {
                if (stored.contains(markouts.accountId() + '\n' + markouts.clientOrderId())) {
                    pending.add(markouts);
                }
            }
        }
        reserved.clear();
        settle(pending.due(clock.instant(), settings.settleGrace()));
        limitOrders.flush();
    }

    /** Stops: what is queued is recorded, and the markouts still pending are recorded as skipped. */
    synchronized void close() {
        drain();
        List<MarkoutUpdate> skipped = new ArrayList<>();
        for (Due due : pending.drain()) {
            skipped.add(new MarkoutUpdate(due.fill().accountId(), due.fill().clientOrderId(),
                    new Markout(due.horizon(), MarkoutState.SKIPPED, null, null)));
        }
        write(skipped);
        limitOrders.close();
    }

    static boolean isFill(OrderEvent event) {
        if (event.kind() == OrderEventKind.FILLED || event.kind() == OrderEventKind.RECONCILED && event.status() == OrderStatus.FILLED) {
            return event.side() != null && price(event) != null;
        }
        // a partly filled order that ends (cancelled, expired, replaced) is judged on what it filled
        return event.kind().terminal() && event.kind() != OrderEventKind.REJECTED && event.side() != null
                && event.filledUnits().signum() > 0 && event.averageFillPrice() != null;
    }

    private static BigDecimal price(OrderEvent event) {
        return event.averageFillPrice() != null ? event.averageFillPrice() : event.fillPrice();
    }

    static String orderKey(OrderEvent event) {
        if (event.clientOrderId() != null) {
            return event.clientOrderId();
        }
        return event.brokerOrderId() == null ? null : "broker:" + event.brokerOrderId();
    }

    private FillQuality measure(OrderEvent event, String key, Optional<Submission> submission) {
        String account = event.accountId();
        String instrument = event.instrument();
        BigDecimal price = price(event);
        BigDecimal units = event.filledUnits().signum() > 0 ? event.filledUnits() : event.fillUnits();
        ExperimentRouting routing = ExperimentRouting.parse(submission.map(Submission::routing).orElse(null));
        String reference = settings.reference(routing, account);
        QuoteHistory history = streams.history(reference, instrument);
        Optional<BigDecimal> pip = pips.apply(account, instrument).or(() -> pips.apply(reference, instrument));

        List<String> notes = new ArrayList<>();
        PriceTick arrival = null;
        if (submission.isEmpty()) {
            notes.add("no journalled intent: the submission time is unknown");
        } else {
            QuoteHistory.Lookup lookup = history.at(submission.get().submittedAt(), settings.maxQuoteAge());
            if (lookup.found()) {
                arrival = lookup.tick();
            } else {
                notes.add("no arrival quote: " + lookup.gap());
            }
        }
        if (pip.isEmpty()) {
            notes.add(instrument + " is not an instrument of " + account + ": no pip to measure in");
        }
        Figure effective = null;
        Figure quoted = null;
        BigDecimal eOverQ = null;
        Figure improvement = null;
        BigDecimal mid = null;
        if (arrival != null && pip.isPresent()) {
            mid = QualityFormulas.mid(arrival.bid(), arrival.ask());
            effective = QualityFormulas.effectiveSpread(event.side(), price, mid, pip.get());
            quoted = QualityFormulas.quotedSpread(arrival.bid(), arrival.ask(), pip.get());
            eOverQ = QualityFormulas.effectiveOverQuoted(event.side(), price, arrival.bid(), arrival.ask());
            improvement = QualityFormulas.priceImprovement(event.side(), price, arrival.bid(), arrival.ask(), pip.get());
        }
        MarkoutState markoutState = MarkoutState.PENDING;
        if (pip.isEmpty()) {
            markoutState = MarkoutState.SKIPPED;
        } else if (!reserve(new Pending(account, key, event.side(), price, pip.get(), event.time(), history))) {
            markoutState = MarkoutState.SKIPPED;
            notes.add("markouts skipped: " + settings.maxPending() + " fills pending already");
        }
        return new FillQuality(account, key, event.brokerOrderId(), instrument, event.side(), units, price,
                submission.map(Submission::submittedAt).orElse(null), event.time(), reference, routing.experiment(), routing.arm(),
                routing.override(), arrival == null ? null : arrival.bid(), arrival == null ? null : arrival.ask(), mid, effective,
                quoted, eOverQ, improvement, markouts(markoutState), notes.isEmpty() ? null : String.join("; ", notes), false);
    }

    /**
     * For a live arm's fill, each shadow arm's row: what the shadow account would have paid for the same order, the far side
     * of its own quote at the order's submission (a quote, not an execution: no latency, no slippage), judged against the
     * same reference prices as the live fill. A shadow without a quote fit to use then has no row for that order.
     */
    private List<FillQuality> shadowRows(FillQuality live) {
        if (live.experiment() == null || live.submittedAt() == null || live.override()) {
            return List.of();
        }
        List<String> accounts = shadows.apply(live.experiment());
        if (accounts.isEmpty()) {
            return List.of();
        }
        Optional<BigDecimal> pip = pips.apply(live.accountId(), live.instrument());
        if (pip.isEmpty()) {
            return List.of();
        }
        QuoteHistory reference = streams.history(live.referenceAccount(), live.instrument());
        List<FillQuality> rows = new ArrayList<>();
        for (String shadow : accounts) {
            if (shadow.equals(live.accountId())) {
                continue;
            }
            QuoteHistory.Lookup quote = streams.history(shadow, live.instrument()).at(live.submittedAt(), settings.maxQuoteAge());
            if (!quote.found()) {
                LOG.debug("no shadow row of {} for {}: {}", shadow, live.clientOrderId(), quote.gap());
                continue;
            }
            BigDecimal price = quote.tick().priceFor(live.side());
            Figure effective = null;
            BigDecimal eOverQ = null;
            Figure improvement = null;
            if (live.arrivalMid() != null) {
                effective = QualityFormulas.effectiveSpread(live.side(), price, live.arrivalMid(), pip.get());
                eOverQ = QualityFormulas.effectiveOverQuoted(live.side(), price, live.bid(), live.ask());
                improvement = QualityFormulas.priceImprovement(live.side(), price, live.bid(), live.ask(), pip.get());
            }
            MarkoutState state = reserve(new Pending(shadow, live.clientOrderId(), live.side(), price, pip.get(), live.submittedAt(),
                    reference)) ? MarkoutState.PENDING : MarkoutState.SKIPPED;
            rows.add(new FillQuality(shadow, live.clientOrderId(), null, live.instrument(), live.side(), live.units(), price,
                    live.submittedAt(), live.submittedAt(), live.referenceAccount(), live.experiment(), shadow, false, live.bid(),
                    live.ask(), live.arrivalMid(), effective, live.quotedSpread(), eOverQ, improvement, markouts(state),
                    "shadow of " + live.accountId() + "'s order: quoted " + quote.tick().bid().toPlainString() + " / "
                            + quote.tick().ask().toPlainString() + (live.note() == null ? "" : "; " + live.note()), true));
        }
        return rows;
    }

    /** Sets the fill's markouts aside until its row is stored; false when the pending ones and those set aside fill the room. */
    private boolean reserve(Pending markouts) {
        if (!pending.hasRoom(reserved.size())) {
            return false;
        }
        reserved.add(markouts);
        return true;
    }

    private static List<Markout> markouts(MarkoutState state) {
        List<Markout> markouts = new ArrayList<>();
        for (MarkoutHorizon horizon : MarkoutHorizon.values()) {
            markouts.add(new Markout(horizon, state, null, null));
        }
        return markouts;
    }

    private void settle(List<Due> due) {
        if (due.isEmpty()) {
            return;
        }
        List<MarkoutUpdate> updates = new ArrayList<>(due.size());
        for (Due markout : due) {
            Pending fill = markout.fill();
            QuoteHistory.Lookup lookup = fill.reference().at(markout.at(), settings.maxQuoteAge());
            Markout taken;
            if (lookup.found()) {
                BigDecimal mid = QualityFormulas.mid(lookup.tick().bid(), lookup.tick().ask());
                taken = new Markout(markout.horizon(), MarkoutState.MEASURED, mid,
                        QualityFormulas.markout(fill.side(), fill.fillPrice(), mid, fill.pip()));
            } else {
                LOG.debug("no {} markout of {} at {}: {}", markout.horizon().id(), fill.clientOrderId(), fill.accountId(), lookup.gap());
                taken = new Markout(markout.horizon(), MarkoutState.GAP, null, null);
            }
            updates.add(new MarkoutUpdate(fill.accountId(), fill.clientOrderId(), taken));
        }
        write(updates);
    }

    private void write(List<MarkoutUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        try {
            store.updateMarkouts(updates);
        } catch (SQLException e) {
            LOG.error("{} markouts not stored: {}", updates.size(), e.toString(), e);
        }
    }
}

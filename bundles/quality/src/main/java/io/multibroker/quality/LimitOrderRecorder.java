package io.multibroker.quality;

import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.LimitOrderQuality;
import io.multibroker.api.quality.MarkoutState;
import io.multibroker.quality.LimitOrderStore.ShortfallUpdate;
import io.multibroker.quality.PendingShortfalls.Pending;
import io.multibroker.quality.Submissions.Submission;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges limit orders as they end: from the order events the recorder takes (a fill, a cancel, an expiry, or the status a
 * reconciliation found) and the order's journalled intent (which says it was a limit order, how many units it asked for,
 * when it was submitted and how it was routed), it records how much filled, how long that took and the implementation
 * shortfall. The executed part's cost is known when the order ends; the unfilled part's opportunity cost waits for the
 * reference mid at submission + horizon, and is GAP rather than a guess when the stream had none then. Runs on the
 * recorder's thread only.
 */
final class LimitOrderRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(LimitOrderRecorder.class);
    private static final int REMEMBERED_ORDERS = 10_000;

    private final FillRecorder.Settings settings;
    private final ReferenceStreams streams;
    private final BiFunction<String, String, Optional<BigDecimal>> pips;
    private final LimitOrderStore store;
    private final Clock clock;
    private final PendingShortfalls pending;
    private final List<LimitOrderQuality> ended = new ArrayList<>();
    /** The time of each open order's latest part fill: a cancel after part fills says when it ended, not when it last filled. */
    private final Map<String, Instant> lastPartFill = bounded();
    /** Orders recorded lately: an end reported twice (its event, then a reconciliation) is recorded once. */
    private final Map<String, Instant> recorded = bounded();

    LimitOrderRecorder(FillRecorder.Settings settings, ReferenceStreams streams, BiFunction<String, String, Optional<BigDecimal>> pips,
            LimitOrderStore store, Clock clock) {
        this.settings = settings;
        this.streams = streams;
        this.pips = pips;
        this.store = store;
        this.clock = clock;
        this.pending = new PendingShortfalls(settings.maxPending());
    }

    private static Map<String, Instant> bounded() {
        return new LinkedHashMap<>(1_024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > REMEMBERED_ORDERS;
            }
        };
    }

    /** Whether the event ends an order that may have been a limit order (its journalled intent says whether it was). */
    static boolean ends(OrderEvent event) {
        if (event.side() == null) {
            return false;
        }
        return switch (event.kind()) {
            case FILLED, CANCELLED, EXPIRED -> true;
            case RECONCILED -> event.status() == OrderStatus.FILLED || event.status() == OrderStatus.CANCELLED;
            default -> false;
        };
    }

    /** Notes a part fill's time, for the time to fill of an order cancelled after it. */
    void observe(OrderEvent event, String key) {
        if (event.kind() == OrderEventKind.PARTIALLY_FILLED) {
            lastPartFill.put(event.accountId() + '\n' + key, event.time());
        }
    }

    /** Judges the order the event ends, when its intent says it was a limit order; recorded at the next {@link #flush}. */
    void ended(OrderEvent event, String key, Optional<Submission> submission) {
        String orderKey = event.accountId() + '\n' + key;
        Instant partFill = lastPartFill.remove(orderKey);
        if (submission.isEmpty() || submission.get().type() != OrderType.LIMIT || recorded.containsKey(orderKey)) {
            return;
        }
        Submission intent = submission.get();
        BigDecimal ordered = intent.orderedUnits() != null ? intent.orderedUnits() : event.requestedUnits();
        if (ordered == null || ordered.signum() <= 0) {
            LOG.debug("limit order {} at {}: no quantity ordered known", key, event.accountId());
            return;
        }
        recorded.put(orderKey, event.time());
        String account = event.accountId();
        BigDecimal filled = event.filledUnits();
        BigDecimal unfilled = ordered.subtract(filled).max(BigDecimal.ZERO);
        BigDecimal price = event.averageFillPrice() != null ? event.averageFillPrice() : filled.signum() > 0 ? event.fillPrice() : null;
        List<String> notes = new ArrayList<>();

        Instant lastFill = null;
        if (filled.signum() > 0) {
            if (event.kind() == OrderEventKind.FILLED) {
                lastFill = event.time();
            } else if (partFill != null) {
                lastFill = partFill;
            } else {
                notes.add("time to fill unknown: the last fill's event was not seen");
            }
        }
        Duration timeToFill = lastFill == null ? null : Duration.between(intent.submittedAt(), lastFill);

        ExperimentRouting routing = ExperimentRouting.parse(intent.routing());
        String reference = settings.reference(routing, account);
        QuoteHistory history = streams.history(reference, event.instrument());
        Optional<BigDecimal> pip = pips.apply(account, event.instrument()).or(() -> pips.apply(reference, event.instrument()));
        QuoteHistory.Lookup arrival = history.at(intent.submittedAt(), settings.maxQuoteAge());
        BigDecimal arrivalMid = arrival.found() ? QualityFormulas.mid(arrival.tick().bid(), arrival.tick().ask()) : null;

        MarkoutState state = MarkoutState.SKIPPED;
        Figure executed = null;
        Figure opportunity = null;
        Figure shortfall = null;
        if (arrivalMid == null) {
            notes.add("no implementation shortfall: no arrival quote: " + arrival.gap());
        } else if (pip.isEmpty()) {
            notes.add(event.instrument() + " is not an instrument of " + account + ": no pip to measure in");
        } else if (filled.signum() > 0 && price == null) {
            notes.add("no implementation shortfall: the fill price is not known");
        } else {
            BigDecimal executedCost = QualityFormulas.executedCost(event.side(), price, arrivalMid, filled);
            executed = QualityFormulas.perUnitOrdered(executedCost, ordered, pip.get(), arrivalMid);
            if (unfilled.signum() == 0) {
                // nothing left unfilled costs nothing: the shortfall is the executed part's cost, known now
                state = MarkoutState.MEASURED;
                opportunity = QualityFormulas.perUnitOrdered(BigDecimal.ZERO, ordered, pip.get(), arrivalMid);
                shortfall = executed;
            } else if (pending.add(new Pending(account, key, event.side(), arrivalMid, ordered, unfilled, executedCost, pip.get(),
                    intent.submittedAt().plus(settings.shortfallHorizon()), history))) {
                state = MarkoutState.PENDING;
            } else {
                notes.add("opportunity cost skipped: " + settings.maxPending() + " orders pending already");
            }
        }
        String endedAs = event.kind() == OrderEventKind.RECONCILED ? event.status().name() : event.kind().name();
        ended.add(new LimitOrderQuality(account, key, event.instrument(), event.side(), ordered, filled, intent.limitPrice(), price,
                intent.submittedAt(), lastFill, event.time(), endedAs, reference, routing.experiment(), routing.arm(), routing.override(),
                arrivalMid, QualityFormulas.fillRatio(filled, ordered), timeToFill, state, null, executed, opportunity, shortfall,
                notes.isEmpty() ? null : String.join("; ", notes)));
    }

    /** Stores the orders that ended, then takes the opportunity costs whose horizon (plus the grace) has passed. */
    void flush() {
        if (!ended.isEmpty()) {
            store.insert(List.copyOf(ended), clock.instant());
            ended.clear();
        }
        List<ShortfallUpdate> updates = new ArrayList<>();
        for (Pending order : pending.due(clock.instant(), settings.settleGrace())) {
            QuoteHistory.Lookup lookup = order.reference().at(order.due(), settings.maxQuoteAge());
            if (!lookup.found()) {
                updates.add(new ShortfallUpdate(order.accountId(), order.clientOrderId(), MarkoutState.GAP, null, null, null,
                        "no opportunity cost: " + lookup.gap()));
                continue;
            }
            BigDecimal mid = QualityFormulas.mid(lookup.tick().bid(), lookup.tick().ask());
            BigDecimal opportunityCost = QualityFormulas.opportunityCost(order.side(), mid, order.arrivalMid(), order.unfilledUnits());
            updates.add(new ShortfallUpdate(order.accountId(), order.clientOrderId(), MarkoutState.MEASURED, mid,
                    QualityFormulas.perUnitOrdered(opportunityCost, order.orderedUnits(), order.pip(), order.arrivalMid()),
                    QualityFormulas.perUnitOrdered(order.executedCost().add(opportunityCost), order.orderedUnits(), order.pip(),
                            order.arrivalMid()),
                    null));
        }
        write(updates);
    }

    /** Orders whose opportunity cost waits for its horizon. */
    int pendingOrders() {
        return pending.size();
    }

    /** Stops: what ended is stored, and the opportunity costs still waiting are recorded as skipped. */
    void close() {
        flush();
        List<ShortfallUpdate> skipped = new ArrayList<>();
        for (Pending order : pending.drain()) {
            skipped.add(new ShortfallUpdate(order.accountId(), order.clientOrderId(), MarkoutState.SKIPPED, null, null, null,
                    "opportunity cost skipped: stopped before the horizon"));
        }
        write(skipped);
    }

    private void write(List<ShortfallUpdate> updates) {
        try {
            store.updateShortfalls(updates);
        } catch (SQLException e) {
            LOG.error("{} implementation shortfalls not stored: {}", updates.size(), e.toString(), e);
        }
    }
}

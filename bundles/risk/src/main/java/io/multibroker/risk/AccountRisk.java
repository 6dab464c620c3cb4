package io.multibroker.risk;

import io.multibroker.api.model.OrderSide;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One account's limits and usage. Usage is fed by the answers the registry's handle sees, the order events and the
 * periodic reads of positions, open orders and the account summary. Its own lock guards positions, the orders in
 * flight and the rate windows, so that a check and its reservation are one step.
 */
final class AccountRisk {

    private static final long SECOND = 1_000_000_000L;

    final String accountId;
    /** The account's own limits; {@link Limits#NONE} without a configuration of its own. */
    volatile Limits limits = Limits.NONE;
    /** Why the account's risk configuration was refused while no valid one was ever in force: every order is refused. */
    volatile List<String> problems = List.of();
    /** Why the latest configuration was refused, while an earlier valid one stays in force. */
    volatile List<String> refused = List.of();

    final Map<String, Position> positions = new ConcurrentHashMap<>();
    /** Working orders by client order id (accepted, partially filled), as the answers, events and open-order reads say. */
    final Set<String> working = ConcurrentHashMap.newKeySet();
    /** The cumulative fill seen of each order, so that a fill told by both the answer and an event counts once. */
    final Map<String, BigDecimal> filled = new ConcurrentHashMap<>();
    final Map<String, Quote> quotes = new ConcurrentHashMap<>();
    /** Instruments whose prices the risk layer follows at this account (subscribed once each). */
    final Set<String> quoted = ConcurrentHashMap.newKeySet();
    /** Orders sent and not answered yet. */
    int inFlight;
    private RateWindow perSecond;
    private RateWindow perMinute;

    volatile String currency;
    volatile BigDecimal netAssetValue;
    volatile BigDecimal dayStartValue;
    volatile Instant dayStart;
    volatile boolean live;

    AccountRisk(String accountId) {
        this.accountId = accountId;
    }

    Position position(String instrument) {
        Position position = positions.get(instrument);
        return position != null ? position : positions.computeIfAbsent(instrument, i -> new Position());
    }

    /** Open orders: working plus in flight. */
    int openOrders() {
        return working.size() + inFlight;
    }

    /** The per-second window sized to the limit now in force (null without one); under the account's lock. */
    RateWindow perSecond(int max) {
        perSecond = sized(perSecond, max, SECOND);
        return perSecond;
    }

    RateWindow perMinute(int max) {
        perMinute = sized(perMinute, max, 60 * SECOND);
        return perMinute;
    }

    static RateWindow sized(RateWindow current, int max, long window) {
        if (max <= 0) {
            return null;
        }
        if (current == null) {
            return new RateWindow(window, max);
        }
        return current.max() == max ? current : current.resized(max);
    }

    /** Counts a fill given as the order's cumulative filled units: only what was not counted before. */
    void filled(String orderKey, String instrument, OrderSide side, BigDecimal cumulative) {
        if (orderKey == null || instrument == null || side == null || cumulative == null || cumulative.signum() <= 0) {
            return;
        }
        synchronized (this) {
            BigDecimal before = filled.getOrDefault(orderKey, BigDecimal.ZERO);
            if (cumulative.compareTo(before) <= 0) {
                return;
            }
            filled.put(orderKey, cumulative);
            position(instrument).fills.add(cumulative.subtract(before), side.sign());
        }
    }

    /** Today's loss (positive when the net asset value fell since the day's start), or null before two summaries. */
    BigDecimal dailyLoss() {
        BigDecimal start = dayStartValue;
        BigDecimal now = netAssetValue;
        return start == null || now == null ? null : start.subtract(now);
    }
}

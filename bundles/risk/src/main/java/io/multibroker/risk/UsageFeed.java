package io.multibroker.risk;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedPosition;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each account's usage close to the broker's: every few seconds it reads positions, open orders (where the account
 * lists them) and the account summary through the registry's handle; between reads it follows the merged order events
 * (fills, cancels, expiries) and the prices of the instruments the account has been sent orders for.
 *
 * <p>What it knows is approximate between reads: a fill counts as soon as its answer or event is seen, a position read
 * replaces what was counted before the read began, and a fill that lands between the broker's snapshot and the answer
 * may be counted twice until the next read. Both errors are on the side of caution.
 */
final class UsageFeed {

    private static final Logger LOG = LoggerFactory.getLogger(UsageFeed.class);

    private final BrokerRegistry registry;
    private final RiskBook book;
    private final ScheduledExecutorService scheduler;
    /** Told of every account summary read: the daily-loss watch. */
    private final BiConsumer<AccountRisk, UnifiedAccountSummary> summaries;
    private volatile Flow.Subscription events;

    UsageFeed(BrokerRegistry registry, RiskBook book, ScheduledExecutorService scheduler,
            BiConsumer<AccountRisk, UnifiedAccountSummary> summaries) {
        this.registry = registry;
        this.book = book;
        this.scheduler = scheduler;
        this.summaries = summaries;
    }

    void start() {
        try {
            subscribe();
        } catch (RuntimeException registryNotYetActive) {
            // the registry holds a reference to this layer's gate: while it is still being activated, getting it from
            // here is a cycle the framework refuses; it is there a moment later
            LOG.info("risk: the registry's order events are not available yet ({}); trying again in a second",
                    registryNotYetActive.toString());
            scheduler.schedule(this::start, 1, TimeUnit.SECONDS);
        }
    }

    private void subscribe() {
        registry.orderEvents().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                events = subscription;
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(OrderEvent event) {
                event(event);
            }

            @Override
            public void onError(Throwable failure) {
                LOG.warn("risk: order events ended ({}); usage follows the periodic reads only", failure.toString());
            }

            @Override
            public void onComplete() {
            }
        });
    }

    void stop() {
        Flow.Subscription subscription = events;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    /** An order event: fills count into the position, an order that ended is no longer working. */
    void event(OrderEvent event) {
        if (event.kind() == OrderEventKind.GAP) {
            return;
        }
        AccountRisk account = book.account(event.accountId());
        String key = event.clientOrderId() != null ? event.clientOrderId() : event.brokerOrderId();
        if (event.kind() == OrderEventKind.FILLED || event.kind() == OrderEventKind.PARTIALLY_FILLED) {
            account.filled(key, event.instrument(), event.side(), event.filledUnits());
            if (event.fillPrice() != null && !account.quotes.containsKey(event.instrument())) {
                account.quotes.put(event.instrument(), Quote.of(event.fillPrice()));
            }
        }
        if (key != null && (event.kind().terminal() || event.status() != null && event.status().terminal())) {
            account.working.remove(key);
        }
    }

    /** Reads every routable account now. */
    void refreshAll() {
        for (BrokerAccount account : registry.accounts()) {
            if (account.health().status().routable()) {
                refresh(account);
            }
        }
    }

    private void refresh(BrokerAccount broker) {
        AccountRisk account = book.account(broker.accountId());
        Snapshot before = snapshot(account);
        broker.adapter().positions().whenComplete((positions, failure) -> {
            if (failure == null) {
                positions(account, before, positions);
            }
        });
        if (broker.capabilities().has(BrokerCapability.OPEN_ORDERS)) {
            broker.adapter().openOrders().whenComplete((open, failure) -> {
                if (failure == null) {
                    working(account, open);
                }
            });
        }
        broker.adapter().accountSummary().whenComplete((summary, failure) -> {
            if (failure == null) {
                account.currency = summary.currency();
                summaries.accept(account, summary);
            } else {
                LOG.debug("risk: no account summary of {}: {}", account.accountId, failure.toString());
            }
        });
    }

    /** The fills counted before a positions read began: the read's answer includes them. */
    private record Snapshot(Map<String, BigDecimal> fills) {
    }

    private static Snapshot snapshot(AccountRisk account) {
        Map<String, BigDecimal> fills = new HashMap<>();
        synchronized (account) {
            account.positions.forEach((instrument, position) -> fills.put(instrument, position.fills.exact()));
        }
        return new Snapshot(fills);
    }

    private static void positions(AccountRisk account, Snapshot before, List<UnifiedPosition> positions) {
        Set<String> reported = new HashSet<>();
        synchronized (account) {
            for (UnifiedPosition position : positions) {
                reported.add(position.instrument());
                Position known = account.position(position.instrument());
                known.reported(position.netUnits());
            }
            account.positions.forEach((instrument, position) -> {
                if (!reported.contains(instrument)) {
                    position.reported(BigDecimal.ZERO);
                }
                BigDecimal counted = before.fills().get(instrument);
                if (counted != null && counted.signum() != 0) {
                    position.fills.add(counted, -1);
                }
            });
            // fills of orders that no longer work are in the position now; their cumulative figures are no longer needed
            account.filled.keySet().retainAll(account.working);
        }
    }

    private static void working(AccountRisk account, List<OrderResult> open) {
        Set<String> ids = new HashSet<>();
        for (OrderResult order : open) {
            ids.add(order.clientOrderId() != null ? order.clientOrderId() : order.brokerOrderId());
        }
        account.working.retainAll(ids);
        account.working.addAll(ids);
    }

    /** Follows the instrument's prices at the account (and the cross rates its value may need), once. */
    void follow(AccountRisk account, String instrument) {
        if (!account.quoted.add(instrument)) {
            return;
        }
        scheduler.execute(() -> {
            subscribe(account, instrument);
            for (String cross : Valuation.crossPairs(account.currency, instrument)) {
                if (account.quoted.add(cross)) {
                    subscribe(account, cross);
                }
            }
        });
    }

    private void subscribe(AccountRisk account, String instrument) {
        BrokerAccount broker = registry.account(account.accountId).orElse(null);
        if (broker == null || !broker.capabilities().has(BrokerCapability.PRICE_STREAMING)) {
            account.quoted.remove(instrument);
            return;
        }
        broker.adapter().streamPrices(Set.of(instrument)).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(PriceTick tick) {
                account.quotes.put(tick.instrument(), Quote.of(tick.mid()));
            }

            @Override
            public void onError(Throwable failure) {
                // followed again on a later order, after a pause so that a broker without this price is not asked at every order
                LOG.debug("risk: prices of {} at {} ended: {}", instrument, account.accountId, failure.toString());
                scheduler.schedule(() -> account.quoted.remove(instrument), 30, TimeUnit.SECONDS);
            }

            @Override
            public void onComplete() {
                scheduler.schedule(() -> account.quoted.remove(instrument), 30, TimeUnit.SECONDS);
            }
        });
    }
}

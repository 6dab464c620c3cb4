package io.multibroker.paper;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.support.PriceFanout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's prices: the periodic step of the simulated walks and the ticks of a configured price source, each
 * matched against the book and published to the price subscribers while its market trades.
 */
final class MarketFeed {

    private static final Logger LOG = LoggerFactory.getLogger(MarketFeed.class);

    private final String accountId;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final PriceFanout fanout;
    private final Supplier<Simulation> simulation;
    /** Finds the account a price source names. */
    private final Function<String, Optional<BrokerAccount>> accounts;
    private ScheduledFuture<?> priceTask;

    MarketFeed(String accountId, Clock clock, ScheduledExecutorService scheduler, PriceFanout fanout,
            Supplier<Simulation> simulation, Function<String, Optional<BrokerAccount>> accounts) {
        this.accountId = accountId;
        this.clock = clock;
        this.scheduler = scheduler;
        this.fanout = fanout;
        this.simulation = simulation;
        this.accounts = accounts;
    }

    /** Steps the prices every {@code interval} from now on, in place of any earlier schedule. */
    synchronized void start(Duration interval) {
        if (priceTask != null) {
            priceTask.cancel(false);
        }
        long period = interval.toMillis();
        priceTask = scheduler.scheduleAtFixedRate(this::step, period, period, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (priceTask != null) {
            priceTask.cancel(false);
            priceTask = null;
        }
    }

    /**
     * Points the book's prices at the configured market hours and price source: a new subscription when the source, the
     * instruments or the staleness changed, none without a source. The previous source's subscription ends.
     *
     * @param connected whether the account is connected, so that a new source is checked at once
     */
    void follow(PaperSettings settings, Simulation next, boolean connected) {
        next.quotes().hours(settings.marketHours);
        PriceSource existing = next.quotes().source();
        Set<String> symbols = new TreeSet<>();
        settings.instruments.forEach(i -> symbols.add(i.symbol()));
        if (settings.priceSource == null) {
            if (existing != null) {
                existing.close();
                next.quotes().use(null);
            }
            return;
        }
        if (existing != null && existing.sourceId().equals(settings.priceSource) && existing.instruments().equals(symbols)
                && existing.staleAfter().equals(settings.priceStale)) {
            return;
        }
        if (existing != null) {
            existing.close();
        }
        PriceSource source = new PriceSource(accountId, settings.priceSource, symbols, settings.priceStale, clock, accounts,
                this::onSourceTick);
        next.quotes().use(source);
        if (connected) {
            scheduler.execute(source::check);
        }
        LOG.info("paper account {} fills against the prices of {} for {}", accountId, settings.priceSource, symbols);
    }

    /** A tick of the price source: resting orders are matched against it and subscribers get it. */
    private void onSourceTick(PriceTick tick) {
        try {
            Simulation current = simulation.get();
            Instant now = clock.instant();
            if (tradingNow(current, tick, now)) {
                List<PriceTick> ticks = List.of(tick);
                current.exchange().onPrices(ticks, now, current.settings().slippagePipsMean);
                fanout.publish(ticks);
            }
        } catch (RuntimeException e) {
            LOG.error("paper account {}: a price of its source could not be applied", accountId, e);
        }
    }

    private void step() {
        try {
            Instant now = clock.instant();
            Simulation current = simulation.get();
            List<PriceTick> ticks = current.prices().step(now);
            if (current.settings().tradesUsMarkets()) {
                ticks = new ArrayList<>(ticks);
                ticks.addAll(current.usPrices().step(now));
            }
            PriceSource source = current.quotes().source();
            if (source != null) {
                source.check();
            }
            // the simulated prices of instruments quoted by a source, or of a closed market, are matched and shown to no one;
            // the step still runs, for the expiries (and the walks go on, for conversions)
            List<PriceTick> trading = source == null && !current.settings().assetClasses.contains(AssetClass.US_EQUITY) ? ticks
                    : ticks.stream().filter(t -> (source == null || !source.covers(t.instrument())) && tradingNow(current, t, now)).toList();
            current.exchange().onPrices(trading, now, current.settings().slippagePipsMean);
            fanout.publish(trading);
        } catch (RuntimeException e) {
            // a failure here must not cancel the periodic task: log it and keep quoting
            LOG.error("paper account {}: price step failed", accountId, e);
        }
    }

    /** Whether the instrument's market trades now: US equities keep the configured hours, the rest trade around the clock. */
    private static boolean tradingNow(Simulation current, PriceTick tick, Instant now) {
        return !UsMarkets.EQUITIES.containsKey(tick.instrument()) || current.settings().marketHours.openAt(now);
    }
}

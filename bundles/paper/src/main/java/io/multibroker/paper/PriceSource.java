package io.multibroker.paper;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.PriceTick;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Another account's live prices for a paper account ({@code price.source}): subscribes, through the registry's
 * handle, to the source account's price stream for the paper account's instruments, keeps the latest tick of each
 * with the time it arrived, and hands every tick on (the paper account matches its orders against it and republishes
 * it). It subscribes again whenever the source is registered and routable but no stream runs: the source account may
 * come later, go away (its bundle removed) or end its stream.
 *
 * <p>A price is fresh while it is younger than {@code staleAfter} by its arrival here (the source's own timestamps may
 * come from a clock that is not ours). Nothing fills on a price that is not fresh: the account refuses the orders that
 * must execute now and reports itself DEGRADED with the reason.
 */
final class PriceSource {

    private record Arrival(PriceTick tick, Instant at) {
    }

    private final String accountId;
    private final String sourceId;
    private final Set<String> wanted;
    private final Duration staleAfter;
    private final Clock clock;
    private final Function<String, Optional<BrokerAccount>> accounts;
    private final Consumer<PriceTick> onTick;
    private final Map<String, Arrival> latest = new ConcurrentHashMap<>();
    /** Which subscription is current: callbacks of an earlier one are ignored. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Flow.Subscription subscription;
    private volatile boolean subscribing;
    private volatile String problem;
    private volatile Set<String> notListed = Set.of();
    private volatile Instant lastArrival;
    private volatile boolean closed;

    /**
     * @param accounts finds a registered account by id (the registry's {@code account}); empty when it is not there
     * @param onTick told of every tick that arrives, on the source's delivery thread
     */
    PriceSource(String accountId, String sourceId, Set<String> wanted, Duration staleAfter, Clock clock,
            Function<String, Optional<BrokerAccount>> accounts, Consumer<PriceTick> onTick) {
        this.accountId = accountId;
        this.sourceId = sourceId;
        this.wanted = Set.copyOf(wanted);
        this.staleAfter = staleAfter;
        this.clock = clock;
        this.accounts = accounts;
        this.onTick = onTick;
        this.problem = "waiting for price source " + sourceId;
    }

    String sourceId() {
        return sourceId;
    }

    /** Whether the account takes this instrument's prices from the source. */
    boolean covers(String symbol) {
        return wanted.contains(symbol);
    }

    Set<String> instruments() {
        return wanted;
    }

    Duration staleAfter() {
        return staleAfter;
    }

    /** Subscribes when the source is there and no stream runs; drops the stream when the source is gone. Cheap: call it often. */
    synchronized void check() {
        if (closed) {
            return;
        }
        Optional<BrokerAccount> source = accounts.apply(sourceId);
        if (source.isEmpty()) {
            cancel();
            problem = "price source " + sourceId + " is not registered";
            return;
        }
        AccountHealth health = source.get().health();
        if (health == null || !health.status().routable()) {
            // its prices may still come, but a source that cannot trade is not a market to fill against
            problem = "price source " + sourceId + " is " + (health == null ? "not checked yet" : health.status()
                    + (health.reason() == null ? "" : ": " + health.reason()));
            return;
        }
        if (subscribing) {
            return;
        }
        if (subscription != null) {
            problem = null;
            return;
        }
        Set<String> listed = source.get().capabilities().instruments().keySet();
        Set<String> covered = new TreeSet<>(wanted);
        covered.retainAll(listed);
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(listed);
        notListed = Set.copyOf(missing);
        if (covered.isEmpty()) {
            problem = "price source " + sourceId + " quotes none of " + new TreeSet<>(wanted);
            return;
        }
        long current = generation.incrementAndGet();
        subscribing = true;
        try {
            source.get().adapter().streamPrices(covered).subscribe(new Follower(current));
        } catch (RuntimeException e) {
            subscribing = false;
            problem = "price source " + sourceId + " refused the subscription: " + StandardBrokerError.from(e).brokerMessage();
        }
    }

    /** The latest price of the instrument while it is fresh and its source well; empty otherwise. */
    Optional<PriceTick> fresh(String symbol) {
        Arrival arrival = latest.get(symbol);
        if (problem != null || arrival == null || !young(arrival.at, clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(arrival.tick);
    }

    /** The latest price of the instrument however old, for valuing positions; null before the first. */
    PriceTick last(String symbol) {
        Arrival arrival = latest.get(symbol);
        return arrival == null ? null : arrival.tick;
    }

    /**
     * Why no order can execute on the instrument now (the source is gone, not routable, its stream ended, or the price is
     * missing or stale), or empty when its price is fresh and its source well.
     */
    Optional<String> whyNotExecutable(String symbol) {
        String stream = problem;
        if (stream != null) {
            return Optional.of("no live price of " + symbol + ": " + stream);
        }
        Arrival arrival = latest.get(symbol);
        Instant now = clock.instant();
        if (arrival != null && young(arrival.at, now)) {
            return Optional.empty();
        }
        if (notListed.contains(symbol)) {
            return Optional.of("price source " + sourceId + " does not quote " + symbol);
        }
        return Optional.of(arrival == null ? "no price of " + symbol + " from " + sourceId + " yet"
                : "the last price of " + symbol + " from " + sourceId + " is " + Duration.between(arrival.at, now).toMillis()
                        + " ms old (price.stale.ms " + staleAfter.toMillis() + ")");
    }

    /** What makes the account's prices unreliable now (source missing or down, stream ended, silent, incomplete), or empty. */
    Optional<String> healthProblem() {
        String stream = problem;
        if (stream != null) {
            return Optional.of(stream);
        }
        Instant last = lastArrival;
        Instant now = clock.instant();
        if (last == null) {
            return Optional.of("no price from price source " + sourceId + " yet");
        }
        if (!young(last, now)) {
            return Optional.of("no price from price source " + sourceId + " for " + Duration.between(last, now).toMillis()
                    + " ms (price.stale.ms " + staleAfter.toMillis() + ")");
        }
        Set<String> missing = notListed;
        return missing.isEmpty() ? Optional.empty() : Optional.of("price source " + sourceId + " does not quote " + missing);
    }

    synchronized void close() {
        closed = true;
        cancel();
    }

    private void cancel() {
        generation.incrementAndGet();
        Flow.Subscription current = subscription;
        subscription = null;
        subscribing = false;
        if (current != null) {
            current.cancel();
        }
    }

    private boolean young(Instant arrivedAt, Instant now) {
        return Duration.between(arrivedAt, now).compareTo(staleAfter) <= 0;
    }

    /** One subscription to the source's stream; it speaks only while it is the current one. */
    private final class Follower implements Flow.Subscriber<PriceTick> {
        private final long mine;

        Follower(long mine) {
            this.mine = mine;
        }

        @Override
        public void onSubscribe(Flow.Subscription given) {
            synchronized (PriceSource.this) {
                if (generation.get() != mine) {
                    given.cancel();
                    return;
                }
                subscription = given;
                subscribing = false;
                problem = null;
            }
            given.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(PriceTick tick) {
            if (generation.get() != mine) {
                return;
            }
            Instant now = clock.instant();
            latest.put(tick.instrument(), new Arrival(tick, now));
            lastArrival = now;
            onTick.accept(tick);
        }

        @Override
        public void onError(Throwable failure) {
            ended("the price stream of " + sourceId + " failed: " + StandardBrokerError.from(failure).brokerMessage());
        }

        @Override
        public void onComplete() {
            ended("the price stream of " + sourceId + " ended");
        }

        private void ended(String why) {
            synchronized (PriceSource.this) {
                if (generation.get() != mine) {
                    return;
                }
                subscription = null;
                subscribing = false;
                problem = why;
            }
        }
    }

    @Override
    public String toString() {
        return "prices of " + accountId + " from " + sourceId;
    }
}

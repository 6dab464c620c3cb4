package io.multibroker.paper;

import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.model.OrderEvent;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Everything a configuration decides, as one immutable value: a call takes the simulation in force when it starts and
 * finishes on it, whatever reconfiguration happens meanwhile.
 */
record Simulation(PaperSettings settings, BrokerCapabilities capabilities, PriceProcess prices, PriceProcess usPrices,
        AccountQuotes quotes, PaperExchange exchange, LatencyModel latency, SplittableRandom rejectRandom) {

    /**
     * A new simulation for these settings. The book (balance, orders, positions) and the price path are kept from
     * {@code current} (null for none) unless a setting that defines them changed (currency, balance, hedging, seed).
     *
     * @param events told of every change of an order of a new book
     */
    static Simulation of(String accountId, PaperSettings settings, Simulation current, Clock clock, Consumer<OrderEvent> events) {
        BrokerCapabilities capabilities = PaperCapabilities.of(settings);
        SplittableRandom seeds = new SplittableRandom(settings.seed);
        long exchangeSeed = seeds.split().nextLong();
        LatencyModel latency = new LatencyModel(settings.latencyMedianMillis, settings.latencySigma, seeds.split().nextLong());
        SplittableRandom rejectRandom = seeds.split();
        if (current != null && !current.settings.definesANewBook(settings)) {
            current.exchange.liquidity(settings.maxFillUnits);
            return new Simulation(settings, capabilities, current.prices, current.usPrices, current.quotes, current.exchange, latency,
                    rejectRandom);
        }
        // the price process always quotes every catalogue instrument: currency conversion needs the FX pairs
        PriceProcess prices = new PriceProcess(List.copyOf(PaperInstrument.CATALOGUE.values()), settings.seed, clock.instant(),
                settings.pricePath, settings.spreadScale);
        // US equities and crypto walk apart, on a seed of their own drawn last, so that a seed gives the FX prices it always gave
        PriceProcess usPrices = new PriceProcess(UsMarkets.all(), seeds.split().nextLong(), clock.instant());
        AccountQuotes quotes = new AccountQuotes(prices, usPrices, clock);
        PaperExchange exchange = new PaperExchange(accountId, settings.currency, settings.balance, settings.hedging,
                AssetClass.everything(), quotes, exchangeSeed, events);
        exchange.liquidity(settings.maxFillUnits);
        return new Simulation(settings, capabilities, prices, usPrices, quotes, exchange, latency, rejectRandom);
    }

    /** Whether the reject draw says this order is refused, with the configured probability. */
    boolean simulatedRejection() {
        if (settings.rejectProbability <= 0) {
            return false;
        }
        synchronized (rejectRandom) {
            return rejectRandom.nextDouble() < settings.rejectProbability;
        }
    }
}

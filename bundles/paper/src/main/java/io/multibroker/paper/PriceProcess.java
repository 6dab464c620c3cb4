package io.multibroker.paper;

import io.multibroker.api.model.PriceTick;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded random walk of each instrument's mid price, quoted with the instrument's spread and
 * precision. The same seed gives the same sequence of prices, step by step. Not thread-safe: the
 * exchange calls it under its own lock.
 */
final class PriceProcess implements Quotes {

    private final SplittableRandom random;
    private final Map<String, PaperInstrument> instruments = new LinkedHashMap<>();
    private final Map<String, BigDecimal> mids = new LinkedHashMap<>();
    private final Map<String, PriceTick> last = new LinkedHashMap<>();
    private final PricePath path;
    private final Instant start;
    private final BigDecimal spreadScale;

    PriceProcess(List<PaperInstrument> quoted, long seed, Instant start) {
        this(quoted, seed, start, PricePath.NONE);
    }

    /** With a path, the instruments it names take its mids instead of walking. */
    PriceProcess(List<PaperInstrument> quoted, long seed, Instant start, PricePath path) {
        this(quoted, seed, start, path, BigDecimal.ONE);
    }

    /** @param spreadScale every instrument's spread times this (1: as catalogued; 3: a broker quoting three times as wide) */
    PriceProcess(List<PaperInstrument> quoted, long seed, Instant start, PricePath path, BigDecimal spreadScale) {
        this.spreadScale = spreadScale;
        this.random = new SplittableRandom(seed);
        this.path = path;
        this.start = start;
        for (PaperInstrument instrument : quoted) {
            BigDecimal initial = path.mid(instrument.symbol(), 0).orElse(instrument.initialMid());
            instruments.put(instrument.symbol(), instrument);
            mids.put(instrument.symbol(), initial);
            last.put(instrument.symbol(), quote(instrument, initial, start));
        }
    }

    /** Moves every price one step (a normally distributed relative change) and returns the new quotes. */
    List<PriceTick> step(Instant now) {
        for (PaperInstrument instrument : instruments.values()) {
            BigDecimal shock = BigDecimal.valueOf(gaussian()).multiply(instrument.volatilityPerStep());
            BigDecimal walked = mids.get(instrument.symbol()).multiply(BigDecimal.ONE.add(shock), MathContext.DECIMAL64);
            // the shock is drawn for a path's instrument too, so that the other instruments walk as their seed says
            BigDecimal mid = path.mid(instrument.symbol(), Math.max(0, now.toEpochMilli() - start.toEpochMilli())).orElse(walked);
            mids.put(instrument.symbol(), mid);
            last.put(instrument.symbol(), quote(instrument, mid, now));
        }
        return List.copyOf(last.values());
    }

    @Override
    public PriceTick current(String symbol) {
        return last.get(symbol);
    }


    private PriceTick quote(PaperInstrument instrument, BigDecimal mid, Instant time) {
        int precision = instrument.limits().pricePrecision();
        BigDecimal halfSpread = instrument.spread().multiply(spreadScale).divide(BigDecimal.valueOf(2));
        BigDecimal bid = mid.subtract(halfSpread).setScale(precision, RoundingMode.FLOOR);
        BigDecimal ask = mid.add(halfSpread).setScale(precision, RoundingMode.CEILING);
        return new PriceTick(instrument.symbol(), time, bid, ask, true);
    }

    private double gaussian() {
        // Box-Muller on the seeded generator, so that the walk depends on the seed alone
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}

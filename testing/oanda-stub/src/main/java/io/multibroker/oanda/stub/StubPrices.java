package io.multibroker.oanda.stub;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/** A seeded random walk of every instrument's mid price, quoted with the instrument's spread and precision. */
final class StubPrices {

    record Quote(String instrument, BigDecimal bid, BigDecimal ask, Instant time) {
    }

    private final Map<String, StubInstrument> instruments;
    private final Map<String, Quote> current = new ConcurrentHashMap<>();
    private final Map<String, BigDecimal> mids = new ConcurrentHashMap<>();
    private final SplittableRandom random;

    StubPrices(Map<String, StubInstrument> instruments, long seed, Instant now) {
        this.instruments = instruments;
        this.random = new SplittableRandom(seed);
        instruments.values().forEach(i -> {
            mids.put(i.name(), i.startMid());
            current.put(i.name(), quote(i, i.startMid(), now));
        });
    }

    /** One step of every instrument: a relative move of about half a basis point. */
    synchronized void step(Instant now) {
        for (StubInstrument instrument : instruments.values()) {
            double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            // the random draw is a double; the price moved by it stays a decimal, three digits finer than quoted
            BigDecimal move = BigDecimal.ONE.add(BigDecimal.valueOf(0.00005 * z));
            BigDecimal mid = mids.get(instrument.name()).multiply(move).setScale(instrument.displayPrecision() + 3, RoundingMode.HALF_EVEN);
            mids.put(instrument.name(), mid);
            current.put(instrument.name(), quote(instrument, mid, now));
        }
    }

    /**
     * Moves the instrument's market to a price: a buyer's ask (a seller's bid) is then exactly it, the spread kept;
     * the random walk goes on from there.
     */
    synchronized void reach(String instrumentName, boolean buy, BigDecimal price, Instant now) {
        StubInstrument instrument = instruments.get(instrumentName);
        BigDecimal half = instrument.halfSpread();
        BigDecimal bid = buy ? price.subtract(half.multiply(BigDecimal.valueOf(2))) : price;
        BigDecimal ask = buy ? price : price.add(half.multiply(BigDecimal.valueOf(2)));
        int scale = instrument.displayPrecision();
        mids.put(instrumentName, price.add(buy ? half.negate() : half).setScale(scale + 3, RoundingMode.HALF_EVEN));
        current.put(instrumentName, new Quote(instrumentName, bid.setScale(scale, RoundingMode.DOWN), ask.setScale(scale, RoundingMode.UP), now));
    }

    Quote quote(String instrument) {
        return current.get(instrument);
    }

    private static Quote quote(StubInstrument instrument, BigDecimal mid, Instant now) {
        BigDecimal centre = mid.setScale(instrument.displayPrecision(), RoundingMode.HALF_EVEN);
        BigDecimal half = instrument.halfSpread();
        return new Quote(instrument.name(), centre.subtract(half).setScale(instrument.displayPrecision(), RoundingMode.DOWN),
                centre.add(half).setScale(instrument.displayPrecision(), RoundingMode.UP), now);
    }
}

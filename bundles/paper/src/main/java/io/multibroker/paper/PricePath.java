package io.multibroker.paper;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Fixed mid prices instead of the random walk, for the instruments it names: each entry {@code INSTRUMENT@MILLIS=MID}
 * sets the mid from that many milliseconds after the simulation started until the next entry of the instrument (the
 * first entry's mid also stands before it). The moments come from the account's clock, not from the count of steps, so
 * a test with its own clock knows the price of every moment exactly.
 */
final class PricePath {

    static final PricePath NONE = new PricePath(Map.of());

    private final Map<String, NavigableMap<Long, BigDecimal>> mids;

    private PricePath(Map<String, NavigableMap<Long, BigDecimal>> mids) {
        this.mids = mids;
    }

    /** Reads the entries (comma-separated values allowed); IllegalArgumentException naming the entry and the rule. */
    static PricePath parse(String[] entries, Map<String, PaperInstrument> quoted) {
        if (entries == null) {
            return NONE;
        }
        Map<String, NavigableMap<Long, BigDecimal>> mids = new TreeMap<>();
        Arrays.stream(entries).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(v -> !v.isEmpty()).forEach(entry -> {
            int at = entry.indexOf('@');
            int equals = entry.indexOf('=');
            if (at <= 0 || equals < at + 2 || equals == entry.length() - 1) {
                throw new IllegalArgumentException("price.path: '" + entry + "' must be INSTRUMENT@MILLIS=MID, like EUR_USD@1500=1.10020");
            }
            String symbol = entry.substring(0, at);
            if (!quoted.containsKey(symbol)) {
                throw new IllegalArgumentException("price.path: '" + entry + "': " + symbol + " is not quoted by the paper broker");
            }
            long millis;
            BigDecimal mid;
            try {
                millis = Long.parseLong(entry.substring(at + 1, equals));
                mid = new BigDecimal(entry.substring(equals + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("price.path: '" + entry + "' must be INSTRUMENT@MILLIS=MID with whole milliseconds "
                        + "and a decimal mid");
            }
            if (millis < 0 || mid.signum() <= 0) {
                throw new IllegalArgumentException("price.path: '" + entry + "': the milliseconds must be 0 or more and the mid positive");
            }
            mids.computeIfAbsent(symbol, s -> new TreeMap<>()).put(millis, mid);
        });
        return mids.isEmpty() ? NONE : new PricePath(Map.copyOf(mids));
    }

    /** The mid of the instrument that many milliseconds after the start, or empty when the path does not name it. */
    Optional<BigDecimal> mid(String symbol, long elapsedMillis) {
        NavigableMap<Long, BigDecimal> path = mids.get(symbol);
        if (path == null) {
            return Optional.empty();
        }
        Map.Entry<Long, BigDecimal> entry = path.floorEntry(elapsedMillis);
        return Optional.of(entry != null ? entry.getValue() : path.firstEntry().getValue());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PricePath path && path.mids.equals(mids);
    }

    @Override
    public int hashCode() {
        return mids.hashCode();
    }
}

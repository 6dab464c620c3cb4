package io.multibroker.paper;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The groups of instruments a paper account may trade ({@code asset.classes}): {@code fx} is the simulator's original
 * catalogue (currency pairs, index CFDs and metals with OANDA-like precision), {@code us_equity} and {@code crypto} are
 * instruments as Alpaca lists them, under the same canonical ids, so that a paper account and an Alpaca account can be
 * compared on one instrument.
 */
enum AssetClass {
    FX, US_EQUITY, CRYPTO;

    /** The name used in configurations: {@code fx}, {@code us_equity}, {@code crypto}. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    Map<String, PaperInstrument> instruments() {
        return switch (this) {
            case FX -> PaperInstrument.CATALOGUE;
            case US_EQUITY -> UsMarkets.EQUITIES;
            case CRYPTO -> UsMarkets.CRYPTO;
        };
    }

    /** Every instrument of every class: what a book can hold. */
    static Map<String, PaperInstrument> everything() {
        Map<String, PaperInstrument> all = new LinkedHashMap<>();
        for (AssetClass assetClass : values()) {
            all.putAll(assetClass.instruments());
        }
        return all;
    }

    /** The class an instrument belongs to, if the paper broker quotes it. */
    static Optional<AssetClass> of(String symbol) {
        return Arrays.stream(values()).filter(c -> c.instruments().containsKey(symbol)).findFirst();
    }

    /** The classes named in a configuration value (comma-separated, in any case); IllegalArgumentException naming an unknown one. */
    static Set<AssetClass> parse(String[] values) {
        Set<AssetClass> classes = EnumSet.noneOf(AssetClass.class);
        if (values != null) {
            for (String word : Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                    .filter(v -> !v.isEmpty()).toList()) {
                classes.add(Arrays.stream(values()).filter(c -> c.id().equalsIgnoreCase(word)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("asset.classes: " + word + " is not one of "
                                + Arrays.stream(values()).map(AssetClass::id).collect(Collectors.joining(", ")))));
            }
        }
        return classes;
    }
}

package io.multibroker.paper;

import io.multibroker.api.error.ErrorCode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The configuration of a paper account, checked and converted from {@link PaperBrokerConfig}; also built directly by tests. */
final class PaperSettings {
    String accountId;
    String currency = "USD";
    BigDecimal balance = new BigDecimal("100000");
    boolean hedging;
    double latencyMedianMillis = 20;
    double latencySigma = 0.4;
    double rejectProbability;
    ErrorCode rejectCode = ErrorCode.MARKET_CLOSED;
    BigDecimal slippagePipsMean = BigDecimal.ZERO;
    /** Units a resting order fills per price step at most; null for no limit. */
    BigDecimal maxFillUnits;
    long seed = 42;
    Duration priceInterval = Duration.ofMillis(250);
    List<PaperInstrument> instruments = List.copyOf(PaperInstrument.CATALOGUE.values());
    Set<AssetClass> assetClasses = EnumSet.of(AssetClass.FX);
    MarketHours marketHours = MarketHours.NEW_YORK;
    /** The account whose prices the book fills against, or null for the simulation. */
    String priceSource;
    Duration priceStale = Duration.ofSeconds(5);
    /** Fixed mids instead of the walk for the instruments it names. */
    PricePath pricePath = PricePath.NONE;
    /** Every simulated spread times this. */
    BigDecimal spreadScale = BigDecimal.ONE;

    /** Whether going from these settings to {@code next} needs a new book (balance, orders, positions, price path). */
    boolean definesANewBook(PaperSettings next) {
        return !currency.equals(next.currency) || balance.compareTo(next.balance) != 0 || hedging != next.hedging
                || seed != next.seed || !pricePath.equals(next.pricePath) || spreadScale.compareTo(next.spreadScale) != 0;
    }

    /** Whether the US walks must move: the account trades US equities or crypto. */
    boolean tradesUsMarkets() {
        return assetClasses.contains(AssetClass.US_EQUITY) || assetClasses.contains(AssetClass.CRYPTO);
    }

    /**
     * The instruments named (comma-separated values allowed), each from one of the asset classes; all of theirs when
     * none is named. IllegalArgumentException naming what is wrong.
     */
    static List<PaperInstrument> instruments(String[] symbols, Set<AssetClass> classes) {
        List<String> names = symbols == null ? List.of() : Arrays.stream(symbols)
                .flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(v -> !v.isEmpty()).distinct().toList();
        List<PaperInstrument> chosen = new ArrayList<>();
        if (names.isEmpty()) {
            classes.forEach(c -> chosen.addAll(c.instruments().values()));
            return chosen;
        }
        for (String symbol : names) {
            AssetClass owner = AssetClass.of(symbol).orElseThrow(() -> new IllegalArgumentException("instruments: " + symbol
                    + " is not quoted by the paper broker"));
            if (!classes.contains(owner)) {
                throw new IllegalArgumentException("instruments: " + symbol + " is a " + owner.id() + " instrument: add "
                        + owner.id() + " to asset.classes");
            }
            chosen.add(owner.instruments().get(symbol));
        }
        return chosen;
    }

    static PaperSettings from(PaperBrokerConfig config) {
        PaperSettings settings = new PaperSettings();
        settings.accountId = config.account_id();
        settings.currency = config.currency();
        settings.balance = new BigDecimal(config.balance().trim());
        settings.hedging = config.hedging();
        settings.latencyMedianMillis = config.latency_median_ms();
        settings.latencySigma = config.latency_sigma();
        settings.rejectProbability = config.reject_probability();
        settings.rejectCode = ErrorCode.valueOf(config.reject_code());
        settings.slippagePipsMean = BigDecimal.valueOf(config.slippage_pips_mean());
        settings.seed = config.seed();
        String maxFill = config.max_fill_units() == null ? "" : config.max_fill_units().trim();
        settings.maxFillUnits = maxFill.isEmpty() ? null : new BigDecimal(maxFill);
        settings.priceInterval = Duration.ofMillis(config.price_interval_ms());
        Set<AssetClass> classes = AssetClass.parse(config.asset_classes());
        settings.assetClasses = classes.isEmpty() ? EnumSet.of(AssetClass.FX) : classes;
        // a .cfg file gives a list as one comma-separated text: both forms are accepted
        settings.instruments = instruments(config.instruments(), settings.assetClasses);
        settings.marketHours = MarketHours.parse(config.market_hours());
        String source = config.price_source() == null ? "" : config.price_source().trim();
        settings.priceSource = source.isEmpty() ? null : source;
        settings.priceStale = Duration.ofMillis(config.price_stale_ms());
        settings.pricePath = PricePath.parse(config.price_path(), PaperInstrument.CATALOGUE);
        settings.spreadScale = BigDecimal.valueOf(config.spread_scale());
        return settings;
    }
}

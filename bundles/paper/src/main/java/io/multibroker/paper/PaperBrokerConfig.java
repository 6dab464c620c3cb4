package io.multibroker.paper;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One simulated account: the schema that Metatype publishes for the factory PID {@code io.multibroker.paper}. */
@ObjectClassDefinition(id = PaperBrokerType.FACTORY_PID, name = "Paper broker account",
        description = "A simulated broker account: seeded prices, a matching engine, configurable latency, rejections and slippage. No network, no credentials.")
@interface PaperBrokerConfig {

    @AttributeDefinition(name = "Account id", description = "Unique id of the account in the runtime", required = true)
    String account_id();

    @AttributeDefinition(name = "Currency", description = "The account's home currency", options = {
            @Option(value = "USD"), @Option(value = "EUR"), @Option(value = "GBP"), @Option(value = "JPY"),
            @Option(value = "CHF"), @Option(value = "CAD"), @Option(value = "AUD"), @Option(value = "NZD")})
    String currency() default "USD";

    @AttributeDefinition(name = "Starting balance", description = "Cash at start, in the account currency: a decimal number")
    String balance() default "100000";

    @AttributeDefinition(name = "Hedging", description = "Keep long and short positions in one instrument side by side instead of netting them")
    boolean hedging() default false;

    @AttributeDefinition(name = "Median latency (ms)", description = "Median of the log-normal order round-trip latency", min = "0", max = "60000")
    double latency_median_ms() default 20.0;

    @AttributeDefinition(name = "Latency spread", description = "Sigma of the log-normal latency: 0 is constant, 0.5 is a typical broker tail", min = "0", max = "3")
    double latency_sigma() default 0.4;

    @AttributeDefinition(name = "Rejection probability", description = "Chance that the simulated broker rejects an otherwise valid order", min = "0", max = "1")
    double reject_probability() default 0.0;

    @AttributeDefinition(name = "Rejection kind", description = "The error a simulated rejection carries", options = {
            @Option(value = "MARKET_CLOSED"), @Option(value = "INSUFFICIENT_FUNDS"), @Option(value = "RATE_LIMITED"),
            @Option(value = "BROKER_UNAVAILABLE"), @Option(value = "POSITION_LIMIT_EXCEEDED"), @Option(value = "INVALID_PRICE")})
    String reject_code() default "MARKET_CLOSED";

    @AttributeDefinition(name = "Mean slippage (pips)", description = "Mean of the exponential adverse slippage on market-like fills", min = "0", max = "1000")
    double slippage_pips_mean() default 0.0;

    @AttributeDefinition(name = "Seed", description = "Seed of prices, latency, rejections and slippage: the same seed replays the same account")
    long seed() default 42L;

    @AttributeDefinition(name = "Price step (ms)", description = "How often prices move and resting orders are checked", min = "10", max = "60000")
    int price_interval_ms() default 250;

    @AttributeDefinition(name = "Liquidity per price step (units)", description = "At most this many units of a resting order fill "
            + "at each price step, so that large orders fill in parts (PARTIALLY_FILLED events); empty or 0 for no limit", required = false)
    String max_fill_units() default "";

    @AttributeDefinition(name = "Instruments", description = "The instruments this account trades (default: all the simulator quotes)",
            required = false, cardinality = 100, options = {
            @Option(value = "EUR_USD"), @Option(value = "GBP_USD"), @Option(value = "USD_JPY"), @Option(value = "AUD_USD"),
            @Option(value = "USD_CHF"), @Option(value = "USD_CAD"), @Option(value = "NZD_USD"), @Option(value = "EUR_GBP"),
            @Option(value = "EUR_JPY"), @Option(value = "SPX500_USD"), @Option(value = "NAS100_USD"), @Option(value = "DE30_EUR"),
            @Option(value = "XAU_USD"), @Option(value = "BCO_USD"), @Option(value = "AAPL"), @Option(value = "MSFT"),
            @Option(value = "SPY"), @Option(value = "QQQ"), @Option(value = "AMZN"), @Option(value = "NVDA"), @Option(value = "TSLA"),
            @Option(value = "GME"), @Option(value = "BTC_USD"), @Option(value = "ETH_USD")})
    String[] instruments();

    @AttributeDefinition(name = "Asset classes", description = "Which groups of instruments the account trades: fx (currency pairs, "
            + "index CFDs and metals), us_equity (US shares as Alpaca lists them) and crypto (BTC_USD, ETH_USD with Alpaca's increments)",
            required = false, cardinality = 3, options = {@Option(value = "fx"), @Option(value = "us_equity"), @Option(value = "crypto")})
    String[] asset_classes() default {"fx"};

    @AttributeDefinition(name = "US market hours", description = "When US equities trade: new_york (9:30-16:00 on weekdays, "
            + "no holidays), always (tests, demos at night) or closed", required = false,
            options = {@Option(value = "new_york"), @Option(value = "always"), @Option(value = "closed")})
    String market_hours() default "new_york";

    @AttributeDefinition(name = "Price source", description = "Another account whose live prices this account fills against instead "
            + "of its simulated ones (for the instruments it trades); empty for the simulation", required = false)
    String price_source() default "";

    @AttributeDefinition(name = "Stale price (ms)", description = "With a price source: a price older than this (since it arrived) is "
            + "stale; nothing executes on it and the account is DEGRADED", min = "100", max = "3600000", required = false)
    int price_stale_ms() default 5000;

    @AttributeDefinition(name = "Spread scale", description = "Every simulated spread times this: 1 quotes as the catalogue does, "
            + "3 three times as wide (a costlier broker)", min = "0.1", max = "100", required = false)
    double spread_scale() default 1.0;

    @AttributeDefinition(name = "Price path", description = "Fixed mids instead of the random walk, for tests and demonstrations: "
            + "INSTRUMENT@MILLIS=MID entries (EUR_USD@0=1.10000, EUR_USD@3000=1.10040), each mid standing from that many ms after the "
            + "account started until the instrument's next entry; empty for the walk", required = false, cardinality = 100)
    String[] price_path();

    @AttributeDefinition(name = "Account enabled", description = "false stops the account: registered, but taking no orders (set by broker:stop / broker:start)",
            type = AttributeType.BOOLEAN, required = false)
    boolean account_enabled() default true;
}

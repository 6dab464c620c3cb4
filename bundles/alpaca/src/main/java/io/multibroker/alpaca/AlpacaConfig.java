package io.multibroker.alpaca;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One Alpaca account: the schema Metatype publishes for {@code io.multibroker.alpaca}. */
@ObjectClassDefinition(id = AlpacaBrokerType.FACTORY_PID, name = "Alpaca account",
        description = "An account at Alpaca (paper or live): US equities and crypto through the Trading API v2 and its WebSockets")
@interface AlpacaConfig {

    @AttributeDefinition(name = "Account id", description = "The account's id in this runtime", required = true)
    String account_id();

    @AttributeDefinition(name = "Environment", description = "paper or live pick Alpaca's hosts; custom uses rest.url, stream.url "
            + "and data.url (the loopback stand-in)", options = {@Option(value = "paper"), @Option(value = "live"), @Option(value = "custom")})
    String environment() default "paper";

    @AttributeDefinition(name = "REST base URL", description = "With environment custom: e.g. http://127.0.0.1:18090", required = false)
    String rest_url();

    @AttributeDefinition(name = "Trade-updates WebSocket URL", description = "With environment custom: e.g. ws://127.0.0.1:18091/stream",
            required = false)
    String stream_url();

    @AttributeDefinition(name = "Market-data WebSocket base URL", description = "With environment custom: e.g. ws://127.0.0.1:18091 "
            + "(the feed's path is added)", required = false)
    String data_url();

    /** The key id: key {@code .key.id}, private to the component. Give it as $[secret:NAME] or $[env:NAME]. */
    @AttributeDefinition(name = "API key id", description = "APCA-API-KEY-ID (secret)", type = AttributeType.PASSWORD)
    String _key_id();

    /** The secret key: key {@code .secret.key}. Give it as $[secret:NAME] or $[env:NAME]; never printed or logged. */
    @AttributeDefinition(name = "API secret key", description = "APCA-API-SECRET-KEY (secret)", type = AttributeType.PASSWORD)
    String _secret_key();

    @AttributeDefinition(name = "Market-data feed", description = "iex (free), sip (paid plan) or test (FAKEPACA, around the clock)",
            options = {@Option(value = "iex"), @Option(value = "sip"), @Option(value = "test")})
    String feed() default "iex";

    @AttributeDefinition(name = "Request rate", description = "REST requests per minute at most (Alpaca allows 200); the "
            + "X-RateLimit-Remaining and -Reset answers are honoured too", min = "1", max = "10000")
    int rate_limit_per_minute() default 200;

    @AttributeDefinition(name = "Request timeout", description = "Milliseconds a REST request may take", min = "100", max = "120000")
    int request_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Stream silence timeout", description = "Milliseconds without any frame (data or the answer to our "
            + "ping) before a WebSocket is reconnected; pings go out every third of it", min = "500", max = "120000")
    int stream_timeout_ms() default 15_000;

    @AttributeDefinition(name = "Fill wait", description = "Milliseconds placeOrder waits for a market or IOC/FOK order to fill "
            + "before it answers with the order as it stands", min = "0", max = "60000")
    int fill_wait_ms() default 3_000;

    @AttributeDefinition(name = "Reconciliation window", description = "Milliseconds an order without a clear answer is looked up "
            + "by its client order id before it is reported UNKNOWN; it is never resent", min = "1000", max = "300000")
    int reconcile_window_ms() default 15_000;

    @AttributeDefinition(name = "Instrument refresh", description = "Seconds between two reads of the assets and the market clock",
            min = "10")
    int instruments_refresh_seconds() default 300;

    @AttributeDefinition(name = "Asset classes", description = "Which assets become instruments: us_equity, crypto",
            cardinality = 2, required = false)
    String[] asset_classes() default {"us_equity", "crypto"};

    @AttributeDefinition(name = "Symbols", description = "Only these symbols become instruments (canonical ids: AAPL, BTC_USD); "
            + "empty: every active tradable asset", required = false, cardinality = 1000)
    String[] symbols();

    @AttributeDefinition(name = "Enabled", description = "false keeps the account registered but stopped")
    boolean account_enabled() default true;
}

package io.multibroker.oanda;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One OANDA v20 account: the schema Metatype publishes for {@code io.multibroker.oanda}. */
@ObjectClassDefinition(id = OandaBrokerType.FACTORY_PID, name = "OANDA v20 account",
        description = "An account at OANDA (fxTrade or fxTrade Practice) through the v20 REST and streaming API")
@interface OandaConfig {

    /** Long enough for OANDA's read-after-write lag and a short outage, short enough for a caller to wait out. */
    int DEFAULT_RECONCILE_WINDOW_MS = 15_000;
    /** A lookup or two at least: OANDA's read-after-write lag alone has been seen to take a few hundred milliseconds. */
    int MIN_RECONCILE_WINDOW_MS = 1_000;
    /** Five minutes: a caller of placeOrder waits out the window, so it must stay within what a caller can wait. */
    int MAX_RECONCILE_WINDOW_MS = 300_000;

    @AttributeDefinition(name = "Account id", description = "The account's id in this runtime", required = true)
    String account_id();

    @AttributeDefinition(name = "OANDA account", description = "OANDA's own account id, e.g. 101-004-1435156-001", required = true)
    String oanda_account();

    @AttributeDefinition(name = "Environment", description = "practice or live pick OANDA's hosts; custom uses rest.url and stream.url "
            + "(the loopback stand-in)", options = {@Option(value = "practice"), @Option(value = "live"), @Option(value = "custom")})
    String environment() default "practice";

    @AttributeDefinition(name = "REST base URL", description = "With environment custom: e.g. http://127.0.0.1:18080", required = false)
    String rest_url();

    @AttributeDefinition(name = "Stream base URL", description = "With environment custom: e.g. http://127.0.0.1:18080", required = false)
    String stream_url();

    /**
     * The personal access token: key {@code .token}, a private property that DS does not copy into the
     * service's properties. Give it as $[env:NAME] or $[secret:NAME]; it is never printed or logged.
     */
    @AttributeDefinition(name = "API token", description = "OANDA personal access token (secret)", type = AttributeType.PASSWORD)
    String _token();

    @AttributeDefinition(name = "Request timeout", description = "Milliseconds a REST request may take", min = "100", max = "120000")
    int request_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Stream silence timeout", description = "Milliseconds without a price or heartbeat before the stream "
            + "is reconnected (OANDA sends a heartbeat every 5 s)", min = "500", max = "120000")
    int stream_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Request rate", description = "REST requests per second at most (OANDA allows 120)", min = "1", max = "120")
    int rate_limit_per_second() default 100;

    @AttributeDefinition(name = "New connections rate", description = "New stream connections per second at most (OANDA allows 2)",
            min = "1", max = "2")
    int connections_per_second() default 2;

    @AttributeDefinition(name = "Reconciliation window", description = "Milliseconds an order whose outcome is unknown (no clear "
            + "answer) is looked up, by client order id and among the transactions, before it is reported UNKNOWN; it is never resent",
            min = "" + MIN_RECONCILE_WINDOW_MS, max = "" + MAX_RECONCILE_WINDOW_MS)
    int reconcile_window_ms() default DEFAULT_RECONCILE_WINDOW_MS;

    @AttributeDefinition(name = "Streamed instruments", description = "Instruments the price stream always carries; subscribers may "
            + "add more", required = false, cardinality = 100)
    String[] instruments();

    @AttributeDefinition(name = "Instrument refresh", description = "Seconds between two reads of the account's instruments", min = "10")
    int instruments_refresh_seconds() default 300;

    @AttributeDefinition(name = "Enabled", description = "false keeps the account registered but stopped")
    boolean account_enabled() default true;
}

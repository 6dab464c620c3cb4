package io.multibroker.alpaca;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.support.PriceFanout;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An account's prices: Alpaca's two market-data WebSockets (the equities feed and crypto) publishing into one fan-out,
 * so that a subscriber gets its instruments of either; each stream opens once an instrument of its class is asked for.
 */
final class MarketPrices {

    private static final int SUBSCRIBER_BUFFER = 256;

    private final String accountId;
    private final PriceFanout fanout;
    private final MarketDataStream stocks;
    private final MarketDataStream crypto;

    MarketPrices(HttpClient http, AlpacaBrokerAdapter.Settings settings, ScheduledExecutorService scheduler) {
        this.accountId = settings.accountId();
        this.fanout = new PriceFanout(scheduler, SUBSCRIBER_BUFFER);
        this.stocks = new MarketDataStream(http, URI.create(settings.endpoints().data() + "/v2/" + settings.feed()), settings.keyId(),
                settings.secretKey(), settings.streamTimeout(), scheduler, fanout, "alpaca " + settings.accountId() + " " + settings.feed(),
                symbol -> false);
        this.crypto = new MarketDataStream(http, URI.create(settings.endpoints().data() + "/v1beta3/crypto/us"), settings.keyId(),
                settings.secretKey(), settings.streamTimeout(), scheduler, fanout, "alpaca " + settings.accountId() + " crypto",
                symbol -> true);
    }

    /** The prices of these instruments, each known in {@code catalogue}; a failed stream naming those that are not. */
    Flow.Publisher<PriceTick> subscribe(Set<String> instruments, Map<String, Instrument> catalogue) {
        Map<String, String> equities = new LinkedHashMap<>();
        Map<String, String> pairs = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String symbol : instruments) {
            Instrument instrument = catalogue.get(symbol);
            if (instrument == null) {
                unknown.add(symbol);
            } else if (instrument.type() == InstrumentType.CRYPTO) {
                pairs.put(symbol, instrument.brokerSymbol());
            } else {
                equities.put(symbol, instrument.brokerSymbol());
            }
        }
        if (!unknown.isEmpty()) {
            return BrokerAdapter.failedStream(StandardBrokerError.of(ErrorCode.INVALID_SYMBOL, null, "no such instrument at "
                    + accountId + ": " + unknown, ErrorContext.account(accountId)));
        }
        // both streams publish into one fan-out: the subscriber gets its instruments of either
        Flow.Publisher<PriceTick> publisher = fanout.publisher(instruments);
        if (!pairs.isEmpty()) {
            crypto.cover(pairs);
        }
        if (!equities.isEmpty()) {
            stocks.cover(equities);
        }
        return publisher;
    }

    MarketDataStream stocks() {
        return stocks;
    }

    void close() {
        stocks.close();
        crypto.close();
        fanout.closeAll();
    }
}

package io.multibroker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.support.PriceFanout;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quotes of one asset class from Alpaca's market-data WebSocket (stocks: {@code /v2/{feed}}, crypto:
 * {@code /v1beta3/crypto/us}): one connection for every instrument subscribed (Alpaca allows one per feed),
 * authenticated and resubscribed on every reconnect; the first quote of each instrument after a reconnect is
 * marked as after a gap, and a quote older than the last one delivered is dropped, so ticks never go back in time.
 */
final class MarketDataStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MarketDataStream.class);

    private final ReconnectingWebSocket socket;
    private final String keyId;
    private final String secretKey;
    private final PriceFanout fanout;
    private final String name;
    private final Predicate<String> crypto;
    /** Canonical ids subscribed, and the Alpaca symbol each is asked for under. */
    private final Map<String, String> subscribed = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastTime = new ConcurrentHashMap<>();
    private final Set<String> afterGap = ConcurrentHashMap.newKeySet();
    private volatile boolean authenticated;
    private volatile boolean started;

    MarketDataStream(HttpClient http, URI uri, String keyId, String secretKey, Duration silence, ScheduledExecutorService scheduler,
            PriceFanout fanout, String name, Predicate<String> crypto) {
        this.keyId = keyId;
        this.secretKey = secretKey;
        this.fanout = fanout;
        this.name = name;
        this.crypto = crypto;
        this.socket = new ReconnectingWebSocket(http, () -> uri, silence, scheduler, new Protocol(), name);
    }

    /** Adds these canonical instruments (with their Alpaca symbols) to the stream; it opens with the first. */
    void cover(Map<String, String> instruments) {
        Map<String, String> added = new LinkedHashMap<>();
        instruments.forEach((canonical, alpaca) -> {
            if (subscribed.putIfAbsent(canonical, alpaca) == null) {
                added.put(canonical, alpaca);
            }
        });
        synchronized (this) {
            if (!started) {
                started = true;
                socket.start();
            }
        }
        if (authenticated && !added.isEmpty()) {
            sendSubscription(added.values());
        }
    }

    int connections() {
        return socket.connections();
    }

    private void sendSubscription(Collection<String> symbols) {
        ObjectNode subscribe = AlpacaJson.MAPPER.createObjectNode().put("action", "subscribe");
        ArrayNode quotes = subscribe.putArray("quotes");
        symbols.forEach(quotes::add);
        socket.send(subscribe.toString()).exceptionally(failure -> {
            LOG.warn("{}: the subscription could not be sent: {}", name, failure.toString());
            return null;
        });
    }

    private final class Protocol implements ReconnectingWebSocket.Protocol {
        @Override
        public void opened(ReconnectingWebSocket webSocket, boolean reconnect) {
            authenticated = false;
            if (reconnect) {
                // Alpaca replays nothing: whatever was quoted in between is lost
                afterGap.addAll(subscribed.keySet());
            }
            ObjectNode auth = AlpacaJson.MAPPER.createObjectNode().put("action", "auth").put("key", keyId).put("secret", secretKey);
            webSocket.send(auth.toString());
        }

        @Override
        public void message(String text) {
            List<PriceTick> ticks = parse(text);
            if (!ticks.isEmpty()) {
                fanout.publish(ticks);
            }
        }
    }

    /** The quotes of one message, in order; control messages are acted on. */
    List<PriceTick> parse(String text) {
        JsonNode messages;
        try {
            messages = AlpacaJson.MAPPER.readTree(text);
        } catch (IOException e) {
            LOG.warn("{}: a message that is not JSON was skipped: {}", name, AlpacaJson.excerpt(text));
            return List.of();
        }
        List<PriceTick> ticks = new ArrayList<>(messages.size());
        for (JsonNode message : messages) {
            switch (message.path("T").asText("")) {
                case "q" -> {
                    PriceTick tick = quote(message);
                    if (tick != null) {
                        ticks.add(tick);
                    }
                }
                case "success" -> {
                    if ("authenticated".equals(message.path("msg").asText())) {
                        authenticated = true;
                        if (!subscribed.isEmpty()) {
                            sendSubscription(subscribed.values());
                        }
                    }
                }
                case "error" -> LOG.warn("{}: Alpaca reported error {}: {}", name, message.path("code").asInt(), message.path("msg").asText());
                default -> {
                    // subscription echoes, trades, bars: not prices
                }
            }
        }
        return ticks;
    }

    private PriceTick quote(JsonNode message) {
        String symbol = message.path("S").asText();
        String canonical = Symbols.canonical(symbol, crypto.test(symbol));
        BigDecimal bid = AlpacaJson.decimal(message, "bp");
        BigDecimal ask = AlpacaJson.decimal(message, "ap");
        Instant time = AlpacaJson.time(message, "t");
        if (bid == null || ask == null || time == null || bid.signum() <= 0 || ask.signum() <= 0) {
            return null;
        }
        Instant last = lastTime.get(canonical);
        if (last != null && time.isBefore(last)) {
            return null;
        }
        lastTime.put(canonical, time);
        PriceTick tick = new PriceTick(canonical, time, bid, ask, true);
        return afterGap.remove(canonical) ? tick.markedAfterGap() : tick;
    }

    @Override
    public void close() {
        socket.close();
    }
}

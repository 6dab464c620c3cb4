package io.multibroker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.support.OrderEventFanout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's trade updates ({@code wss://…/stream}): authenticate, listen to {@code trade_updates}, and turn each
 * event into an {@link OrderEvent} for the account's subscribers. Alpaca replays nothing after a reconnect, so a
 * reconnect publishes a GAP event (subscribers look up the orders they follow). Order placement waits on it for a
 * market order's fill, by client order id, instead of polling the REST API and its 200 requests a minute.
 */
final class TradeUpdateStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TradeUpdateStream.class);

    private final ReconnectingWebSocket socket;
    private final String keyId;
    private final String secretKey;
    private final OrderTranslator translator;
    private final OrderEventFanout fanout;
    private final ScheduledExecutorService scheduler;
    private final String name;
    private final Map<String, CompletableFuture<OrderEvent>> waiters = new ConcurrentHashMap<>();
    private volatile boolean listening;

    TradeUpdateStream(HttpClient http, URI uri, String keyId, String secretKey, Duration silence, ScheduledExecutorService scheduler,
            OrderTranslator translator, OrderEventFanout fanout, String name) {
        this.keyId = keyId;
        this.secretKey = secretKey;
        this.translator = translator;
        this.fanout = fanout;
        this.scheduler = scheduler;
        this.name = name;
        this.socket = new ReconnectingWebSocket(http, () -> uri, silence, scheduler, new Protocol(), name);
    }

    void start() {
        socket.start();
    }

    boolean listening() {
        return listening && socket.open();
    }

    int connections() {
        return socket.connections();
    }

    Flow.Publisher<OrderEvent> publisher() {
        return fanout.publisher();
    }

    /**
     * The first terminal event (filled, cancelled, expired, rejected, replaced) of the order with this client order
     * id or broker id, or null after {@code wait}. Register before sending: the event may overtake the answer.
     */
    CompletableFuture<OrderEvent> awaitTerminal(String key, Duration wait) {
        CompletableFuture<OrderEvent> waiter = waiters.computeIfAbsent(key, k -> new CompletableFuture<>());
        scheduler.schedule(() -> {
            waiters.remove(key, waiter);
            waiter.complete(null);
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
        return waiter;
    }

    void forget(String key) {
        CompletableFuture<OrderEvent> waiter = waiters.remove(key);
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    private final class Protocol implements ReconnectingWebSocket.Protocol {
        @Override
        public void opened(ReconnectingWebSocket webSocket, boolean reconnect) {
            listening = false;
            if (reconnect) {
                fanout.publishGap("the trade-updates stream of " + name + " reconnected; Alpaca replays no events");
            }
            ObjectNode auth = AlpacaJson.MAPPER.createObjectNode().put("action", "authenticate");
            auth.putObject("data").put("key_id", keyId).put("secret_key", secretKey);
            webSocket.send(auth.toString());
        }

        @Override
        public void message(String text) {
            JsonNode message;
            try {
                message = AlpacaJson.MAPPER.readTree(text);
            } catch (IOException e) {
                LOG.warn("{}: a message that is not JSON was skipped: {}", name, AlpacaJson.excerpt(text));
                return;
            }
            switch (message.path("stream").asText("")) {
                case "authorization" -> {
                    if ("authorized".equals(message.path("data").path("status").asText())) {
                        ObjectNode listen = AlpacaJson.MAPPER.createObjectNode().put("action", "listen");
                        listen.putObject("data").putArray("streams").add("trade_updates");
                        socket.send(listen.toString());
                    } else {
                        LOG.error("{}: Alpaca refused the key pair on the trade-updates stream", name);
                    }
                }
                case "listening" -> listening = true;
                case "trade_updates" -> {
                    OrderEvent event = translator.event(message.path("data"));
                    if (event != null) {
                        fanout.publish(event);
                        if (event.kind().terminal()) {
                            complete(event.clientOrderId(), event);
                            complete(event.brokerOrderId(), event);
                        }
                    }
                }
                default -> {
                    // nothing else is sent on this stream
                }
            }
        }
    }

    private void complete(String key, OrderEvent event) {
        if (key != null) {
            CompletableFuture<OrderEvent> waiter = waiters.remove(key);
            if (waiter != null) {
                waiter.complete(event);
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        waiters.values().forEach(w -> w.complete(null));
        waiters.clear();
        fanout.closeAll();
    }
}

package io.multibroker.oanda;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.PriceTick;
import io.multibroker.api.support.PriceFanout;
import io.multibroker.conformance.Collector;
import io.multibroker.oanda.stub.OandaStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the price stream reconnects: its backoff grows over interruptions in a row and starts again after a healthy
 * stream, and a request whose answer never comes is given up like a silent stream. Bounded in interruptions and time.
 */
class PriceStreamReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final PriceStream.Backoff BACKOFF = new PriceStream.Backoff(Duration.ofMillis(50), Duration.ofMillis(800));

    private OandaStub stub;
    private ScheduledExecutorService scheduler;
    private PriceStream stream;
    private final Collector<PriceTick> collector = new Collector<>();
    private final List<PriceTick> ticks = collector.items();

    @BeforeEach
    void start() throws Exception {
        stub = StandIn.start();
        scheduler = Executors.newScheduledThreadPool(2);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        stream = new PriceStream(http, URI.create(stub.baseUrl()), StandIn.ACCOUNT, StandIn.TOKEN, "oanda-test", Duration.ofSeconds(1), 2,
                scheduler, new PriceFanout(scheduler, 256), BACKOFF);
    }

    @AfterEach
    void stop() {
        stream.close();
        scheduler.shutdownNow();
        stub.close();
    }

    private void subscribe() {
        stream.subscribe(Set.of("EUR_USD")).subscribe(collector);
    }

    /** Drops the stream as soon as it delivers (a short-lived stream), and waits for the reconnect to be scheduled. */
    private void dropOnceConnected() {
        long connections = stub.streamConnections();
        int count = ticks.size();
        await().atMost(WAIT).until(() -> stub.streamConnections() > connections - 1 && ticks.size() > count);
        long scheduled = stream.reconnectsScheduled();
        stub.faults().dropStreams();
        await().atMost(WAIT).until(() -> stream.reconnectsScheduled() > scheduled);
    }

    @Test
    void theBackoffStartsAgainAfterAStreamThatDeliveredForLongerThanItsCap() {
        subscribe();
        for (int i = 0; i < 6; i++) {
            dropOnceConnected();
        }
        assertTrue(stream.lastReconnectDelay().compareTo(BACKOFF.cap().dividedBy(2)) >= 0,
                "six interruptions in a row back off towards the cap: " + stream.lastReconnectDelay());
        // a healthy stream: ticks for longer than the cap (one every 250 ms at most)
        long connections = stub.streamConnections();
        await().atMost(WAIT).until(() -> stub.streamConnections() > connections);
        int count = ticks.size();
        await().atMost(WAIT).until(() -> ticks.size() >= count + 6);
        // then it falls silent: the watchdog ends it, as a network failure would (not a clean end of the body)
        long scheduled = stream.reconnectsScheduled();
        stub.faults().stallStreams(Duration.ofSeconds(3));
        await().atMost(WAIT).until(() -> stream.reconnectsScheduled() > scheduled);
        assertTrue(stream.lastReconnectDelay().compareTo(BACKOFF.first().multipliedBy(2)) < 0,
                "after a healthy stream the first step again: " + stream.lastReconnectDelay());
    }

    @Test
    void aStreamRequestWhoseAnswerNeverComesIsGivenUpAndRetried() {
        // the first request gets no headers for 15 s; the stream timeout is 1 s
        stub.faults().holdStreamHeaders(Duration.ofSeconds(15));
        subscribe();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ticks.isEmpty());
    }
}

package io.multibroker.oanda;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.failsafe.RateLimiter;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.support.PriceFanout;
import io.multibroker.conformance.Collector;
import io.multibroker.oanda.stub.OandaStub;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the price stream reconnects, against the stand-in (or a loopback server that only refuses): its backoff grows
 * over interruptions in a row and starts again after a healthy stream; a request whose headers never come is given
 * up; new connections stay under their limit. The stream's clock is the test's: it stands still unless a test moves
 * it, so no silence and no healthy period happens by itself, and the backoff's waits are read as Failsafe decides
 * them (the observer), not measured. Bounded in interruptions and time.
 */
class PriceStreamReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration FIRST = Duration.ofMillis(50);
    private static final Duration CAP = Duration.ofMillis(800);
    /** The policy's jitter: each wait lies within a quarter of its step either way. */
    private static final double JITTER = 0.25;

    private OandaStub stub;
    private HttpServer refuser;
    private SilentServer silent;
    private ScheduledExecutorService scheduler;
    private PriceStream stream;
    /** The stream's clock, in nanoseconds: moved by the tests only. */
    private final AtomicLong clock = new AtomicLong();
    private final List<ReconnectBackoff.Reconnect> reconnects = new CopyOnWriteArrayList<>();
    private final Collector<PriceTick> collector = new Collector<>();
    private final List<PriceTick> ticks = collector.items();

    @BeforeEach
    void start() throws Exception {
        stub = StandIn.start();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterEach
    void stop() throws Exception {
        if (stream != null) {
            stream.close();
        }
        scheduler.shutdownNow();
        if (refuser != null) {
            refuser.stop(0);
        }
        if (silent != null) {
            silent.close();
        }
        stub.close();
    }

    private PriceStream open(URI base, Duration timeout, RateLimiter<Object> newConnections) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        stream = new PriceStream(http, base, StandIn.ACCOUNT, StandIn.TOKEN, "oanda-test", timeout, newConnections, scheduler,
                new PriceFanout(scheduler, 256), new ReconnectBackoff(FIRST, CAP, reconnects::add), clock::get);
        stream.subscribe(Set.of("EUR_USD")).subscribe(collector);
        return stream;
    }

    private URI stubBase() {
        return URI.create(stub.baseUrl());
    }

    /** The stream delivered a tick (through a connection opened after the latest reconnect was scheduled). */
    private void awaitATick() {
        long delivered = stream.ticksDelivered();
        await().atMost(WAIT).until(() -> stream.ticksDelivered() > delivered);
    }

    /** Drops the stream (the stand-in closes it: it ends with a failure, as a network would end it) and returns the reconnect it caused. */
    private ReconnectBackoff.Reconnect drop() {
        int before = reconnects.size();
        stub.faults().dropStreams();
        await().atMost(WAIT).until(() -> reconnects.size() > before);
        return reconnects.get(before);
    }

    private String waits() {
        return reconnects.stream().map(r -> r.delay().toMillis() + " ms").collect(Collectors.joining(", "));
    }

    private static boolean within(Duration wait, Duration step) {
        return wait.toNanos() >= step.toNanos() * (1 - JITTER) && wait.toNanos() <= step.toNanos() * (1 + JITTER);
    }

    @Test
    void theBackoffStartsAgainAfterAStreamThatDeliveredForLongerThanItsCap() {
        open(stubBase(), Duration.ofSeconds(30), Limits.newConnections(100));
        // six short-lived streams in a row (each delivers, then is dropped at once): the waits grow to the cap
        for (int i = 0; i < 6; i++) {
            awaitATick();
            drop();
        }
        assertTrue(within(reconnects.get(5).delay(), CAP), "six interruptions in a row back off to the cap: " + waits());
        // a stream that delivered for a little less than the cap: still interruptions in a row
        awaitATick();
        clock.addAndGet(CAP.minusMillis(1).toNanos());
        awaitATick();
        ReconnectBackoff.Reconnect shortLived = drop();
        assertTrue(within(shortLived.delay(), CAP), "a stream that delivered for less than the cap keeps the backoff: " + waits());
        // a healthy stream: it delivers, the clock moves on beyond the cap, it delivers again; then it is dropped
        awaitATick();
        clock.addAndGet(CAP.plusMillis(1).toNanos());
        awaitATick();
        ReconnectBackoff.Reconnect afterHealthy = drop();
        assertTrue(within(afterHealthy.delay(), FIRST), "after a stream that delivered for longer than the cap, the first step again: " + waits());
        // and from there it grows again
        awaitATick();
        assertTrue(within(drop().delay(), FIRST.multipliedBy(2)), "the second step after it: " + waits());
    }

    @Test
    void repeatedFailuresWithoutDataBackOffStepByStepToTheCap() throws Exception {
        // a loopback server that answers every stream request 503: no connection ever delivers
        refuser = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        refuser.createContext("/", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        refuser.start();
        open(URI.create("http://127.0.0.1:" + refuser.getAddress().getPort()), Duration.ofSeconds(30), Limits.newConnections(100));
        await().atMost(WAIT).until(() -> reconnects.size() >= 7);
        for (int i = 0; i < 7; i++) {
            Duration step = FIRST.multipliedBy(1L << i).compareTo(CAP) < 0 ? FIRST.multipliedBy(1L << i) : CAP;
            assertTrue(within(reconnects.get(i).delay(), step), "reconnect " + (i + 1) + " waits about " + step.toMillis() + " ms: " + waits());
            assertTrue(reconnects.get(i).why().contains("503"), reconnects.get(i).why());
        }
    }

    @Test
    void aStreamRequestWhoseHeadersNeverComeIsGivenUpAfterTheStreamTimeout() {
        // the first request gets no headers for 30 s; the stream timeout is 1 s. The clock stands still, so the
        // silence watchdog cannot end the attempt: the request's own timeout must
        stub.faults().holdStreamHeaders(Duration.ofSeconds(30));
        open(stubBase(), Duration.ofSeconds(1), Limits.newConnections(100));
        await().atMost(Duration.ofSeconds(10)).until(() -> !ticks.isEmpty());
        assertTrue(reconnects.get(0).why().contains("HttpTimeoutException"), "the request timed out: " + reconnects.get(0));
        assertEquals(1, stub.streamConnections(), "the ticks came on the second attempt (the first was never answered)");
    }

    @Test
    void aStreamRequestWhoseHeadersNeverComeIsGivenUpByTheWatchdog() {
        // the watchdog looks every 2 s (a quarter of the 8 s timeout) and ends the attempt once the clock has moved
        // past the timeout since the request went out: long before the request's own timeout, 8 s of real time
        stub.faults().holdStreamHeaders(Duration.ofSeconds(30));
        open(stubBase(), Duration.ofSeconds(8), Limits.newConnections(100));
        await().atMost(WAIT).until(() -> stream.connectionsOpened() == 1);
        clock.addAndGet(Duration.ofSeconds(8).plusMillis(1).toNanos());
        await().atMost(WAIT).until(() -> !ticks.isEmpty());
        assertTrue(reconnects.get(0).why().startsWith("no answer within 8000 ms"), "the watchdog gave the attempt up: " + reconnects.get(0));
    }

    @Test
    void aStreamRequestReplacedWhileWaitingForItsHeadersIsClosed() throws Exception {
        // a server that never answers, and a timeout far beyond the wait: only cancelling the request can close it
        silent = new SilentServer();
        open(silent.base(), Duration.ofMinutes(2), Limits.newConnections(100));
        await().atMost(WAIT).until(() -> silent.accepted() == 1);
        // another instrument: the stream replaces its connection, and the one still waiting must go
        stream.cover(Set.of("USD_JPY"));
        await().atMost(WAIT).until(() -> silent.accepted() == 2);
        await().atMost(WAIT).until(() -> silent.closedByClient() == 1);
    }

    @Test
    void newConnectionsBeyondTheLimitWaitForAPermit() {
        // two new connections in a window of an hour: the third attempt must wait for a permit, and not connect
        open(stubBase(), Duration.ofSeconds(30), RateLimiter.burstyBuilder(2, Duration.ofHours(1)).build());
        awaitATick();
        drop();
        awaitATick();
        drop();
        await().atMost(WAIT).until(() -> stream.connectionsHeldBack() > 0);
        assertEquals(2, stream.connectionsOpened());
        assertEquals(2, stub.streamConnections(), "the stand-in saw two connections only");
    }
}

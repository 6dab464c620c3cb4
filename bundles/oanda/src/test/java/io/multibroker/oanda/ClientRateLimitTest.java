package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failsafe.RateLimiter;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.NoAnswer;
import io.multibroker.api.support.RequestThreads;
import io.multibroker.oanda.stub.OandaStub;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST client under its client-side rate limit, by counts: a limiter of N permits in a window of an hour lets N
 * requests out, and refuses the next one as RATE_LIMITED without sending it (the stand-in counts what arrives). The
 * limiter's rate itself is {@link LimitsTest}'s.
 */
class ClientRateLimitTest {

    private static final int PERMITS = 3;

    private OandaStub stub;
    private ScheduledExecutorService scheduler;
    private RequestThreads requestThreads;
    private RestTransport transport;
    private V20Client client;

    @BeforeEach
    void start() throws Exception {
        stub = StandIn.start();
        scheduler = Executors.newScheduledThreadPool(1);
        requestThreads = new RequestThreads("oanda-request-test", true);
        // a request may wait 5 s for a permit; the next one is an hour away, so none waits: it is refused at once
        RateLimiter<Object> limiter = RateLimiter.burstyBuilder(PERMITS, Duration.ofHours(1)).withMaxWaitTime(Duration.ofSeconds(5)).build();
        transport = new RestTransport(Duration.ofSeconds(5), 4);
        client = new V20Client(transport, URI.create(stub.baseUrl()), StandIn.ACCOUNT,
                StandIn.TOKEN, "oanda-test", Duration.ofSeconds(5), limiter, scheduler, requestThreads);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        requestThreads.shutdown();
        transport.close();
        stub.close();
    }

    @Test
    void aReadBeyondTheLimitIsRateLimitedAndNotSent() throws Exception {
        long before = stub.restRequests();
        for (int i = 0; i < PERMITS; i++) {
            assertTrue(client.read("/summary", ErrorCode.ACCOUNT_NOT_FOUND).get(10, TimeUnit.SECONDS).has("account"));
        }
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> client.read("/summary", ErrorCode.ACCOUNT_NOT_FOUND).get(10, TimeUnit.SECONDS));
        StandardBrokerError error = assertInstanceOf(StandardBrokerError.class, V20Client.unwrap(refused.getCause()));
        assertEquals(ErrorCode.RATE_LIMITED, error.code(), error::toString);
        assertTrue(error.retryable(), "nothing was sent: it may be sent again");
        assertEquals(before + PERMITS, stub.restRequests(), "the stand-in got the permitted reads only");
        assertEquals(PERMITS, client.requestCount());
    }

    @Test
    void anOrderBeyondTheLimitIsRateLimitedAndNotSent() throws Exception {
        OrderTranslator translator = new OrderTranslator("oanda-test");
        for (int i = 0; i < PERMITS; i++) {
            V20Client.Answer answer = client.change("POST", "/orders", translator.request(order("sent-" + i))).get(10, TimeUnit.SECONDS);
            assertEquals(201, answer.status(), answer::text);
        }
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> client.change("POST", "/orders", translator.request(order("held-back"))).get(10, TimeUnit.SECONDS));
        NoAnswer noAnswer = assertInstanceOf(NoAnswer.class, V20Client.unwrap(refused.getCause()));
        assertFalse(noAnswer.mayHaveArrived(), "the limiter held it back: it never left");
        assertEquals(ErrorCode.RATE_LIMITED, noAnswer.notSentCode(), noAnswer::toString);
        assertEquals(PERMITS, stub.orderSubmissions(StandIn.ACCOUNT), "the stand-in got the permitted orders only");
    }

    private static UnifiedOrder order(String clientId) {
        return UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.valueOf(100)).clientOrderId(clientId).build();
    }
}

package io.multibroker.quality;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.PriceTick;
import io.multibroker.registry.NoOpAdapter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;

/** What the quality benchmarks share: a recorder as the service builds it, on a no-op account with a reference stream. */
final class QualityBench {

    static final BigDecimal PIP = new BigDecimal("0.0001");

    private QualityBench() {
    }

    static ReferenceStreams streams(ScheduledExecutorService scheduler) {
        BrokerAdapter account = new NoOpAdapter("bench");
        return new ReferenceStreams(id -> Optional.of(account), scheduler, Clock.systemUTC(), 4096);
    }

    /** The shipped settings: 5 s quote age, 500 ms grace, 100,000 pending, the given event queue. */
    static FillRecorder recorder(ReferenceStreams streams, DataSource dataSource, int queueCapacity, Instant submittedAt) {
        return new FillRecorder(new FillRecorder.Settings(Duration.ofSeconds(5), Duration.ofMillis(500), 100_000, queueCapacity, Map.of()),
                streams, (account, order) -> Optional.of(new Submissions.Submission(submittedAt, "experiment demo arm bench")),
                (account, instrument) -> Optional.of(PIP), new FillQualityStore(dataSource), Clock.systemUTC());
    }

    /** Fills the history with one price every 250 ms up to now, as a paper account quotes. */
    static void quote(QuoteHistory history, Instant now) {
        for (int i = 240; i >= 0; i--) {
            BigDecimal bid = new BigDecimal("1.08500").add(PIP.multiply(BigDecimal.valueOf(i % 7)));
            history.add(new PriceTick("EUR_USD", now.minusMillis(250L * i), bid, bid.add(PIP), true));
        }
    }

    static OrderEvent filled(String clientOrderId, Instant time) {
        return new OrderEvent("bench", OrderEventKind.FILLED, clientOrderId, "b-" + clientOrderId, "EUR_USD", OrderSide.BUY,
                OrderStatus.FILLED, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("1.08512"), new BigDecimal("1.08512"),
                null, null, null, time);
    }
}

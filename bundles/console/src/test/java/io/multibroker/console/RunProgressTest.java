package io.multibroker.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.routing.RoutedOrderResult;
import io.multibroker.api.routing.RoutingStrategy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunProgressTest {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RunProgress progress = new RunProgress(new PrintStream(buffer, true, StandardCharsets.UTF_8), now::get, 100);

    private static RoutedOrderResult answer(String arm, boolean override, boolean rejected) {
        UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.ONE).build();
        OrderResult result = rejected ? OrderResult.rejected(arm, order, ErrorDetail.of(ErrorCode.MARKET_CLOSED, "closed"), Instant.EPOCH)
                : new OrderResult(arm, order.clientOrderId(), "1", null, "EUR_USD", OrderSide.BUY, OrderType.MARKET, OrderStatus.FILLED,
                        BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, Instant.EPOCH, Instant.EPOCH, null, null);
        return new RoutedOrderResult(result, arm, RoutingStrategy.EXPERIMENT, "demo", arm, override);
    }

    private String printed() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsProgressAtMostOnceASecond() {
        progress.answered(answer("a", false, false));
        progress.tick();
        assertEquals("", printed(), "nothing within the first second");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1000));
        progress.answered(answer("b", false, true));
        progress.tick();
        progress.tick();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        progress.tick();
        assertEquals("  2 of 100 orders, 2.00 orders/s, 1 errors so far\n", printed().replace(System.lineSeparator(), "\n"));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        progress.failed();
        progress.tick();
        assertTrue(printed().endsWith("  3 of 100 orders, 1.50 orders/s, 2 errors so far" + System.lineSeparator()), printed());
    }

    @Test
    void theSummaryCountsEveryArmStatusAndOverride() {
        progress.answered(answer("a", false, false));
        progress.answered(answer("a", true, false));
        progress.answered(answer("b", false, true));
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        progress.summary("demo");
        String summary = printed();
        assertTrue(summary.startsWith("Routed 3 orders through experiment demo in 2.0 s (1.50 orders/s): 1 overrides, 1 errors"), summary);
        assertTrue(summary.matches("(?s).*a\\s+\\| FILLED\\s+\\|\\s+2 \\|\\s+1.*"), summary);
        assertTrue(summary.matches("(?s).*b\\s+\\| REJECTED\\s+\\|\\s+1 \\|\\s+0.*"), summary);
    }
}

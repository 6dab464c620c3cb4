package io.multibroker.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill switch against 16 callers checking orders as fast as they can: once {@code halt} has returned, not one more
 * check passes, on any thread. A caller that waits for each order's answer (as {@code abtest:run} does) can therefore
 * have at most the one order it had past the gate when the state changed.
 */
class KillSwitchConcurrencyTest {

    private static final int CALLERS = 16;

    @TempDir
    Path directory;

    @Test
    void afterHaltReturnsNoCheckPassesOnAnyOf16Threads() throws Exception {
        RiskEngine engine = new RiskEngine(Map.of(), new EmptyRegistry(), account -> false, directory, Clock.systemUTC(), System::nanoTime);
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            CountDownLatch ready = new CountDownLatch(CALLERS);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger passedBeforeHalt = new AtomicInteger();
            // each caller's checks that began after halt() returned and still passed: must stay empty
            List<String> passedAfterHalt = Collections.synchronizedList(new ArrayList<>());
            HaltFlag flag = new HaltFlag();
            List<Future<ErrorDetail>> refusals = new ArrayList<>();
            for (int caller = 0; caller < CALLERS; caller++) {
                String account = "acct-" + (caller % 4);
                int id = caller;
                refusals.add(callers.submit(() -> {
                    ready.countDown();
                    go.await();
                    for (int n = 0; ; n++) {
                        boolean haltReturned = flag.returned;
                        UnifiedOrder order = UnifiedOrder.market("EUR_USD", n % 2 == 0 ? OrderSide.BUY : OrderSide.SELL, BigDecimal.ONE)
                                .referencePrice(new BigDecimal("1.10000")).clientOrderId("c" + id + "-" + n).build();
                        Optional<ErrorDetail> refusal = engine.check(account, order);
                        if (refusal.isPresent()) {
                            return refusal.get();
                        }
                        if (haltReturned) {
                            passedAfterHalt.add(order.clientOrderId());
                        } else {
                            passedBeforeHalt.incrementAndGet();
                        }
                        engine.answered(account, order, filled(account, order));
                    }
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            // every caller is busy checking orders before the switch is thrown
            while (passedBeforeHalt.get() < CALLERS * 100) {
                Thread.onSpinWait();
            }
            engine.halt(null, "kill switch under load", "test", false, false).toCompletableFuture().get(10, TimeUnit.SECONDS);
            flag.returned = true;
            for (Future<ErrorDetail> refusal : refusals) {
                ErrorDetail detail = refusal.get(10, TimeUnit.SECONDS);
                assertEquals(ErrorCode.RISK_LIMIT_EXCEEDED, detail.code());
                assertTrue(detail.message().contains("is HALTED"), detail.message());
            }
            assertEquals(List.of(), passedAfterHalt, "checks that began after halt() returned and passed");
        } finally {
            callers.shutdownNow();
            engine.deactivate();
        }
    }

    private static final class HaltFlag {
        volatile boolean returned;
    }

    private static OrderResult filled(String account, UnifiedOrder order) {
        Instant now = Instant.now();
        return new OrderResult(account, order.clientOrderId(), "b-" + order.clientOrderId(), null, order.instrument(), order.side(),
                order.type(), OrderStatus.FILLED, order.units(), order.units(), new BigDecimal("1.10000"), now, now, null, null);
    }
}

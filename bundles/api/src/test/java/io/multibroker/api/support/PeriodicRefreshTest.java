package io.multibroker.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeriodicRefreshTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aFailedRunIsReportedAndTheScheduleGoesOn() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch fourRuns = new CountDownLatch(4);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        PeriodicRefresh refresh = new PeriodicRefresh(() -> {
            fourRuns.countDown();
            return runs.incrementAndGet() % 2 == 1 ? CompletableFuture.failedFuture(new IllegalStateException("broker down"))
                    : CompletableFuture.completedFuture(null);
        }, Duration.ofMillis(10), scheduler, failures::add);
        refresh.start();
        refresh.start();
        assertTrue(fourRuns.await(5, TimeUnit.SECONDS), "runs go on after failures");
        assertTrue(refresh.running());
        assertEquals("broker down", failures.get(0).getMessage(), "the cause, not its CompletionException");
        refresh.stop();
        assertFalse(refresh.running());
    }
}

package io.multibroker.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallerWaitsTest {

    @Test
    void theWordHoldsOnlyWhileTheCallRunsAndOnlyOnItsThread() throws Exception {
        assertFalse(CallerWaits.onThisThread());
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            List<Boolean> seen = CallerWaits.whileCalling(() -> List.of(CallerWaits.onThisThread(),
                    CallerWaits.whileCalling(CallerWaits::onThisThread), CallerWaits.onThisThread(),
                    CompletableFuture.supplyAsync(CallerWaits::onThisThread, other).join()));
            assertEquals(List.of(true, true, true, false), seen, "here, nested, after the nested call, another thread");
        } finally {
            other.shutdownNow();
        }
        assertFalse(CallerWaits.onThisThread(), "withdrawn after the call");
    }

    @Test
    void theWordIsWithdrawnWhenTheCallFails() {
        assertThrows(IllegalStateException.class, () -> CallerWaits.whileCalling(() -> {
            throw new IllegalStateException("the adapter failed");
        }));
        assertFalse(CallerWaits.onThisThread());
    }

    @Test
    void settlingWaitsForTheStageWhateverItsOutcomeAndNoLongerThanAsked() {
        assertTrue(CallerWaits.settle(CompletableFuture.completedFuture("done"), Duration.ZERO));
        assertTrue(CallerWaits.settle(CompletableFuture.failedFuture(new IllegalStateException("refused")), Duration.ZERO));
        CompletableFuture<String> later = CompletableFuture.supplyAsync(() -> "committed",
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        assertTrue(CallerWaits.settle(later, Duration.ofSeconds(10)));
        assertEquals("committed", later.join());
        assertFalse(CallerWaits.settle(new CompletableFuture<>(), Duration.ofMillis(20)), "never completes");
    }

    @Test
    void anInterruptEndsTheWaitAndIsKept() {
        Thread.currentThread().interrupt();
        try {
            assertFalse(CallerWaits.settle(new CompletableFuture<>(), Duration.ofSeconds(10)));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}

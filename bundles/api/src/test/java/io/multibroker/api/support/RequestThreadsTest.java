package io.multibroker.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestThreadsTest {

    private final RequestThreads threads = new RequestThreads("request-test", true);
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdown();
        callers.shutdownNow();
    }

    @Test
    void anExchangeRunsOnTheAccountsThreadUnlessTheCallerWaitsForIt() throws Exception {
        String handedOff = threads.exchange(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
        assertEquals("request-test", handedOff);

        CompletableFuture<String> waited = CallerWaits.whileCalling(() -> threads.exchange(() -> Thread.currentThread().getName()));
        assertTrue(waited.isDone(), "done before the call returned");
        assertEquals(Thread.currentThread().getName(), waited.get());
    }

    @Test
    void anInterruptedCallersExchangeGoesToThePoolAndTheInterruptIsKept() throws Exception {
        Thread.currentThread().interrupt();
        try {
            CompletableFuture<String> exchanged = CallerWaits.whileCalling(() -> threads.exchange(() -> Thread.currentThread().getName()));
            assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt is its own to handle");
            Thread.interrupted();
            assertEquals("request-test", exchanged.get(5, TimeUnit.SECONDS), "an interrupted thread would have cut it short");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aTransportAnInterruptCutsShortNeverRunsOnTheCallersThread() throws Exception {
        RequestThreads interruptible = new RequestThreads("interruptible-test", false);
        try {
            CompletableFuture<String> exchanged = CallerWaits.whileCalling(() -> interruptible.exchange(() -> Thread.currentThread().getName()));
            assertEquals("interruptible-test", exchanged.get(5, TimeUnit.SECONDS));
        } finally {
            interruptible.shutdown();
        }
    }

    @Test
    void anExchangeInterruptedOnTheCallersThreadFailsAndKeepsTheInterrupt() {
        CompletableFuture<String> exchanged = CallerWaits.whileCalling(() -> threads.exchange(() -> {
            throw new InterruptedException("stopped");
        }));
        try {
            assertTrue(exchanged.isCompletedExceptionally());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aFailedExchangeIsAFailedStageEitherWay() {
        ConnectException refused = new ConnectException("refused");
        ExecutionException handedOff = assertThrows(ExecutionException.class,
                () -> threads.exchange(() -> {
                    throw refused;
                }).get(5, TimeUnit.SECONDS));
        assertEquals(refused, handedOff.getCause());
        CompletableFuture<Object> waited = CallerWaits.whileCalling(() -> threads.exchange(() -> {
            throw refused;
        }));
        assertTrue(waited.isCompletedExceptionally());
    }

    @Test
    void afterShutdownNoExchangeStartsOnEitherKindOfThread() {
        threads.shutdown();
        threads.shutdown();
        assertRefused(threads.exchange(() -> "sent"));
        assertRefused(CallerWaits.whileCalling(() -> threads.exchange(() -> "sent")));
    }

    @Test
    void closingWaitsForAnExchangeInFlightOnACallersThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CompletableFuture<CompletableFuture<String>> inFlight = CompletableFuture.supplyAsync(() -> CallerWaits.whileCalling(
                () -> threads.exchange(() -> {
                    started.countDown();
                    answer.await();
                    return "filled";
                })), callers);
        assertTrue(started.await(5, TimeUnit.SECONDS));

        threads.shutdown();
        assertFalse(threads.awaitIdle(Duration.ofMillis(50)), "the exchange on the caller's thread is still in flight");
        answer.countDown();
        assertTrue(threads.awaitIdle(Duration.ofSeconds(5)));
        assertEquals("filled", inFlight.get(5, TimeUnit.SECONDS).get());
    }

    @Test
    void closingWaitsForAnExchangeInFlightOnTheAccountsThread() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        CompletableFuture<String> inFlight = threads.exchange(() -> {
            answer.await();
            return "filled";
        });
        threads.shutdown();
        assertFalse(threads.awaitIdle(Duration.ofMillis(50)));
        answer.countDown();
        assertTrue(threads.awaitIdle(Duration.ofSeconds(5)));
        assertEquals("filled", inFlight.get());
    }

    private static void assertRefused(CompletableFuture<String> exchange) {
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> exchange.get(5, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("shut down"), failure.getCause().getMessage());
    }
}

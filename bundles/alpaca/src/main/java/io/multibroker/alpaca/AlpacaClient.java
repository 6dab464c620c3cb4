package io.multibroker.alpaca;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RateLimitExceededException;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.support.NoAnswer;
import io.multibroker.api.support.RequestThreads;
import io.multibroker.api.support.Threads;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The Trading API v2 calls of one account: key-pair headers, a client-side budget of requests a minute that also
 * obeys Alpaca's {@code X-RateLimit-Remaining}/{@code -Reset}, reads retried with backoff and jitter (Failsafe),
 * changes sent once (only a 429, refused before acting, is retried).
 */
final class AlpacaClient {

    /** An answer to a change: status, JSON body (null when not JSON) and the raw bytes. */
    record Answer(int status, JsonNode body, byte[] raw) {
        String text() {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    private static final Duration READ_BACKOFF = Duration.ofMillis(100);
    private static final Duration CHANGE_BACKOFF = Duration.ofMillis(200);

    private final HttpClient http;
    private final RequestThreads requestThreads;
    private final URI base;
    private final String keyId;
    private final String secretKey;
    private final String accountId;
    private final Duration timeout;
    private final ScheduledExecutorService scheduler;
    private final RateLimiter<Object> limiter;
    private final FailsafeExecutor<JsonNode> reads;
    private final FailsafeExecutor<Answer> changes;
    private final AtomicLong requests = new AtomicLong();
    /** Until when Alpaca said the budget is spent (epoch millis), from X-RateLimit-Remaining 0 and -Reset. */
    private final AtomicLong spentUntil = new AtomicLong();

    AlpacaClient(HttpClient http, RequestThreads requestThreads, URI base, String keyId, String secretKey, String accountId,
            Duration timeout, int perMinute, ScheduledExecutorService scheduler) {
        this.http = http;
        this.requestThreads = requestThreads;
        this.base = base;
        this.keyId = keyId;
        this.secretKey = secretKey;
        this.accountId = accountId;
        this.timeout = timeout;
        this.scheduler = scheduler;
        // the budget of a minute may be spent in a burst, as Alpaca counts it; a request waits for a slot at most its timeout
        this.limiter = RateLimiter.burstyBuilder(perMinute, Duration.ofMinutes(1)).withMaxWaitTime(timeout).build();
        Duration budget = timeout.multipliedBy(3);
        RetryPolicy<JsonNode> readRetries = RetryPolicy.<JsonNode>builder()
                .handleIf(failure -> StandardBrokerError.from(unwrap(failure)).retryable())
                .withBackoff(READ_BACKOFF, Duration.ofSeconds(2)).withJitter(0.25).withMaxRetries(-1).withMaxDuration(budget).build();
        // exceptions are not retried: a change without an answer may have been carried out
        RetryPolicy<Answer> refusedForRate = RetryPolicy.<Answer>builder()
                .handleIf((answer, failure) -> failure == null && answer != null && answer.status() == 429)
                .withBackoff(CHANGE_BACKOFF, Duration.ofSeconds(5)).withJitter(0.25).withMaxRetries(-1).withMaxDuration(budget).build();
        this.reads = Failsafe.with(readRetries).with(scheduler);
        this.changes = Failsafe.with(refusedForRate).with(scheduler);
    }

    long requestCount() {
        return requests.get();
    }

    /** GET a path: the JSON body, or a StandardBrokerError ({@code notFound} for a 404). */
    CompletableFuture<JsonNode> read(String path, ErrorCode notFound) {
        // the usual case (a free slot, an answer) goes straight out; waiting for a slot and retrying go through Failsafe,
        // whose asynchronous machinery costs more than the exchange on a fast connection (BENCHMARKS.md, Alpaca)
        if (slotFreeNow()) {
            return readOnce(path, notFound).exceptionallyCompose(failure -> StandardBrokerError.from(unwrap(failure)).retryable()
                    ? afterBackoff(READ_BACKOFF, () -> readWithRetries(path, notFound)) : CompletableFuture.failedFuture(unwrap(failure)));
        }
        return readWithRetries(path, notFound);
    }

    private CompletableFuture<JsonNode> readWithRetries(String path, ErrorCode notFound) {
        return reads.getStageAsync(() -> afterSlot().thenCompose(x -> readOnce(path, notFound)))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(unwrap(failure)));
    }

    private CompletableFuture<JsonNode> readOnce(String path, ErrorCode notFound) {
        return send(request(path).GET().build()).handle((response, failure) -> {
            if (failure != null) {
                throw transport(unwrap(failure), "GET " + path);
            }
            JsonNode body = parse(response.body());
            if (response.statusCode() / 100 == 2) {
                if (body == null) {
                    throw protocolError("Alpaca answered " + response.statusCode() + " to GET " + path + " with a body that is not JSON: "
                            + AlpacaJson.excerpt(new String(response.body(), StandardCharsets.UTF_8)));
                }
                return body;
            }
            throw errorFor(response.statusCode(), body, "GET " + path, notFound);
        });
    }

    /** POST, PATCH or DELETE: the answer whatever its status, or {@link NoAnswer}. */
    CompletableFuture<Answer> change(String method, String path, JsonNode body) {
        if (slotFreeNow()) {
            // sent once; only a 429 (refused before anything was done) goes on to the retry policy, after a backoff
            return changeOnce(method, path, body).thenCompose(answer -> answer.status() == 429
                    ? afterBackoff(CHANGE_BACKOFF, () -> changeWithRetries(method, path, body)) : CompletableFuture.completedFuture(answer));
        }
        return changeWithRetries(method, path, body);
    }

    private CompletableFuture<Answer> changeWithRetries(String method, String path, JsonNode body) {
        return changes.getStageAsync(() -> afterSlot().thenCompose(x -> changeOnce(method, path, body)))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(unwrap(failure)));
    }

    /** Whether a request may go out at once: Alpaca has not said the budget is spent, and the client-side budget has a slot (taken). */
    private boolean slotFreeNow() {
        return spentUntil.get() <= System.currentTimeMillis() && limiter.tryAcquirePermit();
    }

    /** The first backoff before handing a refused or failed request to the retry policy (its own first backoff). */
    private <T> CompletableFuture<T> afterBackoff(Duration backoff, Supplier<CompletableFuture<T>> next) {
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS, scheduler))
                .thenCompose(ignored -> next.get());
    }

    private CompletableFuture<Answer> changeOnce(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(AlpacaJson.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(NoAnswer.notSent("the request body could not be written: " + e, e, ErrorCode.UNKNOWN_ERROR));
        }
        return send(request(path).method(method, publisher).build()).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = unwrap(failure);
                // refused or timed out while connecting: the request never left
                boolean notSent = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
                throw new CompletionException(notSent ? NoAnswer.notSent(cause.toString(), cause, ErrorCode.NETWORK_ERROR) : NoAnswer.mayHaveArrived(cause));
            }
            return new Answer(response.statusCode(), parse(response.body()), response.body());
        });
    }

    /**
     * Completes when a request may go out: after Alpaca's reset if it said the budget is spent, then within the
     * client-side budget; fails with RATE_LIMITED (nothing sent) when no slot frees within the timeout.
     */
    private CompletableFuture<Void> afterSlot() {
        long wait = spentUntil.get() - System.currentTimeMillis();
        CompletableFuture<Void> start = wait <= 0 ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(Math.min(wait, timeout.toMillis()),
                TimeUnit.MILLISECONDS, scheduler));
        return start.thenCompose(x -> {
            if (limiter.tryAcquirePermit()) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.runAsync(() -> {
                try {
                    limiter.acquirePermit(timeout);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                } catch (RateLimitExceededException e) {
                    throw new CompletionException(NoAnswer.notSent("the client-side rate limit did not free a slot within "
                            + timeout.toMillis() + " ms", e, ErrorCode.RATE_LIMITED));
                }
            }, scheduler);
        });
    }

    /**
     * One request, sent with the client's blocking {@code send} on a thread of the account's own pool
     * ({@link RequestThreads}). Not {@code sendAsync}: it hands every answer to the common pool, and on a machine of two
     * cores that pool has no thread to spare, so each answer started a new thread (BENCHMARKS.md, Alpaca).
     */
    private CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request) {
        requests.incrementAndGet();
        return requestThreads.exchange(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray())).thenApply(response -> {
            remember(response.headers());
            return response;
        });
    }

    /** Alpaca's own count: when it says nothing remains, nothing goes out before its reset. */
    private void remember(HttpHeaders headers) {
        String remaining = headers.firstValue("X-RateLimit-Remaining").orElse(null);
        String reset = headers.firstValue("X-RateLimit-Reset").orElse(null);
        if ("0".equals(remaining) && reset != null) {
            try {
                spentUntil.accumulateAndGet(Long.parseLong(reset.trim()) * 1000, Math::max);
            } catch (NumberFormatException ignored) {
                // a reset we cannot read: the client-side budget still holds
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("APCA-API-KEY-ID", keyId)
                .header("APCA-API-SECRET-KEY", secretKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    /** The error of an answer that is not a success, with Alpaca's code (or the status) kept. */
    StandardBrokerError errorFor(int status, JsonNode body, String what, ErrorCode notFound) {
        Integer code = body != null && body.path("code").canConvertToInt() ? body.path("code").asInt() : null;
        String message = body == null ? null : AlpacaJson.text(body, "message");
        ErrorCode unified = ErrorTable.table().code(status, code, message, notFound);
        String brokerCode = code != null ? String.valueOf(code) : "HTTP " + status;
        return StandardBrokerError.of(unified, brokerCode, "Alpaca answered " + status + " to " + what
                + (message == null ? "" : ": " + message), ErrorContext.account(accountId));
    }

    StandardBrokerError protocolError(String what) {
        return StandardBrokerError.of(ErrorCode.BROKER_PROTOCOL_ERROR, null, what, ErrorContext.account(accountId));
    }

    private StandardBrokerError transport(Throwable failure, String what) {
        if (failure instanceof StandardBrokerError error) {
            return error;
        }
        if (failure instanceof NoAnswer noAnswer && !noAnswer.mayHaveArrived()) {
            return StandardBrokerError.of(noAnswer.notSentCode(), null, what + ": " + noAnswer.getMessage(), ErrorContext.account(accountId));
        }
        ErrorCode code = failure instanceof HttpTimeoutException ? ErrorCode.TIMEOUT : ErrorCode.NETWORK_ERROR;
        return StandardBrokerError.of(code, null, what + " failed: " + failure, ErrorContext.account(accountId));
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = AlpacaJson.MAPPER.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    static Throwable unwrap(Throwable failure) {
        return Threads.unwrap(failure, FailsafeException.class);
    }
}

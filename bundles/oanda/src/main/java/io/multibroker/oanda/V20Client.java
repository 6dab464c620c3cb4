package io.multibroker.oanda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.multibroker.oanda.RestTransport.Exchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The v20 REST calls of one account over its {@link RestTransport} (keep-alive connections), under a client-side rate limit.
 *
 * <p>Reads ({@link #read}) are idempotent: a 429, a 5xx, a timeout or a lost connection is retried with
 * exponential backoff and jitter. Changes ({@link #change}) are sent once: only a 429, which OANDA answers
 * before doing anything, is retried after backing off; every other answer, and every failure after the
 * request may have gone out, is handed to the caller to interpret (an order POST is never resent).
 */
final class V20Client {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** The path orders are placed at, under the account. */
    static final String ORDERS = "/orders";

    /** A change's answer: the status, the body (null when it was not JSON) and the raw bytes. */
    record Answer(int status, JsonNode body, byte[] raw, String requestId) {
        /** The raw answer as text, for messages: made only when one is needed. */
        String text() {
            return new String(raw, StandardCharsets.UTF_8);
        }

        /** The same answer read with another body (the raw text kept, for messages). */
        Answer withBody(JsonNode newBody) {
            return new Answer(status, newBody, raw, requestId);
        }
    }

    private final RestTransport http;
    private final URI accountBase;
    /** The address of every placement, made once: parsing it again for each order was 1.5 % of an order's CPU. */
    private final URI orders;
    private final String token;
    private final String accountId;
    private final Duration timeout;
    private final AtomicLong lastTransactionId = new AtomicLong(-1);
    private final AtomicLong requests = new AtomicLong();
    private final RateLimiter<Object> limiter;
    private final RequestThreads requestThreads;
    private final ScheduledExecutorService scheduler;
    private final FailsafeExecutor<JsonNode> reads;
    private final FailsafeExecutor<Answer> changes;

    /** @param limiter the client-side rate limit ({@link Limits#requests}), whose refusal is RATE_LIMITED and sends nothing */
    V20Client(RestTransport http, URI restBase, String oandaAccount, String token, String accountId, Duration timeout, RateLimiter<Object> limiter,
            ScheduledExecutorService scheduler, RequestThreads requestThreads) {
        this.requestThreads = requestThreads;
        this.http = http;
        this.accountBase = restBase.resolve("/v3/accounts/" + oandaAccount);
        this.orders = URI.create(accountBase + ORDERS);
        this.token = token;
        this.accountId = accountId;
        this.timeout = timeout;
        this.scheduler = scheduler;
        this.limiter = limiter;
        // how long a request may keep waiting out 429s and outages before it fails
        Duration budget = timeout.multipliedBy(3).compareTo(Duration.ofSeconds(10)) > 0 ? timeout.multipliedBy(3) : Duration.ofSeconds(10);
        RetryPolicy<JsonNode> readRetries = RetryPolicy.<JsonNode>builder()
                .handleIf(failure -> StandardBrokerError.from(unwrap(failure)).retryable())
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)).withJitter(0.25)
                .withMaxRetries(-1).withMaxDuration(budget).build();
        // only a 429 is retried: OANDA refused it before acting. Exceptions must not be retried: a change that
        // got no answer may have been carried out (Failsafe would otherwise retry every exception by default)
        RetryPolicy<Answer> refusedForRate = RetryPolicy.<Answer>builder()
                .handleIf((answer, failure) -> failure == null && answer != null && answer.status() == 429)
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)).withJitter(0.25)
                .withMaxRetries(-1).withMaxDuration(budget).build();
        this.reads = Failsafe.with(readRetries).compose(limiterFor(this.limiter)).with(scheduler);
        this.changes = Failsafe.with(refusedForRate).compose(limiterFor(this.limiter)).with(scheduler);
    }

    @SuppressWarnings("unchecked")
    private static <T> RateLimiter<T> limiterFor(RateLimiter<Object> limiter) {
        return (RateLimiter<T>) (RateLimiter<?>) limiter;
    }

    /** The highest transaction id any answer has named, or -1. */
    long lastTransactionId() {
        return lastTransactionId.get();
    }

    /** Requests sent so far (each retry counts). */
    long requestCount() {
        return requests.get();
    }

    /** GET {@code /v3/accounts/{account}{path}}: the body, or a StandardBrokerError. */
    CompletableFuture<JsonNode> read(String path, ErrorCode notFound) {
        // the common case (a free slot, an answer) goes straight out; waiting for a slot and retrying go through
        // Failsafe, whose asynchronous machinery halved the order rate against the stand-in (BENCHMARKS.md)
        if (limiter.tryAcquirePermit()) {
            return readOnce(path, notFound).exceptionallyCompose(failure -> StandardBrokerError.from(unwrap(failure)).retryable()
                    ? afterBackoff(() -> readWithRetries(path, notFound)) : CompletableFuture.failedFuture(unwrap(failure)));
        }
        return readWithRetries(path, notFound);
    }

    private CompletableFuture<JsonNode> readWithRetries(String path, ErrorCode notFound) {
        return reads.getStageAsync(() -> readOnce(path, notFound))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(fromRateLimiter(unwrap(failure))));
    }

    private CompletableFuture<JsonNode> readOnce(String path, ErrorCode notFound) {
        requests.incrementAndGet();
        return send("GET", path, null).handle((response, failure) -> {
            if (failure != null) {
                throw transport(unwrap(failure), path);
            }
            return interpretRead(response, path, notFound);
        });
    }

    /**
     * One request, exchanged by the blocking transport on a thread of the account's own pool so that the caller of the
     * adapter is never blocked, or on the caller's thread when it waits for the answer anyway ({@link RequestThreads}).
     */
    private CompletableFuture<Exchange> send(String method, String path, byte[] body) {
        return requestThreads.exchange(() -> http.exchange(method, ORDERS.equals(path) ? orders : URI.create(accountBase + path), token, body));
    }

    /** The first backoff before handing a refused or failed request to the retry policy. */
    private <T> CompletableFuture<T> afterBackoff(Supplier<CompletableFuture<T>> next) {
        return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS,
                scheduler)).thenCompose(ignored -> next.get());
    }

    /** POST or PUT with a JSON body (or none): the answer whatever its status, or {@link NoAnswer}. */
    CompletableFuture<Answer> change(String method, String path, JsonNode body) {
        if (limiter.tryAcquirePermit()) {
            // sent once; only a 429 (refused before anything was done) goes on to the retry policy, after a backoff
            return changeOnce(method, path, body).thenCompose(answer -> answer.status() == 429
                    ? afterBackoff(() -> changeWithRetries(method, path, body)) : CompletableFuture.completedFuture(answer));
        }
        return changeWithRetries(method, path, body);
    }

    private CompletableFuture<Answer> changeWithRetries(String method, String path, JsonNode body) {
        return changes.getStageAsync(() -> changeOnce(method, path, body)).exceptionallyCompose(failure -> {
            Throwable cause = unwrap(failure);
            if (cause instanceof RateLimitExceededException) {
                // the client-side limit did not let it out: nothing was sent, and it may be sent again later
                return CompletableFuture.failedFuture(NoAnswer.notSent("the client-side rate limit did not free a slot within "
                        + timeout.toMillis() + " ms", cause, ErrorCode.RATE_LIMITED));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private CompletableFuture<Answer> changeOnce(String method, String path, JsonNode body) {
        byte[] bytes;
        try {
            bytes = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(NoAnswer.notSent("the request body could not be written: " + e, e, ErrorCode.UNKNOWN_ERROR));
        }
        requests.incrementAndGet();
        return send(method, path, bytes).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = unwrap(failure);
                // refused, or no connection within the timeout: the request never left
                throw new CompletionException(RestTransport.neverLeft(cause) ? NoAnswer.notSent(cause.toString(), cause, ErrorCode.NETWORK_ERROR)
                        : NoAnswer.mayHaveArrived(cause));
            }
            JsonNode parsed = parse(response.body());
            remember(parsed);
            return new Answer(response.status(), parsed, response.body(), response.requestId());
        });
    }

    /** The error for a status that is not a success, with OANDA's own code kept. */
    StandardBrokerError errorFor(int status, JsonNode body, String path, ErrorCode notFound) {
        String code = body == null ? null : text(body, "errorCode");
        String message = body == null ? null : text(body, "errorMessage");
        ErrorCode unified = switch (status) {
            case 400 -> code != null && Reasons.table().knows(Reasons.Kind.REJECT, code) ? Reasons.table().reject(code) : ErrorCode.INVALID_ORDER;
            case 401 -> ErrorCode.AUTHENTICATION_FAILED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 404 -> notFound;
            case 405, 416 -> ErrorCode.BROKER_PROTOCOL_ERROR;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> status >= 500 ? ErrorCode.BROKER_UNAVAILABLE : ErrorCode.UNKNOWN_ERROR;
        };
        String brokerCode = code != null ? code : "HTTP " + status;
        String text = "OANDA answered " + status + " to " + path + (message == null ? "" : ": " + message);
        return StandardBrokerError.of(unified, brokerCode, text, ErrorContext.account(accountId));
    }

    StandardBrokerError protocolError(String what) {
        return StandardBrokerError.of(ErrorCode.BROKER_PROTOCOL_ERROR, null, what, ErrorContext.account(accountId));
    }

    private JsonNode interpretRead(Exchange response, String path, ErrorCode notFound) {
        JsonNode body = parse(response.body());
        remember(body);
        int status = response.status();
        if (status / 100 == 2) {
            if (body == null || !body.isObject()) {
                throw protocolError("OANDA answered " + status + " to " + path + " with a body that is not a JSON object: "
                        + excerpt(new String(response.body(), StandardCharsets.UTF_8)));
            }
            return body;
        }
        throw errorFor(status, body, path, notFound);
    }

    private StandardBrokerError transport(Throwable failure, String path) {
        if (failure instanceof StandardBrokerError error) {
            return error;
        }
        ErrorCode code = RestTransport.timedOut(failure) ? ErrorCode.TIMEOUT : ErrorCode.NETWORK_ERROR;
        return StandardBrokerError.of(code, null, "GET " + path + " failed: " + failure, ErrorContext.account(accountId));
    }

    private Throwable fromRateLimiter(Throwable failure) {
        if (failure instanceof RateLimitExceededException) {
            return StandardBrokerError.of(ErrorCode.RATE_LIMITED, null, "the client-side rate limit did not free a slot within "
                    + timeout.toMillis() + " ms", ErrorContext.account(accountId));
        }
        return failure;
    }

    private void remember(JsonNode body) {
        if (body != null && body.path("lastTransactionID").isTextual()) {
            try {
                long id = Long.parseLong(body.path("lastTransactionID").asText());
                lastTransactionId.accumulateAndGet(id, Math::max);
            } catch (NumberFormatException ignored) {
                // not a transaction id we can order: leave the last known one
            }
        }
    }

    /** The JSON of a body, read straight from its bytes; null when it is empty or not JSON. */
    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 80 ? "'" + flat + "'" : "'" + flat.substring(0, 80) + "...'";
    }

    static Throwable unwrap(Throwable failure) {
        return Threads.unwrap(failure, FailsafeException.class);
    }
}

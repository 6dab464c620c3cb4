package io.multibroker.alpaca;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.PathSegments;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finding an order at Alpaca: by its id (a UUID) or its client order id, and, for a submission that got no clear
 * answer, by looking it up with backoff for the reconciliation window, never sending it again.
 */
final class OrderLookup {

    private static final Logger LOG = LoggerFactory.getLogger(OrderLookup.class);
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Duration RECONCILE_FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration RECONCILE_MAX_PAUSE = Duration.ofSeconds(2);

    private final String accountId;
    private final AlpacaClient client;
    private final OrderTranslator translator;
    private final ScheduledExecutorService scheduler;
    private final Duration reconcileWindow;

    OrderLookup(String accountId, AlpacaClient client, OrderTranslator translator, ScheduledExecutorService scheduler,
            Duration reconcileWindow) {
        this.accountId = accountId;
        this.client = client;
        this.translator = translator;
        this.scheduler = scheduler;
        this.reconcileWindow = reconcileWindow;
    }

    /** Whether this can be an Alpaca order id at all; no request is sent for one that cannot. */
    static boolean isOrderId(String brokerOrderId) {
        return UUID.matcher(brokerOrderId).matches();
    }

    StandardBrokerError notFound(String brokerOrderId) {
        return StandardBrokerError.of(ErrorCode.ORDER_NOT_FOUND, null, "no order " + brokerOrderId + " at " + accountId
                + ": Alpaca's order ids are UUIDs", new ErrorContext(accountId, brokerOrderId, null, null, null));
    }

    CompletableFuture<OrderResult> get(String brokerOrderId) {
        if (!isOrderId(brokerOrderId)) {
            return CompletableFuture.failedFuture(notFound(brokerOrderId));
        }
        return client.read("/v2/orders/" + PathSegments.escape(brokerOrderId), ErrorCode.ORDER_NOT_FOUND)
                .thenApply(body -> translator.fromOrder(body, AlpacaJson.time(body, "submitted_at")));
    }

    /** The order as Alpaca has it now, or {@code fallback} when it cannot be read. */
    CompletableFuture<OrderResult> readOr(String brokerOrderId, OrderResult fallback, Instant submitted) {
        return client.read("/v2/orders/" + PathSegments.escape(brokerOrderId), ErrorCode.ORDER_NOT_FOUND)
                .thenApply(body -> translator.fromOrder(body, submitted)).exceptionally(failure -> fallback);
    }

    CompletableFuture<Optional<OrderResult>> findByClientId(String clientOrderId) {
        return client.read("/v2/orders:by_client_order_id?client_order_id=" + URLEncoder.encode(clientOrderId, StandardCharsets.UTF_8),
                ErrorCode.ORDER_NOT_FOUND).thenApply(body -> Optional.of(translator.fromOrder(body, AlpacaJson.time(body, "submitted_at"))))
                .exceptionallyCompose(failure -> {
                    StandardBrokerError error = StandardBrokerError.from(AlpacaClient.unwrap(failure));
                    return error.code() == ErrorCode.ORDER_NOT_FOUND ? CompletableFuture.completedFuture(Optional.empty())
                            : CompletableFuture.failedFuture(error);
                });
    }

    /**
     * What became of an order whose submission got no clear answer, without sending it again: looked up by its client
     * order id with backoff for the reconciliation window; what cannot be found stays UNKNOWN for the operator.
     */
    CompletableFuture<OrderResult> reconcile(UnifiedOrder order, Instant submitted, String why) {
        Duration window = reconcileWindow;
        LOG.warn("account {}: order {} has an unknown outcome ({}); looking it up for up to {} ms, not resending", accountId,
                order.clientOrderId(), why, window.toMillis());
        AtomicInteger lookups = new AtomicInteger();
        RetryPolicy<Optional<OrderResult>> untilFound = RetryPolicy.<Optional<OrderResult>>builder()
                .handleResultIf(Optional::isEmpty).handle(Exception.class)
                .withBackoff(RECONCILE_FIRST_PAUSE, RECONCILE_MAX_PAUSE).withJitter(0.1).withMaxRetries(-1).withMaxDuration(window).build();
        return Failsafe.with(untilFound).with(scheduler).getStageAsync(() -> {
            lookups.incrementAndGet();
            return findByClientId(order.clientOrderId());
        }).handle((found, failure) -> {
            if (failure == null && found.isPresent()) {
                LOG.info("account {}: order {} reconciled after {} lookups: {}", accountId, order.clientOrderId(), lookups.get(),
                        found.get().status());
                return found.get();
            }
            String lookup = failure == null ? "no trace of it at Alpaca" : "the lookups failed: " + AlpacaClient.unwrap(failure).getMessage();
            LOG.error("account {}: order {} still has an unknown outcome after {} lookups ({})", accountId, order.clientOrderId(),
                    lookups.get(), lookup);
            return OrderResult.unknown(accountId, order, new ErrorDetail(ErrorCode.UNKNOWN_OUTCOME, false, null, "outcome unknown (" + why
                    + "); after " + lookups.get() + " lookups in " + window.toMillis() + " ms " + lookup
                    + "; not resent: look it up by its client order id", new ErrorContext(accountId, order.orderId(),
                    order.clientOrderId(), order.instrument(), null)), submitted);
        });
    }
}

package io.multibroker.http;

import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.registry.EventingNoOpAdapter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A broker that fills every market order at once, answering with the order's own ids, and, when told to, publishes
 * the fill as an order event right after its answer (what a broker's event stream does): the runtime's path is
 * measured, not a broker's.
 */
final class AnsweringAdapter extends EventingNoOpAdapter {

    private static final BigDecimal PRICE = new BigDecimal("1.08250");

    private volatile boolean publishFills;

    AnsweringAdapter(String accountId) {
        super(accountId);
    }

    /** From now on, each fill is also published as an order event. */
    void publishFills(boolean publish) {
        this.publishFills = publish;
    }

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
        Instant now = Instant.now();
        OrderResult filled = new OrderResult(accountId(), order.clientOrderId(), "b-" + order.clientOrderId(), null, order.instrument(),
                order.side(), order.type(), OrderStatus.FILLED, order.units(), order.units(), PRICE, now, now, null, null);
        if (publishFills) {
            publish(new OrderEvent(accountId(), OrderEventKind.FILLED, order.clientOrderId(), filled.brokerOrderId(), order.instrument(),
                    order.side(), OrderStatus.FILLED, order.units(), order.units(), order.units(), PRICE, PRICE, null,
                    "e-" + order.clientOrderId(), null, now));
        }
        return CompletableFuture.completedFuture(filled);
    }
}

package io.multibroker.api.metrics;

import io.multibroker.api.model.OrderStatus;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What became of the orders an account was sent in a window.
 *
 * @param orders orders placed
 * @param byStatus orders by the status of their first answer
 * @param fillRate the share of orders that were filled at once (FILLED or PARTIALLY_FILLED), 0 to 1
 * @param rejectRate the share of orders that were REJECTED, 0 to 1
 * @param slippageSamples fills whose order carried the price the caller saw
 * @param meanSlippagePips mean slippage of those fills, in pips of their instrument: positive is against the caller
 * @param worstSlippagePips the largest slippage against the caller, in pips (zero when none was adverse)
 */
public record OrderMetrics(long orders, Map<OrderStatus, Long> byStatus, BigDecimal fillRate, BigDecimal rejectRate,
        long slippageSamples, BigDecimal meanSlippagePips, BigDecimal worstSlippagePips) {
}

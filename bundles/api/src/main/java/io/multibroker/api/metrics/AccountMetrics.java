package io.multibroker.api.metrics;

import io.multibroker.api.error.ErrorCategory;
import java.time.Instant;
import java.util.Map;

/**
 * One account's measured performance in a window: what {@code broker:metrics} compares side by side.
 *
 * @param accountId the account
 * @param brokerType its broker type
 * @param from the start of the window (the later of the asked start and the start of measurement)
 * @param to the end of the window
 * @param operations per adapter operation: calls, errors, latency percentiles, throughput
 * @param orders order outcomes, fill rate and slippage
 * @param errorsByCategory failed calls of all operations by category
 */
public record AccountMetrics(String accountId, String brokerType, Instant from, Instant to,
        Map<String, OperationMetrics> operations, OrderMetrics orders, Map<ErrorCategory, Long> errorsByCategory) {
}

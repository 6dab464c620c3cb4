package io.multibroker.api.risk;

import java.math.BigDecimal;

/**
 * One limit in force and how much of it is used.
 *
 * @param scope where the limit is set: {@code global} or {@code account}
 * @param limit the limit's key ({@code max.order.units}, {@code max.daily.loss}, ...)
 * @param instrument the instrument it is for, or null when it holds for every instrument
 * @param value the limit
 * @param usage what is used now (the largest position, the orders of the last second, today's loss), or null when a
 *        limit applies to each order alone (size, notional, collar)
 * @param headroom the limit minus the usage, or null with no usage
 * @param unit what the numbers count ({@code units}, {@code USD}, {@code orders}, {@code %})
 */
public record LimitUsage(String scope, String limit, String instrument, BigDecimal value, BigDecimal usage, BigDecimal headroom, String unit) {
}

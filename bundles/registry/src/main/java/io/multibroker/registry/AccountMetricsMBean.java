package io.multibroker.registry;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.metrics.OperationMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * One account's metrics as a JMX MBean ({@code io.multibroker:type=AccountMetrics,account=<id>}), so that
 * standard monitoring can collect them. Counters are totals since registration; latency percentiles and
 * throughput cover the last five minutes. Attribute names: {@code <operation>.<Stat>}, for example
 * {@code placeOrder.P99Millis}, plus account-wide {@code Status}, {@code FillRate}, {@code RejectRate},
 * {@code MeanSlippagePips}.
 */
final class AccountMetricsMBean implements DynamicMBean {

    static final Duration RECENT = Duration.ofMinutes(5);
    static final List<String> OPERATIONS = List.of("placeOrder", "cancelOrder", "getOrder", "findOrderByClientId", "positions",
            "accountSummary", "instruments", "priceStream", "checkHealth", "connect");
    private static final Map<String, ToDoubleFunction<OperationMetrics>> RECENT_STATS = Map.of(
            "P50Millis", m -> millis(m.p50()), "P90Millis", m -> millis(m.p90()), "P99Millis", m -> millis(m.p99()),
            "P999Millis", m -> millis(m.p999()), "MaxMillis", m -> millis(m.max()),
            "ThroughputPerSecond", OperationMetrics::throughputPerSecond, "ErrorRate", OperationMetrics::errorRate);

    private final BrokerAccount account;

    AccountMetricsMBean(BrokerAccount account) {
        this.account = account;
    }

    static ObjectName name(String accountId) throws MalformedObjectNameException {
        String value = accountId.matches("[A-Za-z0-9._-]+") ? accountId : ObjectName.quote(accountId);
        return new ObjectName("io.multibroker:type=AccountMetrics,account=" + value);
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        switch (attribute) {
            case "AccountId":
                return account.accountId();
            case "BrokerType":
                return account.brokerType();
            case "Status":
                return account.health().status().name();
            case "FillRate":
                return account.metrics(Instant.EPOCH).orders().fillRate().doubleValue();
            case "RejectRate":
                return account.metrics(Instant.EPOCH).orders().rejectRate().doubleValue();
            case "MeanSlippagePips":
                return account.metrics(Instant.EPOCH).orders().meanSlippagePips().doubleValue();
            default:
                break;
        }
        int dot = attribute.indexOf('.');
        if (dot > 0) {
            String operation = attribute.substring(0, dot);
            String stat = attribute.substring(dot + 1);
            if (OPERATIONS.contains(operation)) {
                if (stat.equals("Calls") || stat.equals("Errors")) {
                    OperationMetrics total = account.metrics(Instant.EPOCH).operations().get(operation);
                    return total == null ? 0L : stat.equals("Calls") ? total.calls() : total.failures();
                }
                ToDoubleFunction<OperationMetrics> recent = RECENT_STATS.get(stat);
                if (recent != null) {
                    AccountMetrics metrics = account.metrics(Instant.now().minus(RECENT));
                    OperationMetrics op = metrics.operations().get(operation);
                    return op == null ? 0.0 : recent.applyAsDouble(op);
                }
            }
        }
        throw new AttributeNotFoundException(attribute);
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String name : attributes) {
            try {
                list.add(new Attribute(name, getAttribute(name)));
            } catch (AttributeNotFoundException e) {
                // JMX: unknown names are left out of the list
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> attributes = new ArrayList<>();
        attributes.add(attribute("AccountId", String.class, "The account id"));
        attributes.add(attribute("BrokerType", String.class, "The broker type"));
        attributes.add(attribute("Status", String.class, "UP, DEGRADED, DOWN, CONNECTING or STOPPED"));
        attributes.add(attribute("FillRate", Double.class, "Share of orders filled at once, since registration"));
        attributes.add(attribute("RejectRate", Double.class, "Share of orders rejected, since registration"));
        attributes.add(attribute("MeanSlippagePips", Double.class, "Mean slippage against the caller's price, in pips"));
        for (String operation : OPERATIONS) {
            attributes.add(attribute(operation + ".Calls", Long.class, operation + " calls since registration"));
            attributes.add(attribute(operation + ".Errors", Long.class, operation + " failed calls since registration"));
            RECENT_STATS.keySet().stream().sorted().forEach(stat -> attributes.add(attribute(operation + "." + stat, Double.class,
                    operation + " " + stat + " over the last " + RECENT.toMinutes() + " minutes")));
        }
        return new MBeanInfo(getClass().getName(), "Metrics of broker account " + account.accountId(),
                attributes.toArray(MBeanAttributeInfo[]::new), null, new MBeanOperationInfo[0], null);
    }

    private static MBeanAttributeInfo attribute(String name, Class<?> type, String description) {
        return new MBeanAttributeInfo(name, type.getName(), description, true, false, false);
    }
}

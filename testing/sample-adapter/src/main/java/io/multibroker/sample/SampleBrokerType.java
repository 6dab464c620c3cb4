package io.multibroker.sample;

import io.multibroker.api.BrokerType;
import io.multibroker.api.capability.BrokerCapability;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

@Component(service = BrokerType.class, property = "broker.type=sample")
public final class SampleBrokerType implements BrokerType {

    static final String ID = "sample";
    static final String FACTORY_PID = "io.multibroker.sample";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Sample (fixed quote, market orders only)";
    }

    @Override
    public String factoryPid() {
        return FACTORY_PID;
    }

    @Override
    public Set<BrokerCapability> staticCapabilities() {
        return Set.of(BrokerCapability.MARKET_ORDERS);
    }
}

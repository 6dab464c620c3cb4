package io.multibroker.paper;

import io.multibroker.api.BrokerType;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.ConfigurationViolation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Announces the {@code paper} broker type; its schema is the Metatype of {@link PaperBrokerConfig}. */
@Component(service = BrokerType.class, property = "broker.type=paper")
public final class PaperBrokerType implements BrokerType {

    static final String ID = "paper";
    static final String FACTORY_PID = "io.multibroker.paper";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Paper (simulated broker)";
    }

    @Override
    public String factoryPid() {
        return FACTORY_PID;
    }

    @Override
    public Set<BrokerCapability> staticCapabilities() {
        return PaperBrokerAdapter.features(true);
    }

    /** The starting balance is text in the schema (Metatype has no decimal type): it must be a non-negative decimal. */
    @Override
    public List<ConfigurationViolation> validate(Map<String, Object> properties) {
        Object balance = properties.get("balance");
        if (balance == null) {
            return List.of();
        }
        try {
            if (new BigDecimal(balance.toString().trim()).signum() < 0) {
                return List.of(new ConfigurationViolation("balance", balance.toString(), "must not be negative"));
            }
            return List.of();
        } catch (NumberFormatException e) {
            return List.of(new ConfigurationViolation("balance", balance.toString(), "must be a decimal number"));
        }
    }
}

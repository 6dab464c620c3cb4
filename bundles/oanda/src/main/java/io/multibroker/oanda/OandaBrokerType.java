package io.multibroker.oanda;

import io.multibroker.api.BrokerType;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.ConfigurationViolation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

@Component(service = BrokerType.class, property = "broker.type=" + OandaBrokerType.ID)
public final class OandaBrokerType implements BrokerType {

    static final String ID = "oanda";
    static final String FACTORY_PID = "io.multibroker.oanda";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "OANDA v20 (fxTrade, fxTrade Practice)";
    }

    @Override
    public String factoryPid() {
        return FACTORY_PID;
    }

    /**
     * Environment switching is one setting: {@code practice} and {@code live} choose OANDA's hosts, {@code custom}
     * needs both base URLs (the stand-in); URLs given with practice or live would be ignored, so they are refused.
     */
    @Override
    public List<ConfigurationViolation> validate(Map<String, Object> properties) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        String environment = String.valueOf(properties.getOrDefault("environment", "practice"));
        for (String key : List.of("rest.url", "stream.url")) {
            Object value = properties.get(key);
            boolean given = value != null && !String.valueOf(value).isBlank();
            if (environment.equals("custom") && !given) {
                violations.add(new ConfigurationViolation(key, "", "required with environment=custom"));
            } else if (!environment.equals("custom") && given) {
                violations.add(new ConfigurationViolation(key, String.valueOf(value), "only used with environment=custom (environment is "
                        + environment + ")"));
            } else if (given) {
                try {
                    URI uri = new URI(String.valueOf(value));
                    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                        violations.add(new ConfigurationViolation(key, String.valueOf(value), "must be an http or https URL with a host"));
                    }
                } catch (URISyntaxException e) {
                    violations.add(new ConfigurationViolation(key, String.valueOf(value), "not a URL: " + e.getReason()));
                }
            }
        }
        Object account = properties.get("oanda.account");
        if (account != null && !String.valueOf(account).matches("\\d+-\\d+-\\d+-\\d+")) {
            violations.add(new ConfigurationViolation("oanda.account", String.valueOf(account),
                    "an OANDA account id has four groups of digits: 101-004-1435156-001"));
        }
        return violations;
    }

    @Override
    public Set<BrokerCapability> staticCapabilities() {
        return EnumSet.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.LIMIT_ORDERS, BrokerCapability.STOP_ORDERS,
                BrokerCapability.MARKET_IF_TOUCHED_ORDERS, BrokerCapability.STOP_LOSS_ON_FILL, BrokerCapability.TAKE_PROFIT_ON_FILL,
                BrokerCapability.TRAILING_STOPS, BrokerCapability.PRICE_STREAMING, BrokerCapability.CLIENT_ORDER_ID_LOOKUP,
                BrokerCapability.CLOSE_POSITION);
    }
}

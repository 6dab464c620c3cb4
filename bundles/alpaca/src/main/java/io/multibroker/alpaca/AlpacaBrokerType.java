package io.multibroker.alpaca;

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

@Component(service = BrokerType.class, property = "broker.type=" + AlpacaBrokerType.ID)
public final class AlpacaBrokerType implements BrokerType {

    static final String ID = "alpaca";
    static final String FACTORY_PID = "io.multibroker.alpaca";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Alpaca (US equities and crypto; paper or live)";
    }

    @Override
    public String factoryPid() {
        return FACTORY_PID;
    }

    /**
     * One setting switches environments: {@code paper} and {@code live} choose Alpaca's hosts, {@code custom} needs
     * the three URLs (the stand-in); URLs given with paper or live would be ignored, so they are refused.
     */
    @Override
    public List<ConfigurationViolation> validate(Map<String, Object> properties) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        String environment = String.valueOf(properties.getOrDefault("environment", "paper"));
        Map<String, Set<String>> schemes = Map.of("rest.url", Set.of("http", "https"), "stream.url", Set.of("ws", "wss"),
                "data.url", Set.of("ws", "wss"));
        for (String key : List.of("rest.url", "stream.url", "data.url")) {
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
                    if (!schemes.get(key).contains(uri.getScheme()) || uri.getHost() == null) {
                        violations.add(new ConfigurationViolation(key, String.valueOf(value), "must be a " + String.join(" or ",
                                new java.util.TreeSet<>(schemes.get(key))) + " URL with a host"));
                    }
                } catch (URISyntaxException e) {
                    violations.add(new ConfigurationViolation(key, String.valueOf(value), "not a URL: " + e.getReason()));
                }
            }
        }
        return violations;
    }

    @Override
    public Set<BrokerCapability> staticCapabilities() {
        return AlpacaCapabilities.FEATURES;
    }
}

package io.multibroker.alpaca;

import io.multibroker.api.BrokerType;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.support.EnvironmentUrls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

@Component(service = BrokerType.class, property = "broker.type=" + AlpacaBrokerType.ID)
public final class AlpacaBrokerType implements BrokerType {

    static final String ID = "alpaca";
    static final String FACTORY_PID = "io.multibroker.alpaca";
    /** The base URLs an account on {@code environment=custom} gives (the stand-in), with their schemes. */
    private static final Map<String, Set<String>> URLS = urls();

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
        return EnvironmentUrls.violations(properties, "paper", URLS);
    }

    private static Map<String, Set<String>> urls() {
        Map<String, Set<String>> urls = new LinkedHashMap<>();
        urls.put("rest.url", Set.of("http", "https"));
        urls.put("stream.url", Set.of("ws", "wss"));
        urls.put("data.url", Set.of("ws", "wss"));
        return urls;
    }

    @Override
    public Set<BrokerCapability> staticCapabilities() {
        return AlpacaCapabilities.FEATURES;
    }
}

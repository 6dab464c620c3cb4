package io.multibroker.oanda;

import io.multibroker.api.BrokerType;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.support.EnvironmentBrokerType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

@Component(service = BrokerType.class, property = "broker.type=" + OandaBrokerType.ID)
public final class OandaBrokerType extends EnvironmentBrokerType {

    static final String ID = "oanda";
    static final String FACTORY_PID = "io.multibroker.oanda";

    public OandaBrokerType() {
        super(ID, "OANDA v20 (fxTrade, fxTrade Practice)", FACTORY_PID, "practice", urls(),
                EnumSet.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.LIMIT_ORDERS, BrokerCapability.STOP_ORDERS,
                        BrokerCapability.MARKET_IF_TOUCHED_ORDERS, BrokerCapability.STOP_LOSS_ON_FILL, BrokerCapability.TAKE_PROFIT_ON_FILL,
                        BrokerCapability.TRAILING_STOPS, BrokerCapability.PRICE_STREAMING, BrokerCapability.CLIENT_ORDER_ID_LOOKUP,
                        BrokerCapability.CLOSE_POSITION, BrokerCapability.ORDER_EVENTS));
    }

    /** The base URLs an account on {@code environment=custom} gives (the stand-in): both over HTTP, prices chunked. */
    private static Map<String, Set<String>> urls() {
        Map<String, Set<String>> urls = new LinkedHashMap<>();
        urls.put("rest.url", Set.of("http", "https"));
        urls.put("stream.url", Set.of("http", "https"));
        return urls;
    }

    /** The environment's rule ({@code practice} or {@code live} choose OANDA's hosts), and an account id's shape. */
    @Override
    public List<ConfigurationViolation> validate(Map<String, Object> properties) {
        List<ConfigurationViolation> violations = new ArrayList<>(super.validate(properties));
        Object account = properties.get("oanda.account");
        if (account != null && !String.valueOf(account).matches("\\d+-\\d+-\\d+-\\d+")) {
            violations.add(new ConfigurationViolation("oanda.account", String.valueOf(account),
                    "an OANDA account id has four groups of digits: 101-004-1435156-001"));
        }
        return violations;
    }
}

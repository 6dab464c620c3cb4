package io.multibroker.alpaca;

import io.multibroker.api.BrokerType;
import io.multibroker.api.support.EnvironmentBrokerType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Alpaca: {@code paper} and {@code live} choose Alpaca's hosts, {@code custom} needs the three URLs (the stand-in). */
@Component(service = BrokerType.class, property = "broker.type=" + AlpacaBrokerType.ID)
public final class AlpacaBrokerType extends EnvironmentBrokerType {

    static final String ID = "alpaca";
    static final String FACTORY_PID = "io.multibroker.alpaca";

    public AlpacaBrokerType() {
        super(ID, "Alpaca (US equities and crypto; paper or live)", FACTORY_PID, "paper", urls(), AlpacaCapabilities.FEATURES);
    }

    /** The base URLs an account on {@code environment=custom} gives (the stand-in), with their schemes. */
    private static Map<String, Set<String>> urls() {
        Map<String, Set<String>> urls = new LinkedHashMap<>();
        urls.put("rest.url", Set.of("http", "https"));
        urls.put("stream.url", Set.of("ws", "wss"));
        urls.put("data.url", Set.of("ws", "wss"));
        return urls;
    }
}

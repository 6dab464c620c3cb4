package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multibroker.api.config.ConfigurationViolation;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Switching an account between practice, live and the stand-in is the one setting {@code environment}. */
class EnvironmentTest {

    private final OandaBrokerType type = new OandaBrokerType();

    @Test
    void eachEnvironmentHasItsHosts() {
        assertEquals(new OandaBrokerAdapter.Endpoints(URI.create("https://api-fxpractice.oanda.com"), URI.create("https://stream-fxpractice.oanda.com")),
                OandaBrokerAdapter.Endpoints.of("practice", null, null));
        assertEquals(new OandaBrokerAdapter.Endpoints(URI.create("https://api-fxtrade.oanda.com"), URI.create("https://stream-fxtrade.oanda.com")),
                OandaBrokerAdapter.Endpoints.of("live", null, null));
        assertEquals(new OandaBrokerAdapter.Endpoints(URI.create("http://127.0.0.1:18080"), URI.create("http://127.0.0.1:18081")),
                OandaBrokerAdapter.Endpoints.of("custom", "http://127.0.0.1:18080", "http://127.0.0.1:18081"));
    }

    @Test
    void urlsGoWithCustomAndOnlyWithCustom() {
        assertEquals(List.of(), type.validate(Map.of("environment", "practice", "oanda.account", "101-004-1435156-001")));
        assertEquals(List.of(), type.validate(Map.of("environment", "custom", "rest.url", "http://127.0.0.1:18080",
                "stream.url", "http://127.0.0.1:18080")));
        assertEquals(List.of(new ConfigurationViolation("rest.url", "", "required with environment=custom"),
                new ConfigurationViolation("stream.url", "", "required with environment=custom")), type.validate(Map.of("environment", "custom")));
        assertEquals(List.of(new ConfigurationViolation("rest.url", "http://127.0.0.1:18080", "only used with environment=custom (environment is live)")),
                type.validate(Map.of("environment", "live", "rest.url", "http://127.0.0.1:18080")));
        assertEquals(List.of(new ConfigurationViolation("stream.url", "ftp://x", "must be a URL with a host and the scheme http or https")),
                type.validate(Map.of("environment", "custom", "rest.url", "https://example.test", "stream.url", "ftp://x")));
        assertEquals(List.of(new ConfigurationViolation("oanda.account", "EUR-1", "an OANDA account id has four groups of digits: 101-004-1435156-001")),
                type.validate(Map.of("oanda.account", "EUR-1")));
    }
}

package io.multibroker.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multibroker.api.config.ConfigurationViolation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvironmentUrlsTest {

    private static final Map<String, Set<String>> URLS = new LinkedHashMap<>();

    static {
        URLS.put("rest.url", Set.of("http", "https"));
        URLS.put("stream.url", Set.of("ws", "wss"));
    }

    @Test
    void customNeedsEveryUrlAndTheBrokersOwnHostsNone() {
        assertEquals(List.of(new ConfigurationViolation("rest.url", "", "required with environment=custom"),
                new ConfigurationViolation("stream.url", "", "required with environment=custom")),
                EnvironmentUrls.violations(Map.of("environment", "custom"), "paper", URLS));
        assertEquals(List.of(new ConfigurationViolation("rest.url", "http://127.0.0.1:1", "only used with environment=custom (environment is paper)")),
                EnvironmentUrls.violations(Map.of("rest.url", "http://127.0.0.1:1"), "paper", URLS));
        assertEquals(List.of(), EnvironmentUrls.violations(Map.of("environment", "live", "rest.url", " "), "paper", URLS));
    }

    @Test
    void eachUrlHasItsSchemeAndAHost() {
        assertEquals(List.of(new ConfigurationViolation("stream.url", "http://127.0.0.1:1", "must be a URL with a host and the scheme ws or wss")),
                EnvironmentUrls.violations(Map.of("environment", "custom", "rest.url", "https://h", "stream.url", "http://127.0.0.1:1"),
                        "paper", URLS));
        assertEquals("not a URL: Illegal character in authority",
                EnvironmentUrls.violations(Map.of("environment", "custom", "rest.url", "http://a b", "stream.url", "ws://h"), "paper", URLS)
                        .get(0).rule());
    }
}

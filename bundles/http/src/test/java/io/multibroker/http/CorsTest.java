package io.multibroker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

/** What an operator may configure as CORS origins, and what a browser's preflight gets for them. */
class CorsTest {

    /** The headers and status a response was given. */
    private final Map<String, String> headers = new HashMap<>();
    private final int[] status = {200};

    private final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    case "setStatus" -> status[0] = (Integer) args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                }
                return null;
            });

    private static HttpServletRequest request(Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(CorsTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getHeader")) {
                        return headers.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aListFromACfgFileIsSplitAndCompared() {
        Cors cors = new Cors(new String[] {" https://app.example.com , http://localhost:5173", "HTTPS://Desk.Example.com"});
        assertEquals(Set.of("https://app.example.com", "http://localhost:5173", "https://desk.example.com"), cors.origins());
    }

    @Test
    void aWildcardIsRefusedNamingTheKeyTheValueAndTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Cors(new String[] {"https://app.example.com,*"}));
        assertTrue(e.getMessage().startsWith("cors.origins = *: a wildcard is not allowed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Cors(new String[] {"https://*.example.com"}));
    }

    @Test
    void aValueNoBrowserSendsAsItsOriginIsRefused() {
        for (String value : new String[] {"https://app.example.com/", "https://app.example.com/trade", "app.example.com", "ftp://app.example.com",
                "https://user@app.example.com", "null"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Cors(new String[] {value}), value);
            assertTrue(e.getMessage().startsWith("cors.origins = " + value + ": "), e.getMessage());
        }
    }

    @Test
    void aPreflightFromAnAllowedOriginGetsTheMethodsAndHeadersButNoCredentials() {
        Cors cors = new Cors(new String[] {"https://app.example.com"});
        cors.preflight(request(Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type")), response);
        assertEquals(204, status[0]);
        assertEquals("https://app.example.com", headers.get("Access-Control-Allow-Origin"));
        assertTrue(headers.get("Access-Control-Allow-Methods").contains("POST"));
        assertTrue(headers.get("Access-Control-Allow-Headers").contains("Authorization"));
        assertNull(headers.get("Access-Control-Allow-Credentials"));
    }

    @Test
    void aPreflightFromAnotherOriginOrForAnotherMethodIsRefusedWithoutCorsHeaders() {
        Cors cors = new Cors(new String[] {"https://app.example.com"});
        cors.preflight(request(Map.of("Origin", "https://evil.example.net", "Access-Control-Request-Method", "POST")), response);
        assertEquals(403, status[0]);
        assertFalse(headers.containsKey("Access-Control-Allow-Origin"));

        headers.clear();
        cors.preflight(request(Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method", "PUT")), response);
        assertEquals(403, status[0]);
        assertFalse(headers.containsKey("Access-Control-Allow-Origin"));
    }

    @Test
    void withoutConfiguredOriginsNoRequestGetsCorsHeaders() {
        Cors cors = new Cors(new String[0]);
        assertFalse(cors.allow(request(Map.of("Origin", "https://app.example.com")), response));
        assertTrue(headers.isEmpty());
    }
}

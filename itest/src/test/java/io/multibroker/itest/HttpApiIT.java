package io.multibroker.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.inject.Inject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The HTTP API in the assembled runtime, called from outside the OSGi framework as a trading application would: over
 * 127.0.0.1 with java.net.http (and the Python example with python3). Roles, idempotent placement (concurrent and after
 * a dropped connection), event streams resumed with Last-Event-ID, problem documents, the body limit, /metrics.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpApiIT extends MultibrokerTestSupport {

    private static final int PORT = 18282;
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final int TLS_PORT = 18443;
    private static final String TLS_BASE = "https://127.0.0.1:" + TLS_PORT;
    private static final String KEYSTORE_PASSWORD = "itest-keystore";
    private static final String KEYSTORE_PROPERTY = "multibroker.itest.keystore";
    /** The one origin the container lets a browser call the API from. */
    private static final String FRONT_END = "https://app.example.com";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    private BrokerRegistry registry;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private static String viewer;
    private static String trader;
    private static String admin;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>(Arrays.asList(assembly()));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(PORT)));
        // HTTPS as an operator enables it (etc/org.ops4j.pax.web.cfg), with a key pair made for this run only
        Path keystore = keystore();
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.secure.enabled", "true"));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port.secure", Integer.toString(TLS_PORT)));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.keystore", keystore.toString()));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.keystore.password", KEYSTORE_PASSWORD));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.keystore.type", "PKCS12"));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.key.password", KEYSTORE_PASSWORD));
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.ssl.key.alias", "multibroker"));
        options.add(systemProperty(KEYSTORE_PROPERTY).value(keystore.toString()));
        options.add(editConfigurationFilePut("etc/io.multibroker.http.cfg", "cors.origins", FRONT_END + ", http://localhost:5173"));
        options.add(systemProperty("multibroker.root").value(System.getProperty("multibroker.root")));
        return options.toArray(new Option[0]);
    }

    /** A self-signed key pair for 127.0.0.1, made by the JDK's keytool for this run, in target/. */
    private static Path keystore() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("multibroker.root"), "itest", "target", "http-tls");
        Files.createDirectories(dir);
        Path keystore = dir.resolve("keystore.p12");
        Files.deleteIfExists(keystore);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "multibroker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", KEYSTORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return keystore;
    }

    /** A client that trusts the run's certificate alone (and checks the host name against it, as every client does). */
    private static HttpClient tlsClient() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty(KEYSTORE_PROPERTY)))) {
            keys.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        Certificate certificate = keys.getCertificate("multibroker");
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("multibroker", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Before
    public void tokensAndAccounts() throws Exception {
        await("paper accounts UP").atMost(WAIT).until(() -> registry.account("paper-fast").map(a -> a.health().status() == HealthStatus.UP)
                .orElse(false) && registry.account("paper-slow").map(a -> a.health().status() == HealthStatus.UP).orElse(false));
        await("the API answers").atMost(WAIT).ignoreExceptions().until(() -> get("/api/v1/openapi.json", null).statusCode() == 200);
        if (admin == null) {
            viewer = token("itest-viewer", "viewer");
            trader = token("itest-trader", "trader");
            admin = token("itest-admin", "admin");
        }
    }

    private String token(String name, String role) throws Exception {
        String output = execute("http:token-create " + name + " --role " + role, "admin");
        return Arrays.stream(output.split("\\R")).filter(line -> line.startsWith("mbt_")).findFirst()
                .orElseThrow(() -> new AssertionError("no token in: " + output));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status line the API answers to a POST whose head says {@code length} bytes follow, none of which are sent. */
    private static String statusLineOfHeadAlone(String path, String token, int length) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), PORT)) {
            socket.setSoTimeout(30_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + PORT + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private static String order(String clientOrderId, String account, String units) {
        return "{\"clientOrderId\":\"" + clientOrderId + "\",\"routing\":{\"strategy\":\"EXPLICIT\",\"account\":\"" + account
                + "\"},\"instrument\":\"EUR_USD\",\"side\":\"BUY\",\"units\":\"" + units + "\"}";
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    public void eachRoleReachesWhatItMayAndNothingMore() throws Exception {
        assertEquals(401, get("/api/v1/accounts", null).statusCode());
        assertEquals(401, get("/api/v1/accounts", "mbt_0123456789abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").statusCode());
        HttpResponse<String> none = get("/api/v1/accounts", null);
        assertTrue(none.headers().firstValue("Content-Type").orElse(""), none.headers().firstValue("Content-Type").orElse("")
                .startsWith("application/problem+json"));
        for (String token : new String[] {viewer, trader, admin}) {
            assertEquals(200, get("/api/v1/accounts", token).statusCode());
            assertEquals(200, get("/api/v1/accounts/paper-fast/positions", token).statusCode());
            assertEquals(200, get("/api/v1/experiments/demo/report", token).statusCode());
            assertEquals(200, get("/api/v1/config/schemas/paper", token).statusCode());
        }
        // viewer: reads only
        assertEquals(403, post("/api/v1/orders", viewer, order("itest-role-v", "paper-fast", "1")).statusCode());
        assertEquals(403, post("/api/v1/accounts/paper-fast/orders/1/cancel", viewer, "").statusCode());
        // trader: orders, not the runtime
        assertEquals(201, post("/api/v1/orders", trader, order("itest-role-t", "paper-fast", "1")).statusCode());
        String experiment = "{\"name\":\"itest-http\",\"arms\":{\"paper-fast\":\"50\",\"paper-slow\":\"50\"}}";
        for (String token : new String[] {viewer, trader}) {
            assertEquals(403, post("/api/v1/experiments", token, experiment).statusCode());
            assertEquals(403, post("/api/v1/experiments/demo/stop", token, "").statusCode());
            assertEquals(403, post("/api/v1/experiments/demo/promote", token, "{\"arm\":\"paper-fast\"}").statusCode());
            assertEquals(403, post("/api/v1/risk/halt", token, "{\"reason\":\"itest\"}").statusCode());
            assertEquals(403, get("/api/v1/tokens", token).statusCode());
            assertEquals(403, post("/api/v1/tokens", token, "{\"name\":\"x\",\"role\":\"admin\"}").statusCode());
        }
        HttpResponse<String> problem = post("/api/v1/orders", viewer, order("itest-role-v2", "paper-fast", "1"));
        assertTrue(problem.body(), json(problem).get("detail").asText().contains("needs the role trader"));
        // admin: everything
        assertEquals(200, get("/api/v1/tokens", admin).statusCode());
        HttpResponse<String> created = post("/api/v1/experiments", admin, experiment);
        assertEquals(created.body(), 201, created.statusCode());
        assertEquals(10_000, json(created).get("armBasisPoints").get("paper-fast").asInt() * 2);
        HttpResponse<String> stopped = post("/api/v1/experiments/itest-http/stop", admin, "");
        assertEquals(stopped.body(), 200, stopped.statusCode());
        assertTrue(stopped.body(), !json(stopped).get("running").asBoolean());
        // the shell's token commands are the admin's alone
        try {
            execute("http:token-create itest-sneaky --role admin", "viewer");
            fail("a viewer created a token");
        } catch (CommandFailed expected) {
            // refused by the ACL
        }
        assertEquals(200, get("/api/v1/me", trader).statusCode());
        assertEquals("trader", json(get("/api/v1/me", trader)).get("role").asText().toLowerCase());
    }

    @Test
    public void theSamePostSentEightTimesAtOncePlacesOneOrder() throws Exception {
        String body = order("itest-concurrent-1", "paper-slow", "7");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit((Callable<HttpResponse<String>>) () -> post("/api/v1/orders", trader, body)));
            }
            int created = 0;
            Set<String> brokerIds = new HashSet<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                if (response.statusCode() == 201) {
                    created++;
                } else {
                    assertEquals(response.body(), 200, response.statusCode());
                    assertEquals("true", response.headers().firstValue("Idempotent-Replay").orElse(""));
                }
                brokerIds.add(json(response).get("brokerOrderId").asText());
            }
            assertEquals(1, created);
            assertEquals(brokerIds.toString(), 1, brokerIds.size());
        } finally {
            pool.shutdownNow();
        }
        HttpResponse<String> history = get("/api/v1/orders/itest-concurrent-1/history?account=paper-slow", viewer);
        long intents = 0;
        for (JsonNode entry : json(history)) {
            if ("INTENT".equals(entry.get("kind").asText())) {
                intents++;
            }
        }
        assertEquals(history.body(), 1, intents);
        // the same id for another order is refused, not answered with the first one
        HttpResponse<String> reused = post("/api/v1/orders", trader, order("itest-concurrent-1", "paper-slow", "8"));
        assertEquals(reused.body(), 409, reused.statusCode());
        assertTrue(reused.body(), reused.body().contains("units 8"));
    }

    @Test
    public void aPostWhoseConnectionDroppedIsAnsweredWithTheFirstOrderWhenSentAgain() throws Exception {
        String body = order("itest-dropped-1", "paper-slow", "3");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", PORT)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + trader
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            // gone before the answer, as a client whose request timed out
        }
        await("the dropped request's order journalled").atMost(WAIT)
                .until(() -> get("/api/v1/orders/itest-dropped-1?account=paper-slow", viewer).statusCode() == 200);
        HttpResponse<String> again = post("/api/v1/orders", trader, body);
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals("true", again.headers().firstValue("Idempotent-Replay").orElse(""));
        HttpResponse<String> history = get("/api/v1/orders/itest-dropped-1/history?account=paper-slow", viewer);
        assertEquals(history.body(), 1, history.body().split("\"INTENT\"", -1).length - 1);
    }

    /** Reads an event stream until an event's data contains the text; answers that event's id, or fails. */
    private static String[] readUntil(BufferedReader reader, String text) throws Exception {
        String id = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("data: ") && line.contains(text)) {
                return new String[] {id, line.substring(6)};
            }
        }
        throw new AssertionError("the stream ended before an event with " + text);
    }

    /** Reads up to the comment that says the stream is subscribed: an event after it reaches the reader. */
    private static void awaitOpen(BufferedReader reader) throws Exception {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith(": stream open")) {
                return;
            }
        }
        throw new AssertionError("the stream ended before it opened");
    }

    private HttpResponse<InputStream> stream(String path, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path)).header("Authorization", "Bearer " + viewer)
                .header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        return response;
    }

    @Test
    public void orderEventsStreamLiveAndResumeAfterTheLastEventId() throws Exception {
        String firstId;
        HttpResponse<InputStream> first = stream("/api/v1/events/orders?account=paper-fast", null);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(first.body(), StandardCharsets.UTF_8))) {
            awaitOpen(reader);
            assertEquals(201, post("/api/v1/orders", trader, order("itest-sse-1", "paper-fast", "2")).statusCode());
            String[] event = readUntil(reader, "itest-sse-1");
            firstId = event[0];
            assertNotNull(firstId);
            assertTrue(event[1], event[1].contains("\"filledUnits\":\"2\""));
        }
        // while no one listens, another order fills: the resumed stream catches up on it
        assertEquals(201, post("/api/v1/orders", trader, order("itest-sse-2", "paper-fast", "4")).statusCode());
        HttpResponse<InputStream> resumed = stream("/api/v1/events/orders?account=paper-fast", firstId);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8))) {
            String[] event = readUntil(reader, "\"clientOrderId\":\"itest-sse");
            assertTrue(event[1], event[1].contains("itest-sse-2"));
        }
        // an id of another run cannot be resumed from: the GAP marker says so first
        HttpResponse<InputStream> foreign = stream("/api/v1/events/orders", "0.1");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(foreign.body(), StandardCharsets.UTF_8))) {
            String[] event = readUntil(reader, "\"kind\":");
            assertTrue(event[1], event[1].contains("\"kind\":\"GAP\""));
        }
    }

    /**
     * A token revoked while its holder's event stream is open ends that stream then: the check at the request that opened
     * it let the stream run on, order events and all, after the revocation.
     */
    @Test
    public void aRevokedTokensOpenStreamIsClosed() throws Exception {
        String revoked = token("itest-revoked", "viewer");
        HttpRequest request = HttpRequest.newBuilder(URI.create(BASE + "/api/v1/events/orders?account=paper-fast"))
                .header("Authorization", "Bearer " + revoked).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            awaitOpen(reader);
            execute("http:token-revoke itest-revoked", "admin");
            // the order placed after the revocation is not told to the revoked holder: the stream says why and ends
            assertEquals(201, post("/api/v1/orders", trader, order("itest-after-revoke", "paper-fast", "1")).statusCode());
            List<String> rest = new ArrayList<>();
            CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> reader.lines().forEach(rest::add));
            ended.get(30, TimeUnit.SECONDS);
            assertTrue(rest.toString(), rest.contains(": the API token was revoked"));
            assertFalse(rest.toString(), rest.toString().contains("itest-after-revoke"));
        }
        assertEquals(401, get("/api/v1/accounts", revoked).statusCode());
    }

    /**
     * A resting limit order replaced over the API: the answers carry the price each was sent with and the replace's names
     * the order it replaces, as a GET of the same order does (both were null); a replace past the account's risk limits is
     * refused and nothing reaches the broker.
     */
    @Test
    public void aReplaceAnswersAsTheJournalHasItAndIsHeldToTheRiskLimits() throws Exception {
        String resting = "{\"clientOrderId\":\"itest-rest-1\",\"routing\":{\"strategy\":\"EXPLICIT\",\"account\":\"paper-fast\"},"
                + "\"instrument\":\"EUR_USD\",\"side\":\"BUY\",\"units\":\"10\",\"type\":\"LIMIT\",\"price\":\"0.50000\","
                + "\"timeInForce\":\"GTC\"}";
        HttpResponse<String> placed = post("/api/v1/orders", trader, resting);
        assertEquals(placed.body(), 201, placed.statusCode());
        JsonNode order = json(placed);
        assertEquals("ACCEPTED", order.path("status").asText());
        assertEquals(0, new BigDecimal("0.50000").compareTo(new BigDecimal(order.path("price").asText())));
        String brokerId = order.path("brokerOrderId").asText();
        HttpResponse<String> replaced = post("/api/v1/accounts/paper-fast/orders/" + brokerId + "/replace", trader,
                "{\"clientOrderId\":\"itest-rest-2\",\"units\":\"20\",\"price\":\"0.51000\"}");
        assertEquals(replaced.body(), 201, replaced.statusCode());
        JsonNode replacement = json(replaced);
        assertEquals(brokerId, replacement.path("replacesOrderId").asText());
        assertEquals(0, new BigDecimal("0.51000").compareTo(new BigDecimal(replacement.path("price").asText())));
        JsonNode journalled = json(get("/api/v1/orders/itest-rest-2", viewer));
        assertEquals(brokerId, journalled.path("replacesOrderId").asText());
        // the replace goes through the risk layer as an order: past the account's per-order limit it is refused
        Configuration limits = configurationAdmin.getFactoryConfiguration("io.multibroker.risk.account",
                "itest-replace", "?");
        limits.update(new Hashtable<>(Map.of("account.id", "paper-fast", "max.order.units", "1000")));
        try {
            await("paper-fast's limit in force").atMost(WAIT)
                    .until(() -> execute("risk:limits --json", "viewer").contains("max.order.units"));
            HttpResponse<String> tooLarge = post("/api/v1/accounts/paper-fast/orders/" + replacement.path("brokerOrderId").asText()
                    + "/replace", trader, "{\"clientOrderId\":\"itest-rest-3\",\"units\":\"2000000\"}");
            assertEquals(tooLarge.body(), "RISK_LIMIT_EXCEEDED", json(tooLarge).path("code").asText());
            assertTrue(tooLarge.body(), json(tooLarge).path("detail").asText().contains("max.order.units"));
            assertEquals(404, get("/api/v1/orders/itest-rest-3", viewer).statusCode());
        } finally {
            limits.delete();
            await("paper-fast's limit dropped").atMost(WAIT)
                    .until(() -> !execute("risk:limits --json", "viewer").contains("max.order.units"));
        }
    }

    @Test
    public void badRequestsAreProblemDocumentsNamingFieldValueAndRule() throws Exception {
        HttpResponse<String> malformed = post("/api/v1/orders", trader, "{\"clientOrderId\": \"x\", ");
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(400, json(malformed).get("status").asInt());
        HttpResponse<String> number = post("/api/v1/orders", trader, order("itest-bad-1", "paper-fast", "1").replace("\"units\":\"1\"", "\"units\":1.1"));
        assertEquals(400, number.statusCode());
        JsonNode error = json(number).get("errors").get(0);
        assertEquals("units", error.get("field").asText());
        assertEquals("1.1", error.get("value").asText());
        assertTrue(error.get("rule").asText().contains("decimal string"));
        HttpResponse<String> unknown = post("/api/v1/orders", trader, order("itest-bad-2", "paper-fast", "1").replace("{\"clientOrderId\"", "{\"stopLos\":\"1\",\"clientOrderId\""));
        assertEquals(400, unknown.statusCode());
        assertEquals("stopLos", json(unknown).get("errors").get(0).get("field").asText());
        HttpResponse<String> missing = post("/api/v1/orders", trader, "{\"routing\":{\"strategy\":\"EXPLICIT\",\"account\":\"paper-fast\"},\"instrument\":\"EUR_USD\",\"side\":\"BUY\",\"units\":\"1\"}");
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body(), missing.body().contains("\"field\":\"clientOrderId\"") && missing.body().contains("is required"));
        StringBuilder large = new StringBuilder("{\"clientOrderId\":\"");
        while (large.length() < 70_000) {
            large.append("x");
        }
        // the API answers a too large body 413 from its declared length, without reading it: the request's head is
        // sent alone and the answer read (a client that sent the whole body at once could find the connection closed
        // under it, a broken pipe, which raced the answer in a full run)
        assertTrue(statusLineOfHeadAlone("/api/v1/orders", trader, large.length() + 2).startsWith("HTTP/1.1 413"));
        HttpResponse<String> rejected = post("/api/v1/orders", trader, order("itest-bad-3", "paper-fast", "1").replace("EUR_USD", "NO_SUCH"));
        assertEquals(rejected.body(), 201, rejected.statusCode());
        assertEquals("REJECTED", json(rejected).get("status").asText());
        assertEquals(404, get("/api/v1/accounts/no-such", viewer).statusCode());
        assertEquals("ACCOUNT_NOT_FOUND", json(get("/api/v1/accounts/no-such", viewer)).get("code").asText());
    }

    @Test
    public void bothListenersTakeConnectionsOnLoopbackAlone() throws Exception {
        // Pax Web's defaults bind every address; etc/org.ops4j.pax.web.cfg (listening.addresses) keeps both listeners local
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                others.addAll(Collections.list(network.getInetAddresses()).stream().filter(a -> !a.isLinkLocalAddress()).toList());
            }
        }
        assertFalse("this machine has no address but loopback to try", others.isEmpty());
        for (InetAddress address : others) {
            for (int port : new int[] {PORT, TLS_PORT}) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, port), 2_000);
                    fail("port " + port + " took a connection on " + address);
                } catch (ConnectException expected) {
                    // refused: nothing listens there
                }
            }
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 2_000);
            assertTrue(socket.isConnected());
        }
    }

    @Test
    public void theApiAnswersOverHttpsWithTheConfiguredKeystoreAndCanRefusePlainHttp() throws Exception {
        HttpClient https = tlsClient();
        HttpRequest accounts = HttpRequest.newBuilder(URI.create(TLS_BASE + "/api/v1/accounts")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + viewer).GET().build();
        HttpResponse<String> answer = await("HTTPS answers").atMost(WAIT).ignoreExceptions()
                .until(() -> https.send(accounts, HttpResponse.BodyHandlers.ofString()), response -> response.statusCode() == 200);
        assertTrue(answer.body(), json(answer).toString().contains("paper-fast"));
        // a client that does not trust the certificate gets no answer at all
        try {
            http.send(accounts, HttpResponse.BodyHandlers.ofString());
            fail("a client without the certificate was answered over TLS");
        } catch (IOException expected) {
            assertTrue(String.valueOf(expected), expected instanceof SSLHandshakeException
                    || expected.getCause() instanceof SSLHandshakeException);
        }

        Configuration api = configurationAdmin.getConfiguration("io.multibroker.http", null);
        Dictionary<String, Object> before = api.getProperties();
        Dictionary<String, Object> required = copy(before);
        required.put("tls.required", "true");
        api.update(required);
        try {
            await("plain HTTP refused").atMost(WAIT).ignoreExceptions().until(() -> get("/api/v1/accounts", viewer).statusCode() == 403);
            HttpResponse<String> refused = get("/api/v1/accounts", viewer);
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            assertEquals("TLS required", json(refused).get("title").asText());
            await("HTTPS still answers").atMost(WAIT).ignoreExceptions()
                    .until(() -> https.send(accounts, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        } finally {
            api.update(before);
            await("plain HTTP back").atMost(WAIT).ignoreExceptions().until(() -> get("/api/v1/accounts", viewer).statusCode() == 200);
        }
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }

    private HttpResponse<String> preflight(String origin, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/orders")).timeout(Duration.ofSeconds(30))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", method).header("Access-Control-Request-Headers", "authorization,content-type")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void aBrowserOnAConfiguredOriginMayCallTheApiAndOneOnAnyOtherMayNot() throws Exception {
        HttpResponse<String> allowed = preflight(FRONT_END, "POST");
        assertEquals(204, allowed.statusCode());
        assertEquals(FRONT_END, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertTrue(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
        // a bearer token is sent by the page's code, never by the browser on its own: no credentials mode
        assertFalse(allowed.headers().firstValue("Access-Control-Allow-Credentials").isPresent());

        HttpResponse<String> refused = preflight("https://evil.example.net", "POST");
        assertEquals(403, refused.statusCode());
        assertFalse(refused.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        assertEquals(403, preflight(FRONT_END, "PUT").statusCode());

        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/accounts")).timeout(Duration.ofSeconds(30))
                .header("Origin", "http://localhost:5173").header("Authorization", "Bearer " + viewer).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode());
        assertEquals("http://localhost:5173", read.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/accounts")).timeout(Duration.ofSeconds(30))
                .header("Origin", "https://evil.example.net").header("Authorization", "Bearer " + viewer).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertFalse(foreign.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    }

    @Test
    public void prometheusCanScrapeTheRuntime() throws Exception {
        assertEquals(201, post("/api/v1/orders", trader, order("itest-metrics-1", "paper-fast", "1")).statusCode());
        assertEquals(401, get("/metrics", null).statusCode());
        HttpResponse<String> scrape = get("/metrics", viewer);
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse(""), scrape.headers().firstValue("Content-Type").orElse("")
                .startsWith("text/plain; version=0.0.4"));
        String text = scrape.body();
        for (String expected : new String[] {"multibroker_account_health{account=\"paper-fast\",type=\"paper\",status=\"UP\"} 1",
                "multibroker_broker_calls_total{account=\"paper-fast\",operation=\"placeOrder\"}",
                "multibroker_broker_latency_seconds{account=\"paper-fast\",operation=\"placeOrder\",quantile=\"0.99\"}",
                "multibroker_orders_total{account=\"paper-fast\",outcome=\"FILLED\"}",
                "multibroker_experiment_orders_total", "multibroker_journal_open_orders",
                "multibroker_http_request_duration_seconds_bucket{method=\"POST\",route=\"/orders\",le=\"+Inf\"}",
                "multibroker_http_requests_total{method=\"POST\",route=\"/orders\",status=\"201\"}",
                "multibroker_risk_trading_state{account=\"paper-fast\",state=\"ACTIVE\"} 1",
                "multibroker_risk_global_trading_state{state=\"ACTIVE\"} 1",
                "# TYPE multibroker_journal_pending_outcome_orders gauge",
                "# TYPE multibroker_journal_oldest_pending_outcome_age_seconds gauge"}) {
            assertTrue(expected + " missing from\n" + text, text.contains(expected));
        }
        Pattern sample = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");
        for (String line : text.split("\n")) {
            assertTrue("not the text format: " + line, line.startsWith("# HELP ") || line.startsWith("# TYPE ") || sample.matcher(line).matches());
        }
    }

    @Test
    public void theTradingStateOfEachAccountIsScrapedAsItChanges() throws Exception {
        // the risk layer reports an account once it has checked an order of it (or resumed it)
        assertEquals(201, post("/api/v1/orders", trader, order("itest-risk-fast", "paper-fast", "1")).statusCode());
        assertEquals(201, post("/api/v1/orders", trader, order("itest-risk-slow", "paper-slow", "1")).statusCode());
        assertEquals(200, post("/api/v1/risk/halt", admin, "{\"account\":\"paper-slow\",\"reason\":\"itest metrics\"}").statusCode());
        try {
            String halted = get("/metrics", viewer).body();
            assertTrue(halted, halted.contains("multibroker_risk_trading_state{account=\"paper-slow\",state=\"HALTED\"} 1\n"));
            assertTrue(halted, halted.contains("multibroker_risk_trading_state{account=\"paper-slow\",state=\"ACTIVE\"} 0\n"));
            assertTrue(halted, halted.contains("multibroker_risk_trading_state{account=\"paper-fast\",state=\"ACTIVE\"} 1\n"));
        } finally {
            assertEquals(200, post("/api/v1/risk/resume", admin, "{\"account\":\"paper-slow\",\"reason\":\"itest metrics\"}").statusCode());
        }
        String resumed = get("/metrics", viewer).body();
        assertTrue(resumed, resumed.contains("multibroker_risk_trading_state{account=\"paper-slow\",state=\"ACTIVE\"} 1\n"));
    }

    @Test
    public void theOpenApiDocumentDescribesTheOrderOperations() throws Exception {
        JsonNode doc = json(get("/api/v1/openapi.json", null));
        assertEquals("3.0.3", doc.get("openapi").asText());
        assertTrue(doc.get("paths").has("/orders"));
        assertEquals("string", doc.get("components").get("schemas").get("PlaceOrder").get("properties").get("units").get("type").asText());
        assertEquals("trader", doc.get("paths").get("/orders").get("post").get("x-role").asText());
    }

    @Test
    public void thePythonExampleRunsAgainstTheRuntime() throws Exception {
        Path script = Path.of(System.getProperty("multibroker.root"), "examples", "python", "multibroker_client.py");
        Process process = new ProcessBuilder("python3", script.toString(), "--url", BASE, "--token", trader, "--account", "paper-fast",
                "--experiment", "demo").redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            assertTrue("python3 did not finish", process.waitFor(60, TimeUnit.SECONDS));
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(output, 0, process.exitValue());
        assertTrue(output, output.contains("status FILLED") && output.contains("replay True, same order True")
                && output.contains("event FILLED") && output.contains("experiment demo:"));
    }
}

package io.multibroker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.multibroker.api.cluster.AccountLease;
import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.UnifiedOrder;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The forwarder against a loopback stand-in for the owner's API. */
class OrderForwarderTest {

    private static final String TOKEN = "cluster-token-0123456789abcdef0123456789";
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request the stand-in received. */
    record Received(String authorization, String forwardedBy, JsonNode body) {
    }

    private HttpServer owner;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Consumer<HttpExchange> answer;
    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<String, AccountLease> leases = new ConcurrentHashMap<>();

    @BeforeEach
    void ownerApi() throws IOException {
        owner = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        owner.createContext("/api/v1/orders", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Multibroker-Forwarded-By"), JSON.readTree(exchange.getRequestBody())));
            answer.accept(exchange);
        });
        owner.start();
        leases.put("acc", new AccountLease("acc", "runtime-b", ownerUrl(), 3, NOW.plusSeconds(8), false, false));
    }

    @AfterEach
    void stop() {
        release.countDown();
        owner.stop(0);
    }

    private String ownerUrl() {
        return "http://127.0.0.1:" + owner.getAddress().getPort() + "/api/v1";
    }

    private static void reply(HttpExchange exchange, int status, String body) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private OrderForwarder forwarder(boolean enabled, String token) {
        return new OrderForwarder(new Leases(), enabled, ClusterToken.of(token), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static UnifiedOrder order(String clientOrderId) {
        return UnifiedOrder.builder("EUR_USD", OrderType.LIMIT, OrderSide.BUY, new BigDecimal("1000.50"))
                .clientOrderId(clientOrderId).price(new BigDecimal("1.085001")).build();
    }

    private OrderResult forward(OrderForwarder forwarder, String clientOrderId) throws Exception {
        return forwarder.forward("acc", order(clientOrderId)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theOrderGoesOnceToTheOwnersApiWithTheClusterTokenRoutedToTheAccountAndItsAnswerIsTheResult() throws Exception {
        answer = exchange -> reply(exchange, 201, "{\"clientOrderId\":\"c-1\",\"accountId\":\"acc\",\"brokerOrderId\":\"B77\","
                + "\"instrument\":\"EUR_USD\",\"side\":\"BUY\",\"type\":\"LIMIT\",\"status\":\"FILLED\",\"requestedUnits\":\"1000.50\","
                + "\"filledUnits\":\"1000.50\",\"averageFillPrice\":\"1.0849995\",\"createdAt\":\"2026-11-30T12:00:00.100Z\","
                + "\"updatedAt\":\"2026-11-30T12:00:00.130Z\"}");
        OrderResult result = forward(forwarder(true, TOKEN), "c-1");

        assertEquals(1, received.size(), "sent once");
        Received request = received.get(0);
        assertEquals("Bearer " + TOKEN, request.authorization());
        assertEquals("runtime-a", request.forwardedBy());
        assertEquals("c-1", request.body().path("clientOrderId").asText());
        assertEquals("EXPLICIT", request.body().path("routing").path("strategy").asText());
        assertEquals("acc", request.body().path("routing").path("account").asText());
        assertEquals("1000.50", request.body().path("units").asText(), "amounts as decimal strings, unrounded");
        assertEquals("1.085001", request.body().path("price").asText());
        assertEquals("LIMIT", request.body().path("type").asText());
        assertEquals("GTC", request.body().path("timeInForce").asText());

        assertEquals(OrderStatus.FILLED, result.status());
        assertEquals("B77", result.brokerOrderId());
        assertEquals(new BigDecimal("1.0849995"), result.averageFillPrice());
        assertEquals(new BigDecimal("1000.50"), result.filledUnits());
        assertEquals(Instant.parse("2026-11-30T12:00:00.130Z"), result.updatedAt());
        assertNull(result.error());
    }

    @Test
    void anAnswerThatIsLostIsUnknownNamingTheClientOrderIdAndTheOrderIsNotSentAgain() throws Exception {
        answer = exchange -> {
            try {
                // the owner took the request and never answers within the forwarder's timeout (1 s)
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        OrderResult result = forward(forwarder(true, TOKEN), "c-lost");

        assertEquals(OrderStatus.UNKNOWN, result.status());
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, result.error().code());
        assertTrue(result.error().message().contains("c-lost") && result.error().message().contains("same client order id"),
                result.error().message());
        assertEquals("c-lost", result.clientOrderId());
        assertEquals(1, received.size(), "sent once, never again");
    }

    @Test
    void anOwnerThatCannotBeReachedMeansTheOrderWasNotSent() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        leases.put("acc", new AccountLease("acc", "runtime-b", "http://127.0.0.1:" + closed + "/api/v1", 3, NOW.plusSeconds(8), false,
                false));
        OrderResult result = forward(forwarder(true, TOKEN), "c-refused");

        assertEquals(OrderStatus.REJECTED, result.status());
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, result.error().code());
        assertTrue(result.error().message().contains("runtime-b") && result.error().message().contains("Nothing was sent"),
                result.error().message());
    }

    @Test
    void theOwnersRefusalIsARejectionWithItsCodeAndAServerErrorIsUnknown() throws Exception {
        answer = exchange -> reply(exchange, 409, "{\"title\":\"ACCOUNT_NOT_OWNED\",\"status\":409,\"code\":\"ACCOUNT_NOT_OWNED\","
                + "\"detail\":\"account acc is driven by runtime runtime-c\"}");
        OrderResult refused = forward(forwarder(true, TOKEN), "c-409");
        assertEquals(OrderStatus.REJECTED, refused.status());
        assertEquals(ErrorCode.ACCOUNT_NOT_OWNED, refused.error().code());
        assertTrue(refused.error().message().contains("runtime-c"), refused.error().message());

        answer = exchange -> reply(exchange, 401, "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"the token is not valid\"}");
        assertEquals(ErrorCode.AUTHENTICATION_FAILED, forward(forwarder(true, TOKEN), "c-401").error().code());

        answer = exchange -> reply(exchange, 500, "{\"title\":\"UNKNOWN_OUTCOME\",\"status\":500,\"code\":\"UNKNOWN_OUTCOME\"}");
        OrderResult unknown = forward(forwarder(true, TOKEN), "c-500");
        assertEquals(OrderStatus.UNKNOWN, unknown.status());
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, unknown.error().code());

        answer = exchange -> reply(exchange, 200, "{\"clientOrderId\":\"c-sent\",\"status\":\"SENT\"}");
        assertEquals(OrderStatus.UNKNOWN, forward(forwarder(true, TOKEN), "c-sent").status(), "journalled at the owner, no answer yet");
        assertEquals(4, received.size(), "each sent once");
    }

    @Test
    void ordersAreForwardedOnlyForAnAccountALiveOtherRuntimeDrivesAndOnlyWhenForwardingIsOn() {
        OrderForwarder forwarder = forwarder(true, TOKEN);
        assertTrue(forwarder.forwards("acc"));
        assertFalse(forwarder(false, TOKEN).forwards("acc"), "forward.orders=false: refused as before");
        assertFalse(forwarder.forwards("unseen"), "no lease seen yet: refused as before (no owner yet)");
        leases.put("acc", new AccountLease("acc", "runtime-a", "http://127.0.0.1:1/api/v1", 3, NOW.plusSeconds(8), true, true));
        assertFalse(forwarder.forwards("acc"), "driven here");
        leases.put("acc", new AccountLease("acc", "runtime-b", ownerUrl(), 3, NOW.minusSeconds(1), false, false));
        assertFalse(forwarder.forwards("acc"), "the owner's lease lapsed: it is being taken over");
        leases.put("acc", new AccountLease("acc", "runtime-b", "", 3, NOW.plusSeconds(8), false, false));
        assertFalse(forwarder.forwards("acc"), "the owner did not say where its API answers");
    }

    @Test
    void withoutAUsableClusterTokenNothingIsSentAndTheRefusalNamesTheKey() throws Exception {
        for (String token : new String[] {"", "$[secret:multibroker-cluster-token]", "too-short"}) {
            OrderResult result = forward(forwarder(true, token), "c-token");
            assertEquals(OrderStatus.REJECTED, result.status());
            assertTrue(result.error().message().contains("cluster.token") && result.error().message().contains("Nothing was sent"),
                    result.error().message());
            assertFalse(!token.isEmpty() && result.error().message().contains(token), "the value is never printed");
        }
        assertEquals(0, received.size());
    }

    @Test
    void anOrderWithBrokerSpecificFieldsIsNotForwardedRatherThanSentWithoutThem() throws Exception {
        UnifiedOrder special = order("c-special").toBuilder().brokerSpecific(Map.of("positionFill", "REDUCE_ONLY")).build();
        OrderResult result = forwarder(true, TOKEN).forward("acc", special).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(OrderStatus.REJECTED, result.status());
        assertEquals(ErrorCode.INVALID_ORDER, result.error().code());
        assertEquals(0, received.size());
    }

    @Test
    void theCredentialAdmitsTheClusterTokenAloneAndNothingWhenItIsUnusable() {
        ClusterTokenCheck check = new ClusterTokenCheck(ClusterToken.of(TOKEN));
        assertTrue(check.admits(TOKEN));
        assertFalse(check.admits(TOKEN + "x"));
        assertFalse(check.admits(TOKEN.substring(1)));
        assertFalse(check.admits(null));
        ClusterTokenCheck unresolved = new ClusterTokenCheck(ClusterToken.of("$[secret:multibroker-cluster-token]"));
        assertFalse(unresolved.admits("$[secret:multibroker-cluster-token]"), "an unresolved reference is not a token");
        assertFalse(new ClusterTokenCheck(ClusterToken.of("")).admits(""));
    }

    /** The leases as this runtime saw them. */
    private final class Leases implements AccountOwnership {
        @Override
        public Optional<ErrorDetail> refusal(String accountId) {
            return Optional.empty();
        }

        @Override
        public boolean heldHere(String accountId) {
            return false;
        }

        @Override
        public void fence(Connection connection, Collection<String> accountIds) {
        }

        @Override
        public List<AccountLease> leases() {
            return List.copyOf(leases.values());
        }

        @Override
        public String runtimeId() {
            return "runtime-a";
        }

        @Override
        public Optional<AccountLease> lease(String accountId) {
            return Optional.ofNullable(leases.get(accountId));
        }
    }
}

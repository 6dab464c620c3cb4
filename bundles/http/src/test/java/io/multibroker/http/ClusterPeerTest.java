package io.multibroker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.cluster.AccountLease;
import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.cluster.ClusterCredential;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.routing.OrderRouter;
import io.multibroker.api.routing.RoutedOrderResult;
import io.multibroker.api.support.CallerWaits;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's token at the API: another runtime forwarding an order is a trader (it places orders and does nothing an
 * admin does), and an order it forwards is placed only on an account this runtime drives, never forwarded again.
 */
class ClusterPeerTest {

    private static final String CLUSTER_TOKEN = "cluster-token-0123456789abcdef0123456789";

    @TempDir
    Path dir;

    private final List<UnifiedOrder> submitted = new CopyOnWriteArrayList<>();
    /** For each order routed, whether the request's thread had said it waits for the answer (CallerWaits). */
    private final List<Boolean> callerWaited = new CopyOnWriteArrayList<>();
    private Api api;

    private final OrderRouter router = (order, routing) -> {
        submitted.add(order);
        callerWaited.add(CallerWaits.onThisThread());
        return CompletableFuture.completedFuture(new RoutedOrderResult(new OrderResult(routing.accountId(), order.clientOrderId(), "B1",
                null, order.instrument(), order.side(), order.type(), OrderStatus.FILLED, order.units(),
                order.units(), new BigDecimal("1.1"), Instant.EPOCH, Instant.EPOCH, null, null), routing.accountId(), routing.strategy(),
                null, null, false));
    };

    private final AccountOwnership ownership = new AccountOwnership() {
        @Override
        public Optional<ErrorDetail> refusal(String accountId) {
            return accountId.equals("here") ? Optional.empty()
                    : Optional.of(ErrorDetail.of(ErrorCode.ACCOUNT_NOT_OWNED, "account " + accountId + " is driven by runtime runtime-c"));
        }

        @Override
        public boolean heldHere(String accountId) {
            return accountId.equals("here");
        }

        @Override
        public void fence(Connection connection, Collection<String> accountIds) {
        }

        @Override
        public List<AccountLease> leases() {
            return List.of();
        }

        @Override
        public String runtimeId() {
            return "runtime-b";
        }
    };

    private final Services services = new Services() {
        @Override
        public BrokerRegistry registry() {
            return Empty.of(BrokerRegistry.class);
        }

        @Override
        public Optional<OrderRouter> router() {
            return Optional.of(router);
        }

        @Override
        public Optional<ExperimentService> experiments() {
            return Optional.of(Empty.of(ExperimentService.class));
        }

        @Override
        public Optional<OrderJournal> journal() {
            return Optional.of(Empty.of(OrderJournal.class));
        }

        @Override
        public Optional<ConfigurationHistory> history() {
            return Optional.of(Empty.of(ConfigurationHistory.class));
        }

        @Override
        public Optional<RiskControl> risk() {
            return Optional.of(Empty.of(RiskControl.class));
        }

        @Override
        public Optional<AccountOwnership> ownership() {
            return Optional.of(ownership);
        }
    };

    @BeforeEach
    void api() {
        TokenStore tokens = new TokenStore(dir.resolve("tokens.json"), Clock.systemUTC());
        OrderEventHub hub = new OrderEventHub(100, Executors.newSingleThreadExecutor(), Clock.systemUTC());
        RouteTable table = HttpApi.routeTable(services, tokens, hub, new StreamRoutes(services, hub, Executors.newSingleThreadExecutor()));
        ClusterCredential credential = presented -> CLUSTER_TOKEN.equals(presented);
        api = new Api(table, tokens, () -> Optional.of(credential));
    }

    private Api.Outcome post(String path, String token, String body) {
        return api.dispatch("POST", path, Map.of(), "Bearer " + token, "application/json", body.getBytes(StandardCharsets.UTF_8), null, null);
    }

    private static String order(String clientOrderId, String routing) {
        return "{\"clientOrderId\":\"" + clientOrderId + "\",\"routing\":" + routing + ",\"instrument\":\"EUR_USD\",\"side\":\"BUY\","
                + "\"units\":\"1\"}";
    }

    @Test
    void aForwardedOrderForAnAccountDrivenHereIsPlaced() {
        Api.Outcome placed = post("/orders", CLUSTER_TOKEN, order("f-1", "{\"strategy\":\"EXPLICIT\",\"account\":\"here\"}"));
        assertEquals(201, placed.status(), String.valueOf(placed.body()));
        assertEquals(1, submitted.size());
        assertEquals("f-1", submitted.get(0).clientOrderId());
        assertEquals(List.of(true), callerWaited, "routed with the word that the request's thread waits, so placed on it");
    }

    @Test
    void aForwardedOrderForAnAccountDrivenElsewhereIsRefusedNamingTheOwnerAndNotForwardedAgain() {
        Api.Outcome refused = post("/orders", CLUSTER_TOKEN, order("f-2", "{\"strategy\":\"EXPLICIT\",\"account\":\"there\"}"));
        assertEquals(409, refused.status());
        Problem problem = (Problem) refused.body();
        assertEquals("ACCOUNT_NOT_OWNED", problem.code());
        assertTrue(problem.detail().contains("runtime-c"), problem.detail());
        assertEquals(0, submitted.size(), "not placed, not routed on");
    }

    @Test
    void aForwardedOrderMustNameItsAccount() {
        Api.Outcome refused = post("/orders", CLUSTER_TOKEN, order("f-3", "{\"strategy\":\"EXPERIMENT\",\"experiment\":\"demo\"}"));
        assertEquals(400, refused.status());
        assertEquals(0, submitted.size());
    }

    @Test
    void theClusterTokenIsATraderNotAnAdminAndAnyOtherTokenIsUnknown() {
        Api.Outcome tokens = post("/tokens", CLUSTER_TOKEN, "{\"name\":\"sneaky\",\"role\":\"admin\"}");
        assertEquals(403, tokens.status(), "administering tokens is an admin's");
        assertEquals(401, post("/orders", CLUSTER_TOKEN + "x", order("f-4", "{\"strategy\":\"EXPLICIT\",\"account\":\"here\"}")).status());
        assertEquals(0, submitted.size());
    }

    @Test
    void aTradersOwnTokenIsNotHeldToTheForwardedOrdersRule() throws Exception {
        TokenStore tokens = new TokenStore(dir.resolve("traders.json"), Clock.systemUTC());
        String trader = tokens.create("bot", Role.TRADER);
        OrderEventHub hub = new OrderEventHub(100, Executors.newSingleThreadExecutor(), Clock.systemUTC());
        Api withTrader = new Api(HttpApi.routeTable(services, tokens, hub, new StreamRoutes(services, hub, Executors.newSingleThreadExecutor())),
                tokens, Optional::empty);
        Api.Outcome placed = withTrader.dispatch("POST", "/orders", Map.of(), "Bearer " + trader, "application/json",
                order("t-1", "{\"strategy\":\"EXPLICIT\",\"account\":\"here\"}").getBytes(StandardCharsets.UTF_8), null, null);
        assertEquals(201, placed.status(), String.valueOf(placed.body()));
        assertEquals(401, withTrader.dispatch("POST", "/orders", Map.of(), "Bearer " + CLUSTER_TOKEN, "application/json",
                order("t-2", "{\"strategy\":\"EXPLICIT\",\"account\":\"here\"}").getBytes(StandardCharsets.UTF_8), null, null).status(),
                "no cluster credential on this runtime: the cluster token is nothing here");
    }
}

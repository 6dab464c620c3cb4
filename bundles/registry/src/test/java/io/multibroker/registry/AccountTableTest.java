package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountTableTest {

    private final AccountTable table = new AccountTable();
    private final ErrorLog errors = new ErrorLog(100);

    private AccountEntry entry(long serviceId, String accountId) {
        return new AccountEntry(serviceId, new FakeAdapter(accountId), true, 60, errors);
    }

    @Test
    void theFirstAdapterOfAnAccountIsActiveAndASecondOneWaitsAsAConflictUntilTheFirstGoes() {
        AccountEntry first = entry(1, "a");
        AccountEntry second = entry(2, "a");
        assertTrue(table.add(first));
        assertFalse(table.add(second));
        assertEquals(1, table.conflicts().size());
        assertTrue(table.isActive(first));
        assertFalse(table.isActive(second));

        List<AccountEntry> stopped = new ArrayList<>();
        AccountTable.Removal removal = table.remove("a", 1, stopped::add);
        assertTrue(removal.wasActive());
        assertEquals(second, removal.nowActive().orElseThrow());
        assertEquals(List.of(first), stopped);
        assertTrue(table.conflicts().isEmpty());
        assertTrue(table.isActive(second));
    }

    @Test
    void accountsAreListedByIdAndAnUnknownOneCannotTakeAnOrder() {
        table.add(entry(1, "c"));
        table.add(entry(2, "a"));
        table.add(entry(3, "b"));
        assertEquals(List.of("a", "b", "c"), table.accounts().stream().map(BrokerAccount::accountId).toList());
        UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).build();
        assertEquals(ErrorCode.ACCOUNT_NOT_FOUND, table.refusal("x", order).orElseThrow().code());
        // CONNECTING until the health monitor has connected it
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, table.refusal("a", order).orElseThrow().code());
        assertFalse(table.remove("a", 99, e -> { }).wasActive());
    }

    private AccountEntry up(long serviceId, FakeAdapter adapter) {
        AccountEntry entry = new AccountEntry(serviceId, adapter, true, 60, errors);
        entry.health(new AccountHealth(HealthStatus.UP, null, null, Duration.ZERO, Instant.now()));
        table.add(entry);
        return entry;
    }

    private List<String> eligibleIds(UnifiedOrder order) {
        return table.eligible(order).stream().map(BrokerAccount::accountId).toList();
    }

    @Test
    void accountsWithEqualCapabilitiesAreJudgedTogetherAndEachByItsOwnHealth() {
        FakeAdapter limits = new FakeAdapter("b-limits");
        limits.capabilities = new BrokerCapabilities(Set.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.LIMIT_ORDERS),
                Map.of(OrderType.MARKET, Set.of(TimeInForce.FOK), OrderType.LIMIT, Set.of(TimeInForce.GTC)),
                Map.of("EUR_USD", FakeAdapter.EUR_USD));
        up(1, new FakeAdapter("c-market"));
        up(2, limits);
        up(3, new FakeAdapter("a-market"));
        AccountEntry down = up(4, new FakeAdapter("d-market"));
        down.health(new AccountHealth(HealthStatus.DOWN, "maintenance", ErrorCode.BROKER_UNAVAILABLE, Duration.ZERO, Instant.now()));
        table.add(entry(5, "e-connecting"));

        UnifiedOrder market = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).build();
        UnifiedOrder limit = UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.TEN, new BigDecimal("1.1")).build();
        UnifiedOrder tooPrecise = UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.TEN, new BigDecimal("1.123456")).build();
        assertEquals(List.of("a-market", "b-limits", "c-market"), eligibleIds(market));
        assertEquals(List.of("b-limits"), eligibleIds(limit));
        assertEquals(List.of(), eligibleIds(tooPrecise));
        // the answer is the one each account gives on its own
        for (BrokerAccount account : table.accounts()) {
            for (UnifiedOrder order : List.of(market, limit, tooPrecise)) {
                assertEquals(AccountTable.refusal(account, order).isEmpty(), table.eligible(order).contains(account),
                        account.accountId() + " for " + order);
            }
        }
    }

    @Test
    void anAccountWhoseCapabilitiesChangedIsJudgedByTheNewOnesAtOnce() {
        FakeAdapter changing = new FakeAdapter("a");
        up(1, changing);
        up(2, new FakeAdapter("b"));
        UnifiedOrder market = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).build();
        assertEquals(List.of("a", "b"), eligibleIds(market));

        // instruments re-read: EUR_USD is gone from a, while b, which had equal capabilities, keeps it
        changing.capabilities = changing.capabilities.withInstruments(Map.of());
        assertEquals(List.of("b"), eligibleIds(market));
        assertEquals(List.of("b"), eligibleIds(market), "and again once the account is indexed with its new capabilities");
        changing.capabilities = new FakeAdapter("x").capabilities;
        assertEquals(List.of("a", "b"), eligibleIds(market));
    }

    @Test
    void anAdapterThatCannotGiveItsCapabilitiesWhenIndexedIsJudgedOnEachOrder() {
        FakeAdapter failing = new FakeAdapter("a");
        failing.capabilitiesFailure = new IllegalStateException("instruments being re-read");
        up(1, failing);
        up(2, new FakeAdapter("b"));
        failing.capabilitiesFailure = null;
        UnifiedOrder market = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).build();
        assertEquals(List.of("a", "b"), eligibleIds(market));
    }

    @Test
    void accountsWithEqualCapabilitiesShareOneGroup() {
        List<AccountEntry> accounts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            accounts.add(new AccountEntry(i, new FakeAdapter("acc-" + i), true, 60, errors));
        }
        FakeAdapter other = new FakeAdapter("other");
        other.capabilities = other.capabilities.withInstruments(Map.of());
        accounts.add(new AccountEntry(99, other, true, 60, errors));
        assertEquals(2, EligibilityIndex.of(accounts).groups());
    }
}

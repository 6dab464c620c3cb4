package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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
}

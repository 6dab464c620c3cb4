package io.multibroker.risk.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.multibroker.api.risk.HaltReport;
import io.multibroker.api.risk.LimitUsage;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.risk.RiskStatus;
import io.multibroker.api.risk.TradingState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;

/** What {@code risk:limits} prints: the limits in force, or that there are none; in JSON, decimals as exact strings. */
class LimitsCommandTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private String run(List<RiskStatus> status, boolean json) throws Exception {
        LimitsCommand command = new LimitsCommand();
        command.risk = new RiskControl() {
            @Override
            public List<RiskStatus> status() {
                return status;
            }

            @Override
            public CompletionStage<HaltReport> halt(String accountId, String reason, String by, boolean cancelOpen, boolean flatten) {
                throw new UnsupportedOperationException("a read command halts nothing");
            }

            @Override
            public RiskStatus resume(String accountId, String reason, String by, boolean live) {
                throw new UnsupportedOperationException("a read command resumes nothing");
            }
        };
        PrintStream console = new PrintStream(printed, true, StandardCharsets.UTF_8);
        command.session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, arguments) -> method.getName().equals("getConsole") ? console : null);
        command.json = json;
        command.execute();
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static RiskStatus scope(String accountId, List<LimitUsage> limits) {
        return new RiskStatus(accountId, TradingState.ACTIVE, null, null, Instant.EPOCH, limits, List.of());
    }

    @Test
    void aRuntimeWithoutLimitsSaysSoAndWhereTheyGo() throws Exception {
        String out = run(List.of(scope(null, List.of()), scope("paper-fast", List.of())), false);
        assertTrue(out.startsWith("No risk limits in force") && out.contains("etc/io.multibroker.risk.cfg"), out);
        assertFalse(out.contains("Scope"), "no table without a row: " + out);
    }

    @Test
    void theLimitsInForceAreATableAndTheirJsonKeepsTheDecimalsExact() throws Exception {
        LimitUsage units = new LimitUsage("account", "max.order.units", null, new BigDecimal("1000.50"), null, null, "units");
        List<RiskStatus> status = List.of(scope(null, List.of()), scope("paper-fast", List.of(units)));
        String table = run(status, false);
        assertTrue(table.contains("paper-fast") && table.contains("max.order.units") && table.contains("1000.5"), table);

        printed.reset();
        JsonNode limit = RiskCommand.JSON.readTree(run(status, true)).path("paper-fast").get(0);
        assertTrue(limit.path("value").isTextual(), limit.toString());
        assertEquals("1000.50", limit.path("value").asText());
    }
}

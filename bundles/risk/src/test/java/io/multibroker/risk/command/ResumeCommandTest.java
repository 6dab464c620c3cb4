package io.multibroker.risk.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.risk.HaltReport;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.risk.RiskStatus;
import io.multibroker.api.risk.TradingState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.jupiter.api.Test;

/** {@code risk:resume} takes the account as {@code risk:halt} does ({@code --account}), or as its argument. */
class ResumeCommandTest {

    private final List<String> resumed = new CopyOnWriteArrayList<>();

    private void run(String... line) throws Exception {
        ResumeCommand command = new ResumeCommand();
        command.risk = new RiskControl() {
            @Override
            public List<RiskStatus> status() {
                return List.of(new RiskStatus(null, TradingState.ACTIVE, null, null, Instant.EPOCH, List.of(), List.of()));
            }

            @Override
            public CompletionStage<HaltReport> halt(String accountId, String reason, String by, boolean cancelOpen, boolean flatten) {
                throw new UnsupportedOperationException("resume halts nothing");
            }

            @Override
            public RiskStatus resume(String accountId, String reason, String by, boolean live) {
                resumed.add(accountId);
                return new RiskStatus(accountId, TradingState.ACTIVE, reason, by, Instant.EPOCH, List.of(), List.of());
            }
        };
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        command.session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, arguments) -> method.getName().equals("getConsole") ? console : null);
        new DefaultActionPreparator().prepare(command, command.session, new ArrayList<>(List.of((Object[]) line)));
        command.execute();
    }

    @Test
    void theAccountIsTakenAsAnOptionAsRiskHaltTakesItOrAsTheArgument() throws Exception {
        run("--account", "paper-fast", "--reason", "done");
        run("paper-slow");
        run();
        assertEquals(List.of("paper-fast", "paper-slow"), resumed.subList(0, 2));
        assertNull(resumed.get(2), "without an account: the global state");
    }

    @Test
    void twoDifferentAccountsAreRefused() {
        Exception refused = assertThrows(Exception.class, () -> run("--account", "paper-fast", "paper-slow"));
        assertTrue(refused.getMessage().contains("--account paper-fast and the account argument paper-slow name two accounts"),
                refused.getMessage());
        assertEquals(List.of(), resumed);
    }
}

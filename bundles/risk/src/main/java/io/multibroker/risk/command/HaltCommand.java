package io.multibroker.risk.command;

import io.multibroker.api.risk.HaltReport;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "risk", name = "halt", description = "The kill switch: no order passes for the account (or for every account), kept across restarts")
@Service
public class HaltCommand extends RiskCommand {

    @Option(name = "--account", description = "Only this account; without it, everything")
    String account;

    @Option(name = "--cancel-open", description = "Then cancel the open orders of the halted accounts")
    boolean cancelOpen;

    @Option(name = "--flatten", description = "Then close the positions of the halted accounts")
    boolean flatten;

    @Option(name = "--reason", description = "Why (written to the risk journal with your user name)", required = true)
    String reason;

    @Override
    public Object execute() throws Exception {
        HaltReport report = risk.halt(account, reason, user(), cancelOpen, flatten).toCompletableFuture().get(60, TimeUnit.SECONDS);
        out().println("HALTED " + (account == null ? "(global): every account" : account) + " — " + reason);
        report.cancelled().forEach(order -> out().println("cancelled " + order));
        report.closed().forEach(position -> out().println("closed " + position));
        report.failures().forEach(failure -> out().println("NOT DONE: " + failure));
        return null;
    }
}

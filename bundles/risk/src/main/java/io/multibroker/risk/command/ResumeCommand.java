package io.multibroker.risk.command;

import io.multibroker.api.risk.RiskStatus;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "risk", name = "resume", description = "Puts an account (or, without one, the runtime) back to ACTIVE; an account that trades live money needs --live")
@Service
public class ResumeCommand extends RiskCommand {

    @Argument(index = 0, name = "account", description = "The account; without it, the global state", required = false)
    String account;

    @Option(name = "--live", description = "Yes, this account trades real money: resume it")
    boolean live;

    @Option(name = "--reason", description = "Why (written to the risk journal with your user name)")
    String reason;

    @Override
    public Object execute() throws Exception {
        RiskStatus status = risk.resume(account, reason, user(), live);
        out().println((account == null ? "global" : account) + " is " + status.state()
                + (account != null && !risk.status().get(0).state().name().equals("ACTIVE")
                ? " (the global state is " + risk.status().get(0).state() + ": risk:resume without an account lifts it)" : ""));
        return null;
    }
}

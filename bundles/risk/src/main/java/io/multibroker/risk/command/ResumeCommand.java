package io.multibroker.risk.command;

import io.multibroker.api.risk.RiskStatus;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "risk", name = "resume", description = "Puts an account (or, without one, the runtime) back to ACTIVE; an account that trades live money needs --live")
@Service
public class ResumeCommand extends RiskCommand {

    @Argument(index = 0, name = "account", description = "The account; without it, the global state", required = false)
    String account;

    @Option(name = "--account", description = "The account, as risk:halt takes it (the same as the argument)")
    String accountOption;

    @Option(name = "--live", description = "Yes, this account trades real money: resume it")
    boolean live;

    @Option(name = "--reason", description = "Why (written to the risk journal with your user name)")
    String reason;

    /** Karaf takes every word after the first argument as an argument: the options may follow the account all the same. */
    @Argument(index = 1, name = "options", multiValued = true, description = "Options may also follow the account: --live --reason text")
    List<String> trailing;

    @Override
    public Object execute() throws Exception {
        if (trailing != null) {
            for (int i = 0; i < trailing.size(); i++) {
                String word = trailing.get(i);
                if (word.equals("--live")) {
                    live = true;
                } else if (word.equals("--reason") && i + 1 < trailing.size()) {
                    reason = trailing.get(++i);
                } else if (word.startsWith("--reason=")) {
                    reason = word.substring("--reason=".length());
                } else {
                    throw new IllegalArgumentException("unexpected argument " + word + " (risk:resume [account] [--live] [--reason text])");
                }
            }
        }
        if (accountOption != null) {
            if (account != null && !account.equals(accountOption)) {
                throw new IllegalArgumentException("--account " + accountOption + " and the account argument " + account
                        + " name two accounts: give one");
            }
            account = accountOption;
        }
        RiskStatus status = risk.resume(account, reason, user(), live);
        out().println((account == null ? "global" : account) + " is " + status.state()
                + (account != null && !risk.status().get(0).state().name().equals("ACTIVE")
                ? " (the global state is " + risk.status().get(0).state() + ": risk:resume without an account lifts it)" : ""));
        return null;
    }
}

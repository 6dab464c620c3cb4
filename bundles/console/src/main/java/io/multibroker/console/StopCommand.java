package io.multibroker.console;

import io.multibroker.api.BrokerFactory;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "broker", name = "stop", description = "Stops an account: it stays registered but takes no orders, across restarts, until broker:start")
@Service
public class StopCommand extends BrokerCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    @Reference
    BrokerFactory factory;

    @Override
    public Object execute() throws Exception {
        factory.stopAccount(accountId);
        out().println("Account " + accountId + " stopped");
        return null;
    }
}

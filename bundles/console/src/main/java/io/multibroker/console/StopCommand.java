package io.multibroker.console;

import io.multibroker.api.BrokerFactory;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "broker", name = "stop", description = "Stops an account: it stays registered but takes no orders, across restarts, until broker:start")
@Service
public class StopCommand extends PerAccountCommand {

    @Reference
    BrokerFactory factory;

    @Override
    protected Object run() throws Exception {
        factory.stopAccount(accountId);
        out().println("Account " + accountId + " stopped");
        return null;
    }
}

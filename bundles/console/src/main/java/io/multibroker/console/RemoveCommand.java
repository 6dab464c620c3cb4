package io.multibroker.console;

import io.multibroker.api.BrokerFactory;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "broker", name = "remove", description = "Removes an account and its configuration")
@Service
public class RemoveCommand extends PerAccountCommand {

    @Reference
    BrokerFactory factory;

    @Override
    protected Object run() throws Exception {
        factory.removeAccount(accountId);
        out().println("Account " + accountId + " removed");
        return null;
    }
}

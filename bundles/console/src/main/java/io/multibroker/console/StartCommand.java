package io.multibroker.console;

import io.multibroker.api.BrokerFactory;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "broker", name = "start", description = "Starts a stopped account again")
@Service
public class StartCommand extends PerAccountCommand {

    @Reference
    BrokerFactory factory;

    @Override
    protected Object run() throws Exception {
        factory.startAccount(accountId);
        out().println("Account " + accountId + " started; it connects in the background");
        return null;
    }
}

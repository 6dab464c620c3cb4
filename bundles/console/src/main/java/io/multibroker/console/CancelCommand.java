package io.multibroker.console;

import io.multibroker.api.model.OrderResult;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "broker", name = "cancel", description = "Cancels a pending order by its broker order id")
@Service
public class CancelCommand extends BrokerCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    @Argument(index = 1, name = "order", required = true, description = "The broker order id")
    String orderId;

    @Override
    public Object execute() throws Exception {
        OrderResult result = await(registry.requireAccount(accountId).adapter().cancelOrder(orderId));
        if (json) {
            printJson(result);
        } else {
            OrderResultPrinter.print(out(), result);
        }
        return null;
    }
}

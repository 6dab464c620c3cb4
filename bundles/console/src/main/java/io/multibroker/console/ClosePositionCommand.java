package io.multibroker.console;

import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "broker", name = "close-position", description = "Closes the whole position in an instrument at market (both "
        + "sides when hedged) and prints each closing order; a side that was not closed is a failed command")
@Service
public class ClosePositionCommand extends BrokerCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    @Argument(index = 1, name = "instrument", required = true, description = "The instrument whose position to close")
    @Completion(InstrumentCompleter.class)
    String instrument;

    @Argument(index = 2, name = "options", multiValued = true, description = "--json may also follow the arguments")
    List<String> trailing;

    @Override
    protected void readTrailingOptions() {
        if (trailing != null) {
            readJsonFlag(trailing);
        }
    }

    @Override
    protected Object run() throws Exception {
        List<OrderResult> results = await(registry.requireAccount(accountId).adapter().closePosition(instrument));
        if (json) {
            printJson(results);
        } else {
            results.forEach(result -> OrderResultPrinter.print(out(), result, registry));
        }
        for (OrderResult result : results) {
            if (result.status() == OrderStatus.REJECTED || result.status() == OrderStatus.UNKNOWN) {
                throw new StandardBrokerError(result.error());
            }
        }
        return null;
    }
}

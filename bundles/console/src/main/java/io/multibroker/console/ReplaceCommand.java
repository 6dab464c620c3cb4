package io.multibroker.console;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.support.CallerWaits;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "broker", name = "replace", description = "Changes a resting order's price, units, time in force, stop loss or "
        + "take profit; brokers replace by cancel-and-replace, so the answer is a new order with its own id (the journal links "
        + "the two); a refusal is a failed command")
@Service
public class ReplaceCommand extends BrokerCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    @Argument(index = 1, name = "order", required = true, description = "The broker order id of the resting order, or the client order id the journal has")
    String orderId;

    @Argument(index = 2, name = "options", multiValued = true, description = "Options may also follow the arguments: --price 1.07 ...")
    List<String> trailing;

    @Option(name = "--price", description = "The new limit, stop or trigger price")
    String price;

    @Option(name = "--units", description = "The new quantity")
    String units;

    @Option(name = "--tif", description = "The new time in force: GTC, GTD, GFD")
    String tif;

    @Option(name = "--good-till", description = "The new expiry of a GTD order, ISO-8601 (2026-12-31T21:00:00Z)")
    String goodTill;

    @Option(name = "--sl", description = "The new stop-loss price attached on fill")
    String stopLoss;

    @Option(name = "--tp", description = "The new take-profit price attached on fill")
    String takeProfit;

    @Option(name = "--client-id", description = "Client order id of the replacing order (default: generated)")
    String clientId;

    @Override
    protected void readTrailingOptions() {
        if (trailing == null) {
            return;
        }
        TrailingOptions given = new TrailingOptions(trailing, Set.of("--price", "--units", "--tif", "--good-till", "--sl", "--tp",
                "--client-id"), Set.of("--json"));
        if (!given.arguments.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + given.arguments
                    + "; usage: broker:replace <account> <order> [--price --units --tif --good-till --sl --tp --client-id]");
        }
        price = given.get("--price", price);
        units = given.get("--units", units);
        tif = given.get("--tif", tif);
        goodTill = given.get("--good-till", goodTill);
        stopLoss = given.get("--sl", stopLoss);
        takeProfit = given.get("--tp", takeProfit);
        clientId = given.get("--client-id", clientId);
        json = json || given.options.containsKey("--json");
    }

    @Override
    protected Object run() throws Exception {
        OrderReplacement replacement = new OrderReplacement(clientId, OptionValues.decimal("--price", price),
                OptionValues.decimal("--units", units), tif == null ? null : OptionValues.oneOf(TimeInForce.class, "--tif", tif),
                OptionValues.instant("--good-till", goodTill), OptionValues.decimal("--sl", stopLoss),
                OptionValues.decimal("--tp", takeProfit));
        BrokerAdapter adapter = registry.requireAccount(accountId).adapter();
        orderId = brokerOrderId(adapter, accountId, orderId);
        OrderResult result = await(CallerWaits.whileCalling(() -> adapter.replaceOrder(orderId, replacement)));
        if (json) {
            printJson(result);
        } else {
            OrderResultPrinter.print(out(), result, registry);
            out().println("Replaces order " + orderId);
        }
        if (result.status() == OrderStatus.REJECTED || result.status() == OrderStatus.UNKNOWN) {
            throw new StandardBrokerError(result.error());
        }
        return null;
    }
}

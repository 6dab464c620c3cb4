package io.multibroker.console;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.routing.OrderRouter;
import io.multibroker.api.routing.RoutedOrderResult;
import io.multibroker.api.routing.RoutingRequest;
import io.multibroker.api.routing.RoutingStrategy;
import io.multibroker.api.support.CallerWaits;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Command(scope = "broker", name = "order", description = "Places an order at an account and prints its result")
@Service
public class OrderCommand extends BrokerCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    @Argument(index = 1, name = "instrument", required = true, description = "The instrument, e.g. EUR_USD")
    @Completion(InstrumentCompleter.class)
    String instrument;

    @Argument(index = 2, name = "side", required = true, description = "buy or sell")
    @Completion(values = {"buy", "sell"}, value = StringsCompleter.class)
    String side;

    @Argument(index = 3, name = "units", required = true, description = "The quantity (positive)")
    String units;

    @Argument(index = 4, name = "options", multiValued = true,
            description = "Options may also follow the arguments: --type limit --price 1.08 ...")
    List<String> trailingOptions;

    @Option(name = "--type", description = "market, limit, stop, market_if_touched, or trailing_stop with its distance in --trailing "
            + "(default market)")
    @Completion(values = {"market", "limit", "stop", "market_if_touched", "trailing_stop"}, value = StringsCompleter.class)
    String type = "market";

    @Option(name = "--price", description = "The limit, stop or trigger price")
    String price;

    @Option(name = "--sl", description = "Stop-loss price attached on fill")
    String stopLoss;

    @Option(name = "--tp", description = "Take-profit price attached on fill")
    String takeProfit;

    @Option(name = "--trailing", description = "Trailing stop distance attached on fill")
    String trailingDistance;

    @Option(name = "--tif", description = "Time in force: GTC, GTD, GFD, FOK, IOC, AT_OPEN or AT_CLOSE (an auction, where the broker "
            + "has them; default FOK for market, GTC otherwise)")
    @Completion(values = {"GTC", "GTD", "GFD", "FOK", "IOC", "AT_OPEN", "AT_CLOSE"}, value = StringsCompleter.class)
    String tif;

    @Option(name = "--good-till", description = "Expiry of a GTD order, ISO-8601 (2026-12-31T21:00:00Z)")
    String goodTill;

    @Option(name = "--ref-price", description = "The price you saw when deciding: slippage is measured against it (broker:metrics)")
    String referencePrice;

    @Option(name = "--route", description = "Let the router choose the account: capability, lowest_latency, failover (the account "
            + "argument is then the preferred one), explicit, or the name of an experiment. The account argument may be * for none")
    @Completion(values = {"capability", "lowest_latency", "failover", "explicit"}, value = StringsCompleter.class)
    String route;

    @Option(name = "--client-id", description = "Client order id (default: generated); the key for finding the order again")
    String clientId;

    @Override
    protected Object run() throws Exception {
        applyTrailingOptions();
        UnifiedOrder order = order();
        if (clientId != null) {
            refuseKnownClientId(clientId);
        }
        OrderResult result;
        if (route == null) {
            BrokerAdapter adapter = registry.requireAccount(accountId).adapter();
            // the command waits for the answer: the adapter may place the order on this thread (CallerWaits)
            result = await(CallerWaits.whileCalling(() -> adapter.placeOrder(order)));
            if (json) {
                printJson(result);
            } else {
                OrderResultPrinter.print(out(), result, registry);
            }
        } else {
            RoutingRequest routing = routing();
            OrderRouter router = optionalService(OrderRouter.class)
                    .orElseThrow(() -> new IllegalStateException("--route needs the order router: feature:install multibroker-abtest"));
            RoutedOrderResult routed = await(CallerWaits.whileCalling(() -> router.submit(order, routing)));
            result = routed.result();
            if (json) {
                printJson(routed);
            } else {
                OrderResultPrinter.print(out(), result, registry);
                out().println("Routed by " + routed.strategy() + (routed.accountId() == null ? ": no account could take it"
                        : " to " + routed.accountId()) + (routed.experiment() == null ? "" : " (experiment " + routed.experiment()
                        + (routed.arm() == null ? "" : ", arm " + routed.arm()) + ")"));
            }
        }
        if (result.status() == OrderStatus.REJECTED || result.status() == OrderStatus.UNKNOWN) {
            // a refused order is a failed command, so that scripts see it
            throw new StandardBrokerError(result.error());
        }
        return null;
    }

    /**
     * A client order id given here names one order in the runtime, as in the HTTP API: one the journal has at any account
     * is refused, so that an order sent again with --route (or to another account) is never placed a second time where
     * the router sends it now. The journal itself refuses an id twice at the same account, and at another account while
     * its order is open: a second caller (the HTTP API) sending the id elsewhere between this look-up and the intent.
     */
    private void refuseKnownClientId(String clientOrderId) {
        Optional<OrderJournal> journal = optionalService(OrderJournal.class);
        if (journal.isEmpty()) {
            return;
        }
        for (BrokerAccount account : registry.accounts()) {
            Optional<JournalOrder> known = journal.get().orderByClientId(account.accountId(), clientOrderId);
            if (known.isPresent()) {
                JournalOrder order = known.get();
                // an order in flight has no answer yet, so neither a status nor a broker order id
                String state = order.status() == null ? "sent, no answer yet" : order.status() + (order.brokerOrderId() == null ? ""
                        : ", broker order id " + order.brokerOrderId());
                throw StandardBrokerError.of(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, null, "client order id " + clientOrderId
                        + " names an order at account " + order.accountId() + " already (" + state + "): an order is never sent twice; "
                        + "broker:order-status " + order.accountId() + " " + clientOrderId + " shows it",
                        new ErrorContext(order.accountId(), order.brokerOrderId(), clientOrderId, order.instrument(), null));
            }
        }
    }

    private void applyTrailingOptions() {
        TrailingOptions given = new TrailingOptions(trailingOptions, Set.of("--type", "--price", "--sl", "--tp", "--trailing",
                "--tif", "--good-till", "--client-id", "--ref-price", "--route"), Set.of("--json"));
        if (!given.arguments.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + given.arguments
                    + "; usage: broker:order <account> <instrument> <buy|sell> <units> [--type --price --sl --tp --tif --client-id]");
        }
        type = given.get("--type", type);
        price = given.get("--price", price);
        stopLoss = given.get("--sl", stopLoss);
        takeProfit = given.get("--tp", takeProfit);
        tif = given.get("--tif", tif);
        goodTill = given.get("--good-till", goodTill);
        clientId = given.get("--client-id", clientId);
        referencePrice = given.get("--ref-price", referencePrice);
        route = given.get("--route", route);
        json = json || given.options.containsKey("--json");
        trailingDistance = given.get("--trailing", trailingDistance);
    }

    private RoutingRequest routing() {
        String preferred = "*".equals(accountId) ? null : accountId;
        RoutingStrategy strategy;
        try {
            strategy = RoutingStrategy.valueOf(route.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException notAStrategy) {
            String experiment = route.trim();
            // without the experiment service the router says what is missing
            boolean known = optionalService(ExperimentService.class).map(service -> service.experiment(experiment).isPresent())
                    .orElse(true);
            if (!known) {
                throw new IllegalArgumentException("--route " + experiment + ": neither a routing strategy (capability, lowest_latency, "
                        + "failover, explicit) nor an experiment (abtest:list lists them)");
            }
            return RoutingRequest.experiment(experiment);
        }
        return new RoutingRequest(strategy,
                strategy == RoutingStrategy.EXPLICIT || strategy == RoutingStrategy.FAILOVER
                        ? preferred : null, null);
    }

    private UnifiedOrder order() {
        OrderType orderType = OptionValues.oneOf(OrderType.class, "--type", type);
        UnifiedOrder.Builder builder = UnifiedOrder.builder(instrument, orderType, OptionValues.oneOf(OrderSide.class, "side", side),
                OptionValues.decimal("units", units));
        builder.price(OptionValues.decimal("--price", price)).stopLoss(OptionValues.decimal("--sl", stopLoss))
                .takeProfit(OptionValues.decimal("--tp", takeProfit))
                .trailingStopDistance(OptionValues.decimal("--trailing", trailingDistance)).clientOrderId(clientId)
                .referencePrice(OptionValues.decimal("--ref-price", referencePrice));
        if (tif != null) {
            builder.timeInForce(OptionValues.oneOf(TimeInForce.class, "--tif", tif));
        }
        if (goodTill != null) {
            builder.goodTillTime(OptionValues.instant("--good-till", goodTill));
        }
        return builder.build();
    }
}

package io.multibroker.console;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.support.CallerWaits;
import io.multibroker.api.support.OrderIds;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "broker", name = "cancel", description = "Cancels a pending order by its broker order id; an order that is no longer pending is a failed command")
@Service
public class CancelCommand extends BrokerCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    @Argument(index = 1, name = "order", required = true, description = "The broker order id, or the client order id the journal has")
    String orderId;

    @Override
    protected Object run() throws Exception {
        BrokerAdapter adapter = registry.requireAccount(accountId).adapter();
        orderId = brokerOrderId(adapter, accountId, orderId);
        // a broker answers a cancel of a finished order with the order as it is: looked up first, so that
        // "already cancelled" is not reported as a successful cancel
        OrderResult before = current(adapter);
        if (before != null && before.status().terminal()) {
            throw new IllegalStateException(notPending(before));
        }
        OrderResult result = await(CallerWaits.whileCalling(() -> adapter.cancelOrder(orderId)));
        if (result.replaced()) {
            // a replace reached the broker between the look-up and the cancel: nothing was cancelled, and the order
            // that replaced it may be working
            throw new IllegalStateException(notPending(result));
        }
        if (json) {
            printJson(result);
        } else {
            OrderResultPrinter.print(out(), result, registry);
        }
        if (result.status() != OrderStatus.CANCELLED) {
            throw new IllegalStateException("order " + orderId + " of " + accountId + " was not cancelled: it is "
                    + result.status().name().toLowerCase(Locale.ROOT));
        }
        return null;
    }

    /** The order as the broker has it, or null when the broker cannot look orders up. */
    private OrderResult current(BrokerAdapter adapter) throws Exception {
        try {
            return await(adapter.getOrder(orderId));
        } catch (StandardBrokerError e) {
            if (e.detail().code() == ErrorCode.UNSUPPORTED_OPERATION) {
                return null;
            }
            throw e;
        }
    }

    private String notPending(OrderResult order) {
        String at = order.updatedAt() == null ? "" : " at " + Formats.time(order.updatedAt());
        // a broker replaces by cancel-and-replace: the journal knows which cancelled orders were replaced, and by what
        // a replace of a replacement, and so on: the last of them is the one that may be working
        List<String> replacements = OrderIds.replacements(optionalService(OrderJournal.class), accountId, orderId);
        String replacedBy = replacements.isEmpty() ? null : replacements.get(replacements.size() - 1)
                + (replacements.size() > 1 ? " (through " + String.join(", ", replacements.subList(0, replacements.size() - 1)) + ")" : "");
        String working = replacements.isEmpty() ? null : replacements.get(replacements.size() - 1);
        return switch (order.status()) {
            case CANCELLED -> replacedBy != null ? "order " + orderId + " of " + accountId + " was replaced by order " + replacedBy + at
                    + ": nothing to cancel; to cancel what replaced it, broker:cancel " + accountId + " " + working
                    : order.replaced() ? "order " + orderId + " of " + accountId + " was replaced" + at + ": nothing to cancel; "
                            + "broker:orders --account " + accountId + " lists the order that replaced it"
                    : "order " + orderId + " of " + accountId + " was already cancelled" + at + ": nothing to cancel";
            default -> "order " + orderId + " of " + accountId + " is " + order.status().name().toLowerCase(Locale.ROOT) + at
                    + ": only a pending order can be cancelled";
        };
    }
}

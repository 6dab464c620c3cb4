package io.multibroker.console;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderResult;
import java.io.PrintStream;
import org.apache.karaf.shell.support.table.ShellTable;

/** Prints an order result as a two-column table, units and prices at the instrument's precision. */
final class OrderResultPrinter {

    private OrderResultPrinter() {
    }

    static void print(PrintStream out, OrderResult result, BrokerRegistry registry) {
        Instrument instrument = result.accountId() == null || result.instrument() == null ? null
                : registry.account(result.accountId()).flatMap(a -> a.capabilities().instrument(result.instrument())).orElse(null);
        print(out, result, instrument);
    }

    static void print(PrintStream out, OrderResult result, Instrument instrument) {
        ShellTable table = new ShellTable();
        table.column("Field");
        table.column("Value");
        table.addRow().addContent("Status", result.status());
        table.addRow().addContent("Account", BrokerCommand.orEmpty(result.accountId()));
        table.addRow().addContent("Instrument", BrokerCommand.orEmpty(result.instrument()));
        table.addRow().addContent("Side", BrokerCommand.orEmpty(result.side()));
        table.addRow().addContent("Type", BrokerCommand.orEmpty(result.type()));
        table.addRow().addContent("Requested units", Formats.units(result.requestedUnits(), instrument));
        table.addRow().addContent("Filled units", Formats.units(result.filledUnits(), instrument));
        table.addRow().addContent("Fill price", Formats.price(result.averageFillPrice(), instrument));
        table.addRow().addContent("Broker order id", BrokerCommand.orEmpty(result.brokerOrderId()));
        table.addRow().addContent("Broker trade id", BrokerCommand.orEmpty(result.brokerTradeId()));
        table.addRow().addContent("Client order id", BrokerCommand.orEmpty(result.clientOrderId()));
        table.addRow().addContent("Submitted", Formats.time(result.submittedAt()));
        table.addRow().addContent("Updated", Formats.time(result.updatedAt()));
        if (result.reason() != null) {
            table.addRow().addContent("Reason", result.reason());
        }
        if (result.error() != null) {
            table.addRow().addContent("Error", result.error().code() + (result.error().brokerCode() == null ? ""
                    : " [" + result.error().brokerCode() + "]") + ": " + result.error().message());
            table.addRow().addContent("Recovery", result.error().code().action());
        }
        table.print(out);
    }
}

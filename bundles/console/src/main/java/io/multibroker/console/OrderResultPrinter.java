package io.multibroker.console;

import io.multibroker.api.model.OrderResult;
import java.io.PrintStream;
import org.apache.karaf.shell.support.table.ShellTable;

/** Prints an order result as a two-column table. */
final class OrderResultPrinter {

    private OrderResultPrinter() {
    }

    static void print(PrintStream out, OrderResult result) {
        ShellTable table = new ShellTable();
        table.column("Field");
        table.column("Value");
        table.addRow().addContent("Status", result.status());
        table.addRow().addContent("Account", BrokerCommand.orEmpty(result.accountId()));
        table.addRow().addContent("Instrument", BrokerCommand.orEmpty(result.instrument()));
        table.addRow().addContent("Side", BrokerCommand.orEmpty(result.side()));
        table.addRow().addContent("Type", BrokerCommand.orEmpty(result.type()));
        table.addRow().addContent("Requested units", BrokerCommand.plain(result.requestedUnits()));
        table.addRow().addContent("Filled units", BrokerCommand.plain(result.filledUnits()));
        table.addRow().addContent("Fill price", BrokerCommand.plain(result.averageFillPrice()));
        table.addRow().addContent("Broker order id", BrokerCommand.orEmpty(result.brokerOrderId()));
        table.addRow().addContent("Broker trade id", BrokerCommand.orEmpty(result.brokerTradeId()));
        table.addRow().addContent("Client order id", BrokerCommand.orEmpty(result.clientOrderId()));
        table.addRow().addContent("Submitted", BrokerCommand.orEmpty(result.submittedAt()));
        table.addRow().addContent("Updated", BrokerCommand.orEmpty(result.updatedAt()));
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

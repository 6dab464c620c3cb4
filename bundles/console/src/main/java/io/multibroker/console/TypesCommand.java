package io.multibroker.console;

import io.multibroker.api.BrokerTypeInfo;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "types", description = "Lists the registered broker types")
@Service
public class TypesCommand extends BrokerCommand {

    @Override
    protected Object run() throws Exception {
        List<BrokerTypeInfo> types = registry.types();
        if (json) {
            printJson(types);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Type");
        table.column("Name");
        table.column("Factory PID");
        table.column("Bundle");
        table.column("Accounts").alignRight();
        for (BrokerTypeInfo type : types) {
            long accounts = registry.accounts().stream().filter(a -> a.brokerType().equals(type.id())).count();
            table.addRow().addContent(type.id(), type.displayName(), type.factoryPid(), orEmpty(type.bundle()), accounts);
        }
        table.print(out());
        return null;
    }
}

package io.multibroker.console;

import io.multibroker.api.cluster.AccountLease;
import io.multibroker.api.cluster.AccountOwnership;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "owners", description = "Which runtime drives each account, when several share one PostgreSQL: "
        + "the lease's holder, its epoch, when it lapses unless renewed, and whether this runtime takes the account's orders")
@Service
public class OwnersCommand extends BrokerCommand {

    /** The JSON form: whether accounts are shared, this runtime's name, and the leases. */
    record Owners(boolean shared, String runtime, List<AccountLease> leases) {
    }

    @Override
    protected Object run() throws Exception {
        // present only when runtimes share a database (feature multibroker-cluster with a DataSource named multibroker)
        AccountOwnership owners = optionalService(AccountOwnership.class).orElse(null);
        List<AccountLease> leases = owners == null ? List.of() : owners.leases();
        if (json) {
            printJson(new Owners(owners != null, owners == null ? null : owners.runtimeId(), leases));
            return null;
        }
        if (owners == null) {
            out().println("this runtime shares no database with others: it drives every account itself (give "
                    + "MULTIBROKER_POSTGRESQL_URL to ./multibroker to share one)");
            return null;
        }
        out().println("this runtime: " + owners.runtimeId());
        ShellTable table = new ShellTable();
        table.column("Account");
        table.column("Owner");
        table.column("Owner API");
        table.column("Epoch").alignRight();
        table.column("Lapses");
        table.column("Orders here");
        for (AccountLease lease : leases) {
            table.addRow().addContent(lease.accountId(), lease.owner(), lease.ownerUrl(), lease.epoch(), Formats.time(lease.expiresAt()),
                    lease.ready() ? "yes" : lease.here() ? "reconciling" : "no");
        }
        table.print(out());
        return null;
    }
}

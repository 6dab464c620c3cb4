package io.multibroker.console;

import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "config-schema", description = "Prints a broker type's configuration schema: keys, types, defaults, ranges, options, secrets")
@Service
public class ConfigSchemaCommand extends BrokerCommand {

    @Argument(index = 0, name = "type", required = true, description = "The broker type")
    @Completion(BrokerTypeCompleter.class)
    String type;

    @Argument(index = 1, name = "options", multiValued = true, description = "--json may also follow the type")
    List<String> trailingOptions;

    /** Widths of the wrapped columns. */
    static final int OPTIONS_WIDTH = 40;
    static final int DESCRIPTION_WIDTH = 60;

    @Override
    protected void readTrailingOptions() {
        readJsonFlag(trailingOptions);
    }

    @Override
    protected Object run() throws Exception {
        BrokerTypeInfo info = registry.type(type).orElseThrow(() -> new StandardBrokerError(ErrorCode.UNSUPPORTED_BROKER,
                "unsupported broker type '" + type + "'"));
        if (json) {
            printJson(info.schema());
            return null;
        }
        out().println(info.schema().name() + " (factory PID " + info.factoryPid() + ")");
        out().println(info.schema().description());
        ShellTable table = new ShellTable();
        table.column("Key");
        table.column("Type");
        table.column("Required");
        table.column("Default");
        table.column("Range");
        table.column("Options").maxSize(OPTIONS_WIDTH);
        table.column("Description").maxSize(DESCRIPTION_WIDTH);
        for (AttributeSchema a : info.schema().attributes()) {
            String range = a.min() == null && a.max() == null ? "" : "[" + orEmpty(a.min()) + ", " + orEmpty(a.max()) + "]";
            table.addRow().addContent(a.id(), a.secret() ? "PASSWORD (secret)" : a.type() + (a.multiValued() ? " list" : ""),
                    a.required() ? "yes" : "", orEmpty(a.defaultValue()), range, TextWrap.wrap(String.join(" ", a.options()), OPTIONS_WIDTH),
                    TextWrap.wrap(orEmpty(a.description()), DESCRIPTION_WIDTH));
        }
        table.print(out());
        return null;
    }
}

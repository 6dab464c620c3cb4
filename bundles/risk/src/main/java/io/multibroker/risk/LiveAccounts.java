package io.multibroker.risk;

import java.io.IOException;
import java.util.function.Predicate;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an account trades real money: its broker configuration (OANDA's, Alpaca's) says {@code environment=live}.
 * Read from ConfigAdmin, where every account's configuration is.
 */
final class LiveAccounts implements Predicate<String> {

    private static final Logger LOG = LoggerFactory.getLogger(LiveAccounts.class);

    private final ConfigurationAdmin configurations;

    LiveAccounts(ConfigurationAdmin configurations) {
        this.configurations = configurations;
    }

    @Override
    public boolean test(String accountId) {
        try {
            Configuration[] found = configurations.listConfigurations("(&(account.id=" + escape(accountId) + ")(environment=*))");
            if (found == null) {
                return false;
            }
            for (Configuration configuration : found) {
                Object environment = configuration.getProperties() == null ? null : configuration.getProperties().get("environment");
                if (environment != null && "live".equalsIgnoreCase(String.valueOf(environment).trim())) {
                    return true;
                }
            }
            return false;
        } catch (IOException | InvalidSyntaxException e) {
            // not knowing is treated as live: the account stays HALTED until an admin says otherwise
            LOG.error("risk: cannot tell whether account {} trades live ({}): treated as live", accountId, e.toString());
            return true;
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }
}
